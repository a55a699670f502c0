"""Shared test set-up: the `--update-goldens` option and fixtures that copy small briefs."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import FIXTURES, REFERENCE_BRIEF

# Variables by which git finds its repository: set when the tests run under git (a hook, `git
# rebase --exec`, an alias), they would make every test repository's git commit into that one.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY")
_GIT_LOCATION += ("GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX")
# The cache folder this run made for itself (none when the caller gave one), removed at its end.
_made: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    for name in _GIT_LOCATION:
        os.environ.pop(name, None)
    # `briefgen find` keeps the index of a big archive in the user's cache: tests (and the
    # commands they run) keep theirs in a folder of their own, never the user's.
    if "BRIEFGEN_CACHE" not in os.environ:
        _made.append(tempfile.mkdtemp(prefix="briefgen-test-cache-"))
        os.environ["BRIEFGEN_CACHE"] = _made[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the cache folder the run made (every run used to leave one in the temporary folder)."""
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("BRIEFGEN_CACHE") == folder:
            del os.environ["BRIEFGEN_CACHE"]
    _made.clear()


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


@pytest.fixture
def remembered() -> Iterator[None]:
    """git's answers remembered, as in serve's preview worker, for the test (and no longer)."""
    from briefgen.versions import git

    git.remember()
    try:
        yield
    finally:
        git.remember(False)
