"""Reading briefs at revisions of a real git repository, and the version stamp of a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import BriefgenError
from briefgen.versions.git import blobs, path_log
from briefgen.versions.revisions import WORKING_TREE, Repository
from briefgen.versions.stamp import Stamp, stamp_for
from versions_support import BASE, GitRepo, edit, isolated_git  # noqa: F401 (isolated_git is an autouse fixture)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.add_brief()
    repo.commit("First version", "2026-02-01T10:00:00+00:00")
    repo.git("tag", "v1.0")
    repo.write(edit(BASE, ('version: "1.0"', 'version: "1.1"')))
    repo.commit("Version 1.1", "2026-02-10T10:00:00+00:00")
    return repo


def test_a_brief_is_read_at_a_revision_without_checking_it_out(repo: GitRepo) -> None:
    repository = Repository.holding(repo.root)
    old = repository.load(repository.revision("v1.0"), "briefs/versioned/brief.yaml")
    assert old is not None and old.brief is not None
    assert (old.brief.version, old.display, old.diagnostics) == ("1.0", "v1.0:briefs/versioned/brief.yaml", ())
    assert repo.git("status", "--porcelain") == ""
    assert (repo.root / "briefs/versioned/brief.yaml").read_text(encoding="utf-8").count('version: "1.1"') == 1


def test_a_brief_absent_at_a_revision_is_none(repo: GitRepo) -> None:
    repository = Repository.holding(repo.root)
    assert repository.load(repository.revision("HEAD"), "briefs/other/brief.yaml") is None
    assert repository.load(WORKING_TREE, "briefs/other/brief.yaml") is None


def test_a_brief_invalid_at_a_revision_has_located_diagnostics(repo: GitRepo) -> None:
    repo.write(edit(BASE, ("confidence: moderate", "confidence: medium")))
    repo.commit("Bad confidence", "2026-02-11T10:00:00+00:00")
    repository = Repository.holding(repo.root)
    version = repository.load(repository.revision("HEAD"), "briefs/versioned/brief.yaml")
    assert version is not None and version.brief is None
    (problem,) = version.diagnostics
    assert (problem.code, problem.location) == ("BG203", "HEAD:briefs/versioned/brief.yaml:16:17")


def test_brief_files_are_found_at_a_revision_as_validate_finds_them(repo: GitRepo) -> None:
    repo.add_brief("briefs/.hidden/x")
    repo.add_brief("briefs/build/y")
    repo.add_brief("briefs/nested/deeper/z")
    repo.commit("More", "2026-02-12T10:00:00+00:00")
    repository = Repository.holding(repo.root)
    expected = ["briefs/nested/deeper/z/brief.yaml", "briefs/versioned/brief.yaml"]
    assert repository.brief_files(repository.revision("HEAD"), ["briefs"]) == expected
    assert repository.brief_files(WORKING_TREE, ["briefs"]) == expected
    assert repository.brief_files(repository.revision("HEAD"), [""]) == expected
    assert repository.brief_files(repository.revision("v1.0"), ["briefs/versioned/brief.yaml"]) == expected[1:]


def test_revisions_and_ranges(repo: GitRepo) -> None:
    repository = Repository.holding(repo.root)
    before, after = repository.compared(["v1.0..HEAD"])
    assert (before.name, after.name, before.commit.short) == ("v1.0", "HEAD", repo.short("v1.0"))
    assert repository.compared([]) == (repository.revision("HEAD"), WORKING_TREE)
    assert repository.revision("HEAD~1").label == f"HEAD~1 ({repo.short('v1.0')}, 2026-02-01)"
    assert repository.is_revision("v1.0") and repository.is_revision("v1.0...") and not repository.is_revision("v2")
    with pytest.raises(BriefgenError, match="unknown revision '--all'"):
        repository.revision("--all")


def test_no_commits_and_no_repository(tmp_path: Path) -> None:
    with pytest.raises(BriefgenError, match="is not in a git repository"):
        Repository.holding(tmp_path)
    GitRepo(tmp_path / "empty")
    with pytest.raises(BriefgenError, match="the repository has no commits yet"):
        Repository.holding(tmp_path / "empty").revision("HEAD")


def test_path_log_follows_renames(repo: GitRepo) -> None:
    repo.git("mv", "briefs/versioned", "briefs/moved")
    repo.commit("Move", "2026-02-12T10:00:00+00:00")
    log = path_log(repo.root, "briefs/moved/brief.yaml")
    assert [(commit.subject, path) for commit, path in log] == [
        ("Move", "briefs/moved/brief.yaml"),
        ("Version 1.1", "briefs/versioned/brief.yaml"),
        ("First version", "briefs/versioned/brief.yaml"),
    ]
    assert (log[0][0].author, log[0][0].date, len(log[0][0].short)) == ("Ann Analyst", "2026-02-12", 12)


def test_stamp_in_a_repository_clean_and_dirty(repo: GitRepo) -> None:
    brief = repo.root / "briefs/versioned/brief.yaml"
    stamp = stamp_for(brief, "1.1")
    assert stamp == Stamp("1.1", in_repo=True, commit=repo.short("HEAD"), commit_date="2026-02-10", dirty=False)
    assert stamp.label == f"version 1.1 · commit {repo.short('HEAD')} of 2026-02-10"
    (repo.root / "README.md").write_text("Elsewhere in the repository.\n", encoding="utf-8")
    assert not stamp_for(brief, "1.1").dirty
    (brief.parent / "sources" / "s9.txt").write_text("An untracked source.\n", encoding="utf-8")
    assert stamp_for(brief.parent, "1.1").dirty
    assert stamp_for(brief, "1.1").label.endswith(" · with uncommitted changes")


def test_stamp_outside_a_repository_and_without_commits(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    assert stamp_for(outside / "brief.yaml", "2") == Stamp("2", in_repo=False)
    assert Stamp("2", in_repo=False).label == "version 2 · not built from a git repository"
    empty = GitRepo(tmp_path / "empty")
    brief = empty.add_brief()
    assert stamp_for(brief, "1.0") == Stamp("1.0", in_repo=True, dirty=True)
    assert stamp_for(brief, "1.0").label == "version 1.0 · in a git repository with no commits yet"


def test_blobs_reads_many_files_in_two_processes(repo: GitRepo) -> None:
    head = repo.git("rev-parse", "HEAD").strip()
    committed = (repo.root / "briefs/versioned/brief.yaml").read_bytes()
    assert blobs(
        repo.root,
        [
            (head, "briefs/versioned/brief.yaml"),
            (head, "briefs/none.yaml"),
            (head, "briefs/versioned"),
            (head, "briefs/versioned/sources/s1.txt"),
            (head, "line\nbreak"),
        ],
        limit=len(committed),
    ) == [committed, None, None, (repo.root / "briefs/versioned/sources/s1.txt").read_bytes(), None]
    assert blobs(repo.root, [(head, "briefs/versioned/brief.yaml")], limit=100) == [len(committed)]
    assert blobs(repo.root, [], limit=100) == []


def test_a_brief_too_large_at_a_revision(repo: GitRepo) -> None:
    repo.write(BASE + "# " + "x" * (5 * 1024 * 1024) + "\n")
    repo.commit("Huge", "2026-02-12T10:00:00+00:00")
    repository = Repository.holding(repo.root)
    version = repository.load(repository.revision("HEAD"), "briefs/versioned/brief.yaml")
    assert version is not None and version.brief is None
    (problem,) = version.diagnostics
    assert (problem.code, problem.location) == ("BG101", "HEAD:briefs/versioned/brief.yaml:1:1")
    assert problem.message.endswith("bytes; briefs are limited to 5,242,880 bytes")
