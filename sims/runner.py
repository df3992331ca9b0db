"""Runs a sweep of dialogues (scenarios x personas x policies) locally or on Ray.

Determinism: every dialogue's randomness is keyed by (seed, scenario, persona), never by the
worker, the executor or the policy (all policies meet the same debtors). Results are written
to ``dialogues.jsonl`` in job order as they complete in order, so the file is the same for
any ``--workers`` or executor, and an interrupted file is always a prefix of the job list:
``resume`` keeps the complete lines and runs only the rest.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from edge_core import Scenario
from sims.debtor import RuleDebtor, key_rng
from sims.perception import DEFAULT_PERCEPTION, PERCEPTIONS, make_perception
from sims.personas import spec
from sims.protocol import MAX_MESSAGES, PolicySpec, play_dialogue
from sims.response import ResponseParams

DEFAULT_POLICIES = (
    "eq",
    "eq-paper",
    "payoff",
    "wsls",
    "hmm",
    "vanilla",
    "fixed:neutral",
    "fixed:sadness",
    "random",
    "boulware",
    "linear",
    "conceder",
)
JSONL = "dialogues.jsonl"
MANIFEST = "run.json"
LOCK = ".writing.lock"
"""Held (``flock``) by the one process writing a run folder (:func:`writing`)."""


@dataclass(frozen=True)
class RunConfig:
    """Everything that determines a sweep's results (workers and executor do not)."""

    scenarios: list[dict[str, Any]]
    debtors: list[str]
    policies: list[str]
    seed: int = 0
    backend: str = "template"
    sensor: str = "lexicon"
    debtor_backend: str = "rules"
    params: dict[str, float] = field(default_factory=lambda: ResponseParams().to_dict())
    max_messages: int = MAX_MESSAGES
    perception: str = DEFAULT_PERCEPTION
    debtor_voice: str = "rewrite"
    learned: dict[str, Any] | None = None
    """The state ``eq`` starts every dialogue from (:mod:`sims.learned_start`): its
    description (sha256, how it was made, digest) plus ``state``, its JSON form; None: an
    empty state. Only the description is the run's identity (the state is in learned.json)."""

    def jobs(self) -> list[dict[str, Any]]:
        out = []
        for sc in self.scenarios:
            for deb in self.debtors:
                for pol in self.policies:
                    out.append(
                        {
                            "key": f"{sc.get('scenario_id')}|{deb}|{pol}",
                            "scenario": sc,
                            "debtor": deb,
                            "policy": pol,
                        }
                    )
        return out

    def identity(self) -> dict[str, Any]:
        """What run.json records and a resume compares. ``learned`` appears only when set
        (so a run.json from before it resumes as the cold start it was), without the state
        itself; ``free_debtor_check`` only for free debtors, whose check it versions."""
        out = asdict(self)
        if self.learned is None:
            del out["learned"]
        else:
            out["learned"] = {k: v for k, v in self.learned.items() if k != "state"}
        if self.debtor_voice == "free":
            from sims.free_debtor import CHECK_VERSION

            out["free_debtor_check"] = CHECK_VERSION
        return out

    def starting_state(self, policy: str) -> Any:
        """A fresh copy of the learned state ``policy`` starts from (None: an empty one).
        Parsed per dialogue, so no dialogue sees what another learned."""
        if self.learned is None or self.learned.get("state", {}).get("kind") != policy:
            return None
        from edge_agent.state.learned_store import state_from_dict

        return state_from_dict(self.learned["state"])


LEGACY_IDENTITY = {"perception": "label", "debtor_voice": "rewrite"}
"""What a run saved before these settings existed did: resuming it keeps doing that."""
DEBTOR_VOICES = ("rewrite", "free")


def load_scenarios(path: str | os.PathLike[str] | None, limit: int | None) -> list[Scenario]:
    if limit is not None and (isinstance(limit, bool) or limit < 1):
        raise ValueError(f"--limit must be at least 1 (or left out for every scenario), "
                         f"got {limit}")
    rows = Scenario.load_crad(path)
    return rows[:limit] if limit else rows


def validate(cfg: RunConfig) -> None:
    for d in cfg.debtors:
        spec(d)
    for p in cfg.policies:
        PolicySpec.parse(p)
    if cfg.perception not in PERCEPTIONS:
        raise ValueError(f"unknown perception {cfg.perception!r}; expected one of "
                         f"{', '.join(PERCEPTIONS)}")
    if cfg.debtor_voice not in DEBTOR_VOICES:
        raise ValueError(f"unknown debtor voice {cfg.debtor_voice!r}; expected one of "
                         f"{', '.join(DEBTOR_VOICES)}")
    if cfg.learned is not None:
        _validate_learned(cfg.learned)


