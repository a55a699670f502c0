"""`.pre-commit-hooks.yaml`: the hooks a repository of briefs uses, checked fast, then for real."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefgen.brief.scaffold import skeleton
from briefgen.brief.schema import schema_text
from briefgen.cli import build_parser, main

REPOSITORY = Path(__file__).parent.parent
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text("utf-8"))}
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
# The pre-commit recipes docs/ci.md gives, by the name of their `<!-- test: NAME -->` marker.
_RECIPE = re.compile(r"^<!-- test: (pre-commit[\w-]*) -->\n```yaml\n(.*?)^```$", re.MULTILINE | re.DOTALL)
RECIPES = dict(_RECIPE.findall((REPOSITORY / "docs" / "ci.md").read_text(encoding="utf-8")))


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def test_hooks_are_well_formed() -> None:
    assert sorted(HOOKS) == ["briefgen-schema-check", "briefgen-validate"]
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["name"] and hook["description"]
        command = shlex.split(hook["entry"])
        assert command[0] == "briefgen"
        args = build_parser().parse_args(command[1:])
        assert callable(args.run)
    # Both hooks find their files themselves: pre-commit never passes a deleted one.
    for hook in HOOKS.values():
        assert (hook["pass_filenames"], hook["always_run"], "files" in hook) == (False, True, False)


def test_the_documented_recipe_declares_the_hooks_of_pre_commit_hooks_yaml() -> None:
    """The recipe that works as written (`repo: local`) spells the hooks out: as declared."""
    assert sorted(RECIPES) == ["pre-commit", "pre-commit-remote"]
    (local,) = yaml.safe_load(RECIPES["pre-commit"])["repos"]
    assert local["repo"] == "local"
    fields = ("id", "name", "entry", "pass_filenames", "always_run")
    assert [{key: hook[key] for key in fields} for hook in local["hooks"]] == [
        {key: hook[key] for key in fields} for hook in HOOKS.values()
    ]
    assert {hook["language"] for hook in local["hooks"]} == {"system"}
    (remote,) = yaml.safe_load(RECIPES["pre-commit-remote"])["repos"]
    assert [hook["id"] for hook in remote["hooks"]] == list(HOOKS)


@pytest.fixture
def briefs_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of briefs: a valid one (minimal) and one whose quote is broken (broken)."""
    root = tmp_path / "briefs-repo"
    shutil.copytree(MINIMAL, root / "briefs" / "minimal")
    shutil.copytree(MINIMAL, root / "briefs" / "broken")
    (root / "README.md").write_text("Our briefs.\n", encoding="utf-8")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "briefs")
    monkeypatch.chdir(root)
    return root


def hook(name: str) -> list[str]:
    """The arguments of the hook's command, as pre-commit runs it (no file names)."""
    return shlex.split(HOOKS[name]["entry"])[1:]


