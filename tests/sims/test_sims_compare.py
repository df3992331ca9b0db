"""The eq-against-vanilla report: each pair's kept-value change goes to eq's first departure."""

from edge_core import Scenario
from sims.compare import compare, first_departure, main, markdown
from sims.populations import departures
from sims.promises import rejudge
from sims.response import ResponseParams

SC = Scenario(balance=15700.0, creditor_target_days=12, max_days=60, scenario_id="s1").to_dict()


def _record(policy: str, agreed: int | None, departures: list[str | None], sid: str = "s1"):
    messages = [{"role": "creditor", "trace": {"decision": {"reason": {"deal": {
        "departure": d}}}}} for d in departures]  # fmt: skip
    return {"policy": policy, "debtor": "angry", "seed": 0, "hidden": {"reservation": 12},
            "scenario": {**SC, "scenario_id": sid}, "messages": messages,
            "outcome": {"agreed": agreed is not None, "agreed_days": agreed}}  # fmt: skip


def test_first_departure_skips_the_none_and_names_the_kind():
    r = _record("eq", 30, [None, "none: manipulation suspected", "closing move (split): x",
                           "forbearance: y"])  # fmt: skip
    assert first_departure(r) == "closing move"
    assert first_departure(_record("eq", 30, [None, None])) == "none"
    assert departures(r) == ["closing move", "forbearance"]  # what the grid rows record


def test_the_kept_value_change_goes_to_the_first_departure():
    # reservation 12 = capacity (share 0 of a zero gap): both agreements are affordable, so
    # both hold or break on the same draw; 12 days keeps 1.0, 24 days 0.5
    records = [_record("eq", 24, ["closing move (meet): z"]), _record("vanilla", 12, [None]),
               _record("eq", 12, [None], "s2"), _record("vanilla", 12, [None], "s2"),
               _record("eq-paper", 60, [None], "s2")]  # fmt: skip
    cells = compare(records)
    assert set(cells) == {("angry", "closing move"), ("angry", "none")}
    moved, same = cells[("angry", "closing move")], cells[("angry", "none")]
    assert (moved.n, same.n) == (1, 1) and same.delta == 0.0
    assert moved.delta == rejudge(records[0], ResponseParams()) - rejudge(records[1],
                                                                          ResponseParams())
    assert moved.delta in (0.0, -0.5)  # -0.5 if the draw kept them, 0 if both broke
    assert "closing move" in markdown(cells)


def test_the_command(tmp_path, capsys):
    import json

    path = tmp_path / "dialogues.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (_record("eq", 12, [None]),
                                                       _record("vanilla", 12, [None]))))
    assert main([str(path)]) == 0 and "| angry | none | 1 | +0.000 |" in capsys.readouterr().out
    assert main([]) == 2