def _validate_learned(learned: Any) -> None:
    """``RunConfig.learned`` as :mod:`sims.learned_start` makes it: a description with its
    sha256 and the state's JSON form (ValueError otherwise, before run.json records a sha256
    of a state the dialogues would not start from)."""
    from edge_agent.state.learned_store import state_from_dict

    if not isinstance(learned, dict) or not isinstance(learned.get("sha256"), str):
        raise ValueError("RunConfig.learned must be a description with a sha256 and the state "
                         f"(sims.learned_start.Start), got {learned!r:.80}")  # fmt: skip
    state_from_dict(learned.get("state"))  # LearnedStateError is a ValueError


_SENSORS: dict[str, Any] = {}
_DEBTOR_BACKENDS: dict[str, Any] = {}


def _sensor(name: str) -> Any:
    """One sensor per process (the ONNX one loads a model once)."""
    if name not in _SENSORS:
        from edge_agent.sense import EmotionSensor, make_sensor

        _SENSORS[name] = EmotionSensor.default() if name == "default" else make_sensor(name)
    return _SENSORS[name]


def make_debtor(cfg: RunConfig, scenario: Scenario, persona: str) -> Any:
    params = ResponseParams.from_dict(cfg.params)
    key = scenario.scenario_id or "scenario"
    perception = make_perception(cfg.perception)
    if cfg.debtor_backend == "rules":
        return RuleDebtor(scenario, persona, cfg.seed, params, key=key, perception=perception)
    from sims.llm_debtor import LlmDebtor

    runtime = debtor_runtime(cfg.debtor_backend)
    if cfg.debtor_voice == "free":
        from sims.free_debtor import FreeLlmDebtor

        return FreeLlmDebtor(scenario, persona, cfg.seed, params, key=key, runtime=runtime,
                             perception=perception)  # fmt: skip
    return LlmDebtor(scenario, persona, cfg.seed, params, key=key, runtime=runtime,
                     perception=perception)  # fmt: skip


def debtor_runtime(backend: str) -> Any:
    """One loaded model per debtor backend and process."""
    from sims.llm_debtor import LlmDebtor

    if backend not in _DEBTOR_BACKENDS:
        _DEBTOR_BACKENDS[backend] = LlmDebtor.load_runtime(backend)
    return _DEBTOR_BACKENDS[backend]


def run_job(job: dict[str, Any], cfg: RunConfig) -> dict[str, Any]:
    """One dialogue as a JSON-ready record (no timings: the record is deterministic)."""
    scenario = Scenario.from_dict(job["scenario"])
    debtor = make_debtor(cfg, scenario, job["debtor"])
    creditor_seed = int(
        key_rng(cfg.seed, scenario.scenario_id, job["debtor"], "creditor").integers(2**31)
    )
    spec = PolicySpec.parse(job["policy"])
    learned = cfg.starting_state(spec.persona_policy) if spec.llm_alone is None else None
    result, _ = play_dialogue(
        scenario,
        debtor,
        spec,
        seed=creditor_seed,
        sensor=_sensor(cfg.sensor),
        backend=cfg.backend,
        max_messages=cfg.max_messages,
        learned=learned,
    )
    sha = learned_sha(cfg, job["policy"])  # set exactly when ``learned`` is
    started = {"learned_sha256": sha} if sha is not None else {}
    return {
        **started,
        "key": job["key"],
        "policy": job["policy"],
        "debtor": job["debtor"],
        "backend": _creditor_backend(job["policy"], cfg.backend),
        "perception": cfg.perception,
        "debtor_backend": cfg.debtor_backend,
        "debtor_voice": cfg.debtor_voice,
        "seed": cfg.seed,
        "creditor_seed": creditor_seed,
        "scenario": job["scenario"],
        **result,
    }


def learned_sha(cfg: RunConfig, policy: str) -> str | None:
    """The sha256 of the learned state a dialogue of ``policy`` starts from in this run (its
    record's ``learned_sha256``), or None when it starts empty."""
    spec = PolicySpec.parse(policy)
    if cfg.learned is None or spec.llm_alone is not None:
        return None
    if cfg.learned.get("state", {}).get("kind") != spec.persona_policy:
        return None
    return cfg.learned.get("sha256")


