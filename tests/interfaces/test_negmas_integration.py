"""edge-agent as a NegMAS negotiator: in an SAO mechanism and a small cartesian tournament.

Runs only with the optional ``negmas`` extra (``make setup`` installs it, so CI runs it).
"""

import pytest

negmas = pytest.importorskip(
    "negmas", reason="NegMAS is not installed: it is the optional extra edge-agent[negmas]"
)

from negmas import ResponseType, SAOMechanism, make_issue  # noqa: E402
from negmas.inout import Scenario as NegmasScenario  # noqa: E402
from negmas.outcomes import make_os  # noqa: E402
from negmas.preferences import AffineUtilityFunction  # noqa: E402
from negmas.sao import BoulwareTBNegotiator, NaiveTitForTatNegotiator  # noqa: E402
from negmas.tournaments import cartesian_tournament  # noqa: E402

from edge_agent import Reply  # noqa: E402
from edge_agent.integrations.negmas import (  # noqa: E402
    EdgeCreditorNegotiator,
    accepts,
    sao_response,
)

T = 10


def _ufuns(reservation_days: int):
    """Creditor (5T - d) / 4T; a debtor who takes nothing below ``reservation_days``."""
    space = make_os([make_issue(values=(T, 5 * T), name="days")])
    creditor = AffineUtilityFunction(
        [-1 / (4 * T)], bias=1.25, outcome_space=space, reserved_value=0.0
    )
    debtor = AffineUtilityFunction(
        [1 / (4 * T)],
        bias=-0.25,
        outcome_space=space,
        reserved_value=(reservation_days - T) / (4 * T),
    )
    return space, creditor, debtor


def _reply(status: str, offer=20, agreed=None) -> Reply:
    return Reply("text", "neutral", offer, status, agreed)


def test_the_decision_maps_to_sao_responses():
    assert sao_response(_reply("agreed", agreed=24)).response == ResponseType.ACCEPT_OFFER
    # after the consent change, a confirmation request is an acceptance in SAO
    assert accepts(_reply("awaiting_confirmation", agreed=24))
    counter = sao_response(_reply("open", offer=22))
    assert (counter.response, counter.outcome) == (ResponseType.REJECT_OFFER, (22,))
    assert sao_response(_reply("failed", offer=None)).response == ResponseType.END_NEGOTIATION


def test_in_an_sao_mechanism_it_opens_with_its_target_and_reaches_a_deal_in_the_mandate():
    space, creditor, debtor = _ufuns(reservation_days=30)
    m = SAOMechanism(outcome_space=space, n_steps=20)
    edge = EdgeCreditorNegotiator(policy="eq", sensor="lexicon", name="edge")
    m.add(edge, ufun=creditor)
    m.add(BoulwareTBNegotiator(name="debtor"), ufun=debtor)
    state = m.run()
    assert state.agreement is not None and 30 <= state.agreement[0] <= 5 * T
    assert edge.replies[0].offer_days == T  # the opening: our target
    assert edge.agent.status == "agreed" and edge.agent.session.agreed_days == state.agreement[0]
    cfg = edge.agent.session.config
    assert (cfg.deadline_messages, cfg.last_mover) == (40, "debtor")
    offers = [r.offer_days for r in edge.replies if r.status == "open"]
    assert offers == sorted(offers)  # it never retracts
    assert all(r.text and r.trace for r in edge.replies)  # text and trace kept for analysis


def test_it_refuses_a_debtors_utility():
    space, _, debtor = _ufuns(reservation_days=30)
    m = SAOMechanism(outcome_space=space, n_steps=20)
    m.add(EdgeCreditorNegotiator(sensor="lexicon", name="edge"), ufun=debtor)
    m.add(BoulwareTBNegotiator(name="other"), ufun=debtor)
    with pytest.raises(ValueError, match="prefer fewer days"):
        m.run()


def test_it_plays_a_small_cartesian_tournament(tmp_path):
    scenarios = []
    for r in (25, 40):
        space, creditor, debtor = _ufuns(reservation_days=r)
        scenarios.append(
            NegmasScenario(outcome_space=space, ufuns=(creditor, debtor), name=f"debt-r{r}")
        )
    results = cartesian_tournament(
        competitors=[EdgeCreditorNegotiator],
        competitor_params=[{"policy": "eq", "sensor": "lexicon"}],
        opponents=[BoulwareTBNegotiator, NaiveTitForTatNegotiator],
        scenarios=scenarios, n_steps=20, n_repetitions=1, rotate_ufuns=False,
        self_play=False, njobs=-1, verbosity=0, path=tmp_path / "t",
        save_scenario_figs=False, plot_fraction=0.0,
    )  # fmt: skip
    details = results.details
    assert len(details) == 4  # 2 scenarios x 2 opponents
    assert details["agreement"].notna().all()
