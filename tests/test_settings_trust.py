"""Settings from an unreviewed change cannot turn off the checks that make evidence trustworthy:
which checks no settings file may change, where settings may live, how CI pins them, and how a
settings file that is a link or nests without end is refused — through the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from briefgen.check.settings import read_config
from briefgen.codes import CODES
from briefgen.errors import BriefgenError
from support import FIXTURES, run_cli, settings_report

# What makes a quote evidence: its item and source resolve, its archive is the brief's own text,
# and the quote is in it.
EVIDENCE = ("BG301", "BG302", "BG303", "BG310", "BG311", "BG312", "BG313", "BG314", "BG401", "BG402")
FABRICATED = "Russia's military police resumed patrols near Qamishli - officials said - on 3 August"


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one valid brief, briefs/base, committed on main."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root / "briefs" / "base")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def fabricate(root: Path) -> None:
    """The change under review: a quote that its source does not hold."""
    brief = root / "briefs" / "base" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace(FABRICATED, "Russia withdrew every patrol", 1), encoding="utf-8")


@pytest.mark.parametrize("code", sorted(CODES))
def test_no_settings_file_changes_an_evidence_check(tmp_path: Path, code: str) -> None:
    """Every code the catalogue marks fixed is refused in [severity], by code and by name; the
    evidence checks are among them."""
    settings = tmp_path / "briefgen.toml"
    for key in (code, CODES[code].name):
        settings.write_text(f'[severity]\n{key} = "off"\n', encoding="utf-8")
        if CODES[code].configurable:
            assert read_config(settings).severities == {code: "off"}
            assert code not in EVIDENCE
        else:
            with pytest.raises(BriefgenError) as refused:
                read_config(settings)
            assert refused.value.message.endswith(
                f"briefgen.toml:2:1: BG121 settings-invalid: {code} ({CODES[code].name}) cannot be configured"
            )


def test_turning_off_the_quote_check_stops_the_run(repo: Path) -> None:
    (repo / "briefgen.toml").write_text('[severity]\nquote-not-found = "off"\n', encoding="utf-8")
    done = run_cli(["validate"], repo)
    assert done.returncode == 2
    assert (done.stdout, done.stderr) == (
        settings_report(
            "briefgen.toml:2:1: BG121 settings-invalid: BG401 (quote-not-found) cannot be configured",
            "the reference, archive and evidence checks (BG301-BG303, BG310-BG314, BG401, BG402) show that "
            "each quote really is in its source: no settings file may turn them off or down",
        ),
        "",
    )


@pytest.mark.parametrize("folder", ["briefs/base", "briefs", "briefs/base/sources"])
def test_a_settings_file_below_the_top_of_the_repository_is_not_read(repo: Path, folder: str) -> None:
    """A pull request adds settings beside its brief: they are not read (not even if broken)."""
    (repo / folder / "briefgen.toml").write_text('[severity]\nBG305 = "off"\nnot toml [', encoding="utf-8")
    fabricate(repo)
    done = run_cli(["validate"], repo)
    assert done.returncode == 1, done.stderr
    assert "error BG401 quote-not-found" in done.stdout


def test_outside_a_repository_only_the_current_folders_settings_apply(tmp_path: Path) -> None:
    """A stray settings file in a folder above (/tmp/briefgen.toml) governs nothing under it."""
    shutil.copytree(FIXTURES / "base", tmp_path / "work" / "briefs" / "base")
    (tmp_path / "briefgen.toml").write_text("this is not toml [", encoding="utf-8")
    assert run_cli(["validate"], tmp_path / "work").returncode == 0
    (tmp_path / "work" / "briefgen.toml").write_text("indicator-review-days = 0\n", encoding="utf-8")
    done = run_cli(["validate"], tmp_path / "work")
    assert done.returncode == 2
    assert done.stdout.startswith(
        "briefgen.toml:1:1: error BG121 settings-invalid: indicator-review-days must be a whole number"
    )


def test_config_pins_the_settings_for_every_brief_and_the_build(repo: Path, tmp_path: Path) -> None:
    (repo / "briefgen.toml").write_text('[severity]\nBG305 = "off"\n', encoding="utf-8")
    pinned = tmp_path / "reviewed.toml"
    pinned.write_text('[severity]\nuncited-source = "error"\nBG522 = "off"\n', encoding="utf-8")
    done = run_cli(["validate", "--config", str(pinned)], repo)
    assert done.returncode == 0, done.stdout + done.stderr
    built = run_cli(["build", "--config", str(pinned), "--format", "html", "--out", str(tmp_path / "site")], repo)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (tmp_path / "site" / "base" / "index.html").read_text(encoding="utf-8")
    assert "Turned off by the settings in reviewed.toml, so not run on this version: BG522 single-source-brief." in page


def test_a_turned_off_check_of_any_kind_is_named_in_the_rendered_brief(repo: Path, tmp_path: Path) -> None:
    (repo / "briefgen.toml").write_text('[severity]\nBG305 = "off"\nBG523 = "off"\n', encoding="utf-8")
    built = run_cli(["build", "--format", "html", "--out", str(tmp_path / "site")], repo)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (tmp_path / "site" / "base" / "index.html").read_text(encoding="utf-8")
    assert (
        "Turned off by the settings in briefgen.toml, so not run on this version: "
        "BG523 admiralty-diagonal, BG305 uncited-source." in page
    )


def test_a_change_that_edits_the_settings_is_not_judged_by_them(repo: Path, tmp_path: Path) -> None:
    git(repo, "checkout", "-q", "-b", "change")
    (repo / "briefgen.toml").write_text('[severity]\nBG522 = "off"\n', encoding="utf-8")
    fabricate(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    done = run_cli(["validate", "--changed", "main"], repo)
    assert done.returncode == 2
    assert done.stderr == (
        "briefgen: error: briefgen.toml is changed since main: the settings of the change under review do not judge it\n"
        "  hint: pin the reviewed settings: `git show main:briefgen.toml > /tmp/reviewed.toml` and "
        "`briefgen validate --changed main --config /tmp/reviewed.toml`\n"
    )
    reviewed = tmp_path / "reviewed.toml"
    reviewed.write_text("", encoding="utf-8")
    pinned = run_cli(["validate", "--changed", "main", "--config", str(reviewed)], repo)
    assert pinned.returncode == 1
    assert "error BG401 quote-not-found" in pinned.stdout


@pytest.mark.parametrize("kind", ["symbolic link", "hard link", "fifo", "folder"])
def test_a_settings_file_that_is_not_a_file_of_its_own_is_refused(repo: Path, tmp_path: Path, kind: str) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text("indicator-review-days = 30\n", encoding="utf-8")
    settings = repo / "briefgen.toml"
    if kind == "symbolic link":
        settings.symlink_to(elsewhere)
    elif kind == "hard link":
        settings.hardlink_to(elsewhere)
    elif kind == "fifo":
        os.mkfifo(settings)
    else:
        settings.mkdir()
    done = run_cli(["validate"], repo, timeout=60)
    assert done.returncode == 2
    what, hint = {
        "symbolic link": (
            "is a symbolic link, which could lead anywhere",
            "keep the settings in a regular file of its own: replace the link with a copy of its file",
        ),
        "hard link": (
            "has 2 names (hard links), which could lie anywhere",
            "keep the settings in a file of one name: replace the other names with copies",
        ),
        "fifo": ("is not a regular file (a device or a pipe)", "keep the settings in a regular file of its own"),
        "folder": ("is a folder", "name a settings file: briefgen.toml, or a pyproject.toml with [tool.briefgen]"),
    }[kind]
    assert (done.stdout, done.stderr) == (
        settings_report(f"briefgen.toml: BG111 unreadable-file: the settings file {what}", hint),
        "",
    )


@pytest.mark.parametrize("command", [["validate"], ["build", "--out", "out", "--format", "html"]])
def test_a_settings_file_given_that_does_not_exist_is_an_unreadable_file(repo: Path, command: list[str]) -> None:
    done = run_cli([*command, "--config", "ci/briefgen.toml"], repo, timeout=60)
    assert done.returncode == 2
    assert (done.stdout, done.stderr) == (
        settings_report(
            "ci/briefgen.toml: BG111 unreadable-file: the settings file does not exist",
            "give --config (or BRIEFGEN_CONFIG) the path of an existing settings file",
            command[0],
        ),
        "",
    )


@pytest.mark.parametrize(
    ("raw", "place", "message"),
    [
        (b"indicator-review-days = 30\n# caf\xe9\n", "2:6", "byte 0xe9 at offset 32 is not valid UTF-8"),
        (b"# \xc3\xa9t\xc3\xa9 \xff\n", "1:7", "byte 0xff at offset 8 is not valid UTF-8"),
        (b"a = 1\n\x00", "2:1", "byte 0x00 at offset 6 is a NUL byte: the file is binary, or UTF-16 or UTF-32"),
    ],
)
def test_a_settings_file_not_utf8_is_located_at_its_first_bad_byte(
    repo: Path, raw: bytes, place: str, message: str
) -> None:
    (repo / "briefgen.toml").write_bytes(raw)
    done = run_cli(["validate"], repo)
    assert done.returncode == 2
    assert (done.stdout, done.stderr) == (
        settings_report(
            f"briefgen.toml:{place}: BG102 not-utf8: {message}",
            "save the file as UTF-8 (in most editors: File › Save with Encoding)",
        ),
        "",
    )


def test_a_settings_file_over_the_size_limit_is_refused_unread(repo: Path) -> None:
    (repo / "briefgen.toml").write_bytes(b"# " + b"x" * 1024**2 + b"\n")
    done = run_cli(["validate"], repo)
    assert done.returncode == 2
    assert (done.stdout, done.stderr) == (
        settings_report(
            "briefgen.toml: BG101 file-too-large: the settings file is 1,048,579 bytes; the limit is 1,048,576",
            "settings are top-level keys and a [severity] table of codes",
        ),
        "",
    )


@pytest.mark.parametrize(
    ("nesting", "column"),  # the column of the 32nd bracket or brace open at once
    [("a = " + "[" * 50_000 + "]" * 50_000, 36), ("a = " + "{b = " * 50_000 + "}" * 50_000, 160)],
)
def test_settings_nested_without_end_are_a_located_error(repo: Path, nesting: str, column: int) -> None:
    (repo / "briefgen.toml").write_text("indicator-review-days = 30\n" + nesting + "\n", encoding="utf-8")
    done = run_cli(["validate"], repo)
    assert done.returncode == 2
    assert (done.stdout, done.stderr) == (
        settings_report(
            f"briefgen.toml:2:{column}: BG120 settings-syntax: arrays or inline tables nest too deeply to read",
            "settings are top-level keys and a [severity] table of codes",
        ),
        "",
    )


def test_a_pyproject_that_is_a_link_is_passed_over_unread(repo: Path) -> None:
    """pyproject.toml is another tool's file first: a link (to an endless device) is not read."""
    (repo / "pyproject.toml").symlink_to("/dev/zero")
    done = run_cli(["validate"], repo, timeout=60)
    assert done.returncode == 0, done.stderr
