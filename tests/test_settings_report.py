"""A settings file that stops the run is reported as every diagnostic is, in the format asked
for (text, json, github), through the real command line; exit 2, since settings are no problem
in a brief."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support import FIXTURES, run_cli, settings_report

UNKNOWN = "briefgen.toml:2:1: BG121 settings-invalid: unknown setting 'colour'"
UNKNOWN_HINT = "settings: severity, indicator-review-days"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository (a folder holding `.git`) with one valid brief and a settings file that is not briefgen's."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root / "briefs" / "base")
    (root / ".git").mkdir()
    (root / "briefgen.toml").write_text('indicator-review-days = 30\ncolour = "red"\n', encoding="utf-8")
    return root


def test_text_shows_the_settings_error_as_every_diagnostic_with_its_hint(repo: Path) -> None:
    done = run_cli(["validate", "briefs"], repo)
    assert (done.returncode, done.stdout, done.stderr) == (2, settings_report(UNKNOWN, UNKNOWN_HINT), "")
    assert done.stdout == (
        "briefgen.toml:2:1: error BG121 settings-invalid: unknown setting 'colour'\n"
        "    hint: settings: severity, indicator-review-days\n"
        "0 briefs checked: 1 error, 0 warnings\n"
    )


def test_json_is_validates_document_with_the_settings_diagnostic(repo: Path) -> None:
    done = run_cli(["validate", "briefs", "--format", "json"], repo)
    assert (done.returncode, done.stderr) == (2, "")
    assert json.loads(done.stdout) == {
        "summary": {"briefs": 0, "errors": 1, "warnings": 0},
        "diagnostics": [
            {
                "code": "BG121",
                "name": "settings-invalid",
                "severity": "error",
                "message": "unknown setting 'colour'",
                "file": "briefgen.toml",
                "line": 2,
                "column": 1,
                "hint": UNKNOWN_HINT,
            }
        ],
        "notes": [],
    }


@pytest.mark.parametrize("folder", [".", "briefs/base"])
def test_github_annotates_the_settings_file_from_the_repository_top(repo: Path, folder: str) -> None:
    done = run_cli(["validate", "--format", "github"], repo / folder)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "::error file=briefgen.toml,line=2,col=1,title=BG121 settings-invalid::unknown setting 'colour'"
        "%0Ahint: settings: severity, indicator-review-days\n",
        "0 briefs checked: 1 error, 0 warnings\n",
    )


def test_from_a_briefs_folder_the_settings_file_is_shown_relative_to_it(repo: Path) -> None:
    done = run_cli(["validate"], repo / "briefs" / "base")
    assert (done.returncode, done.stdout, done.stderr) == (2, settings_report(f"../../{UNKNOWN}", UNKNOWN_HINT), "")


def test_a_settings_file_given_outside_the_current_folders_tree_is_shown_as_given(repo: Path, tmp_path: Path) -> None:
    pinned = tmp_path / "ci" / "briefgen.toml"
    pinned.parent.mkdir()
    pinned.write_text('colour = "red"\n', encoding="utf-8")
    done = run_cli(["validate", "--config", str(pinned)], repo)
    assert (done.returncode, done.stdout.splitlines()[0]) == (
        2,
        f"{pinned}:1:1: error BG121 settings-invalid: unknown setting 'colour'",
    )


def test_build_shows_the_settings_error_as_every_diagnostic(repo: Path) -> None:
    done = run_cli(["build", "briefs", "--out", "site", "--format", "html"], repo)
    assert (done.returncode, done.stdout, done.stderr) == (2, settings_report(UNKNOWN, UNKNOWN_HINT, "build"), "")
    assert done.stdout.endswith("\n0 briefs: 0 built; 1 error\n")
    assert not (repo / "site").exists()


def test_settings_read_in_worker_processes_are_reported_the_same(repo: Path) -> None:
    for number in range(1, 20):  # more than one batch of briefs, for -j 2 to share out
        shutil.copytree(repo / "briefs" / "base", repo / "briefs" / f"base-{number}")
    done = run_cli(["validate", "-j", "2", "--format", "github"], repo)
    assert (done.returncode, done.stdout.splitlines()) == (
        2,
        [
            "::error file=briefgen.toml,line=2,col=1,title=BG121 settings-invalid::unknown setting 'colour'"
            "%0Ahint: settings: severity, indicator-review-days"
        ],
    )


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_string_not_closed_says_so_and_how_to_fix_it(repo: Path, quote: str) -> None:
    (repo / "briefgen.toml").write_text(f"[severity]\nBG521 = {quote}off\nBG503 = 'off'\n", encoding="utf-8")
    done = run_cli(["validate", "briefs"], repo)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        settings_report(
            "briefgen.toml:2:13: BG120 settings-syntax: Unterminated string",
            "a string is not closed: add its closing quote",
        ),
        "",
    )
