"""The on-device LLM runtime: llama.cpp through llama-cpp-python, one model per process.

``runtime`` loads and runs a GGUF model with clear errors and per-turn stats; ``prompt`` lays
out cache-friendly prompts; ``models`` finds the embedded default model; ``output`` controls
what a generated reply may be. Importing this package does not import llama_cpp.
"""

from edge_agent.llm.errors import (
    ContextOverflow,
    InsufficientMemory,
    LlamaNotInstalled,
    LlmError,
    ModelLoadError,
    ModelNotFound,
    NotAGgufFile,
)

__all__ = [
    "ContextOverflow",
    "InsufficientMemory",
    "LlamaNotInstalled",
    "LlmError",
    "ModelLoadError",
    "ModelNotFound",
    "NotAGgufFile",
]
