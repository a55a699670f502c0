"""The version stamp of a build: the brief's version, the commit it was built from, and
whether the brief's folder had uncommitted changes. Dates come from the commit, never the clock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.versions.git import Commit, folder_changed, kept_state, one_look, repo_root, resolve


@dataclass(frozen=True)
class Stamp:
    """Which version of an assessment an output is."""

    version: str
    in_repo: bool
    commit: str | None = None
    commit_date: str | None = None
    dirty: bool = False

    @property
    def label(self) -> str:
        text = f"version {self.version}"
        if not self.in_repo:
            return text + " · not built from a git repository"
        if self.commit is None:
            return text + " · in a git repository with no commits yet"
        text += f" · commit {self.commit} of {self.commit_date}"
        return text + " · with uncommitted changes" if self.dirty else text


def stamp_for(brief_path: Path, version: str) -> Stamp:
    """Stamp a build of the brief at `brief_path` (a file or its folder)."""
    folder = brief_path if brief_path.is_dir() else brief_path.parent
    with one_look():
        return _stamp(folder, version)


def _stamp(folder: Path, version: str) -> Stamp:
    in_repo, head = _head(folder)
    if not in_repo:
        return Stamp(version, in_repo=False)
    # Dirty means the brief itself (its folder: YAML and archived sources) differs from HEAD;
    # uncommitted edits elsewhere in the repository do not change the assessment.
    dirty = folder_changed(folder)
    if head is None:
        return Stamp(version, in_repo=True, dirty=dirty)
    return Stamp(version, in_repo=True, commit=head.short, commit_date=head.date, dirty=dirty)


def _head(folder: Path) -> tuple[bool, Commit | None]:
    """Whether `folder` is in a git repository, and the commit checked out there (None before the
    first); while git's answers are remembered, kept by the repository's state (`kept_state`)."""
    state = kept_state(folder)
    key = (folder, state)
    found = _HEADS.get(key) if state is not None else None
    if found is None:
        in_repo = repo_root(folder) is not None
        found = (in_repo, resolve(folder, "HEAD") if in_repo else None)
        if state is not None:
            if len(_HEADS) >= _HEADS_KEPT:
                _HEADS.clear()
            _HEADS[key] = found
    return found


_HEADS: dict[tuple[Path, object], tuple[bool, Commit | None]] = {}
_HEADS_KEPT = 64
