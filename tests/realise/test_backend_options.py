"""``backend_options`` are checked before any model file is read: ``n_ctx=-1`` once became a
four-billion-token context (12 GB before it failed), and an unknown key a ``TypeError``."""

from __future__ import annotations

import pytest

from edge_agent import Negotiator
from edge_agent.realise.options import BackendOptionError, check_backend_options
from tests.conftest import NORTHWIND


@pytest.mark.parametrize("options, match", [
    ({"n_ctx": -1}, "n_ctx = -1 is outside"),
    ({"n_ctx": 0}, "n_ctx = 0 is outside"),
    ({"n_ctx": 10**12}, "outside"),
    ({"n_ctx": "abc"}, "n_ctx must be a whole number"),
    ({"n_ctx": 4096.0}, "n_ctx must be a whole number"),
    ({"n_ctx": True}, "n_ctx must be a whole number"),
    ({"n_threads": -2}, "n_threads = -2"),
    ({"max_tokens": 0}, "max_tokens"),
    ({"grammar_retry": 1}, "true or false"),
    ({"on_reset": "reset"}, "function"),
    ({"temperature": 0.1}, "unknown backend option"),
])
def test_bad_options_are_refused_before_loading(options, match):
    with pytest.raises(BackendOptionError, match=match):
        Negotiator(NORTHWIND, backend="llama", sensor="lexicon", backend_options=options)


def test_the_template_backend_takes_no_options():
    with pytest.raises(BackendOptionError, match="template backend takes no options"):
        Negotiator(NORTHWIND, sensor="lexicon", backend_options={"n_ctx": 2048})
    assert Negotiator(NORTHWIND, sensor="lexicon", backend_options={}).backend == "template"


def test_good_options_pass_unchanged():
    opts = {"n_ctx": 2048, "n_threads": 1, "max_tokens": 24, "max_sentences": 2,
            "grammar_retry": False, "on_reset": None}
    assert check_backend_options("llama", opts) == opts
    assert issubclass(BackendOptionError, ValueError)  # the CLI's one-line errors catch it
