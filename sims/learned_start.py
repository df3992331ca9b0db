"""The learned state ``eq`` starts every headline dialogue from (issue 22).

``eq``'s learner is conservative (docs/learning-eq.md §2, §7): from an empty state it never
leaves the uninstructed baseline, so a headline played cold compares ``vanilla`` with itself.
A deployed ``eq`` carries what it learned from earlier debtors; the headline gives it that
state in one of two ways, and every headline ``eq`` dialogue starts from the same one (nothing
is carried between headline dialogues, so they stay independent, parallel and resumable):

- a **warm-up**: ``eq`` plays the CRAD rows right after the headline's (disjoint from them) x
  the same debtor personas, on the template backend against the rules debtors perceiving
  the creditor's words, carrying its state across those dialogues with the population
  evaluation's carrier (:func:`sims.populations.carry`);
- an **export** written by ``edge-agent learned export``, read with the learned store's own
  validated readers.

The state is written to ``OUT/learned.json`` (the export format, byte-stable for the same
state) and described in ``run.json`` (``learned``: the file's sha256, how it was made and the
per-persona digest ``edge-agent learned show`` prints). A resume whose options would make a
different state is refused, so one ``dialogues.jsonl`` never mixes two starting states.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edge_agent.state.learned_store import (
    LearnedStateError,
    LearnedStore,
    export_document,
    export_entry,
    read_export,
    summary,
)
from edge_core import Scenario
from policies.learner import LearnerState

FILE = "learned.json"
POLICY = "eq"
"""The headline's learning creditor (``vanilla`` and ``llm-alone`` learn nothing)."""
PROFILE = "default"
WARMUP_BACKEND = "template"
WARMUP_PERCEPTION = "text"
DEFAULT_WARMUP = 20
"""CRAD rows of the warm-up (x the headline's debtor personas: 100 dialogues at the default
five), a few minutes on the template backend."""


class StartError(ValueError):
    """The starting state cannot be made, read or reused (the CLI exits 2, nothing run)."""


@dataclass(frozen=True)
class Start:
    """A starting state and its description; ``state`` None is the cold start."""

    state: LearnerState | None
    made: dict[str, Any]

    def document(self) -> dict[str, Any] | None:
        """The export document of ``OUT/learned.json`` (None for the cold start). ``updated``
        is 0 for a state the run made (it was made by a run, not at a moment on a device) and
        the source's for an export, so the same state always gives the same bytes."""
        if self.state is None:
            return None
        updated = float(self.made.get("updated", 0.0))
        return export_document([export_entry(POLICY, PROFILE, self.state.dialogues, updated,
                                             self.state)])  # fmt: skip

    def text(self) -> str:
        """``OUT/learned.json``'s exact text."""
        return json.dumps(self.document(), indent=1, sort_keys=True, allow_nan=False) + "\n"

    def describe(self) -> dict[str, Any] | None:
        """What ``run.json`` records (and the resume check compares): None for the cold start
        (so a cold run resumes a run.json from before this option)."""
        if self.state is None:
            return None
        return {"sha256": hashlib.sha256(self.text().encode()).hexdigest(), "made": self.made,
                "dialogues": self.state.dialogues, "personas": summary(self.state)["personas"]}


def cold() -> Start:
    """No learned state: ``eq`` plays as it would on a new device (the ablation)."""
    return Start(None, {"source": "cold"})


def warmup_items(rows: Sequence[Scenario],
                 debtors: Sequence[str]) -> list[tuple[Scenario, str, str]]:  # fmt: skip
    """(scenario, persona, debtor key) of the warm-up, row by row, persona by persona. The
    key keeps warm-up debtors' draws apart from any headline debtor's."""
    return [(sc, persona, f"warmup|{sc.scenario_id}|{persona}")
            for sc in rows for persona in debtors]  # fmt: skip


