"""Helpers for the tests of versions in git: briefs made by editing the `versioned` fixture (a
small valid brief of their own), and real temporary git repositories with commits at fixed dates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from briefgen.brief.models import Brief
from briefgen.load.document import load_text
from briefgen.load.shape import check_shape

FIXTURE = Path(__file__).parent / "fixtures" / "versioned"
BASE = (FIXTURE / "brief.yaml").read_text(encoding="utf-8")

# The user's own git settings (signing, hooks, default branch…) must not reach the tests.
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """git in the tests reads neither the user's nor the system's configuration (autouse where imported)."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


# A third key judgment and a second source, appended to the base brief by `extended()`.
EXTRA_JUDGMENTS = """\
  - id: KJ2
    statement: Turkey will not contest the patrols.
    likelihood: unlikely
    confidence: low
    rationale: Nothing suggests it.
    evidence:
      - source: S1
        quote: "Tartus"
  - id: KJ3
    statement: Damascus will welcome the patrols.
    likelihood: very likely
    confidence: moderate
    rationale: It said so.
    evidence:
      - source: S1
        quote: "officials said"
"""


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced; each `old` must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def extended(text: str = BASE) -> str:
    """The base brief with key judgments KJ2 and KJ3 after KJ1."""
    return edit(text, ("scenarios:\n", EXTRA_JUDGMENTS + "scenarios:\n"))


def brief_from(text: str) -> Brief:
    loaded = load_text(text.encode("utf-8"), "brief.yaml")
    assert loaded.data is not None, loaded.diagnostics
    brief, problems = check_shape(loaded.data, loaded.lines, "brief.yaml")
    assert brief is not None, problems
    return brief


class GitRepo:
    """A git repository in a temporary folder, holding copies of the `versioned` fixture."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Ann Analyst")
        self.git("config", "user.email", "ann@example.org")

    def git(self, *args: str, date: str = "2026-02-01T10:00:00+00:00") -> str:
        env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return done.stdout

    def add_brief(self, folder: str = "briefs/versioned", text: str = BASE) -> Path:
        """Copy the fixture (its sources too) to `folder`, with `text` as its brief.yaml."""
        target = self.root / folder
        shutil.copytree(FIXTURE, target, dirs_exist_ok=True)
        return self.write(text, f"{folder}/brief.yaml")

    def write(self, text: str, path: str = "briefs/versioned/brief.yaml") -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        return file

    def commit(self, message: str, date: str, *, author: str | None = None) -> str:
        """Commit everything in the work tree; return the commit's 12-character short hash."""
        self.git("add", "-A")
        extra = ["--author", author] if author else []
        self.git("commit", "-q", "-m", message, *extra, date=date)
        return self.short("HEAD")

    def short(self, revision: str) -> str:
        return self.git("rev-parse", revision).strip()[:12]
