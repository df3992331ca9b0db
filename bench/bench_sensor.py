"""Emotion sensor benchmark: quality, calibration, latency and memory, every sensor side by side.

Usage: python bench/bench_sensor.py [OUT.json] [--compare-onnx DIR]
       (default OUT bench/results/sensor.json)

--compare-onnx adds another ONNX model directory (e.g. build/emotion/previous, the model that
`make train-emotion` replaced) as the sensor "onnx-compared", measured in the same run so
latency and size are compared on the same machine load.

Quality uses GoEmotions-Ekman from ../shared/datasets (thresholds and calibration judged on
dev, scores reported on test), the hand-written credit-dialogue set in tests/data/, and the
fresh set in bench/data/credit_fresh.tsv (140 debtor messages written without sight of the
project's data, never trained on: the closest estimate here of messages the sensor has never
seen; bench/data/CREDIT_FRESH.md).
Latency is single-utterance, one intra-op thread; RSS is measured in a fresh subprocess.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training" / "emotion"))
import credit_data  # noqa: E402
import goemo  # noqa: E402

from edge_agent.sense.onnx import ENV_VAR, OnnxEmotionSensor  # noqa: E402

# name -> (module, class): also how the RSS subprocess builds the sensor
SENSORS = {
    "onnx": ("edge_agent.sense.onnx", "OnnxEmotionSensor"),
    "onnx-compared": ("edge_agent.sense.onnx", "OnnxEmotionSensor"),
    "lexicon": ("edge_agent.sense.lexicon", "LexiconSensor"),
}
RSS_PROBE = """
import importlib, sys
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
import edge_agent  # baseline: the agent package (numpy, hmmlearn, ...) is loaded anyway
before = rss()
cls = getattr(importlib.import_module(sys.argv[1]), sys.argv[2])
cls().probs("I lost my job and can't pay this month.")
print(rss() - before)
"""


def build_sensors(compare: Path | None = None) -> list[tuple[str, Any]]:
    sensors: list[tuple[str, Any]] = [("onnx", OnnxEmotionSensor())]
    if compare is not None:
        sensors.append(("onnx-compared", OnnxEmotionSensor(compare)))
    try:
        from edge_agent.sense.lexicon import LexiconSensor
    except ImportError as exc:
        print(f"lexicon sensor not available ({exc}); benchmarking onnx only")
    else:
        sensors.append(("lexicon", LexiconSensor()))
    return sensors


def rss_added_mb(name: str, model_dir: Path | None = None) -> float:
    module, cls = SENSORS[name]
    env = dict(os.environ)
    if model_dir is not None:
        env[ENV_VAR] = str(model_dir)
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, module, cls],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    ).stdout
    return round(int(out.strip().splitlines()[-1]) / 1024, 1)


def raw_probs(sensor: Any, probs: np.ndarray) -> np.ndarray:
    """Undo a sensor's temperature (softmax(log p * T)) to get its uncalibrated output."""
    temp = getattr(sensor, "temperature", 1.0)
    return goemo.softmax(np.log(np.clip(probs, 1e-300, None)) * temp)


def goemotions_scores(sensor: Any) -> dict[str, Any]:
    dv_texts, dv_hot = goemo.load_split("dev")
    te_texts, te_hot = goemo.load_split("test")
    dv = goemo.probs_matrix(sensor.probs_batch(dv_texts))
    te = goemo.probs_matrix(sensor.probs_batch(te_texts))
    shipped = getattr(sensor, "thresholds", None)
    if shipped:
        thr = np.array([shipped[e] for e in goemo.EMOTIONS])
    else:
        thr = goemo.choose_thresholds(dv, dv_hot)
    return {
        "test_f1_multilabel": round(goemo.multilabel_macro_f1(te, te_hot, thr), 4),
        "test_f1_argmax_any": round(goemo.argmax_any_macro_f1(te, te_hot), 4),
        "test_f1_argmax_per_label": goemo.per_label_f1_argmax(te, te_hot),
        "thresholds": {e: round(float(t), 2) for e, t in zip(goemo.EMOTIONS, thr, strict=True)},
        "ece_dev_before": round(goemo.ece(raw_probs(sensor, dv), dv_hot), 4),
        "ece_dev_after": round(goemo.ece(dv, dv_hot), 4),
        "ece_test_before": round(goemo.ece(raw_probs(sensor, te), te_hot), 4),
        "ece_test_after": round(goemo.ece(te, te_hot), 4),
    }


