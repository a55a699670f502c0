"""A process that renders a brief again after each save (serve's preview worker, with git's answers
remembered) keeps what its commits give (the committed versions, their tracks, the files read
from them, what the stamp reads of the index) while the repository does not change: its page must
be the very bytes a fresh process renders, after every edit, commit, amend, checkout or reset."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.build.pipeline import render_validated
from briefgen.check.pipeline import validate_brief
from briefgen.versions import git, matching
from support import REFERENCE_BRIEF

_FRESH = """
import sys
from pathlib import Path
from briefgen.build.pipeline import render_validated
from briefgen.check.pipeline import validate_brief
sys.stdout.buffer.write(render_validated(validate_brief(Path(sys.argv[1])), None, ("html",)).files["index.html"])
"""


def _git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=b", "-c", "user.email=b@example.invalid"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fresh(path: Path) -> bytes:
    """The page a new process renders (nothing remembered)."""
    return subprocess.run(
        [sys.executable, "-c", _FRESH, str(path)], check=True, capture_output=True, cwd=path.parent
    ).stdout


def _warm(path: Path) -> bytes:
    return render_validated(validate_brief(path), None, ("html",)).files["index.html"]


def test_a_warm_render_is_a_fresh_one_through_edits_commits_amends_checkouts_and_resets(
    tmp_path: Path, remembered: None
) -> None:
    shutil.copytree(REFERENCE_BRIEF, tmp_path / "briefs" / "one")
    path = tmp_path / "briefs" / "one" / "brief.yaml"
    _git(tmp_path, "init", "-q", "-b", "main")
    _edit(path, 'version: "1.1"', 'version: "1.0"')
    _edit(path, "Russia will very likely still", "Russia will likely still")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "1.0")
    _edit(path, 'version: "1.0"', 'version: "1.1"')
    _edit(path, "Russia will likely still", "Russia will very likely still")
    _git(tmp_path, "commit", "-q", "-am", "1.1")

    def step(name: str) -> str:
        page = _warm(path)
        assert page == _fresh(path), name
        return page.decode("utf-8")

    assert "with uncommitted changes" not in step("two commits")
    _edit(path, "very likely still", "very likely still (edit 1)")
    assert "with uncommitted changes" in step("an edit")
    _edit(path, "(edit 1)", "(edit 2)")
    assert "(edit 2)" in step("another edit")
    _git(tmp_path, "commit", "-q", "-am", "edit 2")
    assert "with uncommitted changes" not in step("committed")
    # Amended at once (within a tick of the clock of the commit, often): the same index, and a
    # folder of refs whose times may not move.
    _git(tmp_path, "commit", "-q", "--amend", "-m", "edit 2, amended")
    step("amended")
    _edit(path, "(edit 2)", "(edit 3)")
    _git(tmp_path, "add", "-A")
    assert "with uncommitted changes" in step("staged")
    _git(tmp_path, "reset", "-q", "--hard", "HEAD~1")
    assert "(edit" not in step("reset to 1.1")
    _git(tmp_path, "tag", "v1.0", "HEAD~1")
    _git(tmp_path, "checkout", "-q", "HEAD~1")
    assert "This is the first version" in step("checked out 1.0")
    _git(tmp_path, "checkout", "-q", "main")
    step("back on main, with a tag")
    (path.parent / "sources" / "new.txt").write_text("untracked\n", encoding="utf-8")
    step("an untracked file in the folder")


def test_a_look_from_a_folder_is_the_look_from_each_folder_above_it(tmp_path: Path) -> None:
    """The look a render takes in the brief's folder stands for the one at the repository's top
    (and between): each is what a look of its own there finds."""
    folder = tmp_path / "repo" / "briefs" / "one" / "sources"
    folder.mkdir(parents=True)
    _git(tmp_path / "repo", "init", "-q", "-b", "main")
    _git(tmp_path / "repo", "commit", "-q", "--allow-empty", "-m", "one")
    _git(tmp_path / "repo", "tag", "v1")
    with git.one_look():
        git.repository_state(folder)
        shared = [git.repository_state(above) for above in (folder.parent, folder.parent.parent, tmp_path / "repo")]
    own = [git.repository_state(above) for above in (folder.parent, folder.parent.parent, tmp_path / "repo")]
    assert shared == own
    assert all(state is not None and state[0] == str(tmp_path / "repo") for state in shared)


def test_the_look_reads_what_head_and_its_branch_hold(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "one")
    before = git.repository_state(tmp_path)
    head = (tmp_path / ".git" / "refs" / "heads" / "main").read_bytes()
    folders = [tmp_path / ".git", tmp_path / ".git" / "refs", tmp_path / ".git" / "refs" / "heads"]
    stats = [os.stat(folder) for folder in folders]
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "two")
    # The git folder and the folders of refs given back the times they had (as within one tick
    # of the clock): the branch's new commit still tells.
    for folder, stat in zip(folders, stats, strict=True):
        os.utime(folder, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (tmp_path / ".git" / "refs" / "heads" / "main").read_bytes() != head
    assert git.repository_state(tmp_path) != before


_TEXT = st.text(alphabet="ab @K1\n", max_size=12)
_ITEM = st.fixed_dictionaries(
    {"id": st.sampled_from(["KJ1", "KJ2"]), "statement": _TEXT, "follows_from": st.lists(st.sampled_from(["KJ1"]))},
    optional={"rationale": _TEXT},
)


@given(_ITEM, _ITEM, st.booleans())
def test_an_item_is_unchanged_with_no_rename_as_its_content_in_the_later_terms_says(
    old: matching.Plain, new: matching.Plain, same: bool
) -> None:
    """With no rename found, `unchanged` takes the very object the earlier version has (an item
    the save did not change) as unchanged without a look: what comparing the earlier one's
    content in the later terms says, as for any other pair."""
    new = old if same else new
    empty = matching.Matching({"implications": {}}, {"implications": {}})
    plain_answer = matching._mapped_content("implications", old, empty) == matching._content(new)
    assert matching.unchanged("implications", old, new, empty) is plain_answer