def _foreign(done: Sequence[dict[str, Any]], cfg: RunConfig, jsonl: Path) -> None:
    """Refuse (ValueError) finished records another run wrote: same keys, but another seed or
    starting state (a line pasted from another folder), so one file never mixes two runs."""
    for i, rec in enumerate(done, 1):
        if rec.get("seed") != cfg.seed or (
            rec.get("learned_sha256") != learned_sha(cfg, str(rec.get("policy")))
        ):
            raise ValueError(f"{jsonl} line {i} ({rec.get('key')}) was written by another run "
                             "(its seed or eq's starting state differ from run.json's); cannot "
                             "resume: use another --out or drop --resume")  # fmt: skip


_LOCAL = threading.local()
"""Per thread, ``held``: the run folders this thread holds (:func:`writing` is re-entrant in
one thread; another thread of the same process is refused like another process)."""


def _held_here() -> set[str]:
    if not hasattr(_LOCAL, "held"):
        _LOCAL.held = set()
    return _LOCAL.held


@contextlib.contextmanager
def writing(out: Path) -> Iterator[None]:
    """Hold ``out`` for this process while it writes the run: a second process on the same
    folder (two ``sim headline`` at once) is refused with ValueError instead of appending the
    same dialogues twice and rewriting learned.json under the first. Re-entrant in one
    thread (the CLI holds the folder from its resume checks through :func:`run`); another
    thread is refused (``flock`` locks belong to each open of the lock file). A folder
    made here and left with nothing but the lock (the run was refused) is removed again: a
    refused command leaves no trace. Without ``fcntl`` (Windows) the folder is not held."""
    key = str(out.resolve())
    if key in _held_here():
        yield
        return
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    with _held(out, key):
        try:
            yield
        finally:  # still held: no other process is in the folder
            if created and {p.name for p in out.iterdir()} <= {LOCK}:
                (out / LOCK).unlink()
                out.rmdir()


@contextlib.contextmanager
def _held(out: Path, key: str) -> Iterator[None]:
    """``flock`` on ``out``'s lock file, or ValueError when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        fcntl = None  # type: ignore[assignment]
    with (out / LOCK).open("a") as fh:
        if fcntl is not None:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ValueError(f"another process is writing {out} (it holds {out / LOCK}); "
                                 "wait for it or use another --out") from None  # fmt: skip
        _held_here().add(key)
        try:
            yield
        finally:
            _held_here().discard(key)


def _creditor_backend(policy: str, backend: str) -> str:
    """What the creditor speaks through: the run's backend, or an ``llm-alone`` model."""
    from sims.llm_alone import is_llm_alone, model_of

    return model_of(policy) if is_llm_alone(policy) else backend


def _run_chunk(jobs: Sequence[dict[str, Any]], cfg: RunConfig) -> list[dict[str, Any]]:
    return [run_job(j, cfg) for j in jobs]


def chunk_size(cfg: RunConfig) -> int:
    """Dialogues a worker plays per task. A worker's results reach ``dialogues.jsonl`` only
    when its whole task is done, so when any dialogue runs a language model (minutes each)
    a task is one dialogue: the file grows, and a stopped run keeps, dialogue by dialogue
    (with eight, a 15-dialogue headline on two workers wrote nothing for its first 40
    minutes). Template runs keep eight, where per-task overhead would dominate."""
    from sims.llm_alone import is_llm_alone

    uses_model = (cfg.backend != "template" or cfg.debtor_backend != "rules"
                  or any(is_llm_alone(p) for p in cfg.policies))  # fmt: skip
    return 1 if uses_model else 8


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def execute(
    jobs: Sequence[dict[str, Any]],
    cfg: RunConfig,
    workers: int = 1,
    executor: str = "local",
    chunk: int = 8,
) -> Iterator[dict[str, Any]]:
    """Yield records in job order, whatever the executor or worker count."""
    if not jobs:
        return
    if executor == "ray":
        yield from _execute_ray(jobs, cfg, chunk)
    elif workers <= 1:
        for j in jobs:
            yield run_job(j, cfg)
    else:
        import multiprocessing as mp
        from functools import partial

        # fork: workers start in milliseconds and inherit the imports (no model is loaded
        # before the pool starts: sensors are built lazily inside the workers)
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        with mp.get_context(method).Pool(workers) as pool:
            for batch in pool.imap(partial(_run_chunk, cfg=cfg), _chunks(jobs, chunk)):
                yield from batch


