"""The docs do what they say: the tutorial's commands give the output it shows, the CI recipes
run, the editor settings match briefgen's output, and every link resolves.

Docs mark what a test does with an HTML comment before a code block, invisible when rendered:
`<!-- test: run -->` (a console block: run each `$ command`, compare the output shown; a line `…`
stands for any lines), `<!-- test: file PATH -->` (write the block to PATH), `<!-- test: edit PATH
"old" "new" -->`, and `<!-- test: NAME -->` (a block other tests pick by NAME).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from briefgen.cli import build_parser

REPOSITORY = Path(__file__).parent.parent
DOCS = REPOSITORY / "docs"
HOOKS = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
_DIRECTIVE = re.compile(r"^<!-- test: (.+?) -->$")
_FENCE = re.compile(r"^```(\w*)")
_DURATION = re.compile(r"\d+(\.\d+)? s\)")


@dataclass(frozen=True)
class Block:
    """A fenced code block, with the test directives written just before it."""

    language: str
    text: str
    directives: tuple[str, ...]


def blocks(path: Path) -> list[Block | str]:
    """A doc's code blocks, and the directives that stand alone (edits between blocks), in order."""
    found: list[Block | str] = []
    pending: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    position = 0
    while position < len(lines):
        line = lines[position]
        directive = _DIRECTIVE.match(line)
        fence = _FENCE.match(line)
        if directive:
            pending.append(directive.group(1))
        elif fence:
            end = lines.index("```", position + 1)
            found.append(Block(fence.group(1), "\n".join(lines[position + 1 : end]) + "\n", tuple(pending)))
            pending, position = [], end
        elif line.strip() and pending:
            found.extend(pending)
            pending = []
        position += 1
    return found + pending


def named(path: Path, name: str) -> Block:
    (block,) = [b for b in blocks(path) if isinstance(b, Block) and name in b.directives]
    return block


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """briefgen on the PATH, as an installed user has it, and a quiet, fixed-width terminal."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return {
        **os.environ,
        "PATH": path,
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        **(extra or {}),
    }


def matches(shown: list[str], actual: list[str]) -> bool:
    """The output shown equals the actual one, `…` standing for any lines, durations for any."""
    pattern = "\n".join(".*?" if line == "…" else re.escape(_DURATION.sub("N s)", line)) for line in shown)
    return re.fullmatch(pattern, "\n".join(_DURATION.sub("N s)", line) for line in actual), re.DOTALL) is not None


def run_console(block: Block, cwd: Path) -> None:
    commands: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    for command, shown in commands:
        done = subprocess.run(
            shlex.split(command),
            cwd=cwd,
            env=environment(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )
        actual = (done.stdout + done.stderr).splitlines()
        assert matches(shown, actual), f"$ {command}\nshown:\n" + "\n".join(shown) + "\nactual:\n" + "\n".join(actual)


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    for item in blocks(DOCS / "tutorial.md"):
        directives = [item] if isinstance(item, str) else list(item.directives)
        for directive in directives:
            kind, _, argument = directive.partition(" ")
            if kind == "file":
                assert isinstance(item, Block)
                (tmp_path / argument).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / argument).write_text(item.text, encoding="utf-8")
            elif kind == "edit":
                path, old, new = shlex.split(argument)
                text = (tmp_path / path).read_text(encoding="utf-8")
                assert text.count(old) == 1, (path, old)
                (tmp_path / path).write_text(text.replace(old, new), encoding="utf-8")
            elif kind == "run":
                assert isinstance(item, Block) and item.language == "console"
                run_console(item, tmp_path)
    pdf = tmp_path / "build" / "hesk-ferry-link" / "hesk-ferry-link.pdf"
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert "When will the Hesk ferry link reopen?" in reader.pages[0].extract_text()


def briefgen_commands(path: Path) -> list[list[str]]:
    """Every `briefgen …` command line in a doc's shell, console and YAML blocks."""
    found = []
    for block in blocks(path):
        if not isinstance(block, Block) or block.language not in ("sh", "console", "yaml"):
            continue
        for line in block.text.splitlines():
            if block.language == "console":
                line = line[2:] if line.startswith("$ ") else ""
            if not re.search(r"(^|[\s:])briefgen ", line):
                continue
            lexer = shlex.shlex(line[line.index("briefgen ") :], posix=True, punctuation_chars=";&|<>")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            words = list(lexer)
            for stop, word in enumerate(words):
                if word and word[0] in ";&|<>":
                    words = words[:stop]
                    break
            if len(words) > 1 and words[1] != "@":  # `briefgen @ git+…` is a pip requirement
                found.append(words[1:])
    return found


