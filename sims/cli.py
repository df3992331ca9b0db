"""``edge-agent sim``: run agent-to-agent sweeps and rebuild their reports.

Loaded by ``edge_agent.cli`` through the ``edge_agent.cli`` entry-point group, so the agent
never imports ``sims``.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from edge_core import ScenarioError
from sims.negmas_arena import EDGE_POLICIES, NEGMAS_CREDITORS, NEGMAS_DEBTORS
from sims.perception import DEFAULT_PERCEPTION, PerceptionMissing, make_perception
from sims.personas import PERSONAS, parse_personas
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
Debtors = Annotated[str, typer.Option(help="Debtor personas: all, or a comma list of "
                                           f"{', '.join(PERSONAS)}.")]
Policies = Annotated[
    str,
    typer.Option(
        help="Creditor policies, comma list (eq, eq-paper, eq-switch, payoff, wsls, hmm, vanilla, "
        "vanilla-adaptive, fixed:<emotion>, random, boulware, linear, conceder)."
    ),
]
Out = Annotated[Path, typer.Option("--out", help="Output folder.")]
PersonaSet = Annotated[
    str,
    typer.Option("--personas", help="The personas eq may show: professional (neutral, warm, "
                 "empathetic, firm; the default) or research (all seven Ekman labels: eq runs "
                 "as eq-research)."),
]


def with_persona_set(policies: list[str], personas: str) -> list[str]:
    """The policy list with ``eq`` run on the chosen persona set."""
    if personas not in ("professional", "research"):
        raise ValueError(f"--personas must be professional or research, got {personas!r}")
    if personas == "professional":
        return policies
    return ["eq-research" if p == "eq" else p for p in policies]


PerceptionOpt = Annotated[
    str,
    typer.Option(
        "--perception",
        help="How debtors perceive the creditor's persona: text (read from the reply's words "
        "by an independent lexicon reader, sims/perception.py) or label (the persona the "
        "policy decided: the ablation).",
    ),
]


DEFAULT_OUT = Path("sim-out")
"""Where ``sim run`` writes without ``--out``, so ``sim report`` right after it needs no folder."""


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
    personas: str = "professional",
    perception: str = DEFAULT_PERCEPTION,
    debtor_voice: str = "rewrite",
) -> RunConfig:
    rows = load_scenarios(scenarios, limit)
    return RunConfig(
        scenarios=[s.to_dict() for s in rows], debtors=parse_personas(debtors),
        policies=with_persona_set([p.strip() for p in policies.split(",") if p.strip()],
                                  personas), seed=seed,
        backend=backend, sensor=sensor, debtor_backend=debtor_backend, params=_params(params),
        perception=perception, debtor_voice=debtor_voice,
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
        str,
        typer.Option("--debtor-backend",
                     help="Debtor: rules, llama, llama:<key> or a .gguf path."),
    ] = "rules",
    debtor_voice: Annotated[
        str,
        typer.Option("--debtor-voice",
                     help="LLM debtors: rewrite (the model rewrites the rules debtor's sentence) "
                     "or free (the model writes each message from the plan; sims/free_debtor.py)."),
    ] = "rewrite",
    perception: PerceptionOpt = DEFAULT_PERCEPTION,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="Response-model override NAME=VALUE (repeatable)."),
    ] = None,
    out: Out = DEFAULT_OUT,
    personas: PersonaSet = "professional",
    resume: Annotated[bool, typer.Option(help="Keep finished dialogues in OUT.")] = False,
    plots: Annotated[bool, typer.Option(help="Write PNG plots (needs matplotlib).")] = True,
    learned: Annotated[Path | None, typer.Option(
        "--learned", help="eq starts every dialogue from this `edge-agent learned export` "
        "file (or a headline's OUT/learned.json); default: an empty state.")] = None,
) -> None:
    """Run scenarios x debtor personas x policies; write JSONL, CSV, Markdown and plots."""
    from dataclasses import replace

    from sims import learned_start as L
    from sims import report
    from sims.runner import run, writing

    console = Console(highlight=False)
    if executor not in ("local", "ray"):
        raise typer.BadParameter("--executor must be local or ray")
    held = contextlib.ExitStack()  # OUT, from the resume check to the last dialogue
    try:
        if workers < 1:
            raise ValueError(f"--workers must be at least 1, got {workers}")
        if out.exists() and not out.is_dir():
            raise ValueError(f"--out {out} is a file; give a folder for the run's outputs")
        cfg = _config(
            scenarios, limit, debtors, policies, seed, backend, sensor, debtor_backend, param or [],
            personas, perception, debtor_voice,
        )  # fmt: skip
        from sims.runner import validate

        validate(cfg)
        start = L.from_export(learned) if learned is not None else L.cold()
        if start.state is not None:
            cfg = replace(cfg, learned={**(start.describe() or {}),
                                        "state": start.state.to_dict()})  # fmt: skip
        held.enter_context(writing(out))
        if resume:  # refused before learned.json is touched: OUT stays as it was
            from sims.runner import check_resume

            check_resume(cfg, out)
        out.mkdir(parents=True, exist_ok=True)
        if start.state is not None:
            (out / L.FILE).write_text(start.text(), encoding="utf-8")
        else:  # a learned.json left by an earlier run would say this one started from it
            (out / L.FILE).unlink(missing_ok=True)
    except (ScenarioError, ValueError, OSError) as exc:
        held.close()
        _error(exc)
        raise typer.Exit(2) from None
    start = time.perf_counter()
    with held, Progress(
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


@app.command("headline")
def headline_cmd(
    scenarios: Scenarios = None,
    limit: Annotated[
        int, typer.Option(help="Use the first N CRAD rows (the documented size is 1).")
    ] = 1,
    debtors: Annotated[
        str, typer.Option(help="Debtor personas, comma list.")
    ] = "cheating,threatening,victim,stonewalling,angry",
    seed: Annotated[int, typer.Option(help="Seed: same seed, same results.")] = 0,
    workers: Annotated[int, typer.Option(help="Local worker processes.")] = 1,
    executor: Annotated[str, typer.Option(help="local or ray.")] = "local",
    agent_backend: Annotated[
        str, typer.Option("--agent-backend", help="What eq and vanilla speak through.")
    ] = "llama",
    large_model: Annotated[
        str, typer.Option("--large-model", help="The model llm-alone plays on.")
    ] = "llama:qwen2.5-coder-1.5b-instruct-q4_k_m",
    debtor_model: Annotated[
        str, typer.Option("--debtor-model", help="The model the free LLM debtors write with.")
    ] = "llama:qwen2.5-coder-1.5b-instruct-q4_k_m",
    sensor: Annotated[str, typer.Option(help="The agent's sensor.")] = "default",
    perception: PerceptionOpt = DEFAULT_PERCEPTION,
    out: Out = Path("results/headline"),
    resume: Annotated[
        bool, typer.Option(help="Keep finished dialogues in OUT (on by default).")
    ] = True,
    plots: Annotated[bool, typer.Option(help="Write PNG plots (needs matplotlib).")] = True,
    warmup: Annotated[int | None, typer.Option(
        "--warmup", help="eq starts from the state it learns playing the N CRAD rows after "
        "--limit's x the same personas (template backend, rules debtors, perception text); "
        "0: an empty state (the ablation). Default 20.", show_default=False)] = None,
    learned: Annotated[Path | None, typer.Option(
        "--learned", help="eq starts from this `edge-agent learned export` file instead of a "
        "warm-up.")] = None,
) -> None:
    """The papers' headline: eq and vanilla on the embedded small model against llm-alone on a
    model ten times larger, all against free LLM debtors (resumable; sims/headline.py)."""
    from dataclasses import replace

    from sims import headline as H
    from sims import learned_start as L
    from sims import report
    from sims.runner import check_resume, run, validate, writing

    console = Console(highlight=False)
    if executor not in ("local", "ray"):
        raise typer.BadParameter("--executor must be local or ray")
    held = contextlib.ExitStack()  # OUT, from the resume checks to the last dialogue
    try:
        if workers < 1:
            raise ValueError(f"--workers must be at least 1, got {workers}")
        rows = load_scenarios(scenarios, limit)
        cfg = H.config([s.to_dict() for s in rows], debtors=parse_personas(debtors), seed=seed,
                       agent_backend=agent_backend, large_model=large_model,
                       debtor_model=debtor_model, sensor=sensor,
                       perception=perception)  # fmt: skip
        validate(cfg)
        if learned is not None and warmup is not None:
            raise ValueError("give --warmup or --learned, not both (--learned replaces the "
                             "warm-up)")  # fmt: skip
        n_warm = L.DEFAULT_WARMUP if warmup is None else warmup
        if n_warm < 0:
            raise ValueError(f"--warmup must be 0 (cold start) or more CRAD rows, got {n_warm}")
        # before run() writes run.json: a missing model or lexicon leaves OUT as it was
        H.check_models(cfg)
        make_perception(perception)  # text: reads the sim extra's lexicons now
        if learned is None and n_warm:
            make_perception(L.WARMUP_PERCEPTION)
            console.print(f"eq's starting state: a warm-up on {n_warm} CRAD row(s) x "
                          f"{len(cfg.debtors)} personas (reused when OUT holds it)")  # fmt: skip
        if out.exists() and not out.is_dir():
            raise ValueError(f"--out {out} is a file; give a folder for the run's outputs")
        held.enter_context(writing(out))
        start = L.choose(out, resume, learned=learned, warmup=n_warm,
                         all_rows=load_scenarios(scenarios, None), limit=limit,
                         debtors=cfg.debtors, seed=seed, sensor=sensor,
                         params=cfg.params)  # fmt: skip
        if start.state is not None:
            cfg = replace(cfg, learned={**(start.describe() or {}),
                                        "state": start.state.to_dict()})  # fmt: skip
        if resume:
            check_resume(cfg, out)
        out.mkdir(parents=True, exist_ok=True)
        if start.state is not None:
            (out / L.FILE).write_text(start.text(), encoding="utf-8")
        else:
            (out / L.FILE).unlink(missing_ok=True)
    except (ScenarioError, ValueError, H.ModelMissing, PerceptionMissing, OSError) as exc:
        held.close()
        _error(exc)
        raise typer.Exit(2) from None
    start = time.perf_counter()
    with held, Progress("[progress.description]{task.description}", BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console) as bar:  # fmt: skip
        task = bar.add_task("dialogues", total=len(cfg.jobs()))
        try:
            records = run(cfg, out, workers=workers, executor=executor, resume=resume,
                          progress=lambda done, total: bar.update(task, completed=done))
        except (ValueError, RuntimeError, OSError) as exc:
            _error(exc)
            raise typer.Exit(2) from None
    elapsed = time.perf_counter() - start
    report.build(out, records, plots=plots)
    text = H.build(out, records, plots=plots)
    console.print(f"{len(records)} dialogues in {out} ({elapsed:.1f} s this run)")
    console.print(text)


@app.command("report")
def report_cmd(
    out: Annotated[Path, typer.Argument(
        help="A run folder holding dialogues.jsonl (default: sim-out, where `sim run` writes "
             "without --out).")] = DEFAULT_OUT,
    plots: Annotated[bool, typer.Option(help="Write PNG plots (needs matplotlib).")] = True,
) -> None:
    """Rebuild summary.csv, summary.md and the plots from DIR/dialogues.jsonl (and, for a
    `sim headline` folder, headline.md/json/png, also of an interrupted run)."""
    from sims import headline, report

    try:
        if not (out / "dialogues.jsonl").is_file():
            raise ValueError(f"no run in {out}: {out / 'dialogues.jsonl'} does not exist (give "
                             "the folder `sim run --out` wrote)")
        report.build(out, plots=plots)
        table = headline.build(out, plots=plots) if headline.is_headline(out) else None
    except ValueError as exc:
        _error(exc)
        raise typer.Exit(2) from None
    # a table is printed unwrapped, so it can be pasted as markdown
    Console(highlight=False, soft_wrap=table is not None).print(
        table or (out / "summary.md").read_text())


@app.command("grid")
def grid_cmd(
    scenarios: Scenarios = None,
    debtors: Debtors = "all",
    policies: Policies = ALL_POLICIES,
    seed: int = 0,
    limit: Annotated[
        int | None,
        typer.Option(help="Use the first N scenarios [grid: 30; populations: all]."),
    ] = None,
    workers: int = 1,
    executor: str = "local",
    sensor: str = "lexicon",
    out: Out = Path("sim-grid"),
    populations: Annotated[
        str | None,
        typer.Option(help="Instead of the parameter grid: the named debtor populations (all, "
                     "or a comma list; sims/populations.py), each a sequence of dialogues "
                     "with learned state carried across them."),
    ] = None,
    dialogues: Annotated[int, typer.Option(help="Populations: dialogues per sequence.")] = 200,
    readme: Annotated[
        Path | None, typer.Option(help="Populations: rewrite this README's results block.")
    ] = None,
    personas: PersonaSet = "professional",
    perception: PerceptionOpt = DEFAULT_PERCEPTION,
) -> None:
    """Rerun the sweep over the response model's parameter grid; report the policy ranking."""
    from sims.grid import run_grid

    console = Console(highlight=False)
    if workers < 1:
        _error(ValueError(f"--workers must be at least 1, got {workers}"))
        raise typer.Exit(2)
    if populations is not None:
        if limit is not None and limit < 1:
            _error(ValueError(f"--limit must be at least 1, got {limit}"))
            raise typer.Exit(2)
        chosen = None if policies == ALL_POLICIES else _names(policies)
        _populations(console, scenarios, limit, populations, dialogues, seed, workers, sensor,
                     out, readme, personas, chosen, perception)  # fmt: skip
        return
    limit = 30 if limit is None else limit
    try:
        cfg = _config(scenarios, limit, debtors, policies, seed, "template", sensor, "rules", [],
                      personas, perception)  # fmt: skip
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