def credit_scores(sensor: Any) -> dict[str, Any]:
    texts, hot = goemo.load_credit()
    probs = goemo.probs_matrix(sensor.probs_batch(texts))
    return {
        "credit_f1_argmax": round(goemo.argmax_any_macro_f1(probs, hot), 4),
        "credit_accuracy": round(float((probs.argmax(1) == hot.argmax(1)).mean()), 4),
        "credit_f1_per_label": goemo.per_label_f1_argmax(probs, hot),
    }


def credit_dev_scores(sensor: Any) -> dict[str, Any]:
    """The credit training data's dev split (paraphrase groups never trained on), overall, per
    data file (file 1's rows are the dev split the round-1 model was chosen without, so old and
    new models compare on it) and by register, with the confusion matrix (rows gold)."""
    _, dev = credit_data.split_groups(credit_data.load_rows())
    probs = goemo.probs_matrix(sensor.probs_batch([r.text for r in dev]))
    hot = credit_data.one_hot(dev)
    pred, gold = probs.argmax(1), hot.argmax(1)
    res: dict[str, Any] = {
        "credit_dev_rows": len(dev),
        "credit_dev_f1": round(goemo.argmax_any_macro_f1(probs, hot), 4),
    }
    for part in sorted({r.part for r in dev}):
        idx = [i for i, r in enumerate(dev) if r.part == part]
        res[f"credit_dev_file{part + 1}_f1"] = round(
            goemo.argmax_any_macro_f1(probs[idx], hot[idx]), 4
        )
    by: dict[str, list[int]] = {}
    for i, r in enumerate(dev):
        cell = by.setdefault(credit_data.register_of(r.group), [0, 0])
        cell[0] += int(pred[i] == gold[i])
        cell[1] += 1
    res["credit_dev_by_register"] = dict(sorted(by.items()))
    res["credit_dev_confusion"] = confusion(gold, pred)
    return res


def confusion(gold: np.ndarray, pred: np.ndarray) -> list[list[int]]:
    """The 7x7 confusion matrix of label indices, rows gold, columns predicted."""
    matrix = np.zeros((goemo.N, goemo.N), dtype=int)
    np.add.at(matrix, (gold, pred), 1)
    return matrix.tolist()


FRESH_TSV = ROOT / "bench" / "data" / "credit_fresh.tsv"


