"""Pure text helpers for the panels: bars, mode names, the policy's reasons, model figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_EIGHTHS = " ▏▎▍▌▋▊▉"

MODE_NAMES = {
    "wsls": "WSLS",
    "hmm": "HMM look-ahead",
    "payoff": "payoff best response",
    "fixed": "fixed persona",
    "random": "random persona",
    "vanilla": "no persona (vanilla)",
}


def bar(value: float, width: int) -> str:
    """A left-aligned bar of ``width`` cells for ``value`` in [0, 1], drawn in eighths."""
    value = min(max(float(value), 0.0), 1.0)
    eighths = round(value * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


def mode_name(mode: str | None) -> str:
    """``eq:hmm`` -> ``eq -> HMM look-ahead``; unknown modes are shown as they are."""
    if not mode:
        return "-"
    outer, _, inner = mode.partition(":")
    if inner:
        return f"{outer} → {MODE_NAMES.get(inner, inner)}"
    return MODE_NAMES.get(mode, mode)


def top_scores(scores: Mapping[str, float], n: int = 3) -> list[tuple[str, float]]:
    """The ``n`` best (emotion, score) pairs, best first; ties in the given order."""
    ranked = sorted(scores.items(), key=lambda kv: -float(kv[1]))
    return [(k, float(v)) for k, v in ranked[:n]]


def reason_lines(reason: Mapping[str, Any]) -> list[str]:
    """Why the policy chose its persona, one short clause a line (scores excluded)."""
    lines: list[str] = []
    outcome = reason.get("outcome")
    if isinstance(outcome, Mapping):
        verdict = "win" if outcome.get("win") else "loss"
        lines.append(f"last exchange: {verdict}, {outcome.get('why', '')}".rstrip(", "))
    elif "outcome" in reason:
        lines.append("no outcome yet: best response")
    action = reason.get("action")
    if action == "shift":
        lines.append(f"shift away from {reason.get('from', '?')}")
    elif action == "stay":
        lines.append("stay with the last persona")
    if "debtor" in reason:
        lines.append(f"debtor reads as {reason['debtor']}")
    if "negatives_in_window" in reason:
        lines.append(
            f"{reason['negatives_in_window']}/{reason.get('n')} negative "
            f"(HMM at {reason.get('k')}+)"
        )
    if "planned_offer" in reason:
        lines.append(f"planned offer {reason['planned_offer']} days")
    return lines


def offers_line(offers: Sequence[int | None], limit: int = 6) -> str:
    """The last ``limit`` offers as ``12 → 15 → 18`` (``…`` when older ones are cut)."""
    shown = [str(o) for o in offers if o is not None]
    if not shown:
        return "-"
    head = "… → " if len(shown) > limit else ""
    return head + " → ".join(shown[-limit:])


_GENERATED = ("tokens_generated", "generated_tokens", "completion_tokens", "n_generated",
              "generated")
_TTFT_MS = ("ttft_ms", "time_to_first_token_ms", "first_token_ms")
_TTFT_S = ("ttft_s", "ttft", "time_to_first_token")
_TOTAL_MS = ("total_ms", "total_time_ms", "generation_ms", "elapsed_ms")
_TOTAL_S = ("total_s", "total_time_s", "total_time", "elapsed_s")
_TPS = ("decode_tps", "tokens_per_s", "tokens_per_second", "tok_s", "tps")


def _first(stats: Mapping[str, Any], keys: Sequence[str]) -> float | None:
    for key in keys:
        value = stats.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def model_figures(stats: Mapping[str, Any]) -> dict[str, float | None]:
    """Tokens generated, tokens/s and time to first token (ms) from a realiser's stats.

    The llama backend's key names are read tolerantly (``ttft_ms`` or ``ttft`` in seconds...),
    so the panel keeps working while the backend's trace format settles.
    """
    generated = _first(stats, _GENERATED)
    ttft = _first(stats, _TTFT_MS)
    if ttft is None and (s := _first(stats, _TTFT_S)) is not None:
        ttft = s * 1000.0
    total = _first(stats, _TOTAL_MS)
    if total is None and (s := _first(stats, _TOTAL_S)) is not None:
        total = s * 1000.0
    tps = _first(stats, _TPS)
    if tps is None and generated and total:
        tps = generated / (total / 1000.0)
    return {"generated": generated, "tokens_per_s": tps, "ttft_ms": ttft, "total_ms": total}


def turn_ms(timings: Mapping[str, Any]) -> float:
    """The whole turn's time: the sum of the per-stage timings (ms)."""
    return float(sum(v for v in timings.values() if isinstance(v, int | float)))
