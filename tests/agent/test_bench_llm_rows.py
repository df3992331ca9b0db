"""``bench/bench_llm.py``'s dialogue section on turns the template spoke (issue 23 item 15).

The llama realiser falls back to the template on some turns (and the whole dialogue is
template-spoken when no model loads); such a turn has no LLM statistics, and the section raised
``KeyError: 'prompt_tokens'``, so ``make bench`` failed. A template turn is a row with zero LLM
figures and its path named, and the summary counts it.
"""

import pytest

from bench import bench_llm
from edge_agent import Negotiator


@pytest.fixture(scope="module")
def template_rows():
    agent = Negotiator(bench_llm.SCENARIO, policy="eq", backend="template", seed=0,
                       sensor="lexicon")
    rows = [bench_llm._row(agent.open())]
    for line in bench_llm.DEBTOR_SCRIPT[:3]:
        rows.append(bench_llm._row(agent.respond(line)))
    return rows


def test_a_template_turn_is_a_row_with_no_llm_figures(template_rows):
    assert [r["path"] for r in template_rows] == ["template"] * 4
    for row in template_rows:
        assert (row["prompt_tokens"], row["reeval_tokens"], row["generated"]) == (0, 0, 0)
        assert row["text"]


def test_the_summary_counts_template_turns(template_rows):
    summary = bench_llm.summarise_dialogue(template_rows)
    assert summary["paths"] == {"template": 4} and summary["turns"] == 4


def test_an_llm_turn_keeps_its_figures():
    stats = {"prompt_tokens": 300, "reeval_tokens": 30, "ttft_ms": 80.0, "total_ms": 400.0,
             "generated_tokens": 40, "decode_tps": 25.0}
    trace = {"turn": 2, "realiser": {"path": "llm", "stats": stats}, "timings": {"parse_ms": 1.0}}
    row = bench_llm._row(type("Reply", (), {"trace": trace, "text": "hi"})())
    assert (row["prompt_tokens"], row["reeval_share"], row["generated"]) == (300, 0.1, 40)


@pytest.mark.parametrize("oks, line", [
    ({"llm": True, "sims": True}, "all 2 benchmarks ran to the end"),
    ({"llm": False, "sims": True}, "FAILED 1 of 2: llm (see the output above)"),
    ({"llm": False, "sims": False}, "FAILED 2 of 2: llm, sims (see the output above)"),
])
def test_make_bench_names_the_benchmarks_that_failed(oks, line):
    from bench import run
    assert run.verdict({k: {"ok": v} for k, v in oks.items()}) == line
