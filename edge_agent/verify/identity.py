"""Who is speaking: the creditor never speaks under the debtor's name, and introduces itself
only in the opening. These read the text with the names as written (``GuardInput.named``),
because the names are exactly what they judge."""

from __future__ import annotations

import re

from edge_agent.verify.context import GuardInput, Violation
from edge_core import Action

_I = re.IGNORECASE
_SELF_INTRO = (r"\b(?:this\s+is|I\s*(?:'m|am)|my\s+name\s+is|we\s+are|calling\s+from|"
               r"on\s+behalf\s+of|speaking\s+for)\s+")


def check_identity(g: GuardInput) -> list[Violation]:
    """The creditor never speaks under the debtor's name, and introduces itself only once."""
    found = []
    name = g.scenario.debtor_name
    if name and name.lower() not in ("there", ""):
        # "Ms Lopez", "Mr. Lopez", "Lopez": the surname with any title.
        surname = re.escape(name.split()[-1])
        who = re.compile(_SELF_INTRO + r"(?:(?:mr|ms|mrs|miss|mx|dr)\.?\s+)?(?:"
                         + re.escape(name) + "|" + surname + r")\b", _I)  # fmt: skip
        signed = re.compile(r"(?:(?:regards|sincerely|cheers|thanks|best|yours|from)\W+|"
                            r"\bit'?s\s+|(?:^|[-–—]\s*))(?:" + re.escape(name) + r")\b(?!\s*,)"
                            r"|(?:" + re.escape(name) + r")\s*(?:here|speaking)\b"
                            r"|[-–—]\s*(?:" + re.escape(name) + r")\s*$", _I)  # fmt: skip
        if m := who.search(g.named) or signed.search(g.named):
            found.append(Violation("creditor_identity", f"{m.group(0)!r}: the debtor's name "
                                                        f"used as the creditor's"))
    if g.decision.action != Action.OPEN:
        again = re.compile(
            _SELF_INTRO + r"(?:the\s+creditor|" + re.escape(g.scenario.creditor_name) + r")\b"
            r"|\bI\s*(?:'m|am)\s+the\s+creditor\b", _I)  # fmt: skip
        if m := again.search(g.named):
            found.append(Violation("reintroduction", f"{m.group(0)!r}: the creditor introduces "
                                                     f"itself only in the opening"))
    return found
