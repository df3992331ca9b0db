"""``bench/reader_eval.py`` left the runtime package but still runs as a script, from any
folder, and prints the reader's scores on the labelled table."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

SUMMARY = re.compile(r"^\d+ messages; kind accuracy 0\.\d{3}; proposal-days accuracy 0\.\d{3} "
                     r"over \d+ proposals; false acceptances 0; explicit yes missed \d+$")


@pytest.mark.parametrize("command", [
    [sys.executable, str(REPO / "bench" / "reader_eval.py")],
    [sys.executable, "-m", "bench.reader_eval"],
])
def test_the_reader_scores_print_as_a_script(tmp_path, command):
    cwd = REPO if "-m" in command else tmp_path  # a file runs from anywhere
    out = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert SUMMARY.match(out.stdout.splitlines()[0]), out.stdout[:300]

