"""Scenario tests: each folder of tests/scenarios/ is run through the real CLI and its output
compared exactly with the folder's golden files (see tests/scenarios/README.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import FIXTURES, TESTS, run_cli

SCENARIOS = TESTS / "scenarios"
STDOUT = "expected.txt"
STDERR = "expected_stderr.txt"
SPEC = "case.yaml"
NOT_INPUT = {SPEC, STDOUT, STDERR}


@dataclass(frozen=True)
class Case:
    """One scenario: what it shows, the command line, the exit code, and how to set up its inputs."""

    folder: Path
    about: str
    args: list[str]
    exit: int
    fixture: str | None = None
    files: dict[str, str | dict[str, Any]] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)
    sparse: dict[str, int] = field(default_factory=dict)
    hardlinks: dict[str, str] = field(default_factory=dict)
    cwd: str = "."  # the folder, inside the laid-out inputs, that the command runs in

    @classmethod
    def read(cls, folder: Path) -> Case:
        spec = yaml.safe_load((folder / SPEC).read_text(encoding="utf-8"))
        return cls(folder, **spec)

    def prepare(self, work: Path) -> None:
        """Lay out the inputs in `work`: the fixture, the case's own files, then what case.yaml makes."""
        if self.fixture:
            shutil.copytree(FIXTURES / self.fixture, work)
        shutil.copytree(self.folder, work, dirs_exist_ok=True, ignore=lambda _, names: NOT_INPUT & set(names))
        for name, text in self.files.items():
            if isinstance(text, dict):  # {head, repeat, times, tail}: a large file from a small spec
                text = text.get("head", "") + text["repeat"] * text["times"] + text.get("tail", "")
            _parent(work / name).write_text(text, encoding="utf-8")
        for name, size in self.sparse.items():
            with _parent(work / name).open("wb") as stream:
                stream.truncate(size)
        for name, target in self.symlinks.items():
            link = _parent(work / name)
            link.unlink(missing_ok=True)
            link.symlink_to(target)
        for name, target in self.hardlinks.items():  # TARGET relative to the working folder
            link = _parent(work / name)
            link.unlink(missing_ok=True)
            link.hardlink_to(work / target)


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _cases() -> list[Path]:
    return sorted(path for path in SCENARIOS.iterdir() if (path / SPEC).is_file())


def run_case(folder: Path, work: Path) -> subprocess.CompletedProcess[str]:
    case = Case.read(folder)
    case.prepare(work)
    return run_cli(case.args, work / case.cwd)


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Any]:
    """Every selected case run at once, a few at a time: each run is mostly the start-up of a
    Python process, so the cases run side by side rather than one after the other."""
    selected = [
        item.callspec.params["folder"]
        for item in request.session.items
        if item.originalname == "test_scenario" and hasattr(item, "callspec")
    ]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        running = {
            folder: pool.submit(run_case, folder, tmp_path_factory.mktemp(folder.name) / "case") for folder in selected
        }
        return {folder: future.result() for folder, future in running.items()}


@pytest.mark.parametrize("folder", _cases(), ids=lambda path: path.name)
def test_scenario(folder: Path, outcomes: dict[Path, Any], update_goldens: bool) -> None:
    result = outcomes[folder]
    if update_goldens:
        (folder / STDOUT).write_text(result.stdout, encoding="utf-8")
        if result.stderr:
            (folder / STDERR).write_text(result.stderr, encoding="utf-8")
        else:
            (folder / STDERR).unlink(missing_ok=True)
    expected_stderr = (folder / STDERR).read_text(encoding="utf-8") if (folder / STDERR).exists() else ""
    assert result.stdout == (folder / STDOUT).read_text(encoding="utf-8")
    assert result.stderr == expected_stderr
    case = Case.read(folder)
    assert result.returncode == case.exit, f"{case.about}: exit {result.returncode}, expected {case.exit}"


def test_every_case_has_its_golden_output() -> None:
    missing = [path.name for path in _cases() if not (path / STDOUT).is_file()]
    assert missing == []
