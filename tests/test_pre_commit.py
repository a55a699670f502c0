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

from briefgen.cli import build_parser, main
from briefgen.scaffold import skeleton

REPOSITORY = Path(__file__).parent.parent
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text("utf-8"))}
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                          cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


def selected(hook: dict, paths: list[str]) -> list[str]:
    """The paths pre-commit passes to a hook: those its `files` pattern finds (re.search)."""
    return [path for path in paths if re.search(hook.get("files", ""), path)]


def test_hooks_are_well_formed() -> None:
    assert sorted(HOOKS) == ["briefgen-schema-check", "briefgen-validate"]
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["name"] and hook["description"]
        command = shlex.split(hook["entry"])
        assert command[0] == "briefgen"
        args = build_parser().parse_args(command[1:])
        assert callable(args.run)
    assert HOOKS["briefgen-validate"]["pass_filenames"] is True
    assert HOOKS["briefgen-schema-check"]["pass_filenames"] is False


def test_validate_hook_selects_briefs_and_their_sources() -> None:
    paths = [
        "briefs/alpha/brief.yaml", "brief.yaml", "briefs/alpha/sources/s1.txt", "briefs/alpha/sources/pdf/s2.md",
        "README.md", "briefs/alpha/notes.md", "briefs/alpha/brief.yaml.orig", "resources/s1.txt",
        "schemas/brief.schema.json", "briefs/alpha/sources",
    ]
    assert selected(HOOKS["briefgen-validate"], paths) == [
        "briefs/alpha/brief.yaml", "brief.yaml", "briefs/alpha/sources/s1.txt", "briefs/alpha/sources/pdf/s2.md",
    ]


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


def test_validate_hook_entry_on_staged_files(briefs_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A commit that touches a source of `broken` (now missing the quoted passage), the README, and a
    # new brief: the hook gets the brief-related files and validates each brief they belong to once.
    (briefs_repo / "briefs" / "broken" / "sources" / "s1.txt").write_text("Nothing quoted here.\n", "utf-8")
    (briefs_repo / "README.md").write_text("Our briefs, updated.\n", encoding="utf-8")
    assert main(["new", "gamma"]) == 0
    capsys.readouterr()
    git(briefs_repo, "add", "-A")
    # The files a commit passes to hooks, as pre-commit lists them (deleted files left out).
    staged = git(briefs_repo, "diff", "--cached", "--name-only", "--diff-filter=ACMRTUXB", "-z").split("\0")
    files = selected(HOOKS["briefgen-validate"], [name for name in staged if name])
    assert files == ["briefs/broken/sources/s1.txt", "briefs/gamma/brief.yaml"]
    code = main([*shlex.split(HOOKS["briefgen-validate"]["entry"])[1:], "--format", "json", *files])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["summary"] == {"briefs": 2, "errors": 2, "warnings": 30}
    assert sorted({(d["file"], d["code"]) for d in report["diagnostics"] if d["severity"] == "error"}) == [
        ("briefs/broken/brief.yaml", "BG401"),
    ]


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
    PyPI, about half a minute) and runs both hooks on a commit's staged files."""
    revision = _snapshot(tmp_path / "briefgen")
    config = {"repos": [{"repo": str(tmp_path / "briefgen"), "rev": revision,
                         "hooks": [{"id": "briefgen-validate"}, {"id": "briefgen-schema-check"}]}]}
    (briefs_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copytree(REPOSITORY / "schemas", briefs_repo / "schemas")
    (briefs_repo / "briefs" / "minimal" / "sources" / "notes.txt").write_text("Analyst's notes.\n", "utf-8")
    git(briefs_repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never"], cwd=briefs_repo,
                              env=env, capture_output=True, text=True, timeout=600, check=False)

    done = pre_commit()
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^briefgen validate\.+Passed$", done.stdout, re.MULTILINE)
    assert re.search(r"^briefgen schema --check\.+Passed$", done.stdout, re.MULTILINE)

    (briefs_repo / "briefs" / "broken" / "sources" / "s1.txt").write_text("Nothing quoted here.\n", "utf-8")
    (briefs_repo / "schemas" / "brief.schema.json").write_text("{}\n", encoding="utf-8")
    (briefs_repo / "briefs" / "minimal" / "brief.yaml").write_text(
        skeleton("minimal", "../../schemas/brief.schema.json", dt.date(2026, 1, 2)), encoding="utf-8")
    git(briefs_repo, "add", "-A")
    done = pre_commit()
    assert done.returncode == 1
    assert re.search(r"^briefgen validate\.+Failed$", done.stdout, re.MULTILINE)
    assert "briefs/broken/brief.yaml:20:16: error BG401 quote-not-found: quote not found in source S1 " \
           "(sources/s1.txt)" in done.stdout
    # Placeholders are warnings: shown, but they do not fail the commit on their own.
    assert "briefs/minimal/brief.yaml:11:8: warning BG901 placeholder:" in done.stdout
    assert "2 briefs checked: 2 errors, 30 warnings" in done.stdout
    assert re.search(r"^briefgen schema --check\.+Failed$", done.stdout, re.MULTILINE)
    assert "schemas/brief.schema.json is out of date with the models; run `briefgen schema` and commit the " \
           "result" in done.stdout