def test_validate_hook_entry_on_staged_files(briefs_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A commit that touches a source of `broken` (now missing the quoted passage), the README, and a
    # new brief; an untracked draft and an unstaged edit are not part of it.
    (briefs_repo / "briefs" / "broken" / "sources" / "s1.txt").write_text("Nothing quoted here.\n", "utf-8")
    (briefs_repo / "README.md").write_text("Our briefs, updated.\n", encoding="utf-8")
    assert main(["new", "gamma"]) == 0
    capsys.readouterr()
    git(briefs_repo, "add", "-A")
    assert main(["new", "draft"]) == 0
    (briefs_repo / "briefs" / "minimal" / "brief.yaml").write_text("not: a brief\n", encoding="utf-8")
    capsys.readouterr()
    code = main([*hook("briefgen-validate"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["summary"] == {"briefs": 2, "errors": 2, "warnings": 30}
    assert sorted({(d["file"], d["code"]) for d in report["diagnostics"] if d["severity"] == "error"}) == [
        ("briefs/broken/brief.yaml", "BG401"),
    ]


def test_validate_hook_catches_a_deleted_or_renamed_source(
    briefs_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(briefs_repo, "rm", "-q", "briefs/minimal/sources/s1.txt")
    git(briefs_repo, "mv", "briefs/broken/sources/s1.txt", "briefs/broken/sources/moved.txt")
    assert main(hook("briefgen-validate")) == 1
    # (hint lines left out: their wording is the archive check's)
    assert (
        "".join(line for line in capsys.readouterr().out.splitlines(keepends=True) if not line.startswith("    hint: "))
        == """\
briefs/broken/brief.yaml:56:14: error BG311 archive-missing: archive 'sources/s1.txt' does not exist
briefs/minimal/brief.yaml:56:14: error BG311 archive-missing: archive 'sources/s1.txt' does not exist
2 briefs checked: 2 errors, 0 warnings
"""
    )


def test_validate_hook_when_the_commit_touches_no_brief(briefs_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (briefs_repo / "README.md").write_text("Our briefs, updated.\n", encoding="utf-8")
    git(briefs_repo, "add", "README.md")
    assert main(hook("briefgen-validate")) == 0
    assert capsys.readouterr().out == "no staged change touches a brief\n"


def _snapshot(target: Path) -> str:
    """A repository holding briefgen as it is in this work tree (committed or not); its commit."""
    listed = git(REPOSITORY, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = REPOSITORY / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target.parent, "init", "-q", str(target))
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return git(target, "rev-parse", "HEAD").strip()


@pytest.mark.slow
def test_hooks_run_in_pre_commit(briefs_repo: Path, tmp_path: Path) -> None:
    """pre-commit installs briefgen from a clone of the hook repository (its dependencies from
    PyPI, about half a minute) and runs both hooks on what a commit changes, deletions too."""
    # docs/ci.md's recipe for a repository that hosts briefgen, with its URL replaced by the
    # hosted copy's, which is tagged as the page tells: `rev` names a tag that exists.
    _snapshot(tmp_path / "briefgen")
    git(tmp_path / "briefgen", "tag", "v0.1.0")
    config = yaml.safe_load(RECIPES["pre-commit-remote"])
    assert config["repos"][0]["rev"] == "v0.1.0"
    config["repos"][0]["repo"] = str(tmp_path / "briefgen")
    (briefs_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # The schema of the models being tested (the committed copy's freshness is another test's).
    (briefs_repo / "schemas").mkdir()
    (briefs_repo / "schemas" / "brief.schema.json").write_text(schema_text(), encoding="utf-8")
    (briefs_repo / "briefs" / "minimal" / "sources" / "notes.txt").write_text("Analyst's notes.\n", "utf-8")
    git(briefs_repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--color", "never"],
            cwd=briefs_repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    done = pre_commit()
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^briefgen validate\.+Passed$", done.stdout, re.MULTILINE)
    assert re.search(r"^briefgen schema --check\.+Passed$", done.stdout, re.MULTILINE)
    git(briefs_repo, "commit", "-q", "-m", "hooks")

    (briefs_repo / "briefs" / "broken" / "sources" / "s1.txt").write_text("Nothing quoted here.\n", "utf-8")
    (briefs_repo / "schemas" / "brief.schema.json").write_text("{}\n", encoding="utf-8")
    (briefs_repo / "briefs" / "minimal" / "brief.yaml").write_text(
        skeleton("minimal", "../../schemas/brief.schema.json", dt.date(2026, 1, 2)), encoding="utf-8"
    )
    git(briefs_repo, "add", "-A")
    done = pre_commit()
    assert done.returncode == 1
    assert re.search(r"^briefgen validate\.+Failed$", done.stdout, re.MULTILINE)
    assert (
        "briefs/broken/brief.yaml:20:16: error BG401 quote-not-found: quote not found in source S1 "
        "(sources/s1.txt)" in done.stdout
    )
    # Placeholders are warnings: shown, but they do not fail the commit on their own.
    assert "briefs/minimal/brief.yaml:11:8: warning BG901 placeholder:" in done.stdout
    assert "2 briefs checked: 2 errors, 30 warnings" in done.stdout
    assert re.search(r"^briefgen schema --check\.+Failed$", done.stdout, re.MULTILINE)
    assert (
        "schemas/brief.schema.json is out of date with the models; run `briefgen schema` and commit the "
        "result" in done.stdout
    )

    # A commit that only deletes a cited source: pre-commit lists no file for it, yet the brief
    # that cites it is no longer valid. An unstaged edit elsewhere is stashed, not validated.
    git(briefs_repo, "reset", "-q", "--hard")
    git(briefs_repo, "rm", "-q", "briefs/minimal/sources/s1.txt")
    (briefs_repo / "briefs" / "broken" / "brief.yaml").write_text("not: a brief\n", encoding="utf-8")
    done = pre_commit()
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^briefgen validate\.+Failed$", done.stdout, re.MULTILINE)
    assert (
        "briefs/minimal/brief.yaml:56:14: error BG311 archive-missing: archive 'sources/s1.txt' does not "
        "exist" in done.stdout
    )
    assert "1 brief checked: 1 error, 0 warnings" in done.stdout
    assert re.search(r"^briefgen schema --check\.+Passed$", done.stdout, re.MULTILINE)


def _as_a_user(repo: Path, home: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """`command` in `repo`, as an analyst runs it: briefgen and pre-commit installed in an
    activated virtual environment (this one), pre-commit's cache of its own. What it prints, to
    either stream, is its `stdout` (git prints a hook's output on standard error)."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        command,
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_documented_recipe_works_as_written(briefs_repo: Path, tmp_path: Path) -> None:
    """docs/ci.md's recipe, copied as it stands, then the steps the page gives: `briefgen schema`
    (once, for editors), `pre-commit install`, and commits that pass and fail."""
    (briefs_repo / ".pre-commit-config.yaml").write_text(RECIPES["pre-commit"], encoding="utf-8")
    home = tmp_path / "pre-commit-home"
    assert _as_a_user(briefs_repo, home, "briefgen", "schema").returncode == 0
    installed = _as_a_user(briefs_repo, home, "pre-commit", "install")
    assert installed.returncode == 0, installed.stdout
    git(briefs_repo, "add", "-A")
    done = _as_a_user(briefs_repo, home, "git", "commit", "-q", "-m", "hooks and schema")
    assert done.returncode == 0, done.stdout
    assert re.search(r"^briefgen validate\.+Passed$", done.stdout, re.MULTILINE), done.stdout
    assert re.search(r"^briefgen schema --check\.+Passed$", done.stdout, re.MULTILINE)

    # A source that no longer holds the passage quoted from it: the commit is refused.
    (briefs_repo / "briefs" / "broken" / "sources" / "s1.txt").write_text("Nothing quoted here.\n", "utf-8")
    git(briefs_repo, "add", "-A")
    done = _as_a_user(briefs_repo, home, "git", "commit", "-q", "-m", "break a quote")
    assert done.returncode == 1
    assert re.search(r"^briefgen validate\.+Failed$", done.stdout, re.MULTILINE), done.stdout
    assert (
        "briefs/broken/brief.yaml:20:16: error BG401 quote-not-found: quote not found in source S1 "
        "(sources/s1.txt)" in done.stdout
    )
    assert "1 brief checked: 2 errors, 0 warnings" in done.stdout
    assert git(briefs_repo, "log", "--format=%s") == "hooks and schema\nbriefs\n"

    # A commit that touches no brief passes at once.
    git(briefs_repo, "reset", "-q", "--hard")
    (briefs_repo / "README.md").write_text("Our briefs, updated.\n", encoding="utf-8")
    git(briefs_repo, "add", "README.md")
    done = _as_a_user(briefs_repo, home, "git", "commit", "-q", "-m", "readme")
    assert done.returncode == 0, done.stdout
    assert re.search(r"^briefgen validate\.+Passed$", done.stdout, re.MULTILINE), done.stdout
