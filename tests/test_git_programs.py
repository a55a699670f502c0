"""No program named by a repository's git configuration runs when briefgen reads git: a repository
whose configuration points every program git can run (filters, textconv, external diff, fsmonitor,
hooks, pagers) at a script that leaves a mark, and `build`, `validate --changed`, `diff` and
`history` run in it, through the real command line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support import run_cli
from tests.versions_support import GIT_ENV, GitRepo, extended, isolated_git  # noqa: F401 (autouse)

# Every place git takes a program from, each pointing at the marking script.
PROGRAM_KEYS = (
    "filter.evil.clean",
    "filter.evil.smudge",
    "filter.process.process",
    "diff.evil.textconv",
    "diff.evil.command",
    "diff.external",
    "core.fsmonitor",
    "core.pager",
    "pager.diff",
    "pager.log",
    "pager.status",
    "core.editor",
    "sequence.editor",
    "gpg.program",
    "core.sshCommand",
)
HOOKS = ("post-index-change", "post-checkout", "pre-commit", "reference-transaction", "fsmonitor-watchman")


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[GitRepo, Path, dict[str, str]]:
    """A repository with two commits of a brief and a hostile configuration, its work tree
    changed since; the marker file each program would write; the environment to run in."""
    marker = tmp_path / "ran.log"
    bin = tmp_path / "bin"
    bin.mkdir()

    def script(name: str) -> str:
        """A program that logs its name and passes its input through (as a filter must)."""
        path = bin / name
        path.write_text(f'#!/bin/sh\necho "{name}" >> {marker}\ncat\n', encoding="utf-8")
        path.chmod(0o755)
        return str(path)

    repo = GitRepo(tmp_path / "repo")
    repo.add_brief()
    repo.write("* filter=evil diff=evil\n*.txt filter=process\n", ".gitattributes")
    repo.commit("First version", "2026-02-01T10:00:00+00:00")
    repo.write(extended(), "briefs/versioned/brief.yaml")
    repo.commit("Add judgments", "2026-02-10T10:00:00+00:00")
    for key in PROGRAM_KEYS:
        repo.git("config", key, script(key))
    repo.git("config", "log.showSignature", "true")
    repo.git("config", "filter.evil.required", "true")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        for folder in (hooks, repo.root / ".git" / "hooks"):
            (folder / hook).symlink_to(script(f"hook {hook}"))
    repo.git("config", "core.hooksPath", str(hooks))
    # A driver in the user's own configuration too, with a name that `-c` could not carry.
    home = tmp_path / "global.gitconfig"
    home.write_text(f'[filter "a=b.c"]\n\tclean = {script("filter.a=b.c.clean")}\n', encoding="utf-8")
    repo.write("*.yaml filter=a=b.c\n", ".git/info/attributes")
    # Changed since the commit, so that git must read the work tree's files to compare them.
    brief = repo.root / "briefs/versioned/brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    for source in (repo.root / "briefs/versioned/sources").iterdir():
        os.utime(source, (1_900_000_000, 1_900_000_000))
    env = {**GIT_ENV, "GIT_CONFIG_GLOBAL": str(home), "GIT_PAGER": script("GIT_PAGER")}
    return repo, marker, env


def test_the_configuration_is_hostile(hostile: tuple[GitRepo, Path, dict[str, str]]) -> None:
    """Plain git in that repository runs the programs (else the test below proves nothing)."""
    repo, marker, env = hostile
    for command in (["status"], ["diff", "HEAD~1"], ["log", "-p", "-1"]):
        subprocess.run(["git", *command], cwd=repo.root, env={**os.environ, **env}, capture_output=True, timeout=60)
    ran = set(marker.read_text(encoding="utf-8").splitlines())
    # (Pagers start only on a terminal; `--no-pager` keeps them off there.)
    assert {"filter.a=b.c.clean", "filter.process.process", "core.fsmonitor", "diff.evil.command"} <= ran, ran


@pytest.mark.parametrize(
    "args",
    [
        ["build", "briefs/versioned", "--format", "html", "--out", "../out"],
        ["validate", "--changed", "HEAD~1"],
        ["validate", "--changed"],
        ["validate", "--changed", "--staged"],
        ["diff", "HEAD~1"],
        ["diff", "HEAD~1", "HEAD", "--format", "markdown"],
        ["history", "briefs/versioned"],
        ["history", "briefs/versioned", "--format", "json"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_briefgen_runs_none_of_its_programs(hostile: tuple[GitRepo, Path, dict[str, str]], args: list[str]) -> None:
    repo, marker, env = hostile
    done = run_cli(args, repo.root, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not marker.exists(), marker.read_text(encoding="utf-8")
