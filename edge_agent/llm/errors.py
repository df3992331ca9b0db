"""Errors of the on-device LLM runtime.

Each one says what went wrong and what to do about it, because the person who meets it is
usually choosing a model file by hand (``--model PATH``) on a small machine.
"""

from __future__ import annotations


class LlmError(RuntimeError):
    """Base class: anything the local LLM runtime refuses or cannot do."""


class LlamaNotInstalled(LlmError):
    """llama-cpp-python is not importable in this environment."""


class ModelNotFound(LlmError):
    """The model file (or the package that embeds it) is missing."""


class NotAGgufFile(LlmError):
    """The file exists but is not a GGUF model (wrong magic bytes, truncated, unknown version)."""


class InsufficientMemory(LlmError):
    """Loading the model would need more memory than the machine has available."""


class ModelLoadError(LlmError):
    """llama.cpp could not load a file that looked like a GGUF model."""


class ContextOverflow(LlmError):
    """A prompt does not fit the context window even after the trimming policy."""
