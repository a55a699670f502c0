"""The versions of a brief as its page shows them: what changed since the previous version
(ICD 203 asks a product to explain change or consistency in its judgments) and, as a small
chart, each key judgment's and scenario's likelihood through the versions.

The previous version is the newest tagged commit that changed the brief and carries another
`version` number than the one built, or without tags the newest such commit: a release says
what changed since the last release, not since the last typo fix. When the number never
changed, it is the newest earlier commit that changed the brief. `since` names a revision to
compare with instead.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypedDict

from briefgen.brief.index import SECTIONS
from briefgen.brief.models import Brief
from briefgen.render.compose import _anchor, date_label
from briefgen.versions.change_report import grouped
from briefgen.versions.changes import diff_briefs
from briefgen.versions.git import Commit, repo_root, tags
from briefgen.versions.history import History, Version, history_of, rank
from briefgen.versions.history_report import points, version_labels
from briefgen.versions.revisions import Repository, Revision

# At most this many versions (the newest) in the chart, so that it stays readable.
CHART_VERSIONS = 12
_PALETTE = ("#1f3a5f", "#9a3f1c", "#0f5c5c", "#6b4c9a", "#8a6d00", "#4a5a68")
# Chart geometry, in SVG user units.
_WIDTH, _LEFT, _RIGHT, _TOP, _RUNG, _BOTTOM = 640, 128, 84, 10, 22, 38
_IDS_PER_LABEL, _LABEL_LEADING = 2, 11


class ChangePart(TypedDict):
    """A piece of a line: `role` is text, id (linked by `href` when the item is in this version),
    content (the brief's words), delete or insert."""

    text: str
    role: str
    href: str | None


class ChangeGroup(TypedDict):
    title: str
    lines: list[list[ChangePart]]


class ChartLabel(TypedDict):
    x: str
    y: str
    text: str


class ChartLine(TypedDict):
    """One key judgment or scenario: its runs of points (a gap where it did not exist)."""

    id: str
    kind: str
    colour: str
    runs: list[str]
    dots: list[ChartLabel]


class ChartVersion(TypedDict):
    """A column of the chart: the brief's own version and date, and the commit that holds it."""

    version: str
    date: str
    commit: str
    committed: str


class Chart(TypedDict):
    width: int
    height: int
    left: str
    right: str
    rungs: list[ChartLabel]
    columns: list[ChartLabel]
    dates: list[ChartLabel]
    lines: list[ChartLine]
    labels: list[ChartLabel]
    description: str
    shown: str
    versions: list[ChartVersion]


class ChangesView(TypedDict):
    """The section "Changes since the previous version" (or "since REV", with `since`)."""

    title: str
    lead: str
    groups: list[ChangeGroup]
    chart: Chart | None


def build_changes(path: Path, brief: Brief, since: str | None = None) -> ChangesView | None:
    """The changes section of the brief built from `path`; None outside any git repository."""
    root = repo_root(path.absolute())
    if root is None:
        return None
    repo = Repository(root)
    relative = repo.relative(path)
    history = history_of(repo, relative)
    built = len(history.versions) - 1
    if since is not None:
        previous, name = _at(repo, repo.revision(since), history, relative), since
    else:
        previous, name = _previous(history, brief), None
    chart = build_chart(history) if sum(1 for v in history.versions if v.brief) > 1 else None
    title = f"Changes since {since}" if since is not None else "Changes since the previous version"
    if previous is None:
        lead = f"The brief did not exist at {name}." if name else "This is the first version of the assessment."
        return ChangesView(title=title, lead=lead, groups=[], chart=chart)
    if previous.brief is None:
        problem = previous.problems[0]
        lead = (
            f"The brief at {_describe(previous, name)} is not a valid brief ({problem.code}: {problem.message}), "
            "so what changed since cannot be listed."
        )
        return ChangesView(title=title, lead=lead, groups=[], chart=chart)
    diff = diff_briefs(previous.brief, brief, previous.path, history.versions[built].path)
    anchors = {item.id for section in SECTIONS for item in getattr(brief, section)}
    groups = [
        ChangeGroup(
            title=group.title,
            lines=[
                [
                    ChangePart(
                        text=part.text,
                        role=part.role,
                        href=f"#{_anchor(part.text)}" if part.role == "id" and part.text in anchors else None,
                    )
                    for part in line
                ]
                for line in group.lines
            ],
        )
        for group in grouped(diff)
    ]
    count = len(diff.changes)
    if count:
        lead = f"Compared with {_describe(previous, name)}: {count} change{'s' * (count != 1)}."
    else:
        lead = f"No judgment, scenario, indicator or source has changed since {_describe(previous, name)}."
    return ChangesView(title=title, lead=lead, groups=groups, chart=chart)


def build_chart(history: History) -> Chart:
    """Each key judgment's and scenario's likelihood (the rung of the scale) at each version."""
    shown = [(position, version) for position, version in enumerate(history.versions) if version.brief]
    shown = shown[-CHART_VERSIONS:]
    scale = history.scale
    ranges = scale.ranges()
    rung_names = [next(term.term for term in scale.terms if (term.low, term.high) == span) for span in ranges]
    height = _TOP + _RUNG * (len(ranges) - 1) + _BOTTOM
    span = _WIDTH - _LEFT - _RIGHT
    xs = [_LEFT + (span * index / (len(shown) - 1) if len(shown) > 1 else span / 2) for index in range(len(shown))]
    labels = version_labels(history)
    tracks = [
        track
        for track in history.tracks
        if "likelihood" in track.values and any(track.terms[position] for position, _ in shown)
    ]

    def y_of(rung: int, offset: float = 0.0) -> float:
        return _TOP + _RUNG * (len(ranges) - 1 - rung) + offset

    lines: list[ChartLine] = []
    ends: dict[tuple[float, float], list[str]] = {}
    spread = min(3.0, 12.0 / max(len(tracks), 1))
    for index, track in enumerate(tracks):
        offset = (index - (len(tracks) - 1) / 2) * spread
        runs: list[list[tuple[float, float]]] = [[]]
        dots = []
        for column, (position, _) in enumerate(shown):
            term = track.terms[position]
            if term is None:
                if runs[-1]:
                    runs.append([])
                continue
            point = (xs[column], y_of(rank(scale, term), offset))
            runs[-1].append(point)
            dots.append(ChartLabel(x=_n(point[0]), y=_n(point[1]), text=f"{track.id}: {term} ({labels[position]})"))
        last = next(run for run in reversed(runs) if run)[-1]
        ends.setdefault((last[0], round(last[1] - offset, 1)), []).append(track.id)
        lines.append(
            ChartLine(
                id=track.id,
                kind="judgment" if track.section == "key_judgments" else "scenario",
                colour=_PALETTE[index % len(_PALETTE)],
                runs=[" ".join(f"{_n(x)},{_n(y)}" for x, y in run) for run in runs if run],
                dots=dots,
            )
        )
    return Chart(
        width=_WIDTH,
        height=height,
        left=_n(_LEFT),
        right=_n(_WIDTH - _RIGHT),
        rungs=[ChartLabel(x=_n(_LEFT - 8), y=_n(y_of(rung)), text=name) for rung, name in enumerate(rung_names)],
        # Under each column the brief's version number, and under that the brief's own date,
        # which tells apart two versions of one number.
        columns=[
            ChartLabel(x=_n(x), y=_n(height - _BOTTOM + 16), text=version.brief.version if version.brief else "")
            for x, (_, version) in zip(xs, shown, strict=True)
        ],
        dates=[
            ChartLabel(x=_n(x), y=_n(height - _BOTTOM + 29), text=_date(version))
            for x, (_, version) in zip(xs, shown, strict=True)
        ],
        lines=lines,
        labels=[label for (x, y), ids in sorted(ends.items()) for label in _end_labels(x, y, ids)],
        description="; ".join(f"{track.id}: {', '.join(points(history, track))}" for track in tracks),
        versions=[
            ChartVersion(
                version=version.number or "",
                date=version.date or "",
                commit=version.label,
                committed=version.committed or "",
            )
            for _, version in shown
        ],
        shown=(
            f"The last {len(shown)} of {sum(1 for v in history.versions if v.brief)} versions."
            if len(shown) < sum(1 for v in history.versions if v.brief)
            else ""
        ),
    )


def _end_labels(x: float, y: float, ids: list[str]) -> list[ChartLabel]:
    """The ids of the lines that end at one point, two a line, the lines centred on the point."""
    rows = [" · ".join(ids[start : start + _IDS_PER_LABEL]) for start in range(0, len(ids), _IDS_PER_LABEL)]
    top = y + 3.5 - _LABEL_LEADING * (len(rows) - 1) / 2
    return [ChartLabel(x=_n(x + 7), y=_n(top + _LABEL_LEADING * row), text=text) for row, text in enumerate(rows)]


def _previous(history: History, brief: Brief) -> Version | None:
    """The version to compare the built one with (see the module's docstring)."""
    earlier = [version for version in history.versions[:-1] if version.commit is not None and version.brief]
    released = [version for version in earlier if version.brief and version.brief.version != brief.version]
    tagged = [version for version in released if version.tags]
    last = (tagged or released or earlier)[-1:]
    return last[0] if last else None


def _at(repo: Repository, revision: Revision, history: History, path: str) -> Version | None:
    """The brief at `revision`, at whichever of its paths it had there."""
    assert revision.commit is not None
    for candidate in dict.fromkeys([path, *(version.path for version in reversed(history.versions))]):
        loaded = repo.load(revision, candidate)
        if loaded is not None:
            tagged = tuple(sorted(tags(repo.root).get(revision.commit.hash, ())))
            return Version(revision.commit, candidate, loaded.brief, loaded.diagnostics, tagged)
    return None


def _describe(version: Version, name: str | None) -> str:
    """`version 1.1 of 15 February 2026 (commit d9a011568b41 of 10 February 2026, tag v1.1)`: the
    brief's own version and date, then the commit that holds it."""
    commit: Commit | None = version.commit
    assert commit is not None
    tags = ", ".join(version.tags)
    named = f"{name}, " if name and name not in version.tags else ""
    held = f"{named}commit {commit.short} of {_long_date(commit.date)}{', tag ' + tags if tags else ''}"
    if version.brief is None:
        return f"{_long_date(commit.date)} ({named}commit {commit.short}{', tag ' + tags if tags else ''})"
    return f"version {version.brief.version} of {_long_date(version.brief.date.isoformat())} ({held})"


def _long_date(iso: str) -> str:
    return date_label(dt.date.fromisoformat(iso))


def _date(version: Version) -> str:
    """The brief's own date (a version is dated by the brief, not by its commit)."""
    return version.date or ""


def _n(value: float) -> str:
    """A coordinate with one decimal: the same text on every platform."""
    return f"{value:.1f}"
