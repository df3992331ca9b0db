"""A negotiation scenario: the debt, the creditor's target and its mandate.

The mandate (``max_days``) is the longest timeline the creditor may ever offer or accept.
CRAD gives no mandate, so :meth:`Scenario.load_crad` derives one by a single documented
rule, ``max_days = round(mandate_multiple * creditor_target_days)`` with a default multiple
of 5 (a 12-day target allows at most 60 days), and lets callers override it.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_MANDATE_MULTIPLE = 5.0
"""``max_days = round(DEFAULT_MANDATE_MULTIPLE * creditor_target_days)`` for CRAD rows."""

CRAD_FILE = "credit_recovery_scenarios.csv"
JURISDICTION_CODES = ("us", "uk")
LAWFUL_ACTIONS = ("legal_action", "seizure", "credit_reporting")
LANGUAGES = ("en", "fr", "es", "de")
"""Languages a scenario may be negotiated in (the guard reads their number words)."""

# CRAD column -> Scenario field. Columns not listed here land in ``Scenario.details``.
_CRAD_COLUMNS = {
    "Creditor Name": "creditor_name",
    "Debtor Name": "debtor_name",
    "Credit Type": "credit_type",
    "Outstanding Balance (USD)": "balance",
    "Creditor Target Days": "creditor_target_days",
    "Debtor Target Days": "debtor_target_days",
    "Days Overdue": "days_overdue",
    "Reason for Overdue": "reason_for_overdue",
    "Recovery Stage": "recovery_stage",
    "Cash Flow Situation": "cash_flow_situation",
}
_CRAD_REQUIRED = ("Outstanding Balance (USD)", "Creditor Target Days")


class ScenarioError(ValueError):
    """A scenario that cannot be negotiated, or a scenario file that cannot be read."""


MAX_NAME_CHARS = 100
MAX_TEXT_CHARS = 2000
_TEXT_FIELDS = ("credit_type", "recovery_stage", "cash_flow_situation", "reason_for_overdue",
                "scenario_id")


def _party_name(field: str, value: Any) -> str:
    """A creditor or debtor name as it will appear in every message: real text, one line,
    no control characters, at most :data:`MAX_NAME_CHARS`; outer spaces are trimmed."""
    if not isinstance(value, str):
        raise ScenarioError(f"{field} must be text, got {value!r}")
    name = value.strip()
    if not name:
        raise ScenarioError(f"{field} must not be empty")
    if len(name) > MAX_NAME_CHARS:
        raise ScenarioError(f"{field} is {len(name)} characters; the limit is {MAX_NAME_CHARS}")
    if any(not ch.isprintable() for ch in name):
        raise ScenarioError(f"{field} must not contain control characters, got {name!r}")
    return name


CUSTOM_CREDITOR = "Example Credit"
CUSTOM_DEBTOR = "Sam Carter"
"""The parties of a custom scenario: plainly example names, for a demonstration."""


@dataclass(frozen=True)
class Scenario:
    """What the creditor negotiates about.

    Only ``balance``, ``creditor_target_days`` and ``max_days`` drive decisions. The
    descriptive fields feed the messages (names) and the LLM's system prompt.
    ``debtor_target_days`` is what the debtor wants in CRAD: simulators use it, the creditor's
    policies never see it.
    """

    balance: float
    creditor_target_days: int
    max_days: int
    creditor_name: str = "the creditor"
    debtor_name: str = "there"
    credit_type: str | None = None
    days_overdue: int | None = None
    recovery_stage: str | None = None
    cash_flow_situation: str | None = None
    reason_for_overdue: str | None = None
    debtor_target_days: int | None = None
    scenario_id: str | None = None
    details: dict[str, str] | None = None
    jurisdiction: str = "us"
    lawful_actions: tuple[str, ...] = ()
    """Enforcement steps that are lawful *and* intended for this debt (``legal_action``,
    ``seizure``, ``credit_reporting``); only these may ever be mentioned to the debtor."""
    language: str = "en"
    """The language every creditor message must be in (ISO 639-1; ``en``, ``fr``, ``es``,
    ``de``); the guard rejects text in another language or script."""

    def __post_init__(self) -> None:
        def whole(name: str, value: Any) -> None:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ScenarioError(f"{name} must be a whole number of days, got {value!r}")

        whole("creditor_target_days", self.creditor_target_days)
        whole("max_days", self.max_days)
        if not isinstance(self.balance, int | float) or not math.isfinite(self.balance):
            raise ScenarioError(f"balance must be a finite number, got {self.balance!r}")
        if self.balance <= 0:
            raise ScenarioError(f"balance must be positive, got {self.balance}")
        if self.creditor_target_days < 1:
            raise ScenarioError(
                f"creditor_target_days must be at least 1, got {self.creditor_target_days}"
            )
        if self.max_days < self.creditor_target_days:
            raise ScenarioError(
                f"max_days ({self.max_days}) is below creditor_target_days "
                f"({self.creditor_target_days}): the mandate must include the target"
            )
        if self.max_days > 3650:
            raise ScenarioError(f"max_days must be at most 3650 (ten years), got {self.max_days}")
        if self.jurisdiction not in JURISDICTION_CODES:
            raise ScenarioError(
                f"jurisdiction must be one of {', '.join(JURISDICTION_CODES)}, "
                f"got {self.jurisdiction!r}"
            )
        if self.language not in LANGUAGES:
            raise ScenarioError(
                f"language must be one of {', '.join(LANGUAGES)}, got {self.language!r}"
            )
        unknown = set(self.lawful_actions) - set(LAWFUL_ACTIONS)
        if unknown:
            raise ScenarioError(
                f"unknown lawful action(s) {sorted(unknown)}; expected {', '.join(LAWFUL_ACTIONS)}"
            )
        object.__setattr__(self, "lawful_actions", tuple(self.lawful_actions))
        for name in ("creditor_name", "debtor_name"):
            object.__setattr__(self, name, _party_name(name, getattr(self, name)))
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT_CHARS):
                raise ScenarioError(f"{name} must be text of at most {MAX_TEXT_CHARS} "
                                    f"characters, got {value!r:.80}")

    @classmethod
    def custom(cls, target: int, max_days: int | None, balance: float) -> Scenario:
        """A scenario from a target, a mandate (default 5 x target) and a balance, as the CLI
        and the TUI's custom form build it. It names both parties (:data:`CUSTOM_CREDITOR`,
        :data:`CUSTOM_DEBTOR`): the bare defaults made the opening read "Hello there, this is
        the creditor" and listed the debtor as "there"."""
        return cls(balance=float(balance), creditor_target_days=int(target),
                   max_days=5 * int(target) if max_days is None else int(max_days),
                   creditor_name=CUSTOM_CREDITOR, debtor_name=CUSTOM_DEBTOR)

    def with_mandate(self, max_days: int) -> Scenario:
        """A copy with another mandate (validated like a new scenario)."""
        return replace(self, max_days=max_days)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scenario:
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ScenarioError(f"unknown scenario field(s): {', '.join(sorted(unknown))}")
        return cls(**d)

    @classmethod
    def load_crad(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        mandate_multiple: float = DEFAULT_MANDATE_MULTIPLE,
        max_days: int | None = None,
    ) -> list[Scenario]:
        """Read the CRAD CSV into scenarios, one per row, ``scenario_id`` = ``crad-<row>``.

        ``max_days`` overrides the derived mandate for every row; otherwise it is
        ``round(mandate_multiple * creditor_target_days)``. ``path`` defaults to
        :func:`default_crad_path`.
        """
        if mandate_multiple < 1:
            raise ScenarioError(f"mandate_multiple must be at least 1, got {mandate_multiple}")
        file = Path(path) if path is not None else default_crad_path()
        if file.is_dir():
            file = file / CRAD_FILE
        if not file.is_file():
            raise ScenarioError(
                f"CRAD file not found: {file}. CRAD is not shipped with the package: pass its "
                f"path (--crad PATH, or --scenarios PATH for `sim`) or set EDGE_AGENT_CRAD to "
                f"the folder holding {CRAD_FILE}."
            )
        with file.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in _CRAD_REQUIRED if c not in header]
            if missing:
                raise ScenarioError(f"{file}: not a CRAD file, missing column(s) {missing}")
            scenarios = [
                _crad_row(row, i, file, mandate_multiple, max_days)
                for i, row in enumerate(reader, start=1)
            ]
        if not scenarios:
            raise ScenarioError(f"{file}: no scenario rows")
        return scenarios


