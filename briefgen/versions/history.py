"""A brief through time: its versions in git (the brief's version and date, with the commit, its
date, author and message) and, followed across renames, each key judgment's likelihood and
confidence, each scenario's likelihood and each indicator's status at each version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefgen.brief.models import Brief
from briefgen.brief.scales import SCALES, Scale
from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError
from briefgen.load.document import MAX_BYTES
from briefgen.versions.git import Commit, blobs, path_log, tags
from briefgen.versions.matching import match_items
from briefgen.versions.revisions import WORKING_TREE, Repository, Revision

# What is followed through time, per section: the fields whose moves analysts read.
TRACKED: dict[str, tuple[str, ...]] = {
    "key_judgments": ("likelihood", "confidence"),
    "scenarios": ("likelihood",),
    "indicators": ("status",),
}


@dataclass(frozen=True)
class Version:
    """One version of the brief: a commit that changed it, or uncommitted changes (commit None)."""

    commit: Commit | None
    path: str
    brief: Brief | None
    problems: tuple[Diagnostic, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "working tree" if self.commit is None else self.commit.short

    @property
    def number(self) -> str | None:
        """The brief's own `version`, or None when this version is not a valid brief."""
        return self.brief.version if self.brief else None

    @property
    def date(self) -> str | None:
        """The brief's own `date` (YYYY-MM-DD): what the version is dated, whenever it was committed."""
        return self.brief.date.isoformat() if self.brief else None

    @property
    def committed(self) -> str | None:
        """The commit's date, or None for uncommitted changes."""
        return self.commit.date if self.commit else None


@dataclass
class Track:
    """A key judgment, scenario or indicator through the versions (oldest first): the value of each
    of its section's TRACKED fields at each, None where it did not exist or the version could not be
    read."""

    section: str
    id: str
    title: str
    values: dict[str, list[str | None]]
    ids: list[str] = field(default_factory=list)  # every id it has had, oldest first

    @property
    def terms(self) -> list[str | None]:
        """Its likelihood at each version (all None for an indicator)."""
        return self.values.get("likelihood") or [None] * len(next(iter(self.values.values())))


@dataclass(frozen=True)
class History:
    """The versions of one brief, oldest first, and the likelihood tracks through them."""

    path: str
    versions: tuple[Version, ...]
    tracks: tuple[Track, ...]

    @property
    def latest(self) -> Brief | None:
        """The newest version that loads."""
        return next((version.brief for version in reversed(self.versions) if version.brief), None)

    @property
    def scale(self) -> Scale:
        latest = self.latest
        return SCALES[latest.likelihood_scale if latest else "ICD-203"]


def history_of(repo: Repository, path: str, *, working_tree: bool = True, current: Brief | None = None) -> History:
    """Every version of the brief at `path` (relative to the repository's top): the commits up to
    HEAD that changed it, following renames, and the working tree's copy when it differs
    (`current`, when the caller has just read and validated it, rather than read again)."""
    logged = path_log(repo.root, path) if repo.is_revision("HEAD") else []
    tagged = tags(repo.root) if logged else {}
    loaded = repo.load_all([(Revision(commit.short, commit), name) for commit, name in reversed(logged)])
    versions = [
        Version(commit, name, found.brief, found.diagnostics, tuple(sorted(tagged.get(commit.hash, ()))))
        for (commit, name), found in zip(reversed(logged), loaded, strict=True)
        if found is not None  # None: the commit deleted the file
    ]
    if working_tree and _uncommitted(repo, path, logged[0] if logged else None):
        if current is not None:
            versions.append(Version(None, path, current))
        elif (read := repo.load(WORKING_TREE, path)) is not None:
            versions.append(Version(None, path, read.brief, read.diagnostics))
    if not versions:
        raise BriefgenError(
            f"no version of {path} in git or in the working tree",
            "give the path of a brief file (or its folder) that git knows",
        )
    return History(path, tuple(versions), tuple(_tracks(versions)))


def _uncommitted(repo: Repository, path: str, last: tuple[Commit, str] | None) -> bool:
    """Whether the working tree's copy differs from the one in the newest commit that changed it."""
    file = repo.root / path
    if not file.is_file():
        return False
    if last is None:
        return True
    (committed,) = blobs(repo.root, [(last[0].hash, last[1])], MAX_BYTES)
    return committed != file.read_bytes()


def _tracks(versions: list[Version]) -> list[Track]:
    tracks: list[Track] = []
    current: dict[tuple[str, str], Track] = {}
    previous: Brief | None = None
    for position, version in enumerate(versions):
        brief = version.brief
        if brief is None:
            continue
        matching = match_items(previous, brief) if previous else None
        following: dict[tuple[str, str], Track] = {}
        for section, names in TRACKED.items():
            for item in getattr(brief, section):
                old_id = matching.old_id(section, item.id) if matching else None
                track = current.get((section, old_id)) if old_id else None
                if track is None:
                    track = Track(section, item.id, "", {name: [None] * len(versions) for name in names})
                    tracks.append(track)
                track.id, track.title = item.id, _title(section, item)
                for name in names:
                    track.values[name][position] = getattr(item, name)
                if item.id not in track.ids:
                    track.ids.append(item.id)
                following[(section, item.id)] = track
        current, previous = following, brief
    order = list(TRACKED)
    return sorted(tracks, key=lambda track: order.index(track.section))


def _title(section: str, item: Any) -> str:
    if section == "key_judgments":
        return str(item.statement)
    if section == "indicators":
        return str(item.title or item.description)
    return str(item.title)


def rank(scale: Scale, term: str) -> int:
    """The rung of `scale` for `term`; a term of another scale takes the rung nearest its range."""
    found = scale.rank(term)
    if found is not None:
        return found
    other = next(match for candidate in SCALES.values() if (match := candidate.find(term)))
    middle = other.low + other.high
    ranges = scale.ranges()
    return min(range(len(ranges)), key=lambda rung: abs(sum(ranges[rung]) - middle))
