"""Cheap checks on a GGUF file before llama.cpp sees it.

llama.cpp's own failure on a bad file is a bare "failed to load model" (or, for some
truncations, a crash), so the runtime checks the header first: the ``GGUF`` magic, a known
format version, and a size that can hold weights at all.
"""

from __future__ import annotations

import mmap
import os
import struct
from pathlib import Path
from typing import Any

from edge_agent.llm.errors import ModelNotFound, NotAGgufFile

GGUF_MAGIC = b"GGUF"
KNOWN_VERSIONS = (2, 3)
MIN_SIZE = 1024
"""A GGUF header plus any tensor data is far larger; anything smaller is a stub or a pointer."""


def check_gguf(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` resolved if it looks like a loadable GGUF file, else raise clearly."""
    file = Path(path).expanduser()
    if not file.exists():
        raise ModelNotFound(
            f"model file not found: {file}. Pass the path of a .gguf file (--model PATH / "
            f"backend='/path/model.gguf'), or use backend='llama' for the embedded default."
        )
    if not file.is_file():
        raise ModelNotFound(f"model path is not a file: {file}")
    size = file.stat().st_size
    with file.open("rb") as fh:
        head = fh.read(32)
    if head[:4] != GGUF_MAGIC:
        hint = ""
        if head.startswith(b"version https://git-lfs"):
            hint = " It is a Git LFS pointer: fetch the real file with git lfs."
        elif head[:4] in (b"ggml", b"ggjt", b"ggmf", b"lmgg", b"fmgg", b"tjgg"):
            hint = " It is an old GGML file: convert it to GGUF with llama.cpp's scripts."
        raise NotAGgufFile(
            f"{file} is not a GGUF model (first bytes {head[:4]!r}, expected {GGUF_MAGIC!r}).{hint}"
        )
    if len(head) < 8:
        raise NotAGgufFile(f"{file} is truncated: {size} bytes, no GGUF version field")
    (version,) = struct.unpack("<I", head[4:8])
    if version not in KNOWN_VERSIONS:
        raise NotAGgufFile(
            f"{file} has GGUF version {version}; this llama.cpp build reads versions "
            f"{KNOWN_VERSIONS}"
        )
    if size < MIN_SIZE:
        raise NotAGgufFile(f"{file} is truncated: only {size} bytes")
    return file.resolve()


# GGUF value types: fixed-size scalars by struct code; 8 = string, 9 = array.
_SCALARS = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}
_STRING, _ARRAY = 8, 9


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The GGUF key/value header without loading tensors.

    Arrays (the vocabulary, merges) are skipped and reported as their length, which is all the
    memory estimate and the context cap need. A header that runs past the end of the file
    raises :class:`NotAGgufFile` (a truncated download).
    """
    file = check_gguf(path)
    with file.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        try:
            return _parse(buf)
        except (struct.error, IndexError, UnicodeDecodeError, ValueError) as exc:
            raise NotAGgufFile(f"{file}: unreadable GGUF header ({exc})") from exc


def _parse(buf: mmap.mmap) -> dict[str, Any]:
    version, n_tensors, n_kv = struct.unpack_from("<IQQ", buf, 4)
    pos = 24
    meta: dict[str, Any] = {"gguf.version": version, "gguf.tensor_count": n_tensors}

    def string(at: int) -> tuple[str, int]:
        (n,) = struct.unpack_from("<Q", buf, at)
        end = at + 8 + n
        if end > len(buf):
            raise ValueError("string past end of file")
        return bytes(buf[at + 8 : end]).decode("utf-8"), end

    def value(kind: int, at: int) -> tuple[Any, int]:
        if kind in _SCALARS:
            code = "<" + _SCALARS[kind]
            return struct.unpack_from(code, buf, at)[0], at + struct.calcsize(code)
        if kind == _STRING:
            return string(at)
        if kind == _ARRAY:
            item, count = struct.unpack_from("<IQ", buf, at)
            at += 12
            if item in _SCALARS:
                at += count * struct.calcsize("<" + _SCALARS[item])
            else:
                for _ in range(count):
                    _, at = value(item, at)
            if at > len(buf):
                raise ValueError("array past end of file")
            return [count], at
        raise ValueError(f"unknown GGUF value type {kind}")

    for _ in range(n_kv):
        key, pos = string(pos)
        (kind,) = struct.unpack_from("<I", buf, pos)
        meta[key], pos = value(kind, pos + 4)
    return meta


def context_length(meta: dict[str, Any]) -> int | None:
    """The training context length the model declares, if any."""
    arch = meta.get("general.architecture")
    value = meta.get(f"{arch}.context_length")
    return int(value) if isinstance(value, int) else None


def kv_bytes_per_token(meta: dict[str, Any]) -> int:
    """Bytes of f16 KV cache one token costs (all layers, K and V); a safe guess if unknown."""
    arch = meta.get("general.architecture")

    def num(key: str, default: int) -> int:
        v = meta.get(f"{arch}.{key}")
        return int(v) if isinstance(v, int) else default

    layers = num("block_count", 32)
    heads = num("attention.head_count", 32)
    kv_heads = num("attention.head_count_kv", heads)
    embd = num("embedding_length", 4096)
    k_len = num("attention.key_length", embd // max(heads, 1))
    v_len = num("attention.value_length", k_len)
    return layers * kv_heads * (k_len + v_len) * 2
