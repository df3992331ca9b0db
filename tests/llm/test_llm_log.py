"""llama.cpp's start-up warning about a context smaller than the model's training context is
dropped through its log callback; every other line keeps llama-cpp-python's policy (issue 23
item 14)."""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys

import pytest

from edge_agent.llm.log import LogFilter
from tests.conftest import REPO

WARNING = b"llama_context: n_ctx_per_seq (4096) < n_ctx_train (8192) -- the full capacity\n"
ERROR = logging.ERROR


@pytest.mark.parametrize("lines, shown", [
    ([(3, WARNING)], [False]),
    ([(3, WARNING), (5, b" of the model will not be utilized\n")], [False, False]),
    ([(3, b"llama_model_load: error loading model: tensor missing\n")], [True]),
    ([(3, b"llama_context: n_ctx_per_seq = 4096\n")], [True]),  # close negative: no "("
    ([(3, b"error\n"), (5, b"more\n")], [True, True]),
    ([(2, b"llama_model_loader: loaded meta data\n")], [False]),  # below ERROR, as before
])
def test_only_the_known_harmless_line_is_dropped(lines, shown):
    log_filter = LogFilter()
    assert [log_filter.shown(level, text, ERROR) for level, text in lines] == shown


def test_a_verbose_logger_still_sees_everything_else():
    log_filter = LogFilter()
    assert log_filter.shown(2, b"llama_model_loader: loaded\n", logging.DEBUG)
    assert not log_filter.shown(3, WARNING, logging.DEBUG)


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None,
                    reason="llama-cpp-python is not installed (make setup installs it)")
def test_loading_the_default_model_prints_no_context_warning():
    code = ("from edge_agent.llm.models import resolve_model\n"
            "from edge_agent.llm.runtime import get_runtime\n"
            "get_runtime(resolve_model('llama').path, n_ctx=4096)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=240, env={"PYTHONPATH": str(REPO), "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    assert "n_ctx_per_seq" not in proc.stderr
