"""Snapshot tests (pytest-textual-snapshot) of the main screen and the help screen.

Deterministic: template backend, lexicon sensor, seed 0, timings hidden. Update the SVGs under
``tests/interfaces/__snapshots__`` with
``pytest tests/interfaces/test_tui_snapshots.py --snapshot-update``
after an intended change, and look at them before committing.
"""

from __future__ import annotations

import pytest

from tests.tui_helpers import make_app, say, settle

pytest.importorskip("pytest_textual_snapshot")


def test_main_screen_after_one_exchange(snap_compare, tmp_path):
    app = make_app(tmp_path, show_timings=False)

    async def run_before(pilot):
        await settle(pilot)
        await say(pilot, "I need 150 days, I lost my job and I am scared")

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_main_screen_at_80x24(snap_compare, tmp_path):
    app = make_app(tmp_path, show_timings=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_help_screen(snap_compare, tmp_path):
    app = make_app(tmp_path, show_timings=False)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
