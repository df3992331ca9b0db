"""One llama.cpp model per process, loaded with clear errors, generating with per-turn stats.

Why one: a GGUF model is the largest thing the agent holds in memory, and a ``Llama`` object
is not safe to use from two threads at once. :func:`get_runtime` shares one
:class:`LlamaRuntime` per model path (and context size) between every user; each instance
serialises its use behind a ``threading.RLock``; the realiser and the LLM emotion sensor share
it, and :mod:`edge_agent.llm.kvcache` keeps their KV prefixes apart.

A model in use is never closed. A request for a larger ``n_ctx`` than the loaded instance has
loads a second instance beside it (the first keeps serving its users; closing it under them
crashed the process in native code). Users register with :meth:`LlamaRuntime.retain`;
:func:`unload_all` frees only instances nobody holds (every one at interpreter exit), and a
closed instance raises :class:`ModelLoadError` instead of touching freed memory.

Defaults, and why:

- ``n_ctx`` = :data:`DEFAULT_N_CTX` (4096), capped at the model's training context. A
  30-message dialogue with the system prompt is about 1,500-2,000 tokens; 4096 leaves room for
  long debtor messages while the f16 KV cache stays small (23 KB/token for SmolLM2-135M, about
  94 MB at 4096; about 230 MB for a 7B Qwen2.5). Longer dialogues are trimmed by the prompt
  builder's policy (:mod:`edge_agent.llm.prompt`), so the context never overflows in use.
- ``n_threads`` = cores - 1 (at least 1), or ``EDGE_AGENT_LLM_THREADS``. llama.cpp's worker
  threads spin at barriers: with as many threads as cores and any other load on the machine,
  decoding collapses (measured here: SmolLM2 decode 35 tok/s with 1 thread vs 2.4 tok/s with 2
  threads while another process used both cores). One spare core keeps the agent responsive.
"""

from __future__ import annotations

import atexit
import gc
import os
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edge_agent.llm.errors import (
    ContextOverflow,
    InsufficientMemory,
    LlamaNotInstalled,
    ModelLoadError,
)
from edge_agent.llm.gguf import check_gguf, context_length, kv_bytes_per_token, read_metadata
from edge_agent.llm.kvcache import KVSnapshots

DEFAULT_N_CTX = 4096
DEFAULT_N_BATCH = 256
MEMORY_HEADROOM = 256 << 20
"""Bytes kept free beyond the weights, KV cache and compute buffers when checking memory."""


def default_threads() -> int:
    env = os.environ.get("EDGE_AGENT_LLM_THREADS")
    if env:
        return max(1, int(env))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(8, (cores or 2) - 1))


def import_llama_cpp() -> Any:
    try:
        import llama_cpp
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise LlamaNotInstalled(
            "llama-cpp-python is not installed; run `make setup` (it builds "
            "llama-cpp-python==0.3.16 from source) or use backend='template'"
        ) from exc
    from edge_agent.llm import log

    log.install(llama_cpp)
    return llama_cpp


def available_memory() -> int | None:
    """Bytes this process may still use: MemAvailable, or the cgroup limit if tighter."""
    avail: int | None = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
    except OSError:
        return None
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text())
        if limit != "max":
            room = int(limit) - used
            avail = room if avail is None else min(avail, room)
    except (OSError, ValueError):
        pass
    return avail


@dataclass
class GenerationStats:
    """What one generation cost; goes into the trace as ``Realisation.stats``."""

    prompt_tokens: int = 0
    reused_tokens: int = 0
    reeval_tokens: int = 0
    generated_tokens: int = 0
    ttft_ms: float = 0.0
    total_ms: float = 0.0
    decode_tps: float = 0.0
    snapshot_restored: bool = False
    finish_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("ttft_ms", "total_ms", "decode_tps"):
            d[k] = round(d[k], 2)
        return d


@dataclass
class Generation:
    text: str
    stats: GenerationStats


