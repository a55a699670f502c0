"""Shared test set-up: the `--update-goldens` option and fixtures that copy small briefs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import FIXTURES, REFERENCE_BRIEF


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected output of scenario tests from what the CLI prints now "
        "(review the diff before committing)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal: a tiny valid brief. Returns its brief.yaml."""
    folder = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", folder)
    return folder / "brief.yaml"


@pytest.fixture
def reference_brief(tmp_path: Path) -> Path:
    """A writable copy of the reference brief; its brief.yaml."""
    if not (REFERENCE_BRIEF / "brief.yaml").is_file():
        pytest.skip("the reference brief briefs/russia-syria-security is not in this checkout")
    folder = tmp_path / "russia-syria-security"
    shutil.copytree(REFERENCE_BRIEF, folder)
    return folder / "brief.yaml"
