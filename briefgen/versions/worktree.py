"""Which briefs changed since a revision, for `validate --changed`: fast CI on large repositories."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.errors import UsageError
from briefgen.load.paths import brief_for, find_briefs
from briefgen.versions.git import GitError, merge_base, repo_root, resolve, run_git


def changed_files(folder: Path, revision: str, *, staged: bool = False) -> list[Path]:
    """Files of the repository holding `folder` that changed since `revision`, deleted ones too:
    those that differ between the work tree (staged or not) and where the current branch forked
    from `revision` (`revision` itself for HEAD or an ancestor of it), plus untracked files not
    ignored; with `staged`, only those that differ in the index (what the next commit holds)."""
    root = _root(folder)
    untracked = ["ls-files", "-z", "--others", "--exclude-standard"]
    try:
        head = resolve(root, "HEAD")
        target = resolve(root, revision)
        if head is None and revision == "HEAD":
            # No commit yet: everything staged or untracked is new.
            names = (
                str(run_git(root, "ls-files", "-z", "--cached"))
                if staged
                else str(run_git(root, *untracked, "--cached"))
            )
        elif head is None:
            raise UsageError(
                f"the repository has no commit yet to compare with {revision}",
                "use --changed without a revision: every brief is new",
            )
        elif target is None:
            raise UsageError(f"unknown revision '{revision}'", _revision_hint(revision))
        else:
            base = merge_base(root, target.hash, head.hash) or target.hash
            index = ["--cached"] if staged else []
            names = str(run_git(root, "diff", *index, "-z", "--name-only", "--no-renames", base, "--"))
            names += "" if staged else str(run_git(root, *untracked))
    except GitError as error:
        raise UsageError(f"cannot list the files changed since {revision}: {error.message}") from error
    return [root / name for name in dict.fromkeys(names.split("\x00")) if name]


def changed_briefs(paths: list[Path], revision: str, *, staged: bool = False) -> list[Path]:
    """The briefs under `paths` with a changed file in their folder (a deleted or renamed source
    too; deleted briefs are not found). Without `paths`, those under the repository's `briefs/`,
    or anywhere in the repository when it has none, wherever the command runs from."""
    root = _root(Path.cwd())
    # Paths given are looked at first, so that a mistyped one is an error even when nothing changed.
    named = find_briefs(paths) if paths else None
    files = changed_files(root, revision, staged=staged)
    _refuse_changed_settings(root, revision, staged, files)
    owners = (brief_for(path) for path in files)
    changed = {owner.resolve() for owner in owners if owner is not None}
    if not changed:
        return []
    if named is None:
        top = root / "briefs" if (root / "briefs").is_dir() else root
        named = find_briefs([Path(os.path.relpath(top))])
    return [brief for brief in named if brief.resolve() in changed]


def _refuse_changed_settings(root: Path, revision: str, staged: bool, files: list[Path]) -> None:
    """A change under review (since a revision other than HEAD: a branch, in CI) that edits the
    settings cannot be validated with them: they could lower the very checks that judge it."""
    from briefgen.check.settings import PINNED, find_config

    if revision == "HEAD" or staged or os.environ.get(PINNED):
        return
    settings = find_config(root)
    if settings is not None and settings.absolute() in {path.absolute() for path in files}:
        name = settings.relative_to(root).as_posix()
        raise UsageError(
            f"{name} is changed since {revision}: the settings of the change under review do not judge it",
            f"pin the reviewed settings: `git show {revision}:{name} > /tmp/reviewed.toml` and "
            f"`briefgen validate --changed {revision} --config /tmp/reviewed.toml`",
        )


def _root(folder: Path) -> Path:
    root = repo_root(folder)
    if root is None:
        raise UsageError(
            f"--changed needs a git repository, and {folder.absolute()} is in none",
            "run briefgen inside the repository of briefs, or drop --changed",
        )
    return root


def _revision_hint(revision: str) -> str:
    hint = "give a commit, branch or tag, e.g. origin/main; in CI, fetch the history (fetch-depth: 0)"
    if Path(revision).exists():
        hint += (
            f"; to validate the changed briefs under the folder {revision}, put it first: "
            f"`briefgen validate {revision} --changed`"
        )
    return hint
