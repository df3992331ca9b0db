"""Score the shipped model on GoEmotions test and the credit set; write MODEL_CARD.md.

Runs the runtime sensor (int8 ONNX, calibrated), so the card's numbers are the shipped
model's. Also writes build/emotion/metrics.json for the record.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import goemo
import numpy as np

sys.path.insert(0, str(goemo.ROOT))
from edge_agent.sense.onnx import MANIFEST, OnnxEmotionSensor

CARD = Path(__file__).with_name("MODEL_CARD.template.md")
B_TARGET = 0.66  # the target for GoEmotions test score (b)
B_NOTE = (
    f"- GoEmotions test (b) is below the project's {B_TARGET} target; freezing the bottom 2\n"
    "  layers (so training fits about 45 minutes on 2 shared cores) and int8 quantisation\n"
    "  (0.1 to 0.7 points on dev) are the known costs.\n"
)


def score(sensor: OnnxEmotionSensor) -> dict[str, Any]:
    thr = np.array([sensor.thresholds[e] for e in goemo.EMOTIONS])
    te_texts, te_hot = goemo.load_split("test")
    te = goemo.probs_matrix(sensor.probs_batch(te_texts))
    cr_texts, cr_hot = goemo.load_credit()
    cr = goemo.probs_matrix(sensor.probs_batch(cr_texts))
    confusion = np.zeros((goemo.N, goemo.N), dtype=int)
    for g, p in zip(cr_hot.argmax(1), cr.argmax(1), strict=True):
        confusion[g, p] += 1
    return {
        "test_f1_multilabel": round(goemo.multilabel_macro_f1(te, te_hot, thr), 4),
        "test_f1_argmax_any": round(goemo.argmax_any_macro_f1(te, te_hot), 4),
        "test_f1_argmax_per_label": goemo.per_label_f1_argmax(te, te_hot),
        "test_ece_before": round(
            goemo.ece(goemo.softmax(np.log(te) * sensor.temperature), te_hot), 4
        ),
        "test_ece_after": round(goemo.ece(te, te_hot), 4),
        "credit_rows": len(cr_texts),
        "credit_f1_argmax": round(goemo.argmax_any_macro_f1(cr, cr_hot), 4),
        "credit_f1_per_label": goemo.per_label_f1_argmax(cr, cr_hot),
        "credit_confusion": confusion.tolist(),
    }


def confusion_md(rows: list[list[int]]) -> str:
    head = "| gold \\ predicted | " + " | ".join(goemo.EMOTIONS) + " |"
    sep = "|---" * (goemo.N + 1) + "|"
    body = [
        f"| {e} | " + " | ".join(str(v) for v in r) + " |"
        for e, r in zip(goemo.EMOTIONS, rows, strict=True)
    ]
    return "\n".join([head, sep, *body])


def per_label_md(test: dict[str, float], credit: dict[str, float]) -> str:
    lines = ["| label | GoEmotions test F1 (argmax) | credit set F1 (argmax) |", "|---|---|---|"]
    lines += [f"| {e} | {test[e]:.3f} | {credit[e]:.3f} |" for e in goemo.EMOTIONS]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model-dir", type=Path, default=goemo.ROOT / "models" / "emotion")
    ap.add_argument("--work", type=Path, default=goemo.ROOT / "build" / "emotion")
    args = ap.parse_args()

    sensor = OnnxEmotionSensor(args.model_dir)
    manifest = json.loads((args.model_dir / MANIFEST).read_text())
    metrics = score(sensor)
    history = json.loads((args.work / "train_history.json").read_text())
    baseline_path = args.work / "baseline_frozen.json"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.is_file() else None
    (args.work / "metrics.json").write_text(
        json.dumps(
            {"metrics": metrics, "calibration": manifest["calibration"], "baseline": baseline},
            indent=2,
        )
        + "\n"
    )

    cal = manifest["calibration"]
    fill = {
        "model_sha256": manifest["files"]["model"]["sha256"],
        "tokenizer_sha256": manifest["files"]["tokenizer"]["sha256"],
        "model_mb": f"{(args.model_dir / 'model.onnx').stat().st_size / 1e6:.1f}",
        "temperature": f"{manifest['temperature']:.3f}",
        "thresholds": ", ".join(f"{e} {t:.2f}" for e, t in manifest["thresholds"].items()),
        "train_args": ", ".join(
            f"{k}={v}" for k, v in history["args"].items() if k not in ("out", "limit")
        ),
        "history": "\n".join(
            f"| {h['epoch']} | {h['dev_f1_multilabel']:.4f} | {h['dev_f1_argmax_any']:.4f} | "
            f"{h['dev_nll']:.4f} | {h['elapsed_s'] / 60:.0f} |"
            for h in history["history"]
        ),
        "f1_a": f"{metrics['test_f1_multilabel']:.3f}",
        "f1_b": f"{metrics['test_f1_argmax_any']:.3f}",
        "credit": f"{metrics['credit_f1_argmax']:.3f}",
        "credit_rows": str(metrics["credit_rows"]),
        "dev_a": f"{cal['dev_f1_multilabel']:.3f}",
        "dev_b": f"{cal['dev_f1_argmax_any']:.3f}",
        "ece_before": f"{cal['ece_15bin_before']:.4f}",
        "ece_after": f"{cal['ece_15bin_after']:.4f}",
        "nll_before": f"{cal['set_nll_before']:.4f}",
        "nll_after": f"{cal['set_nll_after']:.4f}",
        "ece_test": f"{metrics['test_ece_after']:.4f}",
        "ece_test_before": f"{metrics['test_ece_before']:.4f}",
        "disgust_as_anger": str(metrics["credit_confusion"][1][0]),
        "b_note": B_NOTE if metrics["test_f1_argmax_any"] < B_TARGET else "",
        "per_label": per_label_md(
            metrics["test_f1_argmax_per_label"], metrics["credit_f1_per_label"]
        ),
        "confusion": confusion_md(metrics["credit_confusion"]),
        "baseline": (
            f"{baseline['credit_f1_argmax']:.3f} (GoEmotions test (b) "
            f"{baseline['test_f1_argmax_any']:.3f})"
            if baseline
            else "not run"
        ),
    }
    text = CARD.read_text()
    for key, value in fill.items():
        text = text.replace("{{" + key + "}}", value)
    (args.model_dir / "MODEL_CARD.md").write_text(text)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
