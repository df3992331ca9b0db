"""The ONNX sensor: a fine-tuned all-MiniLM-L6-v2 emotion classifier, int8, on onnxruntime.

Runtime needs only onnxruntime, tokenizers and numpy. The model directory holds
``model.onnx``, ``tokenizer.json`` and ``manifest.json`` (their sha256, the label order, the
dev-fitted temperature and thresholds); everything is checked at load so a missing or
damaged artifact fails loudly instead of feeding the HMM garbage evidence.
"""

from __future__ import annotations

import hashlib
import json
import math
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
# MiniLM's position table has 512 rows: a manifest asking for more would load and then crash
# on the first long message, inside `respond`, instead of at load.
MAX_POSITIONS = 512
# A message longer than ``max_len`` tokens is read in overlapping windows (see `probs`); this
# bounds the work for one text (the agent's 2,000-character limit needs far fewer).
MAX_WINDOWS = 32
FIX = (
    "Rebuild it with `make train-emotion`, or restore models/emotion/ from a clean checkout "
    "(reinstall the package from it); set EDGE_AGENT_EMOTION_MODEL to use another directory."
)


_SENTENCE_ENDS = frozenset({".", "!", "?", "\u2026", "\u3002", "\uff01", "\uff1f", "\u061f"})


def _cut(tokens: list[int], size: int) -> list[list[int]]:
    """``tokens`` as pieces of at most ``size``; a longer run in half-overlapping windows."""
    if len(tokens) <= size:
        return [tokens] if tokens else []
    step = max(1, size // 2)
    return [tokens[i:i + size] for i in range(0, len(tokens) - size + step, step)]


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
            thresholds={str(k): float(v) for k, v in dict(raw.get("thresholds", {})).items()},
            max_len=int(raw["max_len"]),
        )
        labels = tuple(raw["labels"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"{path} is unreadable or incomplete ({exc!r}). {FIX}") from exc
    if labels != EMOTIONS:
        raise ModelLoadError(f"{path} labels {labels} differ from EMOTIONS {EMOTIONS}. {FIX}")
    if not (math.isfinite(manifest.temperature) and manifest.temperature > 0):
        # An infinite temperature flattens every reading to uniform: garbage evidence, silently.
        raise ModelLoadError(f"{path}: temperature must be a positive finite number. {FIX}")
    max_len = raw["max_len"]
    if isinstance(max_len, bool) or not isinstance(max_len, int) or not (
        3 <= max_len <= MAX_POSITIONS
    ):
        # int() would turn 2.7 into 2 and true into 1; a negative one overflowed in tokenizers.
        raise ModelLoadError(
            f"{path}: max_len must be a whole number from 3 to {MAX_POSITIONS}, got "
            f"{max_len!r}. {FIX}"
        )
    bad = {
        k: v for k, v in manifest.thresholds.items()
        if k not in EMOTIONS or not (math.isfinite(v) and 0.0 <= v <= 1.0)
    }
    if bad:
        raise ModelLoadError(
            f"{path}: thresholds must be probabilities per emotion, got {bad}. {FIX}"
        )
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
        self._tokenizer.no_truncation()
        self.max_len = manifest.max_len

    def _windows(self, text: str) -> list[list[int]]:
        """The token ids the model reads for ``text``: one sequence when it fits ``max_len``
        (exactly what a truncating tokenizer gives), else one window per sentence.

        Truncation alone read only the first 64 tokens: a debtor who opens with account
        details and says "I have nothing left" at the end was read as neutral. Windows follow
        sentence ends so the closing sentence is read as the debtor wrote it, not glued to
        the tail of the preamble; a sentence longer than a window is cut with half overlap."""
        enc = self._tokenizer.encode(text)
        ids = enc.ids
        if len(ids) <= self.max_len:
            return [ids]
        cls, sep = ids[:1], ids[-1:]
        size = self.max_len - 2
        pieces: list[list[int]] = []
        sentence: list[int] = []
        for tid, tok in zip(ids[1:-1], enc.tokens[1:-1], strict=True):
            sentence.append(tid)
            if tok in _SENTENCE_ENDS:
                pieces.extend(_cut(sentence, size))
                sentence = []
        pieces.extend(_cut(sentence, size))
        # One sentence per window, unpacked: packing the preamble's last sentence with
        # "I have nothing left, I skip meals" read the pair as anger (0.92), the sentence
        # alone as sadness (0.99).
        chunks = pieces
        if len(chunks) > MAX_WINDOWS:  # keep the opening and the close, where the point usually is
            half = MAX_WINDOWS // 2
            chunks = chunks[:half] + chunks[-half:]
        return [cls + c + sep for c in chunks]

    def _run(self, ids: list[int]) -> np.ndarray:
        arr = np.asarray([ids], dtype=np.int64)
        feeds = {"input_ids": arr, "attention_mask": np.ones_like(arr)}
        return self._session.run(None, feeds)[0][0].astype(np.float64)

    def logits(self, text: str) -> np.ndarray:
        """Raw (uncalibrated) logits for the text's first ``max_len`` tokens, in ``EMOTIONS``
        order (what calibration and the benches read; :meth:`probs` reads the whole text)."""
        return self._run(self._windows(text)[0])

    def _to_probs(self, logits: np.ndarray) -> EmotionProbs:
        z = logits / self.temperature
        e = np.exp(z - z.max())
        p = e / e.sum()
        return {name: float(v) for name, v in zip(EMOTIONS, p, strict=True)}

    def probs(self, text: str) -> EmotionProbs:
        """One text's probabilities. A text longer than ``max_len`` tokens is read window by
        window and the readings are averaged weighted by how much non-neutral emotion each
        holds, so a distressed sentence is not outvoted by the neutral preamble around it."""
        windows = self._windows(text)
        if len(windows) == 1:  # through `logits`, the one entry point for a short text
            return self._to_probs(self.logits(text))
        readings = [self._to_probs(self._run(w)) for w in windows]
        weights = np.asarray([1.0 - r["neutral"] + 1e-6 for r in readings])
        mixed = {e: float(np.dot(weights, [r[e] for r in readings]) / weights.sum())
                 for e in EMOTIONS}
        total = sum(mixed.values())
        return {e: v / total for e, v in mixed.items()}