def _crad_row(
    row: dict[str, str], number: int, file: Path, multiple: float, max_days: int | None
) -> Scenario:
    where = f"{file}, row {number}"
    values: dict[str, Any] = {}
    details: dict[str, str] = {}
    for column, raw in row.items():
        if column is None:
            raise ScenarioError(f"{where}: more values than columns")
        text = (raw or "").strip()
        name = _CRAD_COLUMNS.get(column)
        if name is None:
            if text:
                details[column] = text
            continue
        if name == "balance":
            values[name] = _number(text, column, where, float)
        elif name in ("creditor_target_days", "debtor_target_days", "days_overdue"):
            if text:
                values[name] = _number(text, column, where, int)
        elif text:
            values[name] = text
    target = values.get("creditor_target_days")
    if target is None:
        raise ScenarioError(f"{where}: empty 'Creditor Target Days'")
    mandate = max_days if max_days is not None else max(target, round(multiple * target))
    try:
        return Scenario(
            max_days=mandate, scenario_id=f"crad-{number}", details=details or None, **values
        )
    except ScenarioError as exc:
        raise ScenarioError(f"{where}: {exc}") from None


def _number(text: str, column: str, where: str, kind: type) -> Any:
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{where}: {column!r} is not a number: {text!r}") from None
    if kind is int:
        if not value.is_integer():
            raise ScenarioError(f"{where}: {column!r} must be whole, got {text!r}")
        return int(value)
    return value


def default_crad_path() -> Path:
    """Where CRAD is expected: ``$EDGE_AGENT_CRAD``, else ``../shared/datasets/crad`` beside
    the repository checkout (and the current directory's ``../shared`` as a last resort)."""
    env = os.environ.get("EDGE_AGENT_CRAD")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[1]
    checkout = (repo / "pyproject.toml").is_file()  # installed: no folder beside it to search
    for base in ((repo.parent,) if checkout else ()) + (Path.cwd().parent, Path.cwd()):
        candidate = base / "shared" / "datasets" / "crad" / CRAD_FILE
        if candidate.is_file():
            return candidate
    base = repo.parent if checkout else Path.cwd().parent
    return base / "shared" / "datasets" / "crad" / CRAD_FILE
