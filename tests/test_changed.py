"""`validate --changed [REV]` and the files-to-briefs rule of `find_briefs` it shares with pre-commit."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from briefgen.brief.scaffold import skeleton
from briefgen.cli import main
from briefgen.errors import UsageError
from briefgen.load.paths import find_briefs

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def add_brief(root: Path, slug: str) -> Path:
    """A brief that validates with placeholder warnings, so every brief validated shows in the report."""
    folder = root / "briefs" / slug
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "s1.txt").write_text("A source text.\n", encoding="utf-8")
    (folder / "brief.yaml").write_text(skeleton(slug, None, dt.date(2026, 1, 2)), encoding="utf-8")
    return folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with three committed briefs, alpha, beta and gamma, on branch main."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    for slug in ("alpha", "beta", "gamma"):
        add_brief(root, slug)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "three briefs")
    monkeypatch.chdir(root)
    return root


def validated(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Exit code and the briefs validated (each skeleton brief reports placeholder warnings)."""
    code = main(["validate", "--format", "json", *args])
    report = json.loads(capsys.readouterr().out)
    files = sorted({d["file"] for d in report["diagnostics"]})
    assert report["summary"]["briefs"] == len(files)
    return code, files


def test_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--changed"]) == 0
    assert capsys.readouterr().out == "no brief changed since HEAD\n"
    assert validated(["--changed"], capsys) == (0, [])