def _execute_ray(
    jobs: Sequence[dict[str, Any]], cfg: RunConfig, chunk: int
) -> Iterator[dict[str, Any]]:
    try:
        import ray
    except ImportError as exc:
        raise RuntimeError(
            "--executor ray needs the optional extra: pip install 'edge-agent[distributed]'"
        ) from exc
    started = not ray.is_initialized()
    if started:
        ray.init(
            address=os.environ.get("RAY_ADDRESS"), include_dashboard=False, log_to_driver=False
        )
    try:
        remote = ray.remote(_run_chunk)
        cfg_ref = ray.put(cfg)
        refs = [remote.remote(list(c), cfg_ref) for c in _chunks(jobs, chunk)]
        for ref in refs:  # in submission order: deterministic output
            yield from ray.get(ref)
    finally:
        if started:
            ray.shutdown()


def read_records(path: Path) -> list[dict[str, Any]]:
    """Complete JSON lines of a (possibly interrupted) JSONL file."""
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                break  # a line cut by an interruption: it and anything after are redone
    return out


def run(
    cfg: RunConfig,
    out: Path,
    *,
    workers: int = 1,
    executor: str = "local",
    resume: bool = False,
    progress: Callable[[int, int], None] | None = None,
    stop_after: int | None = None,
) -> list[dict[str, Any]]:
    """Run the sweep into ``out``; return all records (old and new). ``stop_after`` ends
    early after that many new dialogues (used to test resume)."""
    validate(cfg)
    if workers < 1:
        raise ValueError(f"--workers must be at least 1, got {workers}")
    with writing(out):
        return _run(cfg, out, workers=workers, executor=executor, resume=resume,
                    progress=progress, stop_after=stop_after)  # fmt: skip


def _run(cfg: RunConfig, out: Path, *, workers: int, executor: str, resume: bool,
         progress: Callable[[int, int], None] | None,
         stop_after: int | None) -> list[dict[str, Any]]:  # fmt: skip
    """:func:`run` with ``out`` held."""
    manifest, jsonl = out / MANIFEST, out / JSONL
    done: list[dict[str, Any]] = []
    if resume and manifest.is_file():
        check_resume(cfg, out)
        done = read_records(jsonl)
    elif jsonl.exists() and not resume:
        jsonl.unlink()
    manifest.write_text(json.dumps(cfg.identity(), indent=1))
    jobs = cfg.jobs()
    keys = [j["key"] for j in jobs]
    if [r["key"] for r in done] != keys[: len(done)]:
        raise ValueError(f"{jsonl} is not a prefix of this run's jobs; cannot resume")
    _foreign(done, cfg, jsonl)
    _rewrite(jsonl, done)
    todo = jobs[len(done) :]
    if stop_after is not None:
        todo = todo[:stop_after]
    records = list(done)
    with jsonl.open("a", encoding="utf-8") as fh:
        for rec in execute(todo, cfg, workers, executor, chunk=chunk_size(cfg)):
            fh.write(json.dumps(rec, sort_keys=True) + "\n")
            fh.flush()
            records.append(rec)
            if progress:
                progress(len(records), len(jobs))
    return records


def check_resume(cfg: RunConfig, out: Path) -> None:
    """Refuse (ValueError) to resume ``out`` with settings other than those its run.json
    holds, naming every setting that differs; nothing is written."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return
    try:
        saved = json.loads(manifest.read_text())
    except ValueError:
        saved = None
    if not isinstance(saved, dict):
        raise ValueError(f"{manifest} is not a run manifest; use another --out or drop --resume")
    saved = {**LEGACY_IDENTITY, **saved}
    if saved["debtor_voice"] == "free":
        saved.setdefault("free_debtor_check", 1)  # the check before it was versioned
    mine = json.loads(json.dumps(cfg.identity()))
    if saved != mine:
        differ = sorted(k for k in {*saved, *mine} if saved.get(k) != mine.get(k))
        raise ValueError(f"{out} holds a different run (settings differ: {', '.join(differ)}); "
                         "use another --out or drop --resume")  # fmt: skip


def _rewrite(path: Path, records: list[dict[str, Any]]) -> None:
    """Drop any cut last line so appends continue a clean file."""
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, sort_keys=True) + "\n")
