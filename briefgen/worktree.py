"""Which briefs changed since a revision, for `validate --changed`: fast CI on large repositories."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import UsageError
from briefgen.git import GitError, merge_base, repo_root, resolve, run_git
from briefgen.validation import brief_for


def changed_files(folder: Path, revision: str) -> list[Path]:
    """Files of the repository holding `folder` that changed since `revision`: those that differ
    between the work tree (staged or not) and where the current branch forked from `revision`
    (`revision` itself for HEAD or an ancestor of it), plus untracked files not ignored."""
    root = repo_root(folder)
    if root is None:
        raise UsageError(f"--changed needs a git repository, and {folder.absolute()} is in none",
                         "run briefgen inside the repository of briefs, or drop --changed")
    untracked = ["ls-files", "-z", "--others", "--exclude-standard"]
    try:
        head = resolve(root, "HEAD")
        target = resolve(root, revision)
        if head is None and revision == "HEAD":
            # No commit yet: everything staged or untracked is new.
            names = str(run_git(root, *untracked, "--cached"))
        elif head is None:
            raise UsageError(f"the repository has no commit yet to compare with {revision}",
                             "use --changed without a revision: every brief is new")
        elif target is None:
            raise UsageError(f"unknown revision '{revision}'", _revision_hint(folder, revision))
        else:
            base = merge_base(root, target.hash, head.hash) or target.hash
            names = str(run_git(root, "diff", "-z", "--name-only", "--no-renames", base, "--"))
            names += str(run_git(root, *untracked))
    except GitError as error:
        raise UsageError(f"cannot list the files changed since {revision}: {error.message}") from error
    return [root / name for name in dict.fromkeys(names.split("\x00")) if name]


def changed_briefs(briefs: list[Path], revision: str) -> list[Path]:
    """Those of `briefs` with a changed file in their folder (deleted briefs are not in `briefs`)."""
    owners = (brief_for(path) for path in changed_files(Path.cwd(), revision))
    changed = {owner.resolve() for owner in owners if owner is not None}
    return [brief for brief in briefs if brief.resolve() in changed]


def _revision_hint(folder: Path, revision: str) -> str:
    hint = "give a commit, branch or tag, e.g. origin/main; in CI, fetch the history (fetch-depth: 0)"
    if (folder / revision).exists():
        hint += f"; to validate the changed briefs under the folder {revision}, put it first: " \
                f"`briefgen validate {revision} --changed`"
    return hint
