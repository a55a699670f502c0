"""A brief through time: its versions in git (the brief's version and date, with the commit, its
date, author and message) and, followed across renames, each key judgment's likelihood and
confidence, each scenario's likelihood and each indicator's status at each version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefgen.brief.models import Brief
from briefgen.brief.scales import SCALES, Scale
from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError
from briefgen.load.document import MAX_BYTES
from briefgen.versions.git import Commit, blobs, kept_state, path_log, tags
from briefgen.versions.matching import match_items
from briefgen.versions.revisions import WORKING_TREE, Repository, Revision

# What is followed through time, per section: the fields whose moves analysts read.
TRACKED: dict[str, tuple[str, ...]] = {
    "key_judgments": ("likelihood", "confidence"),
    "scenarios": ("likelihood",),
    "indicators": ("status",),
}


@dataclass(frozen=True)
class Summary:
    """What a history keeps of one version of a brief (its id, version, date and scale): the rest
    is read, followed into the tracks and dropped, so that the memory of a history does not grow
    with its versions (400 versions of a 4.4 MB brief held 3.4 GB when each kept its model)."""

    id: str
    title: str
    version: str
    date: dt.date
    likelihood_scale: str

    @classmethod
    def of(cls, brief: Brief) -> Summary:
        return cls(brief.id, brief.title, brief.version, brief.date, brief.likelihood_scale)


@dataclass(frozen=True)
class Version:
    """One version of the brief: a commit that changed it, or uncommitted changes (commit None).
    `brief` is what the history keeps of it, None when it is not a valid brief."""

    commit: Commit | None
    path: str
    brief: Summary | None
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
    def latest(self) -> Summary | None:
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
    side = _committed_side(repo, path)
    versions, last = list(side.versions), None
    if working_tree and _uncommitted(repo, path, side):
        if current is not None:
            versions.append(_version(None, path, current, (), side.tagged))
            last = current
        elif (read := repo.load(WORKING_TREE, path)) is not None:
            versions.append(_version(None, path, read.brief, read.diagnostics, side.tagged))
            last = read.brief
    if not versions:
        raise BriefgenError(
            f"no version of {path} in git or in the working tree",
            "give the path of a brief file (or its folder) that git knows",
        )
    return History(path, tuple(versions), tuple(side.tracker.tracks(len(versions), last)))


# The bytes of a committed brief not read yet.
_UNREAD = object()


@dataclass
class _Side:
    """What a history of one brief takes from its commits: the newest commit that changed it
    (with the brief's path there), the tags, the committed versions and their tracks, and the
    brief's bytes in that commit once read (`_UNREAD` until then)."""

    last: tuple[Commit, str] | None
    tagged: dict[str, list[str]]
    versions: tuple[Version, ...]
    tracker: _Tracker
    committed: object = field(default_factory=lambda: _UNREAD)


def _committed_side(repo: Repository, path: str) -> _Side:
    """The committed side of the history of the brief at `path`: while git's answers are
    remembered, kept by the repository's state (`kept_state`: HEAD, the index, the refs), so
    that a brief rendered again after each save (serve) asks git nothing of its commits again
    until a commit, a checkout or a reset."""
    state = kept_state(repo.root)
    key = (repo.root, path, state)
    found = _SIDES.get(key) if state is not None else None
    if found is None:
        logged = path_log(repo.root, path) if repo.is_revision("HEAD") else []
        tagged = tags(repo.root) if logged else {}
        versions, tracker = _committed(repo, logged, tagged)
        found = _Side(logged[0] if logged else None, tagged, versions, tracker)
        if state is not None:
            _SIDES[key] = found
            while len(_SIDES) > _COMMITTED_KEPT:
                del _SIDES[next(iter(_SIDES))]
    return found


_SIDES: dict[tuple[Any, ...], _Side] = {}


def _committed(
    repo: Repository, logged: list[tuple[Commit, str]], tagged: dict[str, list[str]]
) -> tuple[tuple[Version, ...], _Tracker]:
    """The committed versions (`logged`, newest first), and the tracks through them.

    The same commits and tags always give the same versions: the last few answers are kept, so
    that a brief rendered again after each save (serve) does not read and match its committed
    versions again (what is kept is what the history holds anyway: summaries, the tracks and the
    newest version's model)."""
    key = (repo.root, tuple((commit, name) for commit, name in logged), repr(sorted(tagged.items())))
    found = _COMMITTED.get(key)
    if found is None:
        oldest_first = list(reversed(logged))
        loaded = repo.load_each([(Revision(commit.short, commit), name) for commit, name in oldest_first])
        versions: list[Version] = []
        tracker = _Tracker()
        # One version at a time: read, followed into the tracks, then only its summary kept.
        for (commit, name), read in zip(oldest_first, loaded, strict=True):
            if read is not None:  # None: the commit deleted the file
                if read.brief is not None:
                    tracker.add(len(versions), read.brief)
                versions.append(_version(commit, name, read.brief, read.diagnostics, tagged))
        found = _COMMITTED[key] = (tuple(versions), tracker)
        while len(_COMMITTED) > _COMMITTED_KEPT:
            del _COMMITTED[next(iter(_COMMITTED))]
    return found


_COMMITTED: dict[tuple[Any, ...], tuple[tuple[Version, ...], _Tracker]] = {}
_COMMITTED_KEPT = 4


def _version(
    commit: Commit | None,
    path: str,
    brief: Brief | None,
    problems: tuple[Diagnostic, ...],
    tagged: dict[str, list[str]],
) -> Version:
    marks = tuple(sorted(tagged.get(commit.hash, ()))) if commit else ()
    return Version(commit, path, Summary.of(brief) if brief else None, problems, marks)


def _uncommitted(repo: Repository, path: str, side: _Side) -> bool:
    """Whether the working tree's copy differs from the one in the newest commit that changed it."""
    file = repo.root / path
    if not file.is_file():
        return False
    if side.last is None:
        return True
    if side.committed is _UNREAD:
        (side.committed,) = blobs(repo.root, [(side.last[0].hash, side.last[1])], MAX_BYTES)
    return side.committed != file.read_bytes()


class _Tracker:
    """The tracks, built one version at a time: each version is matched with the one before it
    (the only model held), and its tracked values noted by position."""

    def __init__(self) -> None:
        self._tracks: list[tuple[Track, dict[str, dict[int, str]]]] = []
        self._current: dict[tuple[str, str], tuple[Track, dict[str, dict[int, str]]]] = {}
        self._previous: Brief | None = None

    def add(self, position: int, brief: Brief) -> None:
        matching = match_items(self._previous, brief) if self._previous else None
        following: dict[tuple[str, str], tuple[Track, dict[str, dict[int, str]]]] = {}
        for section, names in TRACKED.items():
            for item in getattr(brief, section):
                old_id = matching.old_id(section, item.id) if matching else None
                entry = self._current.get((section, old_id)) if old_id else None
                if entry is None:
                    entry = (Track(section, item.id, "", {}), {name: {} for name in names})
                    self._tracks.append(entry)
                track, noted = entry
                track.id, track.title = item.id, _title(section, item)
                for name in names:
                    noted[name][position] = getattr(item, name)
                if item.id not in track.ids:
                    track.ids.append(item.id)
                following[(section, item.id)] = entry
        self._current, self._previous = following, brief

    def tracks(self, versions: int, last: Brief | None = None) -> list[Track]:
        """The tracks through `versions` versions, new ones, this tracker unchanged; with `last`,
        the last version is that brief, followed from the tracker's as `add` would: a brief
        rendered again after each save (serve) goes on from the same committed tracks."""
        position = versions - 1
        # What `last` notes on the tracks it goes on with: (id, title, values) of each item.
        noting: dict[int, list[tuple[str, str, dict[str, str]]]] = {}
        new: list[Track] = []
        matching = match_items(self._previous, last) if last is not None and self._previous else None
        for section, names in TRACKED.items():
            for item in getattr(last, section) if last is not None else ():
                old_id = matching.old_id(section, item.id) if matching else None
                entry = self._current.get((section, old_id)) if old_id else None
                now = {name: getattr(item, name) for name in names}
                if entry is None:
                    values = {name: [None] * position + [now[name]] for name in names}
                    new.append(Track(section, item.id, _title(section, item), values, [item.id]))
                else:
                    noting.setdefault(id(entry), []).append((item.id, _title(section, item), now))
        found = []
        for entry in self._tracks:
            track, noted = entry
            values = {name: [at.get(at_position) for at_position in range(versions)] for name, at in noted.items()}
            made = Track(track.section, track.id, track.title, values, list(track.ids))
            for item_id, title, now in noting.get(id(entry), ()):
                made.id, made.title = item_id, title
                for name in values:
                    values[name][position] = now[name]
                if item_id not in made.ids:
                    made.ids.append(item_id)
            found.append(made)
        order = list(TRACKED)
        return sorted(found + new, key=lambda track: order.index(track.section))


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
