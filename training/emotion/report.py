"""Score the shipped model on GoEmotions test and the credit sets; write MODEL_CARD.md.

Runs the runtime sensor (int8 ONNX, calibrated), so the card's numbers are the shipped
model's. The model it replaces (build/emotion/previous, copied there by `make train-emotion`)
is scored in the same run, so the card's comparison is like for like. Also writes
build/emotion/metrics.json for the record.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import credit_data
import goemo
import numpy as np

sys.path.insert(0, str(goemo.ROOT))
from edge_agent.sense.onnx import MANIFEST, OnnxEmotionSensor

CARD = Path(__file__).with_name("MODEL_CARD.template.md")
B_TARGET = 0.66  # issue 24's target for GoEmotions test score (b)
CREDIT_TARGET = 0.85  # issue 24's target on tests/data/credit_emotions.tsv
B_NOTE = (
    f"- GoEmotions test (b) is below the project's {B_TARGET} target; a third epoch with every"
    " layer\n  trained did not fit the hour on 2 shared cores.\n"
)
CREDIT_NOTE = (
    f"- The credit-dialogue set score is below the project's {CREDIT_TARGET} target.\n"
)


def score(sensor: OnnxEmotionSensor) -> dict[str, Any]:
    thr = np.array([sensor.thresholds[e] for e in goemo.EMOTIONS])
    te_texts, te_hot = goemo.load_split("test")
    te = goemo.probs_matrix(sensor.probs_batch(te_texts))
    cr_texts, cr_hot = goemo.load_credit()
    cr = goemo.probs_matrix(sensor.probs_batch(cr_texts))
    _, dev_rows = credit_data.split_groups(credit_data.load_rows())
    cd = goemo.probs_matrix(sensor.probs_batch([r.text for r in dev_rows]))
    cd_hot = credit_data.one_hot(dev_rows)
    # Per data file: file 1's dev rows are the ones every model since round 1 was chosen
    # without, so they compare this model with the previous one on equal terms.
    by_file = {
        part: [i for i, r in enumerate(dev_rows) if r.part == part]
        for part in sorted({r.part for r in dev_rows})
    }
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
        "credit_dev_rows": len(dev_rows),
        "credit_dev_f1_argmax": round(goemo.argmax_any_macro_f1(cd, cd_hot), 4),
        "credit_dev_file_rows": {part + 1: len(idx) for part, idx in by_file.items()},
        "credit_dev_file_f1": {
            part + 1: round(goemo.argmax_any_macro_f1(cd[idx], cd_hot[idx]), 4)
            for part, idx in by_file.items()
        },
    }


def comparison_md(new: dict[str, Any], old: dict[str, Any] | None, old_sha: str) -> str:
    """This model against the one it replaces, scored by the same code in the same run."""
    rows = [
        ("GoEmotions test (a)", "test_f1_multilabel"),
        ("GoEmotions test (b)", "test_f1_argmax_any"),
        (f"credit set ({new['credit_rows']} messages, held out)", "credit_f1_argmax"),
        (f"credit dev split ({new['credit_dev_rows']} messages)", "credit_dev_f1_argmax"),
        ("model file (MB)", "model_mb"),
    ]
    if old is None:
        return "No previous model was found to compare with (build/emotion/previous)."
    lines = [f"| metric | this model | previous model (`{old_sha[:12]}`) |", "|---|---|---|"]
    lines += [f"| {name} | {new[key]:.3f} | {old[key]:.3f} |" for name, key in rows[:4]]
    for n, f1 in new["credit_dev_file_f1"].items():
        name = f"credit dev split, file {n} only ({new['credit_dev_file_rows'][n]} messages)"
        lines.append(f"| {name} | {f1:.3f} | {old['credit_dev_file_f1'][n]:.3f} |")
    lines += [f"| {name} | {new[key]:.3f} | {old[key]:.3f} |" for name, key in rows[4:]]
    return "\n".join(lines)


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
    ap.add_argument("--model-dir", type=Path, default=goemo.MODEL_DIR)
    ap.add_argument("--work", type=Path, default=goemo.WORK_DIR)
    ap.add_argument("--previous", type=Path, default=None, help="default: WORK/previous")
    args = ap.parse_args()
    previous_dir = args.previous or args.work / "previous"

    sensor = OnnxEmotionSensor(args.model_dir)
    manifest = json.loads((args.model_dir / MANIFEST).read_text())
    metrics = score(sensor)
    metrics["model_mb"] = (args.model_dir / "model.onnx").stat().st_size / 1e6
    previous, previous_sha = None, ""
    if (previous_dir / MANIFEST).is_file():
        previous = score(OnnxEmotionSensor(previous_dir))
        previous["model_mb"] = (previous_dir / "model.onnx").stat().st_size / 1e6
        previous_sha = json.loads((previous_dir / MANIFEST).read_text())["files"]["model"][
            "sha256"
        ]
    history = json.loads((args.work / "train_history.json").read_text())
    baseline_path = args.work / "baseline_frozen.json"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.is_file() else None
    (args.work / "metrics.json").write_text(
        json.dumps(
            {
                "metrics": metrics,
                "previous": previous,
                "previous_sha256": previous_sha,
                "calibration": manifest["calibration"],
                "baseline": baseline,
            },
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
        "credit_train_rows": str(history["credit_rows"]["train"]),
        "credit_repeat": history["args"]["credit_repeat"],
        "credit_dev_rows": str(history["credit_rows"]["dev"]),
        "credit_train_sha256": history["credit_train_sha256"],
        "credit_files": "; ".join(
            f"`{name}` sha256 `{sha}`" for name, sha in history.get("credit_files", {}).items()
        ),
        "goemotions_dropped": str(history.get("goemotions_dropped_tagged_sarcastic_joy", 0)),
        "credit_dev": f"{metrics['credit_dev_f1_argmax']:.3f}",
        "comparison": comparison_md(metrics, previous, previous_sha),
        "history": "\n".join(
            f"| {h['epoch']} | {h['dev_f1_multilabel']:.4f} | {h['dev_f1_argmax_any']:.4f} | "
            f"{h['dev_nll']:.4f} | {h['credit_dev_f1']:.4f} | {h['elapsed_s'] / 60:.0f} |"
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
        "b_note": (B_NOTE if metrics["test_f1_argmax_any"] < B_TARGET else "")
        + (CREDIT_NOTE if metrics["credit_f1_argmax"] < CREDIT_TARGET else ""),
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
