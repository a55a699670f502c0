"""git's answers remembered in a long-running process (serve's preview worker) change as soon as
the repository does: a commit, a tag, a checkout, an edit in the folder asked about."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from briefgen.versions import git
from briefgen.versions.stamp import stamp_for


def run(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_answers_follow_commits_tags_checkouts_and_edits(tmp_path: Path, remembered: None) -> None:
    assert git.repo_root(tmp_path) is None
    run(tmp_path, "init", "-q", "-b", "main")
    assert git.repo_root(tmp_path) == tmp_path.resolve()  # a repository appeared
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "brief.yaml").write_text("one\n", encoding="utf-8")
    run(tmp_path, "add", "-A")
    run(tmp_path, "commit", "-q", "-m", "one")
    first = git.resolve(tmp_path, "HEAD")
    assert first is not None and first.subject == "one"
    assert stamp_for(folder, "1").dirty is False

    (folder / "brief.yaml").write_text("two\n", encoding="utf-8")
    assert stamp_for(folder, "1").dirty is True  # an edit in the folder
    run(tmp_path, "commit", "-q", "-am", "two")
    second = git.resolve(tmp_path, "HEAD")
    assert second is not None and second.subject == "two"
    assert stamp_for(folder, "1").dirty is False

    assert git.tags(tmp_path) == {}
    run(tmp_path, "tag", "v1", first.hash)
    assert git.tags(tmp_path) == {first.hash: ["v1"]}
    run(tmp_path, "tag", "release/v2")  # a tag in a folder of its own under refs/tags
    assert git.tags(tmp_path)[second.hash] == ["release/v2"]

    run(tmp_path, "checkout", "-q", "v1")
    assert git.resolve(tmp_path, "HEAD") == first
    (folder / "new.txt").write_text("untracked\n", encoding="utf-8")
    assert stamp_for(folder, "1").dirty is True  # a new file in the folder


def test_an_unchanged_repository_is_not_asked_again(
    tmp_path: Path, remembered: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("a\n", encoding="utf-8")
    run(tmp_path, "add", "-A")
    run(tmp_path, "commit", "-q", "-m", "a")
    asked: list[list[str]] = []
    real = subprocess.run

    def counting(command: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
        asked.append(command)
        return real(command, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    first = (git.resolve(tmp_path, "HEAD"), stamp_for(tmp_path / "a.txt", "1"), git.tags(tmp_path))
    count = len(asked)
    assert count > 0
    assert (git.resolve(tmp_path, "HEAD"), stamp_for(tmp_path / "a.txt", "1"), git.tags(tmp_path)) == first
    assert len(asked) == count


def _status(folder: Path) -> bool:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--", "."],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return bool(done.stdout.strip())


@pytest.mark.parametrize(
    "change",
    [
        "nothing",
        "edit",
        "edit back",
        "touch",
        "staged",
        "staged then edited back",
        "deleted",
        "untracked",
        "ignored",
        "executable",
        "executable, filemode off",
        "crlf, autocrlf",
        "crlf, autocrlf with no value",
        "attributes above",
        "assumed unchanged",
        "link",
    ],
)
def test_a_folder_is_changed_as_git_status_says(
    tmp_path: Path, remembered: None, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The stamp's 'uncommitted changes', worked out without git status after a save, says what
    git status says, whatever changed; each git status it still runs is one that only git can answer."""
    run(tmp_path, "init", "-q")
    folder = tmp_path / "briefs" / "one"
    (folder / "sources").mkdir(parents=True)
    (folder / "brief.yaml").write_text("one\n", encoding="utf-8")
    (folder / "sources" / "S1.txt").write_text("archived\n", encoding="utf-8")
    (tmp_path / "elsewhere.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    run(tmp_path, "add", "-A")
    run(tmp_path, "commit", "-q", "-m", "one")
    (tmp_path / "elsewhere.txt").write_text("changed elsewhere\n", encoding="utf-8")
    assert git.folder_changed(folder) is False
    brief = folder / "brief.yaml"
    if change == "edit":
        brief.write_text("two\n", encoding="utf-8")
    elif change == "edit back":
        brief.write_text("two\n", encoding="utf-8")
        assert git.folder_changed(folder) is True
        brief.write_text("one\n", encoding="utf-8")
    elif change == "touch":
        os.utime(brief, (1_900_000_000, 1_900_000_000))
    elif change.startswith("staged"):
        brief.write_text("two\n", encoding="utf-8")
        run(tmp_path, "add", "-A")
        if change.endswith("back"):
            brief.write_text("one\n", encoding="utf-8")
    elif change == "deleted":
        (folder / "sources" / "S1.txt").unlink()
    elif change == "untracked":
        (folder / "sources" / "S2.txt").write_text("new\n", encoding="utf-8")
    elif change == "ignored":
        (folder / "brief.yaml.bak").write_text("backup\n", encoding="utf-8")
    elif change.startswith("executable"):
        if change.endswith("off"):
            run(tmp_path, "config", "core.filemode", "false")
        brief.chmod(0o755)
    elif change == "crlf, autocrlf":
        run(tmp_path, "config", "core.autocrlf", "true")
        brief.write_bytes(b"one\r\n")
    elif change == "crlf, autocrlf with no value":  # (true to git, as a key alone)
        with (tmp_path / ".git" / "config").open("a", encoding="utf-8") as config:
            config.write("[core]\n\tautocrlf\n")
        brief.write_bytes(b"one\r\n")
    elif change == "attributes above":
        (tmp_path / "briefs" / ".gitattributes").write_text("*.yaml -text\n", encoding="utf-8")
    elif change == "assumed unchanged":
        run(tmp_path, "update-index", "--assume-unchanged", "briefs/one/brief.yaml")
        brief.write_text("two\n", encoding="utf-8")
    elif change == "link":
        (folder / "sources" / "S1.txt").unlink()
        (folder / "sources" / "S1.txt").symlink_to(tmp_path / "elsewhere.txt")
    statuses: list[object] = []
    real = subprocess.run

    def counting(command: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
        statuses.extend(["status"] if "status" in command else [])
        return real(command, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    found = git.folder_changed(folder)
    monkeypatch.undo()
    assert found is _status(folder)
    answered_alone = ("nothing", "edit", "edit back", "touch", "staged", "staged then edited back", "deleted")
    assert statuses == ([] if change in answered_alone or change.startswith("executable") else ["status"])


def test_a_linked_work_tree_reads_the_repository_s_attributes_as_git_status_does(
    tmp_path: Path, remembered: None
) -> None:
    """A linked work tree's git reads `info/attributes` from the repository it shares: a file
    committed with CRLF that attributes there make text is changed as git status says."""
    main = tmp_path / "main"
    run(tmp_path, "init", "-q", str(main))
    folder = main / "briefs" / "one"
    folder.mkdir(parents=True)
    (folder / "brief.yaml").write_bytes(b"one\r\n")
    run(main, "add", "-A")
    run(main, "commit", "-q", "-m", "one")
    run(main, "worktree", "add", "-q", str(tmp_path / "linked"))
    linked = tmp_path / "linked" / "briefs" / "one"
    assert git.folder_changed(linked) is False
    (main / ".git" / "info").mkdir(exist_ok=True)
    (main / ".git" / "info" / "attributes").write_text("* text\n", encoding="utf-8")
    os.utime(linked / "brief.yaml", (1_900_000_000, 1_900_000_000))
    assert git.folder_changed(linked) is _status(linked) is True
