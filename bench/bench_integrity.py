"""Integrity under attack and under load: the figures behind the README's Sessions section.

- threads: two sessions in two threads on one ``SessionStore``, 30 runs: in how many do
  memory and database agree, in how many does a raw ``sqlite3`` error escape;
- processes: 2 processes x 2 threads x 5 dialogues on one database file, 6 rounds: sessions
  whose stored turns equal the negotiator's;
- SIGKILL: a child process killed after a random number of turns, 30 trials: resumed exactly
  (same replies as an uninterrupted dialogue, indices 0..n-1);
- round trip: every simulated dialogue (CRAD x 10 personas x 11 policies, lexicon sensor)
  saved and loaded through the validation and the guard re-check: how many are refused
  (should be none: validation must never reject what the pipeline itself wrote);
- redaction recall on the planted-PII sets.

Writes ``bench/results/integrity.json`` (or argv[1]). Uses the CRAD fixture when
../shared/datasets is absent.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from edge_agent import Negotiator, Scenario, SessionStore  # noqa: E402
from edge_agent.state.redaction import redact_text  # noqa: E402
from edge_core.scenario import ScenarioError, default_crad_path  # noqa: E402

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                    creditor_name="Northwind Credit", debtor_name="Ms Lopez")
LINES = ["I need 150 days.", "120 days?", "I'm struggling, 100 days.", "What about 90 days?",
         "No.", "85 days.", "Why so few?", "80 days then.", "Please, 75 days.", "70 days?"]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
QUICK = os.environ.get("EDGE_AGENT_BENCH_QUICK") == "1"
"""``bench/run.py --quick``: the same measurements on a small sample (figures not for quoting)."""


def _same(store: SessionStore, agent: Negotiator) -> bool:
    return ([t.to_dict() for t in store.load(agent.session_id).turns]
            == [t.to_dict() for t in agent.session.turns])


def threads(runs: int = 30) -> dict[str, int]:
    agree = raw = 0
    for run in range(runs):
        store = SessionStore(Path(tempfile.mkdtemp()) / "s.db")
        agents = [Negotiator(SCENARIO, seed=run * 2 + k, sensor="lexicon", store=store)
                  for k in range(2)]
        errors: list[BaseException] = []

        def go(agent: Negotiator, errors: list[BaseException] = errors) -> None:
            try:
                agent.open()
                for line in LINES:
                    if agent.status != "open":
                        break
                    agent.respond(line)
            except Exception as exc:  # counted below
                errors.append(exc)

        workers = [threading.Thread(target=go, args=(a,)) for a in agents]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        raw += any(type(e).__module__.startswith("sqlite3") for e in errors)
        agree += not errors and all(_same(store, a) for a in agents)
        store.close()
    return {"runs": runs, "memory_equals_db": agree, "raw_sqlite_errors": raw}


PROCESS = textwrap.dedent("""
    import sys, threading
    from edge_agent import Negotiator, Scenario, SessionStore
    sc = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
    store = SessionStore(sys.argv[1], timeout=30)
    lines = {lines!r}
    agents, errors = [], []
    def run(k):
        for r in range(5):
            a = Negotiator(sc, seed=int(sys.argv[2]) * 100 + k * 10 + r, sensor="lexicon",
                           store=store)
            agents.append(a)
            try:
                a.open()
                for line in lines:
                    if a.status != "open":
                        break
                    a.respond(line)
            except Exception as e:
                errors.append(repr(e))
    ts = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    [t.start() for t in ts]; [t.join() for t in ts]
    same = sum([t.to_dict() for t in store.load(a.session_id).turns] ==
               [t.to_dict() for t in a.session.turns] for a in agents)
    print(len(agents), same, len(errors))
""")


def processes(rounds: int = 6) -> dict[str, int]:
    folder = Path(tempfile.mkdtemp())
    total = same = errors = 0
    for rnd in range(rounds):
        procs = [subprocess.Popen([sys.executable, "-c", PROCESS.format(lines=LINES),
                                   str(folder / f"s{rnd}.db"), str(i)],
                                  stdout=subprocess.PIPE, text=True, env=ENV)
                 for i in range(2)]
        for p in procs:
            n, ok, err = (int(x) for x in p.stdout.read().split())
            p.wait()
            total, same, errors = total + n, same + ok, errors + err
    return {"sessions": total, "memory_equals_db": same, "errors": errors}


CHILD = textwrap.dedent("""
    import sys
    from edge_agent import Negotiator, Scenario, SessionStore
    sc = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                  creditor_name="Northwind Credit", debtor_name="Ms Lopez")
    agent = Negotiator(sc, seed=5, sensor="lexicon", store=SessionStore(sys.argv[1]))
    agent.open()
    print("ID", agent.session_id, flush=True)
    for line in {lines!r}:
        if agent.status != "open":
            break
        agent.respond(line)
        print("TURN", flush=True)
