"""Briefs at revisions: read a brief from any commit, without checking it out, or from the
working tree, and load it into the models (loading and shape only: the evidence checks belong
to the version being built, not to history)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from briefgen.brief.models import Brief
from briefgen.diagnostics import Diagnostic, diagnostic
from briefgen.errors import BriefgenError
from briefgen.load.document import MAX_BYTES, LineMap, Loaded, load_brief, load_text
from briefgen.load.paths import BRIEF_FILE, display_path, find_briefs, skipped
from briefgen.load.shape import check_shape
from briefgen.versions.git import Commit, GitError, blobs, files_at, kept_state, merge_base, repo_root, resolve


@dataclass(frozen=True)
class Revision:
    """Where briefs are read from: a commit (with the name the user gave it), or the working tree."""

    name: str | None
    commit: Commit | None
    # The commit is where the current branch left the one `name` names, not that commit itself.
    branch_point: bool = False

    @property
    def label(self) -> str:
        if self.commit is None:
            return "the working tree"
        if self.branch_point:
            return f"{self.name} (branch point {self.commit.short}, {self.commit.date})"
        if self.name and not self.commit.hash.startswith(self.name):
            return f"{self.name} ({self.commit.short}, {self.commit.date})"
        return f"{self.commit.short} ({self.commit.date})"

    def to_json(self) -> dict[str, str | bool | None]:
        if self.commit is None:
            return {"revision": None, "commit": None, "date": None, "working_tree": True, "branch_point": False}
        return {
            "revision": self.name,
            "commit": self.commit.hash,
            "date": self.commit.date,
            "working_tree": False,
            "branch_point": self.branch_point,
        }


WORKING_TREE = Revision(None, None)


@dataclass(frozen=True)
class BriefVersion:
    """One brief file at one revision: its model, or the problems that kept it from loading."""

    revision: Revision
    path: str  # relative to the repository's top folder, with `/`
    display: str  # as messages show it: `v1.2:briefs/x/brief.yaml`, or the working-tree path
    brief: Brief | None
    diagnostics: tuple[Diagnostic, ...]


class Repository:
    """The git repository that holds the briefs, read-only."""

    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def holding(cls, path: Path) -> Repository:
        """The repository that holds `path`; a clear error when there is none."""
        root = repo_root(path.absolute()) if path.exists() else None
        if root is None:
            where = "the current folder" if path == Path(".") else str(path)
            raise BriefgenError(
                f"{where} is not in a git repository",
                "versions of a brief are read from git: run this inside the repository that holds the briefs",
            )
        return cls(root)

    def revision(self, name: str) -> Revision:
        """The commit that `name` (a tag, branch, hash, `HEAD~3`…) names."""
        commit = resolve(self.root, name)
        if commit is not None:
            return Revision(name, commit)
        if name == "HEAD":
            raise BriefgenError("the repository has no commits yet", "commit the brief first: git add … && git commit")
        raise BriefgenError(
            f"unknown revision '{name}': git knows no tag, branch or commit of that name",
            "list them with `git tag`, `git branch --all` or `git log --oneline`",
        )

    def compared(self, names: list[str]) -> tuple[Revision, Revision]:
        """The two sides a diff compares: none given, HEAD and the working tree; one, where HEAD's
        history left its (itself for an ancestor of HEAD) and the working tree; two, both. `A..B`
        is A and B; `A...B` is where B's history left A's, and B."""
        if len(names) == 1 and ".." in names[0]:
            dots = "..." if "..." in names[0] else ".."
            first, _, second = names[0].partition(dots)
            left, right = self.revision(first or "HEAD"), self.revision(second or "HEAD")
            if dots == "..":
                return left, right
            assert left.commit is not None and right.commit is not None
            base = merge_base(self.root, left.commit.hash, right.commit.hash)
            if base is None:
                raise BriefgenError(f"{names[0]}: the histories of {left.name} and {right.name} never meet")
            return Revision(f"{left.name}...{right.name}", resolve(self.root, base)), right
        if not names:
            return self.revision("HEAD"), WORKING_TREE
        if len(names) == 1:
            return self.branch_point(names[0]), WORKING_TREE
        return self.revision(names[0]), self.revision(names[1])

    def branch_point(self, name: str) -> Revision:
        """`name`'s commit when HEAD descends from it; else the point where HEAD's history left its,
        so that a branch is compared with what it started from, not with what `name` did since."""
        revision = self.revision(name)
        head = resolve(self.root, "HEAD")
        assert revision.commit is not None
        base = merge_base(self.root, revision.commit.hash, head.hash) if head is not None else None
        if base is None or base == revision.commit.hash:
            return revision
        return Revision(name, resolve(self.root, base), branch_point=True)

    def is_revision(self, name: str) -> bool:
        """Whether `name` names a commit, or a range `A..B` / `A...B` of two."""
        if ".." in name:
            dots = "..." if "..." in name else ".."
            return all(resolve(self.root, side or "HEAD") for side in name.split(dots, 1))
        return resolve(self.root, name) is not None

    def relative(self, path: Path) -> str:
        """`path` relative to the repository's top folder, with `/` ('' for the top itself)."""
        try:
            inside = path.absolute().resolve().relative_to(self.root.resolve())
        except ValueError:
            raise BriefgenError(
                f"{path} is outside the git repository at {self.root}",
                "give paths inside the repository that holds the briefs",
            ) from None
        text = inside.as_posix()
        return "" if text == "." else text

    def brief_files(self, revision: Revision, paths: list[str]) -> list[str]:
        """The brief files under `paths` (relative to the top folder) at `revision`, as validate finds them."""
        if revision.commit is None:
            found = []
            for path in paths:
                on_disk = self.root / path
                if on_disk.exists():
                    found += [self.relative(file) for file in find_briefs([on_disk])]
            return list(dict.fromkeys(found))
        listed = files_at(self.root, revision.commit.hash, [] if "" in paths else paths)
        return [name for name in listed if any(_searched(name, path) for path in paths)]

    def load(self, revision: Revision, path: str) -> BriefVersion | None:
        """The brief at `path` at `revision`, or None when there is no such file there."""
        return self.load_all([(revision, path)])[0]

    def load_all(self, wanted: list[tuple[Revision, str]]) -> list[BriefVersion | None]:
        """`load` for many (revision, path) pairs, reading every committed file in one go."""
        return self._load(wanted, remember=True)

    def load_each(self, wanted: list[tuple[Revision, str]]) -> Iterator[BriefVersion | None]:
        """`load` for many (revision, path) pairs, one after the other: at most `_READ_AT_ONCE`
        committed files are held at a time, and none is remembered, so that a caller that keeps
        only what it needs of each (history) holds as much for 400 versions as for 8."""
        for first in range(0, len(wanted), _READ_AT_ONCE):
            yield from self._load(wanted[first : first + _READ_AT_ONCE], remember=False)

    def _load(self, wanted: list[tuple[Revision, str]], remember: bool) -> list[BriefVersion | None]:
        # While git's answers are remembered, a committed file read before in this state of the
        # repository is not asked of git again (nor its bytes hashed to find it read).
        state = kept_state(self.root) if remember else None

        def at(revision: Revision, path: str) -> tuple[Any, ...] | None:
            assert revision.commit is not None
            return None if state is None else (self.root, revision.commit.hash, revision.name, path, state)

        kept = [_AT.get(at(revision, path)) if revision.commit is not None else None for revision, path in wanted]
        committed = [
            (revision.commit.hash, path)
            for (revision, path), parsed in zip(wanted, kept, strict=True)
            if revision.commit is not None and parsed is None
        ]
        try:
            contents = iter(blobs(self.root, committed, MAX_BYTES))
        except GitError as error:
            raise BriefgenError(f"cannot read briefs from git: {error.message}") from None
        found: list[BriefVersion | None] = []
        for (revision, path), parsed in zip(wanted, kept, strict=True):
            if revision.commit is None:
                file = self.root / path
                loaded = load_brief(file, display_path(file)) if file.is_file() else None
            elif parsed is not None:
                found.append(BriefVersion(revision, path, *parsed))
                continue
            else:
                content = next(contents)
                display = f"{revision.name or revision.commit.short}:{path}"
                if isinstance(content, bytes) and remember:
                    key = (display, hashlib.sha256(content).digest())
                    if key not in _PARSED:
                        _PARSED[key] = _parsed(_loaded(content, display))
                        while len(_PARSED) > _PARSED_AT_MOST:
                            del _PARSED[next(iter(_PARSED))]
                    if (where := at(revision, path)) is not None:
                        _AT[where] = _PARSED[key]
                        while len(_AT) > _PARSED_AT_MOST:
                            del _AT[next(iter(_AT))]
                    shown, brief, problems = _PARSED[key]
                    found.append(BriefVersion(revision, path, shown, brief, problems))
                    continue
                loaded = _loaded(content, display)
            if loaded is None:
                found.append(None)
                continue
            shown, brief, problems = _parsed(loaded)
            found.append(BriefVersion(revision, path, shown, brief, problems))
        return found