class LlamaRuntime:
    """A loaded GGUF model and the lock that serialises its use."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        n_ctx: int | None = None,
        n_threads: int | None = None,
        n_batch: int = DEFAULT_N_BATCH,
        check_memory: bool = True,
    ) -> None:
        self.path = check_gguf(path)
        self.metadata = read_metadata(self.path)
        train_ctx = context_length(self.metadata)
        want = int(n_ctx or DEFAULT_N_CTX)
        self.n_ctx = min(want, train_ctx) if train_ctx else want
        self.n_threads = int(n_threads or default_threads())
        self.lock = threading.RLock()
        self.closed = False
        self._users = 0
        if check_memory and not os.environ.get("EDGE_AGENT_SKIP_MEMORY_CHECK"):
            self._check_memory(n_batch)
        self._lib = import_llama_cpp()
        self.llm = self._load(n_batch)
        self.snapshots = KVSnapshots(self.llm, self._lib)

    # -- loading -------------------------------------------------------------------------------
    def estimated_bytes(self, n_batch: int = DEFAULT_N_BATCH) -> int:
        """Weights + f16 KV cache at n_ctx + logits/compute buffers (a conservative guess)."""
        weights = self.path.stat().st_size
        kv = kv_bytes_per_token(self.metadata) * self.n_ctx
        vocab_meta = self.metadata.get("tokenizer.ggml.tokens", [32000])
        vocab = int(vocab_meta[0]) if isinstance(vocab_meta, list) else 32000
        compute = n_batch * vocab * 4 * 2
        return weights + kv + compute

    def _check_memory(self, n_batch: int) -> None:
        need = self.estimated_bytes(n_batch) + MEMORY_HEADROOM
        avail = available_memory()
        if avail is not None and need > avail:
            raise InsufficientMemory(
                f"loading {self.path.name} with n_ctx={self.n_ctx} needs about "
                f"{need / 2**30:.2f} GiB but only {avail / 2**30:.2f} GiB is available. Use a "
                f"smaller quantisation (e.g. Q4_K_M), a smaller n_ctx, or free memory "
                f"(EDGE_AGENT_SKIP_MEMORY_CHECK=1 skips this check)."
            )

    def _load(self, n_batch: int) -> Any:
        try:
            return self._lib.Llama(
                model_path=str(self.path),
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                n_threads_batch=self.n_threads,
                n_batch=n_batch,
                seed=0,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            size = self.path.stat().st_size
            raise ModelLoadError(
                f"llama.cpp could not load {self.path} ({size:,} bytes, GGUF header read OK): "
                f"{exc}. The file may be truncated or corrupt (compare its sha256), or its "
                f"architecture ({self.metadata.get('general.architecture', '?')}) may be newer "
                f"than llama-cpp-python {self._lib.__version__} supports."
            ) from exc

    # -- users ---------------------------------------------------------------------------------
    def retain(self, owner: object) -> None:
        """Count ``owner`` as a user until it is garbage-collected: :func:`unload_all` never
        closes an instance that still has users."""
        with self.lock:
            self._users += 1
        weakref.finalize(owner, self._release)

    def _release(self) -> None:
        with self.lock:
            self._users = max(0, self._users - 1)

    @property
    def users(self) -> int:
        return self._users

    def _live(self) -> Any:
        """The Llama object, or a clear error if this instance was closed (never a segfault)."""
        if self.closed:
            raise ModelLoadError(f"the model {self.path.name} was unloaded; create the "
                                 f"negotiator again to reload it")
        return self.llm

    # -- tokens --------------------------------------------------------------------------------
    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) and value.strip() else None

    def token_text(self, token: int) -> str:
        with self.lock:
            return self._live().detokenize([token], special=True).decode("utf-8",
                                                                         errors="ignore")

    @property
    def bos_text(self) -> str:
        return self.token_text(self._live().token_bos()) if self._live().token_bos() >= 0 else ""

    @property
    def eos_text(self) -> str:
        return self.token_text(self._live().token_eos()) if self._live().token_eos() >= 0 else ""

    @property
    def adds_bos(self) -> bool:
        """Whether prompts start with BOS (the model's ``add_bos_token`` flag)."""
        return bool(self._live()._model.add_bos_token()) and self._live().token_bos() >= 0

    def tokenize(self, text: str, *, add_bos: bool = False) -> list[int]:
        with self.lock:
            return list(self._live().tokenize(text.encode("utf-8"), add_bos=add_bos,
                                              special=True))

    def tokenize_prompt(self, text: str) -> list[int]:
        """Tokens of a rendered prompt, with BOS added unless the text already carries it."""
        bos = self.bos_text
        add = self.adds_bos and not (bos and text.startswith(bos))
        return self.tokenize(text, add_bos=add)

    # -- generation ----------------------------------------------------------------------------
    def check_fits(self, n_prompt: int, max_tokens: int) -> None:
        if n_prompt + max_tokens > self.n_ctx:
            raise ContextOverflow(
                f"the prompt has {n_prompt} tokens and the reply may take {max_tokens}, more "
                f"than the context window n_ctx={self.n_ctx}. Raise n_ctx "
                f"(backend_options={{'n_ctx': ...}}) or shorten the messages."
            )

    def generate(
        self,
        tokens: Sequence[int],
        *,
        max_tokens: int,
        temperature: float,
        seed: int,
        stop: Sequence[str] = (),
        grammar: str | None = None,
        top_k: int = 40,
        top_p: float = 0.95,
        min_p: float = 0.05,
        repeat_penalty: float = 1.1,
        on_text: Callable[[str], bool | None] | None = None,
        logit_bias: dict[int, float] | None = None,
        banned: Any = None,
    ) -> Generation:
        """Sample a continuation of ``tokens``, streaming text pieces to ``on_text``.

        ``banned`` token ids can never be sampled (their logits are set to -inf at every step;
        :mod:`edge_agent.llm.vocab`). ``on_text`` may return True to stop early. Stats count
        the prompt tokens llama.cpp re-evaluated (the rest came from the KV cache), the time
        to the first generated token and the decode rate after it.
        """
        tokens = list(tokens)
        self.check_fits(len(tokens), max_tokens)
        grammar_obj = (
            self._lib.LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
        )
        processors = None
        if banned is not None and len(banned):
            from edge_agent.llm.vocab import ban_processor

            processors = self._lib.LogitsProcessorList([ban_processor(banned)])
        with self.lock:
            self._live()
            start = time.perf_counter()
            reused, restored = self.snapshots.prepare(tokens)
            stats = GenerationStats(
                prompt_tokens=len(tokens), reused_tokens=reused,
                reeval_tokens=len(tokens) - reused, snapshot_restored=restored,
            )  # fmt: skip
            pieces: list[str] = []
            first = last = start
            stream = self.llm.create_completion(
                tokens, max_tokens=max_tokens, temperature=temperature, seed=seed,
                stop=list(stop), grammar=grammar_obj, top_k=top_k, top_p=top_p, min_p=min_p,
                repeat_penalty=repeat_penalty, stream=True, logit_bias=logit_bias,
                logits_processor=processors,
            )  # fmt: skip
            try:
                for chunk in stream:
                    choice = chunk["choices"][0]
                    piece = choice.get("text") or ""
                    now = time.perf_counter()
                    if stats.generated_tokens == 0:
                        first = now
                    last = now
                    stats.generated_tokens += 1
                    if choice.get("finish_reason"):
                        stats.finish_reason = choice["finish_reason"]
                    if piece:
                        pieces.append(piece)
                        if on_text is not None and on_text(piece):
                            stats.finish_reason = "callback"
                            break
            finally:
                stream.close()
            end = time.perf_counter()
        stats.ttft_ms = (first - start) * 1000.0
        stats.total_ms = (end - start) * 1000.0
        if stats.generated_tokens > 1 and last > first:
            stats.decode_tps = (stats.generated_tokens - 1) / (last - first)
        return Generation("".join(pieces), stats)

    def next_logits(self, tokens: Sequence[int]) -> tuple[np.ndarray, GenerationStats]:
        """Evaluate ``tokens`` (reusing the cached prefix) and return the next-token logits."""
        tokens = list(tokens)
        self.check_fits(len(tokens), 1)
        with self.lock:
            llm = self._live()
            start = time.perf_counter()
            reused, restored = self.snapshots.prepare(tokens)
            live = min(llm.n_tokens, reused)
            llm.n_tokens = live
            llm.eval(tokens[live:])
            logits = np.ctypeslib.as_array(
                llm._ctx.get_logits_ith(-1), shape=(llm.n_vocab(),)
            ).copy()
            stats = GenerationStats(
                prompt_tokens=len(tokens), reused_tokens=live, reeval_tokens=len(tokens) - live,
                snapshot_restored=restored, total_ms=(time.perf_counter() - start) * 1000.0,
            )  # fmt: skip
        return logits, stats

    def describe(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "name": self.metadata.get("general.name", self.path.stem),
            "n_ctx": self.n_ctx, "n_threads": self.n_threads,
            "chat_template": "gguf" if self.chat_template else "fallback",
            "llama_cpp_python": self._lib.__version__,
        }  # fmt: skip

    def close(self) -> None:
        """Free the model (waits for a generation in progress: the lock is held by it)."""
        with self.lock:
            if self.closed:
                return
            self.closed = True
            self.snapshots.clear()
            self.llm.close()


_RUNTIMES: dict[Path, list[LlamaRuntime]] = {}
_REGISTRY = threading.Lock()


def get_runtime(
    path: str | os.PathLike[str], *, n_ctx: int | None = None, n_threads: int | None = None
) -> LlamaRuntime:
    """The process's runtime for ``path``, loading it on first use.

    Any loaded instance whose context is at least ``n_ctx`` (capped at the model's training
    context) is shared; otherwise another instance is loaded beside the existing ones, which
    keep serving their users. A different ``n_threads`` is applied to the shared instance.
    """
    resolved = check_gguf(path)
    with _REGISTRY:
        live = [rt for rt in _RUNTIMES.get(resolved, []) if not rt.closed]
        rt = None
        if live:
            trained = context_length(live[0].metadata)
            want = None if n_ctx is None else (min(int(n_ctx), trained) if trained
                                               else int(n_ctx))
            fits = [r for r in live if want is None or r.n_ctx >= want]
            rt = max(fits, key=lambda r: r.n_ctx) if fits else None
        if rt is None:
            rt = LlamaRuntime(resolved, n_ctx=n_ctx, n_threads=n_threads)
            live.append(rt)
        elif n_threads is not None and n_threads != rt.n_threads:
            with rt.lock:
                rt._lib.llama_set_n_threads(rt._live()._ctx.ctx, n_threads, n_threads)
                rt.n_threads = n_threads
        _RUNTIMES[resolved] = live
        return rt


def unload_all(*, force: bool = False) -> None:
    """Free every loaded model nobody uses any more (tests and benchmarks call it between
    candidates); ``force`` frees all of them (at interpreter exit)."""
    gc.collect()  # let finished negotiators release their models first
    with _REGISTRY:
        for path, runtimes in list(_RUNTIMES.items()):
            keep = []
            for rt in runtimes:
                if force or rt.users == 0:
                    rt.close()
                else:
                    keep.append(rt)
            if keep:
                _RUNTIMES[path] = keep
            else:
                del _RUNTIMES[path]


# Free models while llama_cpp is still importable: left to interpreter shutdown, its
# finalisers run after module teardown and print a TypeError traceback on every exit.
atexit.register(unload_all, force=True)
