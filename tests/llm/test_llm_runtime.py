"""The llama.cpp runtime: loading errors, one model per process, prompts, context policy.

The file and prompt checks need no model; the rest runs the real embedded GGUF and skips with
the reason when llama-cpp-python or the model package is not installed.
"""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

from edge_agent.llm import (
    ContextOverflow,
    InsufficientMemory,
    ModelLoadError,
    ModelNotFound,
    NotAGgufFile,
)
from edge_agent.llm.gguf import check_gguf, read_metadata
from edge_agent.llm.models import resolve_model
from edge_agent.llm.prompt import DROP_BLOCK, OMITTED, ChatFormat, PromptBuilder
from edge_agent.realise.base import DialogueTurn
from edge_core import Action, Decision, Scenario, Tactic
from tests.conftest import NORTHWIND

HAVE_LLAMA = importlib.util.find_spec("llama_cpp") is not None
needs_llama = pytest.mark.skipif(
    not HAVE_LLAMA, reason="llama-cpp-python is not installed (make setup installs it)"
)
SCENARIO = NORTHWIND
COUNTER = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 20)


def default_model() -> Path:
    try:
        return resolve_model("llama").path
    except ModelNotFound as exc:
        pytest.skip(f"embedded model not installed: {exc}")


# -- file checks (no model needed) --------------------------------------------------------------
def test_missing_file_says_so(tmp_path):
    with pytest.raises(ModelNotFound, match="model file not found"):
        check_gguf(tmp_path / "nope.gguf")


def test_not_a_gguf_names_the_magic(tmp_path):
    bad = tmp_path / "model.gguf"
    bad.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:abc\n")
    with pytest.raises(NotAGgufFile, match="Git LFS pointer"):
        check_gguf(bad)


def test_truncated_header_is_not_a_gguf(tmp_path):
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 10, 10**6) + b"\x00" * 2000)
    with pytest.raises(NotAGgufFile, match="unreadable GGUF header"):
        read_metadata(bad)


def test_unknown_backend_name_lists_candidates():
    with pytest.raises(ModelNotFound, match="candidates"):
        resolve_model("llama:no-such-model")


# -- prompt layout and the context policy (a fake tokenizer: one token per word) ----------------
def _builder(n_ctx: int) -> PromptBuilder:
    return PromptBuilder(lambda text: text.split(), n_ctx, ChatFormat(None))


def _history(exchanges: int) -> tuple[DialogueTurn, ...]:
    turns = [DialogueTurn("creditor", "Hello, this is Northwind Credit. Please repay in 12 days.")]
    for i in range(exchanges):
        turns.append(DialogueTurn("debtor", f"message {i} from the debtor about money"))
        if i < exchanges - 1:
            turns.append(DialogueTurn("creditor", f"reply {i} from the creditor, holding firm"))
    return tuple(turns)


def test_earlier_turns_are_a_stable_prefix():
    b = _builder(4096)
    t5 = b.build(SCENARIO, _history(5), COUNTER, max_tokens=64).text
    t6 = b.build(SCENARIO, _history(6), COUNTER, max_tokens=64).text
    cut = t5.index("[Instruction")
    assert t6.startswith(t5[:cut].rstrip())
    assert t6.count("[Instruction") == 1 and t6.rstrip().endswith("Creditor:")


def test_long_dialogue_drops_middle_blocks_and_stays_stable():
    b = _builder(400)
    long = _history(30)
    p = b.build(SCENARIO, long, COUNTER, max_tokens=64)
    assert (p.dropped > 0 and p.dropped % DROP_BLOCK == 0) or p.dropped == len(long) - 2
    assert len(p.tokens) <= 400 - 64
    assert OMITTED in p.text and "Northwind Credit. Please repay" in p.text  # opening kept
    assert "message 29 from the debtor" in p.text  # the message being answered is kept
    # One more exchange later the same block is still dropped: the prefix is reused.
    nxt = b.build(
        SCENARIO,
        (*long, DialogueTurn("creditor", "ok"), DialogueTurn("debtor", "hm")),
        COUNTER,
        max_tokens=64,
    )
    assert nxt.dropped in (p.dropped, p.dropped + DROP_BLOCK)


def test_prompt_that_cannot_fit_raises_context_overflow():
    b = _builder(60)
    with pytest.raises(ContextOverflow, match="n_ctx=60"):
        b.build(SCENARIO, _history(3), COUNTER, max_tokens=40)


def test_no_day_figure_leaks_from_the_system_prompt():
    sc = Scenario(balance=900.0, creditor_target_days=7, max_days=35, days_overdue=91)
    text = (
        _builder(4096)
        .build(sc, (), Decision(Action.OPEN, Tactic.OPEN, "joy", 7), max_tokens=64)
        .text
    )
    assert "91" not in text and "35" not in text


# -- the real model -----------------------------------------------------------------------------
@needs_llama
# llama_cpp 0.3.16's LlamaModel.__del__ warns after a failed load
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_corrupt_gguf_gives_a_clear_load_error(tmp_path):
    src = default_model()
    bad = tmp_path / "truncated.gguf"
    with src.open("rb") as fh:
        bad.write_bytes(fh.read(4 << 20))  # the header survives, the tensors do not
    from edge_agent.llm.runtime import LlamaRuntime

    with pytest.raises((ModelLoadError, NotAGgufFile), match=r"truncated|could not load"):
        LlamaRuntime(bad, n_ctx=512)


@needs_llama
def test_too_little_memory_is_refused_before_loading(monkeypatch):
    from edge_agent.llm import runtime as rt

    monkeypatch.setattr(rt, "available_memory", lambda: 50 << 20)
    with pytest.raises(InsufficientMemory, match="GiB"):
        rt.LlamaRuntime(default_model(), n_ctx=2048)


@needs_llama
def test_one_runtime_per_model_path_and_context_check():
    from edge_agent.llm.runtime import get_runtime

    a = get_runtime(default_model(), n_ctx=2048)
    b = get_runtime(str(default_model()), n_ctx=1024)
    assert a is b and a.n_ctx >= 2048
    with pytest.raises(ContextOverflow, match="context window"):
        a.check_fits(a.n_ctx - 10, 64)


@needs_llama
def test_prefix_survives_another_prompt_in_between():
    """A second prompt (the LLM sensor's) between two turns does not cost the dialogue its
    cached prefix: the runtime snapshots and restores the KV cells."""
    from edge_agent.llm.runtime import get_runtime

    rt = get_runtime(default_model(), n_ctx=2048)
    dialogue = rt.tokenize_prompt("The creditor and the debtor discuss a repayment plan. " * 12)
    rt.generate(dialogue, max_tokens=4, temperature=0.0, seed=1)
    rt.next_logits(rt.tokenize_prompt("Classify the emotion of this short message: hello"))
    more = dialogue + rt.tokenize(" And then the debtor asked for more time.")
    gen = rt.generate(more, max_tokens=4, temperature=0.0, seed=1)
    assert gen.stats.snapshot_restored
    assert gen.stats.reeval_tokens <= 20 < gen.stats.prompt_tokens