def _names(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


@app.command("negmas")
def negmas_cmd(
    scenarios: Scenarios = None,
    limit: Annotated[int, typer.Option(help="Use the first N CRAD rows.")] = 30,
    seeds: Annotated[str, typer.Option(help="Seeds, comma list (reservation draws).")] = "0,1",
    policies: Annotated[
        str,
        typer.Option(help="Edge creditor policies, comma list (as for `sim run`); a /legacy "
                     "suffix plays one as before it knew SAO's deadline and last mover."),
    ] = ",".join(EDGE_POLICIES),
    negmas_creditors: Annotated[
        str, typer.Option("--negmas-creditors", help="NegMAS creditors, comma list.")
    ] = ",".join(NEGMAS_CREDITORS),
    debtors: Annotated[
        str, typer.Option(help="NegMAS debtors, comma list.")
    ] = ",".join(NEGMAS_DEBTORS),
    sensor: Annotated[
        str, typer.Option(help="Edge creditors' sensor: default, onnx or lexicon.")
    ] = "default",
    out: Out = Path("results/negmas-arena"),
) -> None:
    r"""The NegMAS arena: edge creditors and NegMAS's standard creditors against NegMAS's
    standard debtors in SAO (needs the optional extra: pip install 'edge-agent\[negmas]')."""
    console = Console(highlight=False)
    try:
        import negmas

        from sims import negmas_arena as arena
    except ImportError:
        console.print("[red]error:[/red] NegMAS is not installed; it is the optional extra "
                      "(AGPL-3.0): pip install 'edge-agent\\[negmas]'")
        raise typer.Exit(2) from None
    try:
        rows_in = load_scenarios(scenarios, limit)
        seed_list = [int(s) for s in _names(seeds)]
        args = dict(seeds=seed_list, edge_policies=_names(policies),
                    negmas_creditors=_names(negmas_creditors), debtors=_names(debtors),
                    sensor=sensor)  # fmt: skip
        with Progress(BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                      transient=True) as bar:  # fmt: skip
            task = bar.add_task("negotiations", total=None)
            rows, seconds = arena.timed(lambda: arena.run_arena(
                rows_in, **args,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            ))  # fmt: skip
    except (ScenarioError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    command = (f"edge-agent sim negmas --limit {limit} --seeds {seeds} --policies {policies} "
               f"--negmas-creditors {negmas_creditors} --debtors {debtors} --sensor {sensor} "
               f"--out {out}")  # fmt: skip
    meta = {"rows": len(rows_in), "seeds": seed_list, "negmas": negmas.__version__,
            "sensor": sensor, "command": command, "seconds": seconds}  # fmt: skip
    path = arena.write(out, rows, meta)
    console.print(f"{len(rows)} negotiations in {seconds:.1f} s; {path}")
    console.print(path.read_text())
def _populations(
    console: Console, scenarios: Path | None, limit: int | None, names: str, dialogues: int,
    seed: int, workers: int, sensor: str, out: Path, readme: Path | None,
    personas: str = "professional", chosen: list[str] | None = None,
    perception: str = DEFAULT_PERCEPTION,
) -> None:  # fmt: skip
    from sims import populations as P
    from sims.runner import validate

    try:
        pops = P.parse_populations(names)
        rows = load_scenarios(scenarios, limit)
        policies = with_persona_set(list(chosen or P.POLICIES), personas)
        validate(RunConfig(scenarios=[], debtors=[], policies=policies))
        make_perception(perception)
    except (ScenarioError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    doc = P.evaluate(rows, pops, out, dialogues=dialogues, seed=seed, workers=workers,
                     sensor=sensor, policies=policies, perception=perception,
                     progress=lambda label: console.print(f"done {label}"))  # fmt: skip
    mine = "eq-research" if personas == "research" else "eq"
    shown = (mine, "eq-paper", "vanilla", "boulware")
    table = P.markdown(doc, shown) + f"\nPer debtor persona, {mine} against vanilla:\n\n" + \
        P.persona_markdown(doc, mine)
    (out / "populations.md").write_text(table, encoding="utf-8")
    if doc["curves"]:
        P.plot_curves(doc, out / "regret_curves.png")
    command = (f"edge-agent sim grid --populations {names} --dialogues {dialogues} "
               f"--seed {seed} --workers {workers} --sensor {sensor} --out {out}"
               + (f" --policies {','.join(chosen)}" if chosen else "")
               + (f" --personas {personas}" if personas != "professional" else "")
               + (f" --perception {perception}" if perception != DEFAULT_PERCEPTION else "")
               + (f" --readme {readme}" if readme else ""))
    if readme is not None:
        s = doc["settings"]
        P.update_readme(readme, f"Regenerate (about {s['seconds'] / 60:.0f} min at "
                        f"{workers} worker(s) on the shared 2-core machine):\n\n```sh\n"
                        f"{command}\n```\n\n![regret curves]({out}/regret_curves.png)\n\n"
                        f"{table}")  # fmt: skip
    console.print(table)
    console.print(f"{doc['settings']['seconds']} s; wrote {out}/populations.md, "
                  f"{out}/regret_curves.png, {out}/results.json")
