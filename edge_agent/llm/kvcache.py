"""KV-cache snapshots, so callers that take turns on one ``Llama`` keep their prefixes.

llama-cpp-python reuses the longest common token prefix between the live KV cache and a new
prompt. That works for one dialogue, but the process has one ``Llama`` per model, and the LLM
emotion sensor (or a second dialogue) evaluates a different prompt between two dialogue
turns, which would throw the dialogue's prefix away and make the next turn re-evaluate the
whole history. Before a prompt overwrites a long live prefix we copy that sequence's KV
cells out (``llama_state_seq_get_data``, a few MB for a small model, milliseconds), and
restore the snapshot that shares the longest prefix with a new prompt when it beats the live
cache. Restoring copies the exact cells back, so replies do not depend on who ran between.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_SAVE = 64
"""Tokens a prompt must be about to discard before the live cache is worth snapshotting."""
MIN_GAIN = 32
"""Tokens a snapshot must add over the live prefix to be worth restoring."""


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass
class Snapshot:
    tokens: list[int]
    data: Any  # ctypes uint8 array
    size: int
    last_used: int


class KVSnapshots:
    """A small LRU of sequence-0 KV snapshots for one ``Llama`` (call under its lock)."""

    def __init__(self, llm: Any, llama_cpp: Any, *, max_count: int = 4, max_bytes: int = 256 << 20):
        self._llm = llm
        self._lib = llama_cpp
        self._items: list[Snapshot] = []
        self._clock = 0
        self.max_count = max_count
        self.max_bytes = max_bytes

    def live_tokens(self) -> list[int]:
        return [int(t) for t in self._llm.input_ids[: self._llm.n_tokens]]

    def prepare(self, prompt: Sequence[int]) -> tuple[int, bool]:
        """Make the live cache the best available prefix of ``prompt``.

        Returns the number of prompt tokens llama.cpp will reuse (it always re-evaluates at
        least the last one) and whether a snapshot was restored.
        """
        self._clock += 1
        head = list(prompt[:-1])
        live = self.live_tokens()
        reuse = common_prefix(live, head)
        best = max(self._items, key=lambda s: common_prefix(s.tokens, head), default=None)
        best_reuse = common_prefix(best.tokens, head) if best else 0
        # Save only when another prompt is about to take over the cache (it keeps less than
        # half of it): a dialogue's own next turn discards just its tail, never worth a copy.
        if len(live) - reuse >= MIN_SAVE and reuse < len(live) // 2:
            self._save(live)
        if best is not None and best_reuse >= reuse + MIN_GAIN:
            self._restore(best)
            return best_reuse, True
        return reuse, False

    def _save(self, live: list[int]) -> None:
        ctx = self._llm._ctx.ctx
        size = int(self._lib.llama_state_seq_get_size(ctx, 0))
        if size <= 0 or size > self.max_bytes:
            return
        data = (ctypes.c_uint8 * size)()
        written = int(self._lib.llama_state_seq_get_data(ctx, data, size, 0))
        if written <= 0:
            return
        # A snapshot whose tokens the live cache extends is superseded by it.
        self._items = [s for s in self._items if common_prefix(s.tokens, live) < len(s.tokens)]
        self._items.append(Snapshot(live, data, written, self._clock))
        self._items.sort(key=lambda s: s.last_used, reverse=True)
        while len(self._items) > self.max_count or self._bytes() > self.max_bytes:
            self._items.pop()

    def _restore(self, snap: Snapshot) -> None:
        llm = self._llm
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)
        llm.n_tokens = 0
        if int(self._lib.llama_state_seq_set_data(llm._ctx.ctx, snap.data, snap.size, 0)) == 0:
            return  # the cache stays empty: llama.cpp simply re-evaluates the prompt
        n = len(snap.tokens)
        llm.input_ids[:n] = snap.tokens
        llm.n_tokens = n
        snap.last_used = self._clock

    def _bytes(self) -> int:
        return sum(s.size for s in self._items)

    def clear(self) -> None:
        self._items.clear()
