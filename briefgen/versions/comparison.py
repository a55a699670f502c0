"""Compare the briefs under some paths at two revisions: pair each brief with its other version
by the brief's id (a brief whose folder moved is still the same brief), then diff each pair."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.errors import BriefgenError
from briefgen.versions.changes import BriefDiff, diff_briefs
from briefgen.versions.revisions import BriefVersion, Repository, Revision


@dataclass(frozen=True)
class Comparison:
    """Every brief under the compared paths, at two revisions; or the versions that failed to load."""

    before: Revision
    after: Revision
    diffs: tuple[BriefDiff, ...]
    invalid: tuple[BriefVersion, ...] = ()


def compare_revisions(repo: Repository, before: Revision, after: Revision, paths: list[str]) -> Comparison:
    """Load the briefs under `paths` (relative to the repository's top) at both revisions and diff them.

    A brief present at one revision only is added or removed as a whole; one not valid at either
    revision is left out of the diffs and returned in `invalid`. A path that holds a brief at
    neither revision is an error, for it is most likely a mistyped path or revision.
    """
    old, new = (_loaded(repo, revision, paths) for revision in (before, after))
    for path in paths:
        if not any(_under(version.path, path) for version in old + new):
            where = f"'{path}'" if path else "the repository"
            raise BriefgenError(
                f"no brief in {where} at {before.label} or {after.label}",
                f"if '{path}' is meant as a revision: git knows no tag, branch or commit of that name"
                if path and "/" not in path
                else "give the folder of a brief, or a brief.yaml",
            )
    invalid = tuple(version for version in old + new if version.brief is None)
    # A brief not valid on one side cannot be compared: its other side is left out too, rather
    # than reported as added or removed.
    left_out = {version.path for version in invalid}
    old = [version for version in old if version.path not in left_out]
    new = [version for version in new if version.path not in left_out]
    if "" not in paths:
        # Paths limit which briefs are compared, not where their other versions may be: a brief
        # whose folder moved is still found by its id.
        old += _same_briefs(repo, (before, after), new, old)
        new += _same_briefs(repo, (after, before), old, new)
    return Comparison(before, after, tuple(_pairs(old, new)), invalid)


def _loaded(repo: Repository, revision: Revision, paths: list[str]) -> list[BriefVersion]:
    loaded = repo.load_all([(revision, file) for file in repo.brief_files(revision, paths)])
    return [version for version in loaded if version is not None]


def _same_briefs(
    repo: Repository, sides: tuple[Revision, Revision], wanted: list[BriefVersion], found: list[BriefVersion]
) -> list[BriefVersion]:
    """The versions at `sides[0]`, outside the paths compared, of briefs in `wanted` whose id is not
    among those `found`, each at a path that holds the brief no more at `sides[1]` (moved, not
    copied). Every brief at `sides[0]` is loaded, but only when a brief is missing."""
    here, there = sides
    have = {version.brief.id for version in found if version.brief is not None}
    missing = {version.brief.id for version in wanted if version.brief is not None} - have
    if not missing:
        return []
    taken = {version.path for version in found}
    candidates = [
        version
        for version in _loaded(repo, here, [""])
        if version.path not in taken and version.brief is not None and version.brief.id in missing
    ]
    others = repo.load_all([(there, version.path) for version in candidates])
    return [
        version
        for version, other in zip(candidates, others, strict=True)
        if not (other and other.brief and version.brief and other.brief.id == version.brief.id)
    ]


def _pairs(old: list[BriefVersion], new: list[BriefVersion]) -> list[BriefDiff]:
    unmatched = list(old)
    diffs = []
    for version in new:
        partner = _partner(version, unmatched)
        if partner is not None:
            unmatched.remove(partner)
        diffs.append(
            diff_briefs(
                partner.brief if partner else None, version.brief, partner.path if partner else None, version.path
            )
        )
    diffs += [diff_briefs(version.brief, None, version.path, None) for version in unmatched]
    return sorted(diffs, key=lambda diff: diff.after_path or diff.before_path or "")


def _partner(version: BriefVersion, candidates: list[BriefVersion]) -> BriefVersion | None:
    """The earlier version of the same brief: the one with its id (at its path, if two share it)."""
    assert version.brief is not None
    same = [other for other in candidates if other.brief is not None and other.brief.id == version.brief.id]
    return next((other for other in same if other.path == version.path), same[0] if same else None)


def _under(file: str, path: str) -> bool:
    return not path or file == path or file.startswith(path + "/")
