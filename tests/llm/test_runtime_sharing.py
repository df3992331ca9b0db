"""A model in use is never closed: other backend options load another instance, and one
instance is used by one thread at a time. Runs the embedded GGUF (skips without it)."""

from __future__ import annotations

import gc
import threading

import pytest

from edge_agent import Negotiator
from edge_agent.llm import ModelLoadError
from tests.llm.test_llm_runtime import default_model, needs_llama


class _Owner:
    """Stands for a realiser or sensor holding a runtime."""


@needs_llama
def test_a_larger_context_loads_another_instance_and_closes_none():
    from edge_agent.llm.runtime import get_runtime, unload_all

    unload_all()
    first = get_runtime(default_model(), n_ctx=1024)
    owner = _Owner()
    first.retain(owner)
    second = get_runtime(default_model(), n_ctx=8192)
    assert second is not first and not first.closed and second.n_ctx >= 8192
    assert get_runtime(default_model(), n_ctx=512) in (first, second)  # shared, not reloaded
    tokens = first.tokenize_prompt("The debtor asked for more time.")
    assert first.generate(tokens, max_tokens=2, temperature=0.0, seed=0).stats.prompt_tokens
    unload_all()  # only the instance nobody holds is freed
    assert second.closed and not first.closed
    del owner
    gc.collect()
    unload_all()
    assert first.closed
    with pytest.raises(ModelLoadError, match="unloaded"):  # a clear error, never a segfault
        first.generate(tokens, max_tokens=2, temperature=0.0, seed=0)


@needs_llama
def test_a_second_negotiator_with_other_options_leaves_the_first_working(scenario):
    """The issue's case: the second Negotiator (n_ctx 8192) used to close the first's model,
    whose next respond() then segfaulted (exit 139)."""
    from edge_agent.llm.runtime import unload_all

    unload_all()  # start from no loaded instance (those still held by someone stay)
    opts = {"n_ctx": 1024, "max_tokens": 24}
    first = Negotiator(scenario, backend="llama", sensor="lexicon", backend_options=opts)
    first.open()
    before = first.realiser.runtime
    second = Negotiator(scenario, backend="llama", sensor="lexicon",
                        backend_options={"n_ctx": 8192, "max_tokens": 24})
    assert second.realiser.runtime.n_ctx >= 8192
    if before.n_ctx < 8192:
        assert second.realiser.runtime is not before
    reply = first.respond("I can do 40 days.")
    assert reply.text and first.realiser.runtime is before and not before.closed


@needs_llama
def test_one_instance_serves_one_thread_at_a_time():
    from edge_agent.llm.runtime import get_runtime

    rt = get_runtime(default_model(), n_ctx=1024)
    inside, most, errors = [0], [0], []
    guard = threading.Lock()
    real = rt.snapshots.prepare

    def counting_prepare(tokens):  # runs inside the runtime's lock
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            return real(tokens)
        finally:
            with guard:
                inside[0] -= 1

    rt.snapshots.prepare = counting_prepare

    def work(i):
        try:
            tokens = rt.tokenize_prompt(f"Message number {i} about a repayment plan.")
            rt.generate(tokens, max_tokens=2, temperature=0.0, seed=i)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        rt.snapshots.prepare = real
    assert not errors and most[0] == 1
