"""The options a caller may pass to a realiser backend, checked before any model loads.

``backend_options`` reach llama.cpp as C integers: ``n_ctx=-1`` becomes a four-billion-token
context (12 GB and rising before anything fails), and an unknown key used to surface as a
``TypeError`` deep in the realiser. Every option is therefore named, typed and bounded here,
and a bad one is a :class:`BackendOptionError` (a ``ValueError``) naming the option, its
value and what is allowed, before a byte of the model is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

MAX_N_CTX = 262_144
"""Largest context a caller may ask for (the runtime caps it at the model's own)."""


class BackendOptionError(ValueError):
    """A ``backend_options`` entry that is unknown, of the wrong type or out of range."""


@dataclass(frozen=True)
class _Whole:
    low: int
    high: int

    def check(self, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BackendOptionError(f"backend option {name} must be a whole number, got "
                                     f"{value!r:.40}")
        if not self.low <= value <= self.high:
            raise BackendOptionError(f"backend option {name} = {value} is outside "
                                     f"{self.low}..{self.high}")


def _flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise BackendOptionError(f"backend option {name} must be true or false, got {value!r:.40}")


def _callback(name: str, value: Any) -> None:
    if value is not None and not callable(value):
        raise BackendOptionError(f"backend option {name} must be a function or None")


_CHECKS: dict[str, Callable[[str, Any], None]] = {
    "n_ctx": _Whole(16, MAX_N_CTX).check,
    "n_threads": _Whole(1, 256).check,
    "max_tokens": _Whole(1, 4096).check,
    "max_sentences": _Whole(1, 20).check,
    "grammar_retry": _flag,
    "on_reset": _callback,
}
LLAMA_OPTIONS = tuple(_CHECKS)


def check_backend_options(backend: str, options: Mapping[str, Any] | None) -> dict[str, Any]:
    """A validated copy of ``options`` for ``backend``; the template backend takes none."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise BackendOptionError(f"backend_options must be a mapping, got "
                                 f"{type(options).__name__}")
    opts = dict(options)
    if backend == "template" and opts:
        raise BackendOptionError(f"the template backend takes no options (got "
                                 f"{', '.join(sorted(map(str, opts)))}); they are for llama")
    unknown = sorted(str(k) for k in opts if k not in _CHECKS)
    if unknown:
        raise BackendOptionError(f"unknown backend option(s) {', '.join(unknown)}; expected "
                                 f"{', '.join(LLAMA_OPTIONS)}")
    for name, value in opts.items():
        _CHECKS[name](name, value)
    return opts
