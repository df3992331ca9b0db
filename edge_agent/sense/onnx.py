"""The ONNX sensor: a fine-tuned all-MiniLM-L6-v2 emotion classifier, int8, on onnxruntime.

Runtime needs only onnxruntime, tokenizers and numpy. The model directory holds
``model.onnx``, ``tokenizer.json`` and ``manifest.json`` (their sha256, the label order, the
dev-fitted temperature and thresholds); everything is checked at load so a missing or
damaged artifact fails loudly instead of feeding the HMM garbage evidence.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

# onnxruntime >= 1.29 on Linux starts 1DS telemetry (DNS lookups and uploads to Microsoft) unless
# this is set before it initialises; an on-device agent must make no network calls.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from edge_agent._support.resources import models_path
from edge_agent.sense.base import EmotionSensor
from edge_core.emotions import EMOTIONS, EmotionProbs

ENV_VAR = "EDGE_AGENT_EMOTION_MODEL"
DEFAULT_MODEL_DIR = models_path("emotion")  # the checkout's models/, or the wheel's
MANIFEST = "manifest.json"
FIX = (
    "Rebuild it with `make train-emotion`, or restore models/emotion/ from a clean checkout "
    "(reinstall the package from it); set EDGE_AGENT_EMOTION_MODEL to use another directory."
)


class ModelLoadError(RuntimeError):
    """The emotion model directory is missing, incomplete or does not match its manifest."""


def default_model_dir() -> Path:
    """``$EDGE_AGENT_EMOTION_MODEL`` if set, else ``models/emotion`` beside the package."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_MODEL_DIR


def _read_checked(path: Path, sha256: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelLoadError(f"cannot read {path}: {exc}. {FIX}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ModelLoadError(
            f"{path} is corrupt: sha256 {digest[:12]}... does not match the manifest's "
            f"{sha256[:12]}... {FIX}"
        )
    return data


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` promises about the model directory."""

    model: Path
    model_sha256: str
    tokenizer: Path
    tokenizer_sha256: str
    temperature: float
    thresholds: dict[str, float]
    max_len: int


def load_manifest(model_dir: Path) -> Manifest:
    path = model_dir / MANIFEST
    if not path.is_file():
        raise ModelLoadError(f"no emotion model at {model_dir} ({MANIFEST} missing). {FIX}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = raw["files"]
        manifest = Manifest(
            model=model_dir / files["model"]["path"],
            model_sha256=str(files["model"]["sha256"]),
            tokenizer=model_dir / files["tokenizer"]["path"],
            tokenizer_sha256=str(files["tokenizer"]["sha256"]),
            temperature=float(raw["temperature"]),
            thresholds={k: float(v) for k, v in raw.get("thresholds", {}).items()},
            max_len=int(raw["max_len"]),
        )
        labels = tuple(raw["labels"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"{path} is unreadable or incomplete ({exc!r}). {FIX}") from exc
    if labels != EMOTIONS:
        raise ModelLoadError(f"{path} labels {labels} differ from EMOTIONS {EMOTIONS}. {FIX}")
    if not manifest.temperature > 0:
        raise ModelLoadError(f"{path}: temperature must be positive. {FIX}")
    return manifest


class OnnxEmotionSensor(EmotionSensor):
    """Softmax over the 7 emotions with the dev-calibrated temperature.

    Texts are run one at a time, unpadded: dynamic int8 quantisation scales activations over
    the whole input tensor, so padding or batch neighbours would change a text's result.
    Batches therefore gain from deduplication (the base class's `probs_batch`), not from
    stacking.
    """

    name = "onnx"

    def __init__(self, model_dir: Path | None = None, *, intra_op_threads: int = 1) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        manifest = load_manifest(self.model_dir)
        model = _read_checked(manifest.model, manifest.model_sha256)
        tok = _read_checked(manifest.tokenizer, manifest.tokenizer_sha256)
        self.temperature = manifest.temperature
        self.thresholds = manifest.thresholds
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = intra_op_threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self._session = ort.InferenceSession(
                model, sess_options=opts, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = Tokenizer.from_str(tok.decode("utf-8"))
        except Exception as exc:  # onnxruntime/tokenizers raise their own exception types
            msg = f"cannot load the model in {self.model_dir}: {exc}. {FIX}"
            raise ModelLoadError(msg) from exc
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(manifest.max_len)

    def logits(self, text: str) -> np.ndarray:
        """Raw (uncalibrated) logits for one text, in ``EMOTIONS`` order."""
        ids = np.asarray([self._tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        return self._session.run(None, feeds)[0][0].astype(np.float64)

    def _to_probs(self, logits: np.ndarray) -> EmotionProbs:
        z = logits / self.temperature
        e = np.exp(z - z.max())
        p = e / e.sum()
        return {name: float(v) for name, v in zip(EMOTIONS, p, strict=True)}

    def probs(self, text: str) -> EmotionProbs:
        return self._to_probs(self.logits(text))