def test_changed_untracked_staged_and_deleted(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "briefs" / "alpha" / "sources" / "s1.txt").write_text("Edited.\n", encoding="utf-8")
    (repo / "briefs" / "beta" / "brief.yaml").write_text(
        (repo / "briefs" / "beta" / "brief.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    git(repo, "add", "briefs/beta/brief.yaml")  # staged, not committed
    shutil.rmtree(repo / "briefs" / "gamma")  # deleted: nothing to validate
    add_brief(repo, "delta")  # untracked
    (repo / "notes.txt").write_text("not a brief\n", encoding="utf-8")
    assert validated(["--changed"], capsys) == (
        0,
        [
            "briefs/alpha/brief.yaml",
            "briefs/beta/brief.yaml",
            "briefs/delta/brief.yaml",
        ],
    )
    assert main(["validate", "--changed", "--strict"]) == 1


def test_changed_since_a_branch_counts_from_where_it_forked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "briefs" / "beta" / "sources" / "s2.txt").write_text("New source.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "beta gets a source")
    git(repo, "checkout", "-q", "main")
    (repo / "briefs" / "alpha" / "sources" / "s1.txt").write_text("Changed on main.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "alpha changes on main")
    git(repo, "checkout", "-q", "feature")
    # main moved on after the fork; only what the branch itself changed is validated.
    assert validated(["--changed", "main"], capsys) == (0, ["briefs/beta/brief.yaml"])
    assert validated(["--changed", "HEAD~1"], capsys) == (0, ["briefs/beta/brief.yaml"])
    assert validated(["--changed"], capsys) == (0, [])


def test_changed_limits_the_paths_given(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for slug in ("alpha", "beta"):
        (repo / "briefs" / slug / "sources" / "s1.txt").write_text("Edited.\n", encoding="utf-8")
    assert validated(["briefs/beta", "briefs/gamma", "--changed"], capsys) == (0, ["briefs/beta/brief.yaml"])


def test_changed_in_a_repository_without_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "init", "-q")
    add_brief(tmp_path, "first")
    monkeypatch.chdir(tmp_path)
    assert validated(["--changed"], capsys) == (0, ["briefs/first/brief.yaml"])
    assert main(["validate", "--changed", "main"]) == 2
    assert capsys.readouterr().err == (
        "briefgen: error: the repository has no commit yet to compare with main\n"
        "  hint: use --changed without a revision: every brief is new\n"
    )


def test_changed_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    add_brief(tmp_path, "loose")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--changed"]) == 2
    assert capsys.readouterr().err == (
        f"briefgen: error: --changed needs a git repository, and {tmp_path} is in none\n"
        "  hint: run briefgen inside the repository of briefs, or drop --changed\n"
    )


def test_changed_with_an_unknown_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--changed", "v9.9"]) == 2
    assert capsys.readouterr().err == (
        "briefgen: error: unknown revision 'v9.9'\n"
        "  hint: give a commit, branch or tag, e.g. origin/main; in CI, fetch the history (fetch-depth: 0)\n"
    )
    # `--changed briefs` takes `briefs` as the revision: the hint says how to mean the folder.
    assert main(["validate", "--changed", "briefs"]) == 2
    assert capsys.readouterr().err.endswith(
        "; to validate the changed briefs under the folder briefs, put it first: `briefgen validate briefs --changed`\n"
    )
    # A revision is never taken as an option of git.
    assert main(["validate", "--changed=--output=hacked"]) == 2
    assert "unknown revision '--output=hacked'" in capsys.readouterr().err
    assert not (repo / "hacked").exists()


def test_a_file_inside_a_brief_folder_stands_for_its_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINIMAL, tmp_path / "briefs" / "minimal")
    (tmp_path / "other.yml").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    brief = Path("briefs/minimal/brief.yaml")
    found = find_briefs([Path("briefs/minimal/sources/s1.txt"), brief, Path("briefs"), Path("other.yml")])
    assert found == [(tmp_path / brief), Path("other.yml")]


def test_a_file_in_no_brief_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A brief.yaml above the repository's top does not claim the repository's files.
    (tmp_path / "brief.yaml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "repo").mkdir()
    git(tmp_path / "repo", "init", "-q")
    notes = tmp_path / "repo" / "sources" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    with pytest.raises(UsageError) as raised:
        find_briefs([Path("sources/notes.txt")])
    assert (raised.value.message, raised.value.hint) == (
        "sources/notes.txt is not a brief: not a YAML file, and in no brief's folder",
        "give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder",
    )


def unhinted(report: str) -> str:
    return "".join(line for line in report.splitlines(keepends=True) if not line.startswith("    hint: "))


def test_a_deleted_or_renamed_source_validates_its_brief(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo / "briefs" / "alpha")
    shutil.copytree(MINIMAL, repo / "briefs" / "alpha")
    shutil.copytree(MINIMAL, repo / "briefs" / "beta2")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "two briefs citing their sources")
    git(repo, "rm", "-q", "briefs/alpha/sources/s1.txt")
    git(repo, "mv", "briefs/beta2/sources/s1.txt", "briefs/beta2/sources/renamed.txt")
    for staged in ([], ["--staged"]):
        assert main(["validate", "--changed", *staged]) == 1
        # (hint lines left out: their wording is the archive check's)
        assert (
            unhinted(capsys.readouterr().out)
            == """\
briefs/alpha/brief.yaml:56:14: error BG311 archive-missing: archive 'sources/s1.txt' does not exist
briefs/beta2/brief.yaml:56:14: error BG311 archive-missing: archive 'sources/s1.txt' does not exist
2 briefs checked: 2 errors, 0 warnings
"""
        )


def test_changed_from_a_subfolder_looks_from_the_top(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "briefs" / "beta" / "sources" / "s1.txt").write_text("Edited.\n", encoding="utf-8")
    (repo / "notes").mkdir()
    monkeypatch.chdir(repo / "notes")
    assert validated(["--changed"], capsys) == (0, ["../briefs/beta/brief.yaml"])
    monkeypatch.chdir(repo / "briefs" / "alpha")
    assert validated(["--changed"], capsys) == (0, ["../beta/brief.yaml"])


def test_changed_in_a_repository_without_a_briefs_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "init", "-q")
    add_brief(tmp_path / "assessments", "east")
    add_brief(tmp_path / "assessments", "west")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "two briefs")
    (tmp_path / "assessments" / "briefs" / "west" / "sources" / "s1.txt").write_text("Edited.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "assessments")
    assert validated(["--changed"], capsys) == (0, ["../assessments/briefs/west/brief.yaml"])
    monkeypatch.chdir(tmp_path)
    assert validated(["--changed"], capsys) == (0, ["assessments/briefs/west/brief.yaml"])


def test_staged_leaves_out_unstaged_and_untracked_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "briefs" / "alpha" / "sources" / "s1.txt").write_text("Unstaged.\n", encoding="utf-8")
    add_brief(repo, "delta")  # untracked: a draft the commit does not hold
    assert main(["validate", "--changed", "--staged"]) == 0
    assert capsys.readouterr().out == "no staged change touches a brief\n"
    (repo / "briefs" / "beta" / "sources" / "s1.txt").write_text("Staged.\n", encoding="utf-8")
    git(repo, "add", "briefs/beta")
    assert validated(["--changed", "--staged"], capsys) == (0, ["briefs/beta/brief.yaml"])
    assert main(["validate", "--staged"]) == 2
    assert capsys.readouterr().err == (
        "briefgen: error: --staged goes with --changed\n  hint: e.g. `briefgen validate --changed --staged`\n"
    )


def test_a_mistyped_path_is_an_error_even_when_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "briefs/nosuch", "--changed"]) == 2
    assert capsys.readouterr().err == (
        "briefgen: error: no such file or folder: briefs/nosuch\n"
        "  hint: give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder\n"
    )
