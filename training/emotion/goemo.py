"""GoEmotions-Ekman loading and the metrics both training and the bench report.

numpy only, so the same code scores the model at training time (.venv-train) and in
`make bench` (runtime .venv); one implementation means one definition of each number.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

try:
    from edge_core.emotions import EMOTIONS
except ImportError:  # training venv does not install the project
    EMOTIONS = ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise")

ROOT = Path(__file__).resolve().parents[2]
# $EDGE_AGENT_GOEMOTIONS overrides the default for checkouts that are not beside shared/ (a git
# worktree one folder deeper, say), as $EDGE_AGENT_CRAD does for CRAD.
DATA_ENV = "EDGE_AGENT_GOEMOTIONS"
DATA_DIR = Path(
    os.environ.get(DATA_ENV) or ROOT.parent / "shared" / "datasets" / "goemotions-ekman"
)
CREDIT_TSV = ROOT / "tests" / "data" / "credit_emotions.tsv"
N = len(EMOTIONS)

# EMOTION_TINY=1 (`make train-emotion-tiny`) runs the whole pipeline on a few hundred rows, to
# check it end to end in minutes; it writes under build/emotion-tiny/ only, never models/.
TINY = os.environ.get("EMOTION_TINY") == "1"
TINY_ROWS = {"train": 320, "dev": 160, "test": 160}
WORK_DIR = ROOT / "build" / ("emotion-tiny" if TINY else "emotion")
MODEL_DIR = WORK_DIR / "model" if TINY else ROOT / "models" / "emotion"


def load_split(split: str, data_dir: Path = DATA_DIR) -> tuple[list[str], np.ndarray]:
    """Texts and a multi-hot (rows x 7) label matrix for train/dev/test."""
    texts: list[str] = []
    rows: list[np.ndarray] = []
    with open(data_dir / f"{split}.tsv", encoding="utf-8") as fh:
        for line in fh:
            text, labels, _cid = line.rstrip("\n").split("\t")
            hot = np.zeros(N, dtype=np.float32)
            hot[[int(i) for i in labels.split(",")]] = 1.0
            texts.append(text)
            rows.append(hot)
            if TINY and len(texts) >= TINY_ROWS.get(split, len(texts)):
                break
    return texts, np.stack(rows)


def load_credit(path: Path = CREDIT_TSV) -> tuple[list[str], np.ndarray]:
    """The hand-written credit-dialogue set (text<TAB>label), as one-hot rows."""
    texts: list[str] = []
    rows: list[np.ndarray] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            text, label = line.rstrip("\n").split("\t")
            hot = np.zeros(N, dtype=np.float32)
            hot[EMOTIONS.index(label)] = 1.0
            texts.append(text)
            rows.append(hot)
    return texts, np.stack(rows)


def soft_targets(hot: np.ndarray) -> np.ndarray:
    """Split each row's mass equally over its labels (how multi-label rows are trained)."""
    return hot / hot.sum(axis=1, keepdims=True)


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)


def multilabel_macro_f1(probs: np.ndarray, hot: np.ndarray, thresholds: np.ndarray) -> float:
    """Score (a): a label is predicted when its probability passes its threshold."""
    pred = probs >= thresholds[None, :]
    gold = hot > 0
    tp = (pred & gold).sum(0)
    fp = (pred & ~gold).sum(0)
    fn = (~pred & gold).sum(0)
    return float(_f1(tp, fp, fn).mean())


def _argmax_any_f1s(probs: np.ndarray, hot: np.ndarray) -> np.ndarray:
    """Per-label F1 of the argmax, correct when it is any of the row's labels.

    A correct row is a TP for the predicted label; a wrong row is an FP for the predicted
    label and an FN for the row's first gold label (so each row contributes one error).
    """
    pred = probs.argmax(1)
    hit = hot[np.arange(len(pred)), pred] > 0
    gold_first = hot.argmax(1)
    tp = np.bincount(pred[hit], minlength=N)
    fp = np.bincount(pred[~hit], minlength=N)
    fn = np.bincount(gold_first[~hit], minlength=N)
    return _f1(tp, fp, fn)


def argmax_any_macro_f1(probs: np.ndarray, hot: np.ndarray) -> float:
    """Score (b): macro-F1 of the argmax, correct when it is any of the row's labels."""
    return float(_argmax_any_f1s(probs, hot).mean())


def per_label_f1_argmax(probs: np.ndarray, hot: np.ndarray) -> dict[str, float]:
    """Per-label F1 behind score (b), for the model card and the bench."""
    f1s = _argmax_any_f1s(probs, hot)
    return {e: round(float(f), 4) for e, f in zip(EMOTIONS, f1s, strict=True)}


def choose_thresholds(probs: np.ndarray, hot: np.ndarray) -> np.ndarray:
    """Per-label threshold maximising that label's F1 on the given (dev) rows."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    out = np.empty(N)
    gold = hot > 0
    for j in range(N):
        best = (-1.0, 0.5)
        for t in grid:
            pred = probs[:, j] >= t
            tp = (pred & gold[:, j]).sum()
            fp = (pred & ~gold[:, j]).sum()
            fn = (~pred & gold[:, j]).sum()
            f = 2 * tp / max(2 * tp + fp + fn, 1)
            if f > best[0]:
                best = (f, float(t))
        out[j] = best[1]
    return out


def ece(probs: np.ndarray, hot: np.ndarray, bins: int = 15) -> float:
    """Top-label expected calibration error; the argmax is right if it is any gold label."""
    conf = probs.max(1)
    correct = hot[np.arange(len(conf)), probs.argmax(1)] > 0
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(total)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def soft_nll(logits: np.ndarray, hot: np.ndarray, temperature: float) -> float:
    """Cross-entropy against the soft targets: the loss the model was trained with."""
    p = softmax(logits, temperature)
    return float(-(soft_targets(hot) * np.log(p + 1e-12)).sum(1).mean())


def set_nll(logits: np.ndarray, hot: np.ndarray, temperature: float) -> float:
    """-log of the mass on the row's gold labels: the event the ECE above counts as correct."""
    p = softmax(logits, temperature)
    return float(-np.log((p * hot).sum(1) + 1e-12).mean())


def fit_temperature(logits: np.ndarray, hot: np.ndarray) -> float:
    """Temperature scaling (Guo et al. 2017): one T minimising dev `set_nll`.

    Golden-section search on log T. The set NLL, not the soft-target one, because a
    two-label row is right when the top label is either label, as in `ece`.
    """
    lo, hi = np.log(0.25), np.log(8.0)
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = set_nll(logits, hot, np.exp(a)), set_nll(logits, hot, np.exp(b))
    for _ in range(60):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = set_nll(logits, hot, np.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = set_nll(logits, hot, np.exp(b))
    return float(np.exp((lo + hi) / 2))


def probs_matrix(dicts: Sequence[dict[str, float]]) -> np.ndarray:
    """Sensor outputs (dicts keyed by EMOTIONS) as a rows x 7 array."""
    return np.array([[d[e] for e in EMOTIONS] for d in dicts], dtype=np.float64)
