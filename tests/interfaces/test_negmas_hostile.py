"""Regressions for the hostile NegMAS findings (D1-D6, B5-B7): the mandate and the deadline."""

import pytest

pytest.importorskip("negmas", reason="NegMAS is the optional extra edge-agent[negmas]")

from negmas import ResponseType, SAOMechanism, make_issue
from negmas.preferences import AffineUtilityFunction
from negmas.sao import SAOCallNegotiator, SAOResponse

from edge_agent.integrations.negmas import EdgeCreditorNegotiator, sao_deadline
from edge_core import Scenario


class Scripted(SAOCallNegotiator):
    """A debtor that repeats one offer and never accepts."""

    def __init__(self, offer, **kw):
        super().__init__(**kw)
        self.offer = offer

    def __call__(self, state, dest=None):
        return SAOResponse(ResponseType.REJECT_OFFER, self.offer)


def _run(offer, n_steps=3, first="creditor", issue=(10, 50), edge_kw=None, mech_kw=None,
         flip=False):
    issues = [make_issue(values=issue, name="days")]
    lo, hi = issue
    c = AffineUtilityFunction([-1 / (hi - lo)], bias=hi / (hi - lo), issues=issues)
    d = AffineUtilityFunction([1 / (hi - lo)], bias=-lo / (hi - lo), issues=issues)
    if flip:
        c, d = d, c
    m = SAOMechanism(issues=issues, n_steps=n_steps, **(mech_kw or {}))
    edge = EdgeCreditorNegotiator(name="edge", sensor="lexicon", **(edge_kw or {}))
    pairs = [(edge, c), (Scripted(offer, name="debtor"), d)]
    for neg, u in pairs if first == "creditor" else pairs[::-1]:
        m.add(neg, ufun=u)
    return m, edge, m.run()


@pytest.mark.parametrize("offer", [(50.6,), ("30",), (30, 99), (5,), (51,)])
def test_offers_outside_the_space_or_mandate_are_never_accepted(offer):  # D3, D4, B6
    _m, _edge, state = _run(offer)
    assert state.agreement is None and not state.has_error


def test_a_fractional_offer_beyond_a_scenario_mandate_is_not_truncated_and_taken():  # D3
    scenario = Scenario(balance=1000, creditor_target_days=10, max_days=50)
    _, _, state = _run((50.9,), n_steps=2, issue=(10.0, 60.0), edge_kw={"scenario": scenario})
    assert state.agreement is None


def test_an_accepted_offer_is_exactly_the_one_on_the_table():
    m, _edge, state = _run((45,), n_steps=2, first="debtor")
    assert state.agreement == (45,) and state.agreement in m.outcome_space


@pytest.mark.parametrize("n_steps", [1, 2, 5])
def test_the_debtor_opens_and_the_last_decision_accepts_in_mandate(n_steps):  # D1
    _, _edge, state = _run((45,), n_steps=n_steps, first="debtor")
    assert state.agreement == (45,)


@pytest.mark.parametrize("n_steps", [1, 600])
def test_extreme_n_steps_do_not_crash(n_steps):  # D2
    _, _, state = _run((45,), n_steps=n_steps)
    assert not state.has_error


def test_one_offer_per_step_gives_the_real_deadline():  # D6
    _, _, state = _run((40,), n_steps=6, mech_kw={"one_offer_per_step": True})
    assert state.agreement == (40,)
    assert sao_deadline(6, True, one_offer_per_step=True) == (6, "debtor")
    assert sao_deadline(5, True) == (10, "debtor")
    assert sao_deadline(5, False) == (10, "creditor")
    assert sao_deadline(1, False) == (4, "debtor")


def test_a_scenario_does_not_skip_the_prefers_fewer_days_check():  # D5
    scenario = Scenario(balance=1000, creditor_target_days=10, max_days=50)
    with pytest.raises(ValueError, match="prefer fewer days"):
        _run((30,), edge_kw={"scenario": scenario}, flip=True)


def test_a_scenario_outside_the_outcome_space_is_refused():  # B5
    scenario = Scenario(balance=1000, creditor_target_days=12, max_days=60)
    with pytest.raises(ValueError, match="does not hold 12"):
        _run((30,), issue=(20, 30), edge_kw={"scenario": scenario})


def test_configuration_errors_surface_at_construction():  # B7
    with pytest.raises(ValueError, match="unknown policy"):
        EdgeCreditorNegotiator(policy="bogus")
    with pytest.raises(ValueError, match="last_mover"):
        EdgeCreditorNegotiator(negotiator_options={"last_mover": "x"})
    m = SAOMechanism(issues=[make_issue(values=(10, 50), name="days")], time_limit=2)
    with pytest.raises(ValueError, match="n_steps"):
        m.add(EdgeCreditorNegotiator(name="edge", sensor="lexicon"))
