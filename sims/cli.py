"""``edge-agent sim``: run agent-to-agent sweeps and rebuild their reports.

Loaded by ``edge_agent.cli`` through the ``edge_agent.cli`` entry-point group, so the agent
never imports ``sims``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from edge_core import ScenarioError
from sims.personas import parse_personas
from sims.response import ResponseParams
from sims.runner import DEFAULT_POLICIES, RunConfig, load_scenarios

ALL_POLICIES = ",".join(DEFAULT_POLICIES)

app = typer.Typer(
    name="sim",
    help="Debtor simulators and the CRAD agent-to-agent evaluation.",
    no_args_is_help=True,
    add_completion=False,
)

Scenarios = Annotated[
    Path | None,
    typer.Option(
        "--scenarios", help="CRAD CSV (default: ../shared/datasets/crad or $EDGE_AGENT_CRAD)."
    ),
]
Debtors = Annotated[str, typer.Option(help="Debtor personas: all, or a comma list.")]
Policies = Annotated[
    str,
    typer.Option(
        help="Creditor policies, comma list (eq, payoff, wsls, hmm, vanilla, fixed:<e>, random, "
        "boulware, linear, conceder)."
    ),
]
Out = Annotated[Path, typer.Option("--out", help="Output folder.")]


def _error(exc: BaseException) -> None:
    """One ``error:`` line on stderr, never wrapped (the caller exits with status 2)."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[red]error:[/red] {escape(str(exc))}")


def _params(items: list[str]) -> dict[str, float]:
    base = ResponseParams().to_dict()
    for item in items:
        name, _, value = item.partition("=")
        if name not in base or not value:
            raise typer.BadParameter(
                f"--param {item!r}: expected NAME=VALUE with NAME one of {', '.join(base)}"
            )
        base[name] = float(value)
    return base


def _config(
    scenarios: Path | None,
    limit: int | None,
    debtors: str,
    policies: str,
    seed: int,
    backend: str,
    sensor: str,
    debtor_backend: str,
    params: list[str],
) -> RunConfig:
    rows = load_scenarios(scenarios, limit)
    return RunConfig(
        scenarios=[s.to_dict() for s in rows], debtors=parse_personas(debtors),
        policies=[p.strip() for p in policies.split(",") if p.strip()], seed=seed,
        backend=backend, sensor=sensor, debtor_backend=debtor_backend, params=_params(params),
    )  # fmt: skip


@app.command("run")
def run_cmd(
    scenarios: Scenarios = None,
    debtors: Debtors = "all",
    policies: Policies = ALL_POLICIES,
    seed: Annotated[int, typer.Option(help="Seed: same seed, same results.")] = 0,
    limit: Annotated[int | None, typer.Option(help="Use the first N scenarios.")] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes.")] = 1,
    executor: Annotated[str, typer.Option(help="local or ray.")] = "local",
    backend: Annotated[
        str, typer.Option(help="Creditor realiser: template, llama or a .gguf path.")
    ] = "template",
    sensor: Annotated[
        str, typer.Option(help="Creditor sensor: lexicon, onnx or default.")
    ] = "lexicon",
    debtor_backend: Annotated[
        str, typer.Option("--debtor-backend", help="Debtor: rules, llama or a .gguf path.")
    ] = "rules",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="Response-model override NAME=VALUE (repeatable)."),
    ] = None,
    out: Out = Path("sim-out"),
    resume: Annotated[bool, typer.Option(help="Keep finished dialogues in OUT.")] = False,
    plots: Annotated[bool, typer.Option(help="Write PNG plots (needs matplotlib).")] = True,
) -> None:
    """Run scenarios x debtor personas x policies; write JSONL, CSV, Markdown and plots."""
    from sims import report
    from sims.runner import run

    console = Console(highlight=False)
    if executor not in ("local", "ray"):
        raise typer.BadParameter("--executor must be local or ray")
    try:
        if workers < 1:
            raise ValueError(f"--workers must be at least 1, got {workers}")
        if out.exists() and not out.is_dir():
            raise ValueError(f"--out {out} is a file; give a folder for the run's outputs")
        cfg = _config(
            scenarios, limit, debtors, policies, seed, backend, sensor, debtor_backend, param or []
        )
    except (ScenarioError, ValueError) as exc:
        _error(exc)
        raise typer.Exit(2) from None
    start = time.perf_counter()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("dialogues", total=len(cfg.jobs()))

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done)

        try:
            records = run(
                cfg, out, workers=workers, executor=executor, resume=resume, progress=tick
            )
        except (ValueError, RuntimeError, OSError) as exc:
            _error(exc)
            raise typer.Exit(2) from None
    elapsed = time.perf_counter() - start
    report.build(out, records, plots=plots)
    console.print(f"{len(records)} dialogues in {out} ({elapsed:.1f} s this run)")
    console.print((out / "summary.md").read_text().split("## Debt multiple")[0])


@app.command("report")
def report_cmd(
    out: Annotated[Path, typer.Argument(help="A run folder holding dialogues.jsonl.")],
    plots: Annotated[bool, typer.Option(help="Write PNG plots (needs matplotlib).")] = True,
) -> None:
    """Rebuild summary.csv, summary.md and the plots from DIR/dialogues.jsonl."""
    from sims import report

    try:
        report.build(out, plots=plots)
    except ValueError as exc:
        _error(exc)
        raise typer.Exit(2) from None
    Console(highlight=False).print((out / "summary.md").read_text())


@app.command("grid")
def grid_cmd(
    scenarios: Scenarios = None,
    debtors: Debtors = "all",
    policies: Policies = ALL_POLICIES,
    seed: int = 0,
    limit: Annotated[int | None, typer.Option(help="Use the first N scenarios.")] = 30,
    workers: int = 1,
    executor: str = "local",
    sensor: str = "lexicon",
    out: Out = Path("sim-grid"),
) -> None:
    """Rerun the sweep over the response model's parameter grid; report the policy ranking."""
    from sims.grid import run_grid

    console = Console(highlight=False)
    try:
        if workers < 1:
            raise ValueError(f"--workers must be at least 1, got {workers}")
        cfg = _config(scenarios, limit, debtors, policies, seed, "template", sensor, "rules", [])
        from sims.runner import validate

        validate(cfg)
    except (ScenarioError, ValueError) as exc:
        _error(exc)
        raise typer.Exit(2) from None
    text = run_grid(
        cfg,
        out,
        workers=workers,
        executor=executor,
        progress=lambda label: console.print(f"done {label}"),
    )
    console.print(text)
