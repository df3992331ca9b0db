"""What a bad option, file or environment raises, and the one ``error:`` line it becomes.

Every command reports a user error the same way: one ``error:`` line on stderr and exit
status 2, never a traceback (tests/interfaces/test_cli_errors.py holds each case).
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from edge_agent.agent import NegotiationError
from edge_agent.llm.errors import LlmError
from edge_agent.state.store import StoreError
from edge_core import ScenarioError

_USER_ERRORS = (ScenarioError, ValueError, NegotiationError, OSError, StoreError, LlmError)


def user_errors() -> tuple[type[BaseException], ...]:
    """What a bad option, file or environment raises: one ``error:`` line and exit status 2.
    (The ONNX sensor's load error is included once that module is loaded: importing it just
    to name the class would load onnxruntime for every command.)"""
    onnx = sys.modules.get("edge_agent.sense.onnx")
    return (*_USER_ERRORS, onnx.ModelLoadError) if onnx else _USER_ERRORS


def fail(exc: BaseException | str) -> typer.Exit:
    """Print one ``error:`` line on stderr; the caller raises the returned exit (status 2)."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[red]error:[/red] {escape(str(exc))}")
    return typer.Exit(2)