# Committed versions read before, by their text: a brief rendered again after each save (serve)
# compares with the same committed versions every time. (Pydantic models, never changed.)
_PARSED: dict[tuple[str, bytes], tuple[str, Brief | None, tuple[Diagnostic, ...]]] = {}
_PARSED_AT_MOST = 64
# Those of `_PARSED` by where they were read: the repository, commit, name and path, and the
# repository's state (`kept_state`) then.
_AT: dict[tuple[Any, ...] | None, tuple[str, Brief | None, tuple[Diagnostic, ...]]] = {}
# Committed files `load_each` asks git for at once (two git processes for each so many).
_READ_AT_ONCE = 8


def _parsed(loaded: Loaded | None) -> tuple[str, Brief | None, tuple[Diagnostic, ...]]:
    assert loaded is not None
    if loaded.data is None:
        return loaded.file, None, tuple(loaded.diagnostics)
    brief, problems = check_shape(loaded.data, loaded.lines, loaded.file)
    return loaded.file, brief, tuple(problems)


def _loaded(content: bytes | int | None, display: str) -> Loaded | None:
    if content is None:
        return None
    if isinstance(content, int):
        problem = diagnostic(
            "BG101",
            f"file is {content:,} bytes; briefs are limited to {MAX_BYTES:,} bytes",
            display,
            (1, 1),
            "split the brief, or move long texts into archived sources",
        )
        return Loaded(display, None, LineMap(), [problem])
    return load_text(content, display)


def _searched(name: str, path: str) -> bool:
    """Whether `briefgen validate path` would find the file `name` (both relative to the top)."""
    if name == path:
        return True
    if path and not name.startswith(path + "/"):
        return False
    below = PurePosixPath(name[len(path) + 1 :] if path else name)
    return below.name == BRIEF_FILE and not any(skipped(part) for part in below.parts[:-1])
