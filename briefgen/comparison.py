"""Compare the briefs under some paths at two revisions: pair each brief with its other version
by the brief's id (a brief whose folder moved is still the same brief), then diff each pair."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.changes import BriefDiff, diff_briefs
from briefgen.errors import BriefgenError
from briefgen.revisions import BriefVersion, Repository, Revision


@dataclass(frozen=True)
class Comparison:
    """Every brief under the compared paths, at two revisions; or the versions that failed to load."""

    before: Revision
    after: Revision
    diffs: tuple[BriefDiff, ...]
    invalid: tuple[BriefVersion, ...] = ()


def compare_revisions(repo: Repository, before: Revision, after: Revision, paths: list[str]) -> Comparison:
    """Load the briefs under `paths` (relative to the repository's top) at both revisions and diff them.

    A brief present at one revision only is added or removed as a whole; a path that holds a
    brief at neither revision is an error, for it is most likely a mistyped path or revision.
    """
    sides = []
    for revision in (before, after):
        loaded = repo.load_all([(revision, file) for file in repo.brief_files(revision, paths)])
        sides.append([version for version in loaded if version is not None])
    old, new = sides
    invalid = tuple(version for version in old + new if version.brief is None)
    if invalid:
        return Comparison(before, after, (), invalid)
    for path in paths:
        if not any(_under(version.path, path) for version in old + new):
            where = f"'{path}'" if path else "the repository"
            raise BriefgenError(
                f"no brief in {where} at {before.label} or {after.label}",
                f"if '{path}' is meant as a revision: git knows no tag, branch or commit of that name"
                if path and "/" not in path else "give the folder of a brief, or a brief.yaml",
            )
    return Comparison(before, after, tuple(_pairs(old, new)))


def _pairs(old: list[BriefVersion], new: list[BriefVersion]) -> list[BriefDiff]:
    unmatched = list(old)
    diffs = []
    for version in new:
        partner = _partner(version, unmatched)
        if partner is not None:
            unmatched.remove(partner)
        diffs.append(diff_briefs(partner and partner.brief, version.brief, partner and partner.path, version.path))
    diffs += [diff_briefs(version.brief, None, version.path, None) for version in unmatched]
    return sorted(diffs, key=lambda diff: (diff.after_path or diff.before_path or ""))


def _partner(version: BriefVersion, candidates: list[BriefVersion]) -> BriefVersion | None:
    """The earlier version of the same brief: the one with its id (at its path, if two share it)."""
    assert version.brief is not None
    same = [other for other in candidates if other.brief is not None and other.brief.id == version.brief.id]
    return next((other for other in same if other.path == version.path), same[0] if same else None)


def _under(file: str, path: str) -> bool:
    return not path or file == path or file.startswith(path + "/")
