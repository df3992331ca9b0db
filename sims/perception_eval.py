"""How well the debtors' independent reader reads emotion, on text that is not the agent's.

``python -m sims.perception_eval [--split dev|test|credit]`` scores the candidate designs of
:mod:`sims.perception` on GoEmotions (Ekman grouping, ``../shared/datasets/goemotions-ekman``):
macro-F1 over the seven classes on the single-label rows, and accuracy (the read emotion is
one of the row's labels) on all rows; ``credit`` is the project's 154 debtor messages
(``tests/data/credit_emotions.tsv``), a domain check. The design was chosen on ``dev`` and
is reported on ``test``; the agent's replies were never used to choose it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from edge_core.emotions import EMOTIONS
from edge_core.scenario import default_crad_path
from sims.perception import BROAD, DESIGN, FAMILIES, SAME_NAME, Design, TextReader

LABELS = ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise")
CANDIDATES: dict[str, Design] = {
    f"{cats}{', VADER joy >= ' + str(joy) if joy is not None else ''}{extra}": Design(
        table, joy_valence=joy, **kw
    )
    for cats, table in (("same-name", SAME_NAME), ("families", FAMILIES), ("broad", BROAD))
    for joy in (None, 0.05, 0.3, 0.5)
    for extra, kw in (
        ("", {}),
        (", no valence check", {"valence_filter": False}),
        (", no negation", {"negation": False}),
        (", exact words", {"strip_suffixes": False}),
    )
}


def dataset_dir() -> Path:
    env = os.environ.get("EDGE_AGENT_GOEMOTIONS")
    if env:
        return Path(env)
    return default_crad_path().parent.parent / "goemotions-ekman"  # beside CRAD


CREDIT = Path(__file__).resolve().parent.parent / "tests/data/credit_emotions.tsv"
"""The project's credit-dialogue set (debtor messages, one label each): a domain check."""


def load(split: str, folder: Path | None = None) -> list[tuple[str, set[str]]]:
    rows = []
    if split == "credit":
        for line in CREDIT.read_text(encoding="utf-8").splitlines():
            text, label = line.split("\t")[:2]
            rows.append((text, {label}))
        return rows
    path = (folder or dataset_dir()) / f"{split}.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        text, labels, *_ = line.split("\t")
        rows.append((text, {LABELS[int(i)] for i in labels.split(",")}))
    return rows


def score(reader: TextReader, rows: Sequence[tuple[str, set[str]]]) -> dict[str, float]:
    """Macro-F1 on single-label rows and accuracy on all rows."""
    hits = 0
    tp = dict.fromkeys(EMOTIONS, 0)
    fp = dict.fromkeys(EMOTIONS, 0)
    fn = dict.fromkeys(EMOTIONS, 0)
    for text, labels in rows:
        got = reader.read(text)
        hits += got in labels
        if len(labels) == 1:
            (true,) = labels
            if got == true:
                tp[got] += 1
            else:
                fp[got] += 1
                fn[true] += 1
    f1s = []
    for e in EMOTIONS:
        denom = 2 * tp[e] + fp[e] + fn[e]
        f1s.append(2 * tp[e] / denom if denom else 0.0)
    return {"macro_f1": sum(f1s) / len(f1s), "accuracy": hits / len(rows), "rows": len(rows)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "test", "credit"))
    args = parser.parse_args(argv)
    rows = load(args.split)
    designs = CANDIDATES if args.split == "dev" else {"chosen": DESIGN}
    name = "credit-dialogue set" if args.split == "credit" else f"GoEmotions-Ekman {args.split}"
    print(f"{name}, {len(rows)} rows")
    print("| design | macro-F1 (single-label rows) | accuracy (all rows) |\n|---|---|---|")
    for name, design in designs.items():
        s = score(TextReader(design), rows)
        print(f"| {name} | {s['macro_f1']:.3f} | {s['accuracy']:.3f} |")


if __name__ == "__main__":
    main()