def load_fresh(path: Path = FRESH_TSV) -> list[dict[str, str]]:
    """The fresh set's rows (text, label, register)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def fresh_scores(sensor: Any) -> dict[str, Any]:
    """Macro-F1 on the fresh set, on all of it and on the rows no training message comes
    near (token Jaccard below credit_data.NEAR_DUPLICATE: an independent writer still lands
    on a few of the training data's phrasings), with the confusion matrix (rows gold)."""
    rows = load_fresh()
    texts = [r["text"] for r in rows]
    hot = np.zeros((len(rows), goemo.N), dtype=np.float32)
    hot[np.arange(len(rows)), [goemo.EMOTIONS.index(r["label"]) for r in rows]] = 1.0
    probs = goemo.probs_matrix(sensor.probs_batch(texts))
    train = [r.text for r in credit_data.load_rows()]
    far = [i for i, (score, _) in enumerate(credit_data.nearest(texts, train))
           if score < credit_data.NEAR_DUPLICATE]
    pred, gold = probs.argmax(1), hot.argmax(1)
    return {
        "fresh_rows": len(rows),
        "fresh_f1": round(goemo.argmax_any_macro_f1(probs, hot), 4),
        "fresh_far_rows": len(far),
        "fresh_far_f1": round(goemo.argmax_any_macro_f1(probs[far], hot[far]), 4),
        "fresh_f1_per_label": goemo.per_label_f1_argmax(probs, hot),
        "fresh_confusion": confusion(gold, pred),
        "fresh_misread": [[r["text"], r["label"], goemo.EMOTIONS[int(p)]]
                          for r, p, g in zip(rows, pred, gold, strict=True) if p != g],
    }


def speed(sensor: Any, texts: Sequence[str]) -> dict[str, float]:
    for t in texts[:20]:
        sensor.probs(t)
    lat = []
    for t in texts:
        t0 = time.perf_counter()
        sensor.probs(t)
        lat.append(time.perf_counter() - t0)
    batches = [list(texts[i : i + 32]) for i in range(0, len(texts) - 31, 32)]
    t0 = time.perf_counter()
    for b in batches:
        sensor.probs_batch(b)
    elapsed = time.perf_counter() - t0
    p50, p95 = percentiles_ms(lat)
    return {
        "latency_p50_ms": p50,
        "latency_p95_ms": p95,
        "batch32_texts_per_s": round(32 * len(batches) / elapsed, 1),
    }


def interleaved_latency(sensors: Sequence[tuple[str, Any]], texts: Sequence[str]) -> dict[str, Any]:
    """Per-message latency of several sensors, message by message in turn, so a load change
    on a shared machine hits them alike (measured one after the other, the later one can look
    twice as slow or fast for nothing but the machine)."""
    for t in texts[:20]:
        for _, s in sensors:
            s.probs(t)
    lat: dict[str, list[float]] = {name: [] for name, _ in sensors}
    for t in texts:
        for name, s in sensors:
            t0 = time.perf_counter()
            s.probs(t)
            lat[name].append(time.perf_counter() - t0)
    return {name: dict(zip(("p50_ms", "p95_ms"), percentiles_ms(v), strict=True))
            for name, v in lat.items()}


def percentiles_ms(seconds: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of latencies in seconds, in milliseconds (3 decimals)."""
    return (round(float(np.percentile(seconds, 50)) * 1e3, 3),
            round(float(np.percentile(seconds, 95)) * 1e3, 3))


def model_size_mb(sensor: Any) -> float | None:
    model_dir = getattr(sensor, "model_dir", None)
    return round((model_dir / "model.onnx").stat().st_size / 1e6, 2) if model_dir else None


def bench(name: str, sensor: Any, have_data: bool) -> dict[str, Any]:
    res: dict[str, Any] = {"sensor": name}
    if have_data:
        res.update(goemotions_scores(sensor))
        # Unique GoEmotions test texts, so dedup cannot flatter throughput.
        speed_texts = list(dict.fromkeys(goemo.load_split("test")[0]))[:1024]
    else:
        speed_texts = list(dict.fromkeys(goemo.load_credit()[0]))
    res.update(credit_scores(sensor))
    res.update(credit_dev_scores(sensor))
    res.update(fresh_scores(sensor))
    res.update(speed(sensor, speed_texts))
    res["model_file_mb"] = model_size_mb(sensor)
    res["rss_added_mb"] = rss_added_mb(name, getattr(sensor, "model_dir", None))
    return res


def table(results: list[dict[str, Any]]) -> str:
    keys = [
        "test_f1_multilabel",
        "test_f1_argmax_any",
        "credit_f1_argmax",
        "credit_dev_f1",
        "credit_dev_file1_f1",
        "credit_dev_file2_f1",
        "fresh_f1",
        "fresh_far_f1",
        "ece_dev_before",
        "ece_dev_after",
        "ece_test_before",
        "ece_test_after",
        "latency_p50_ms",
        "latency_p95_ms",
        "latency_interleaved_p50_ms",
        "latency_interleaved_p95_ms",
        "batch32_texts_per_s",
        "model_file_mb",
        "rss_added_mb",
    ]
    lines = [f"{'metric':<22}" + "".join(f"{r['sensor']:>12}" for r in results)]
    for k in keys:
        lines.append(f"{k:<22}" + "".join(f"{r.get(k, '-')!s:>12}" for r in results))
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", type=Path, default=ROOT / "bench" / "results" / "sensor.json")
    ap.add_argument("--compare-onnx", type=Path, default=None, metavar="DIR")
    args = ap.parse_args(argv[1:])
    have_data = (goemo.DATA_DIR / "test.tsv").is_file()
    if os.environ.get("EDGE_AGENT_BENCH_QUICK") == "1":  # bench/run.py --quick
        print("quick run: the credit-dialogue set only, no GoEmotions scores")
        have_data = False
    elif not have_data:
        print(f"GoEmotions not found at {goemo.DATA_DIR}: skipping GoEmotions scores")
    sensors = build_sensors(args.compare_onnx)
    results = [bench(name, sensor, have_data) for name, sensor in sensors]
    onnx = [(n, s) for n, s in sensors if n.startswith("onnx")]
    if len(onnx) > 1:
        texts = (list(dict.fromkeys(goemo.load_split("test")[0]))[:1000] if have_data
                 else list(dict.fromkeys(goemo.load_credit()[0])))
        both = interleaved_latency(onnx, texts)
        for r in results:
            if r["sensor"] in both:
                r["latency_interleaved_p50_ms"] = both[r["sensor"]]["p50_ms"]
                r["latency_interleaved_p95_ms"] = both[r["sensor"]]["p95_ms"]
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "command": "python bench/bench_sensor.py" + " ".join(["", *argv[1:]]),
    }
    args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv)
