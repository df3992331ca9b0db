"""The message budget in a saved session: validation refuses only what the pipeline never
writes (``bench/bench_integrity.py``'s round trip found 59 of 1,440 simulated dialogues refused).

The strategy may restate terms at the budget's last message and then accept the yes to them
(``policies.strategy``), so an agreed session can run to budget + 3 messages; the check used to
allow budget + 1 and refused the agent's own sessions. What it must still refuse is a further
negotiation step past the budget.
"""

from __future__ import annotations

import json

import pytest

from edge_agent import Negotiator
from edge_agent.state.session import SessionFormatError
from edge_core import Action
from tests.conftest import NORTHWIND

LINES = ["I need 90 days.", "How about 80 days?", "Fine, I accept your offer.", "Yes, I agree."]


def _played(max_messages: int, lines: list[str]) -> Negotiator:
    agent = Negotiator(NORTHWIND, seed=0, sensor="lexicon", max_messages=max_messages)
    agent.open()
    for line in lines:
        if agent.status not in ("open", "awaiting_confirmation"):
            break
        agent.respond(line)
    return agent


def test_a_confirmation_at_the_budget_and_its_yes_load():
    agent = _played(6, LINES)
    actions = [t.decision.action for t in agent.session.turns]
    assert actions[-2:] == [Action.CONFIRM, Action.ACCEPT]
    assert agent.session.messages_used == 9  # budget 6: the confirm is the 7th, the accept 9th
    loaded = Negotiator.from_json(agent.to_json(), sensor="lexicon")  # before: refused
    assert loaded.status == "agreed"


@pytest.mark.parametrize(("budget", "match"), [(3, "a counter at message 5, past the budget"),
                                               (4, "a confirm at message 7, past the budget")])
def test_a_negotiation_step_past_the_budget_is_refused(budget, match):
    # The same session claimed to have run on a smaller budget: a counter, or a restatement
    # of terms later than the budget + 1st message, is then past it.
    doc = json.loads(_played(6, LINES).to_json())
    doc["config"]["max_messages"] = budget
    with pytest.raises(SessionFormatError, match=match):
        Negotiator.from_json(json.dumps(doc), sensor="lexicon")


def test_a_counter_at_the_last_allowed_message_loads():
    # Close negative: budget 4, the counter at message 5 is the budget + 1st (allowed).
    doc = json.loads(_played(6, LINES[:2]).to_json())
    doc["config"]["max_messages"] = 4
    Negotiator.from_json(json.dumps(doc), sensor="lexicon")