@pytest.mark.parametrize("name", ["ci.md", "tutorial.md"])
def test_every_briefgen_command_in_the_docs_parses(name: str) -> None:
    commands = briefgen_commands(DOCS / name)
    assert commands
    for words in commands:
        if words == ["--version"]:
            continue
        args = build_parser().parse_args(words)
        assert callable(args.run), words


def test_the_pre_commit_config_names_real_hooks() -> None:
    config = yaml.safe_load(named(DOCS / "ci.md", "pre-commit").text)
    (repo,) = config["repos"]
    assert {hook["id"] for hook in repo["hooks"]} == {hook["id"] for hook in HOOKS}


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone of a repository of briefs on a branch that breaks one brief's quote, while `main`
    moved on after the branch left it; `origin` is a bare repository."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    env = environment()

    def git(*args: str, cwd: Path = work) -> None:
        subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)

    minimal = REPOSITORY / "tests" / "fixtures" / "minimal"
    work.mkdir()
    git("init", "-q", "-b", "main")
    for slug in ("alpha", "beta"):
        shutil.copytree(minimal, work / "briefs" / slug)
        brief = work / "briefs" / slug / "brief.yaml"
        brief.write_text(brief.read_text(encoding="utf-8").replace("id: minimal", f"id: {slug}"), encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "two briefs")
    git("clone", "-q", "--bare", str(work), str(origin), cwd=tmp_path)
    git("remote", "add", "origin", str(origin))
    git("checkout", "-q", "-b", "feature")
    source = work / "briefs" / "beta" / "sources" / "s1.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("Qamishli", "Hasakah"), encoding="utf-8")
    git("commit", "-q", "-am", "beta: new source text")
    git("push", "-q", "origin", "feature")
    git("checkout", "-q", "main")
    (work / "briefs" / "alpha" / "notes.md").write_text("Moved on.\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "alpha: notes")
    git("push", "-q", "origin", "main")
    git("checkout", "-q", "feature")
    git("fetch", "-q", "origin")
    return work


def bash(script: str, cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env=environment(variables),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_the_github_workflow(pull_request: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load(named(DOCS / "ci.md", "github").text)
    jobs = workflow["jobs"]
    steps = [step for job in jobs.values() for step in job["steps"]]
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == len(jobs) and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    (upload,) = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "build/"
    assert "briefgen build briefs --out build" in [step.get("run") for step in jobs["build"]["steps"]]

    validate = next(step for step in jobs["validate"]["steps"] if "briefgen validate" in step.get("run", ""))
    done = bash(validate["run"], pull_request, EVENT="pull_request", BASE="main")
    # Only the brief the pull request changed: alpha changed on main after the branch left it.
    alone = bash("briefgen validate briefs/beta --format github", pull_request)
    assert (done.returncode, done.stdout, done.stderr) == (1, alone.stdout, alone.stderr)
    assert done.stdout.startswith("::error file=briefs/beta/brief.yaml,line=")

    describe = next(step for step in jobs["review"]["steps"] if "briefgen diff" in step.get("run", ""))
    summary = tmp_path / "summary.md"
    done = bash(describe["run"], pull_request, BASE="main", GITHUB_STEP_SUMMARY=str(summary))
    assert (done.returncode, done.stderr) == (0, "")
    assert summary.read_text(encoding="utf-8") == (pull_request / "diff.md").read_text(encoding="utf-8")
    assert "beta" in summary.read_text(encoding="utf-8")


def test_the_verapdf_job_validates_the_build_jobs_pdfs() -> None:
    job = yaml.safe_load(named(DOCS / "ci.md", "verapdf").text)["pdfua"]
    workflow = yaml.safe_load(named(DOCS / "ci.md", "github").text)
    assert job["needs"] in workflow["jobs"]
    (download,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/download-artifact@")]
    (upload,) = [
        step
        for step in workflow["jobs"]["build"]["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert (download["with"]["name"], download["with"]["path"]) == (upload["with"]["name"], upload["with"]["path"])
    validate = job["steps"][-1]["run"]
    assert "--flavour ua1" in validate and "build/*/*.pdf" in validate and "grep -q '^FAIL'" in validate


@pytest.mark.skipif(shutil.which("jq") is None, reason="the GitLab recipe uses jq (Debian package jq)")
def test_the_gitlab_jobs(pull_request: Path) -> None:
    config = yaml.safe_load(named(DOCS / "ci.md", "gitlab").text)
    assert config["variables"]["GIT_DEPTH"] == "0"
    job = config["briefs"]
    assert job["artifacts"]["paths"] == ["build/"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    (script,) = job["script"]
    done = bash(script, pull_request, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    alone = json.loads(bash("briefgen validate briefs/beta --format json", pull_request).stdout)["diagnostics"]
    assert done.returncode == 1
    assert "briefs/beta/brief.yaml:" in done.stdout and "briefs/alpha" not in done.stdout
    report = json.loads((pull_request / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert [(item["check_name"], item["location"]) for item in report] == [
        (d["code"], {"path": "briefs/beta/brief.yaml", "lines": {"begin": d["line"]}}) for d in alone
    ]
    assert {item["check_name"] for item in report} == {"BG401"}
    assert {item["severity"] for item in report} == {"major"}
    assert len({item["fingerprint"] for item in report}) == len(report)
    assert not (pull_request / "build").exists()  # nothing is built from briefs that fail

    review = config["briefs-review"]["script"]
    done = bash(
        "\n".join(line for line in review if not line.startswith("curl")),
        pull_request,
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "beta" in (pull_request / "diff.md").read_text(encoding="utf-8")


def test_the_vscode_task_reads_briefgen_output(tmp_path: Path) -> None:
    settings = json.loads(named(DOCS / "editors.md", "json settings").text)
    assert settings == {"yaml.schemas": {"./schemas/brief.schema.json": "briefs/*/brief.yaml"}}
    tasks = json.loads(named(DOCS / "editors.md", "json tasks").text)
    (task,) = tasks["tasks"]
    matcher = task["problemMatcher"]["pattern"]
    shutil.copytree(REPOSITORY / "tests" / "fixtures" / "minimal", tmp_path / "briefs" / "x")
    brief = tmp_path / "briefs" / "x" / "brief.yaml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("likelihood: likely", "likelihood: likley", 1), encoding="utf-8"
    )
    done = subprocess.run(
        shlex.split(task["command"]),
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    found = [m for m in (re.match(matcher["regexp"], line) for line in done.stdout.splitlines()) if m]
    assert len(found) == 1
    problem = found[0]
    assert problem.group(matcher["file"]) == "briefs/x/brief.yaml"
    assert problem.group(matcher["line"]).isdigit() and problem.group(matcher["column"]).isdigit()
    assert (problem.group(matcher["severity"]), problem.group(matcher["code"])) == ("error", "BG203")
    assert problem.group(matcher["message"]).startswith("invalid-value: key_judgments[0].likelihood")


def _anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("path", [REPOSITORY / "README.md", *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_links_resolve(path: Path) -> None:
    text = re.sub(r"```.*?```|`[^`\n]*`", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file) if file else path
        assert linked.exists(), f"{path.name} links to {target}, which does not exist"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{path.name} links to {target}: no such heading"


def test_readme_links_every_doc() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for doc in sorted(DOCS.glob("*.md")):
        assert f"(docs/{doc.name})" in readme, f"README does not link docs/{doc.name}"