def warmup_made(rows: Sequence[Scenario], limit: int, n: int, debtors: Sequence[str],
                seed: int, sensor: str, params: dict[str, float]) -> dict[str, Any]:  # fmt: skip
    """Everything that determines a warm-up's state, known before it is played (a resume
    compares this and reuses the saved state instead of replaying it)."""
    digest = hashlib.sha256(json.dumps([s.to_dict() for s in rows], sort_keys=True,
                                       default=str).encode()).hexdigest()  # fmt: skip
    return {"source": "warmup", "warmup": n, "after_rows": limit,
            "rows": [s.scenario_id for s in rows], "rows_sha256": digest,
            "debtors": list(debtors), "dialogues": len(rows) * len(debtors), "seed": seed,
            "backend": WARMUP_BACKEND, "debtor": "rules", "perception": WARMUP_PERCEPTION,
            "sensor": sensor, "params": dict(params)}  # fmt: skip


def warmup_rows(all_rows: Sequence[Scenario], limit: int, n: int) -> list[Scenario]:
    """The ``n`` CRAD rows right after the headline's first ``limit``; too few is an error
    (a shorter warm-up than asked would be a different experiment under the same name)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise StartError(f"--warmup must be 0 (cold start) or more CRAD rows, got {n!r}")
    rows = list(all_rows[limit : limit + n])
    if len(rows) < n:
        raise StartError(f"--warmup {n} needs {n} CRAD rows after the headline's first {limit}, "
                         f"but the scenarios have {len(all_rows)} rows ({len(rows)} after "
                         f"them); lower --warmup or --limit")  # fmt: skip
    return rows


def warm_up(rows: Sequence[Scenario], limit: int, debtors: Sequence[str], seed: int,
            sensor: str, params: dict[str, float]) -> Start:  # fmt: skip
    """Play the warm-up and return the state it leaves (:func:`sims.populations.carry`)."""
    from sims.populations import carry
    from sims.response import ResponseParams

    made = warmup_made(rows, limit, len(rows), debtors, seed, sensor, params)
    if not rows:
        return cold()
    _, state = carry(warmup_items(rows, debtors), POLICY, seed, ResponseParams.from_dict(params),
                     sensor, WARMUP_PERCEPTION, backend=WARMUP_BACKEND)  # fmt: skip
    if not isinstance(state, LearnerState):
        raise StartError(f"the warm-up left no {POLICY} state ({type(state).__name__})")
    return Start(state, made)


def from_export(path: Path) -> Start:
    """The ``eq`` state of an ``edge-agent learned export`` file, validated by the learned
    store's readers (size, strict JSON, schema, every item). One ``eq`` item is taken; with
    several profiles, the ``default`` one; StartError otherwise."""
    try:
        items = LearnedStore.parse_export(read_export(path))
    except LearnedStateError as exc:
        raise StartError(f"--learned: {exc}") from None
    mine = [(s, p) for s, p in items if s.kind == POLICY]
    if not mine:
        raise StartError(f"--learned {path} holds no {POLICY} state (it has "
                         f"{sorted({s.kind for s, _ in items}) or 'nothing'})")  # fmt: skip
    if len(mine) > 1:
        mine = [(s, p) for s, p in mine if p == PROFILE]
        if len(mine) != 1:
            raise StartError(f"--learned {path} holds several {POLICY} profiles and none is "
                             f"{PROFILE!r}; export one profile (edge-agent learned export "
                             f"--profile NAME)")  # fmt: skip
    state, profile = mine[0]
    assert isinstance(state, LearnerState)
    doc = read_export(path)
    updated = next((i.get("updated", 0.0) for i in doc["learned"]
                    if i.get("profile") == profile and i["state"].get("kind") == POLICY), 0.0)
    if isinstance(updated, bool) or not isinstance(updated, int | float):
        updated = 0.0
    made = {"source": "export", "profile": profile, "updated": float(updated)}
    return Start(state, made)


def read_saved(out: Path, described: dict[str, Any]) -> Start:
    """The state a run folder's ``learned.json`` holds, checked against ``run.json``'s sha256
    (an edited or missing file is refused: the finished dialogues started from the recorded
    one)."""
    file = out / FILE
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise StartError(f"{out} was started from a learned state ({described.get('sha256')}) "
                         f"but {file} cannot be read ({exc.strerror}); use another --out or "
                         f"--no-resume") from None  # fmt: skip
    if hashlib.sha256(text.encode()).hexdigest() != described.get("sha256"):
        raise StartError(f"{file} is not the learned state {out}'s dialogues started from "
                         f"(sha256 differs from run.json); use another --out or --no-resume")
    start = from_export(file)
    return Start(start.state, dict(described["made"]))


def saved_description(out: Path) -> tuple[bool, dict[str, Any] | None]:
    """(a run is saved in ``out``, the ``learned`` description its run.json holds). A
    run.json that is there but is not a manifest, or whose ``learned`` is not a description
    (edited by hand), is refused before anything is played (a warm-up takes minutes)."""
    manifest = out / "run.json"
    if not manifest.is_file():
        return False, None
    try:
        saved = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None
    if not isinstance(saved, dict):
        raise StartError(f"{manifest} is not a run manifest; use another --out or --no-resume")
    learned = saved.get("learned")
    if learned is not None and not (
        isinstance(learned, dict) and isinstance(learned.get("made"), dict)
        and isinstance(learned.get("sha256"), str)
    ):
        raise StartError(f"{manifest}'s learned is not the description of a starting state "
                         f"(edited by hand?); use another --out or --no-resume")  # fmt: skip
    return True, learned


def label(made: dict[str, Any]) -> str:
    """How a start was made, in words (refusals and headline.md)."""
    src = made.get("source")
    if src == "warmup":
        debtors = made.get("debtors")
        return (f"a warm-up of {made.get('warmup')} CRAD row(s) after the first "
                f"{made.get('after_rows')} x "
                f"{len(debtors) if isinstance(debtors, list) else '?'} personas "
                f"({made.get('dialogues')} dialogues, {made.get('backend')} backend, rules "
                f"debtors, perception {made.get('perception')}, sensor {made.get('sensor')}, "
                f"seed {made.get('seed')})")  # fmt: skip
    if src == "export":
        return f"an exported learned state (profile {made.get('profile')})"
    return "an empty learned state (cold start, --warmup 0)"


def choose(out: Path, resume: bool, *, learned: Path | None, warmup: int,
           all_rows: Sequence[Scenario], limit: int, debtors: Sequence[str], seed: int,
           sensor: str, params: dict[str, float]) -> Start:  # fmt: skip
    """The start a headline run uses. Resuming a folder reuses its saved state when these
    options would make the same one (a warm-up is not replayed) and refuses, before anything
    is played, options that would make another: its dialogues started from the saved one."""
    has_run, saved = saved_description(out) if resume else (False, None)
    compute = None
    if learned is not None:
        start = from_export(learned)
    elif warmup == 0:
        start = cold()
    else:
        rows = warmup_rows(all_rows, limit, warmup)
        start = Start(None, warmup_made(rows, limit, warmup, debtors, seed, sensor, params))

        def compute() -> Start:
            return warm_up(rows, limit, debtors, seed, sensor, params)
    if has_run:
        wanted = start.describe() if compute is None else {"made": start.made}
        same = (saved is None and wanted is None) or (
            saved is not None and wanted is not None
            and (saved.get("made") == wanted["made"] if compute is not None
                 else saved.get("sha256") == wanted["sha256"]))  # fmt: skip
        if not same:
            before = label(saved["made"]) if saved else label(cold().made)
            raise StartError(
                f"{out} holds a run whose eq started from {before}; these options would start "
                f"it from {label(start.made)}{' (another file)' if learned and saved else ''}, "
                "and one dialogues.jsonl never mixes two starting states: rerun with the "
                "options that made it, or use another --out or --no-resume")  # fmt: skip
        if saved is not None:
            return read_saved(out, saved)
    return compute() if compute is not None else start
