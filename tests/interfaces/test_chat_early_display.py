"""``edge-agent chat`` prints each sentence as the negotiator shows it (issue 20 item 4)."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from edge_agent import Negotiator, Scenario
from edge_agent.cli.app import _Sentences, app

SCENARIO = Scenario(balance=4200.0, creditor_target_days=14, max_days=60)


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, highlight=False, soft_wrap=True, width=200), out


def test_sentences_are_printed_as_they_come_then_the_trace_line():
    console, out = _console()
    agent = Negotiator(SCENARIO, policy="random", seed=0, sensor="lexicon")
    seen: list[str] = []
    printer = _Sentences(console)

    def watch(piece: str) -> None:
        printer(piece)
        seen.append(out.getvalue())  # what the terminal held when this piece arrived

    reply = agent.open(on_sentence=watch)
    printer.done(reply)
    assert len(seen) >= 2 and seen[0].startswith("creditor> ") and seen[0] != seen[-1]
    text = out.getvalue()
    assert text.count(reply.text) == 1  # printed once, as it came, not again at the end
    assert text.splitlines()[1].strip().startswith("mode ")


def test_a_partly_printed_reply_of_a_failed_turn_is_marked_not_sent():
    console, out = _console()
    printer = _Sentences(console)
    printer("Hello there.")
    printer.withdraw()
    assert "not sent" in out.getvalue()
    console, out = _console()  # close negative: nothing printed, nothing to take back
    _Sentences(console).withdraw()
    assert out.getvalue() == ""


def test_chat_prints_the_whole_dialogue_once():
    result = CliRunner().invoke(app, ["chat", "--sensor", "lexicon", "--seed", "1",
                                      "--no-save"], input="I need 30 days\nquit\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("creditor> ") == 2