""")


def sigkill(trials: int = 30) -> dict[str, int]:
    ref = Negotiator(SCENARIO, seed=5, sensor="lexicon")
    full = [ref.open().text] + [ref.respond(t).text for t in LINES if ref.status == "open"]
    rng = random.Random(0)
    exact = 0
    for _ in range(trials):
        db = Path(tempfile.mkdtemp()) / "s.db"
        p = subprocess.Popen([sys.executable, "-c", CHILD.format(lines=LINES), str(db)],
                             stdout=subprocess.PIPE, text=True, env=ENV)
        sid = p.stdout.readline().split()[1]
        for _ in range(rng.randint(0, len(full) - 2)):
            p.stdout.readline()
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        store = SessionStore(db)
        stored = store.load(sid)
        agent = Negotiator.resume(store, sid, sensor="lexicon")
        rest = [agent.respond(t).text for t in LINES[len(stored.turns) - 1:]
                if agent.status == "open"]
        indices = [t.index for t in store.load(sid).turns]
        exact += [t.reply for t in stored.turns] + rest == full and indices == list(
            range(len(full)))
        store.close()
    return {"trials": trials, "resumed_exactly": exact}


def round_trip() -> dict[str, int]:
    import sims.protocol as protocol
    from edge_agent.sense import make_sensor
    from sims.debtor import RuleDebtor
    from sims.personas import PERSONAS
    from sims.response import ResponseParams
    from sims.runner import DEFAULT_POLICIES

    made: list[Negotiator] = []

    class Recorded(Negotiator):
        def __init__(self, *a: object, **k: object) -> None:
            super().__init__(*a, **k)  # type: ignore[arg-type]
            made.append(self)

    protocol.Negotiator = Recorded  # type: ignore[misc]
    try:
        scenarios = Scenario.load_crad(default_crad_path())[:2 if QUICK else 12]
    except ScenarioError:
        scenarios = Scenario.load_crad(REPO / "tests" / "data" / "crad_fixture.csv")
    sensor = make_sensor("lexicon")
    total = refused = 0
    for sc in scenarios:
        for persona in PERSONAS:
            for policy in DEFAULT_POLICIES:
                made.clear()
                debtor = RuleDebtor(sc, persona, 0, ResponseParams(), key=sc.scenario_id)
                protocol.run_dialogue(sc, debtor, protocol.PolicySpec.parse(policy), seed=0,
                                      sensor=sensor)
                total += 1
                try:
                    Negotiator.from_json(made[0].to_json(), sensor="lexicon")
                except ValueError:
                    refused += 1
    return {"dialogues": total, "refused": refused, "scenarios": len(scenarios)}


def redaction() -> dict[str, float]:
    out = {}
    for name in ("pii_messages", "pii_holdout", "pii_holdout2"):
        lines = (REPO / "tests" / "data" / f"{name}.tsv").read_text().splitlines()
        rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
        found = sum(value not in redact_text(msg) for _, value, msg in rows)
        out[name] = round(found / len(rows), 3)
    return out


def main() -> int:
    out_json = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results" / "integrity.json"
    runs = {"runs": 5} if QUICK else {}
    results = {"threads": threads(**runs), "processes": processes(1 if QUICK else 6),
               "sigkill": sigkill(5 if QUICK else 30),
               "round_trip": round_trip(), "redaction_recall": redaction()}
    print(json.dumps(results, indent=2))
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(results, indent=2))
    broken = broken_invariants(results)
    for line in broken:
        print(f"FAILED: {line}", file=sys.stderr)
    return 1 if broken else 0


def broken_invariants(results: dict) -> list[str]:
    """The figures here are pass/fail claims (every session agrees, none is refused): a run
    that breaks one exits non-zero, so ``make bench`` names it instead of printing a number
    nobody reads (the round trip refused 59 of 1,440 sessions for a whole round unnoticed)."""
    t, p, k, r = (results[key] for key in ("threads", "processes", "sigkill", "round_trip"))
    checks = {
        f"threads: memory equals the database in {t['memory_equals_db']} of {t['runs']} runs":
            t["memory_equals_db"] == t["runs"] and t["raw_sqlite_errors"] == 0,
        f"processes: {p['memory_equals_db']} of {p['sessions']} sessions stored exactly, "
        f"{p['errors']} errors": p["memory_equals_db"] == p["sessions"] and p["errors"] == 0,
        f"sigkill: {k['resumed_exactly']} of {k['trials']} resumed exactly":
            k["resumed_exactly"] == k["trials"],
        f"round trip: {r['refused']} of {r['dialogues']} saved sessions refused on load":
            r["refused"] == 0,
    }
    return [claim for claim, ok in checks.items() if not ok]


if __name__ == "__main__":
    raise SystemExit(main())
