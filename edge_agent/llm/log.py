"""llama.cpp's log, minus the lines that only alarm a user.

Every start printed ``llama_context: n_ctx_per_seq (4096) < n_ctx_train (8192) -- the full
capacity of the model will not be utilized``: the agent chooses a context smaller than the
model's training context on purpose (memory), so the line is noise. It is dropped here, through
llama.cpp's own log callback, and every other line goes where llama-cpp-python's callback sends
it: stderr is never hidden wholesale, so a real load error is still seen.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

QUIET_PREFIXES = (b"llama_context: n_ctx_per_seq (",)
"""Known-harmless lines (a choice the agent made on purpose), matched at their start."""
CONTINUE = 5
"""ggml's GGML_LOG_LEVEL_CONT: the rest of the previous line, at the previous line's fate."""
_LEVELS = {0: logging.CRITICAL, 1: logging.INFO, 2: logging.WARNING, 3: logging.ERROR,
           4: logging.DEBUG}
"""llama-cpp-python's own mapping (``llama_cpp._logger``), kept so nothing else changes."""


class LogFilter:
    """Decides, line by line, whether llama.cpp's log line is printed."""

    def __init__(self) -> None:
        self._last_shown = True

    def shown(self, level: int, text: bytes, threshold: int) -> bool:
        """True if the line goes to stderr: not a quiet line, and at or above ``threshold``
        (the ``llama-cpp-python`` logger's level) as llama-cpp-python decides."""
        if level == CONTINUE:
            return self._last_shown
        quiet = text.startswith(QUIET_PREFIXES)
        self._last_shown = not quiet and threshold <= _LEVELS.get(level, logging.ERROR)
        return self._last_shown


_installed: list[Any] = []
"""The ctypes callback, kept alive for the life of the process (llama.cpp holds a raw pointer)."""


def install(lib: Any) -> None:
    """Route llama.cpp's log through :class:`LogFilter` (once per process)."""
    if _installed:
        return
    log_filter = LogFilter()
    logger = logging.getLogger("llama-cpp-python")

    @lib.llama_log_callback
    def callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        if text and log_filter.shown(level, text, logger.level):
            print(text.decode("utf-8", "replace"), end="", flush=True, file=sys.stderr)

    lib.llama_log_set(callback, ctypes.c_void_p(0))
    _installed.append(callback)
