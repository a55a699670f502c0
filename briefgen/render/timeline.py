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

from dataclasses import replace
from pathlib import Path
from typing import Any, TypedDict

from briefgen.brief.models import Brief
from briefgen.render.changelog import LogGroup, Part, log, moves, prose_for
from briefgen.render.compose import anchor_for, date_label
from briefgen.versions.changes import diff_briefs
from briefgen.versions.git import Commit, one_look, repo_root, tags
from briefgen.versions.history import History, Summary, Version, history_of, rank
from briefgen.versions.history_report import points, version_labels
from briefgen.versions.revisions import Repository, Revision

# At most this many versions (the newest) in the chart, so that it stays readable; a chart only
# from this many versions on (with two, a sentence says as much).
CHART_VERSIONS = 6
CHART_FROM = 3
_PALETTE = ("#1f3a5f", "#9a3f1c", "#0f5c5c", "#6b4c9a", "#8a6d00", "#4a5a68")
# Chart geometry, in SVG user units.
# In CSS pixels: the chart is drawn at the width of the changes box in the PDF (124 mm), so that
# its 11 px labels print at 8.25 pt, the least a reader is given (an SVG 640 wide was scaled to
# 0.55 and its labels printed at 5-6 pt).
_WIDTH, _LEFT, _RIGHT, _TOP, _RUNG, _BOTTOM = 468, 112, 64, 10, 22, 42
_IDS_PER_LABEL, _LABEL_LEADING = 2, 12


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


class ChartMove(TypedDict):
    """A key judgment's confidence, or an indicator's status, through the versions, where it moved:
    `moderate (1.0) → high ↑ (1.1)`."""

    id: str
    href: str | None  # where the item stands in this version; None when it is gone
    field: str
    text: str


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
    moves: list[ChartMove]


class ChangesView(TypedDict):
    """What changed since the previous version (or since REV, with `since`): a box in the front
    matter (`lead`, `moves`, the chart) and the full log in an annex (`log_lead`, `groups`)."""

    title: str
    lead: str
    moves: list[list[Part]]
    others: int  # changes the box does not list
    log_title: str
    groups: list[LogGroup]
    chart: Chart | None


def build_changes(path: Path, brief: Brief, since: str | None = None) -> ChangesView | None:
    """The changes of the brief built from `path`; None outside any git repository."""
    with one_look():
        return _changes(path, brief, since)


def _changes(path: Path, brief: Brief, since: str | None) -> ChangesView | None:
    root = repo_root(path.absolute())
    if root is None:
        return None
    repo = Repository(root)
    relative = repo.relative(path)
    history = history_of(repo, relative, current=brief)
    built = len(history.versions) - 1
    if since is not None:
        previous, name = _at(repo, repo.revision(since), history, relative), since
    else:
        previous, name = _previous(history, brief), None
    # A chart says more than a sentence only from three versions on, and only of what moved (a
    # likelihood drawn, or a confidence or an indicator's status listed under it).
    chart = build_chart(history) if len(releases(history)) >= CHART_FROM else None
    chart = chart if chart and (chart["lines"] or chart["moves"]) else None
    named = (
        f"since {since}"
        if since is not None
        else (
            f"since version {previous.brief.version}"
            if previous and previous.brief and previous.brief.version != brief.version
            else "since the previous version"
        )
    )
    title = f"What changed {named}"

    def view(lead: str, diff: Any = None) -> ChangesView:
        prose = prose_for(brief)
        found = moves(diff, prose) if diff else []
        return ChangesView(
            title=title,
            lead=lead,
            moves=found,
            others=len(diff.changes) - sum(1 for _ in found) if diff else 0,
            log_title=f"Changes {named} in full",
            groups=log(diff, prose) if diff else [],
            chart=chart,
        )

    if previous is None:
        return view(f"The brief did not exist at {name}." if name else "This is the first version of the assessment.")
    if previous.brief is None:
        problem = previous.problems[0]
        return view(
            f"The brief at {_describe(previous, name)} is not a valid brief ({problem.code}: {problem.message}), "
            "so what changed since cannot be listed."
        )
    # The history keeps a summary of each version: the one compared with is read again, whole.
    assert previous.commit is not None
    again = repo.load(Revision(previous.commit.short, previous.commit), previous.path)
    diff = diff_briefs(again.brief if again else None, brief, previous.path, history.versions[built].path)
    count = len(diff.changes)
    if count:
        lead = f"Compared with {_describe(previous, name)}: {count} change{'s' * (count != 1)}."
    else:
        lead = f"No judgment, scenario, indicator or source has changed since {_describe(previous, name)}."
    return view(lead, diff)


def build_chart(history: History) -> Chart:
    """Each key judgment's and scenario's likelihood (the rung of the scale) at each version."""
    history = released(history)
    every = list(enumerate(history.versions))
    shown = every[-CHART_VERSIONS:]
    scale = history.scale
    ranges = scale.ranges()
    rung_names = [next(term.term for term in scale.terms if (term.low, term.high) == span) for span in ranges]
    height = _TOP + _RUNG * (len(ranges) - 1) + _BOTTOM
    span = _WIDTH - _LEFT - _RIGHT
    xs = [_LEFT + (span * index / (len(shown) - 1) if len(shown) > 1 else span / 2) for index in range(len(shown))]
    labels = version_labels(history)
    # Only what moved: a line that stays on one rung says nothing a sentence does not.
    tracks = [
        track
        for track in history.tracks
        if "likelihood" in track.values and len({track.terms[position] for position, _ in shown}) > 1
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
            ChartLabel(x=_n(x), y=_n(height - _BOTTOM + 17), text=version.brief.version if version.brief else "")
            for x, (_, version) in zip(xs, shown, strict=True)
        ],
        dates=[
            ChartLabel(x=_n(x), y=_n(height - _BOTTOM + 32), text=_date(version))
            for x, (_, version) in zip(xs, shown, strict=True)
        ],
        lines=lines,
        labels=_spread([label for (x, y), ids in sorted(ends.items()) for label in _end_labels(x, y, ids)]),
        moves=_moves(history),
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
        shown=(f"The last {len(shown)} of {len(every)} versions." if len(shown) < len(every) else ""),
    )


def releases(history: History) -> list[tuple[int, Version]]:
    """The versions a reader knows, with their positions in the history: the last commit of each
    run of one `version` number (a wording fix that keeps the number is not a new version)."""
    valid = [(position, version) for position, version in enumerate(history.versions) if version.brief]
    return [
        (position, version)
        for index, (position, version) in enumerate(valid)
        if index == len(valid) - 1 or valid[index + 1][1].brief.version != version.brief.version  # type: ignore[union-attr]
    ]


def released(history: History) -> History:
    """The history of the versions a reader knows (`releases`) and of nothing else: what a
    published brief tells of its versions names each by its number, never by a commit."""
    positions = [position for position, _ in releases(history)]
    return History(
        history.path,
        tuple(history.versions[position] for position in positions),
        tuple(
            replace(track, values={name: [values[at] for at in positions] for name, values in track.values.items()})
            for track in history.tracks
        ),
    )


def _moves(history: History) -> list[ChartMove]:
    """Each judgment's confidence and each indicator's status, where it changed through the versions."""
    moves = []
    for track in history.tracks:
        for field in ("confidence", "status"):
            values = {value for value in track.values.get(field, ()) if value is not None}
            if len(values) > 1:
                present = track.values[field][-1] is not None
                moves.append(
                    ChartMove(
                        id=track.id,
                        href=f"#{anchor_for(track.id)}" if present else None,
                        field=field,
                        text=" → ".join(points(history, track, field)),
                    )
                )
    return moves


def _end_labels(x: float, y: float, ids: list[str]) -> list[ChartLabel]:
    """The ids of the lines that end at one point, two a line, the lines centred on the point."""
    rows = [" · ".join(ids[start : start + _IDS_PER_LABEL]) for start in range(0, len(ids), _IDS_PER_LABEL)]
    top = y + 3.5 - _LABEL_LEADING * (len(rows) - 1) / 2
    return [ChartLabel(x=_n(x + 7), y=_n(top + _LABEL_LEADING * row), text=text) for row, text in enumerate(rows)]


def _spread(labels: list[ChartLabel]) -> list[ChartLabel]:
    """End labels moved apart, top to bottom, so that no two overlap."""
    placed: list[ChartLabel] = []
    for label in sorted(labels, key=lambda label: (float(label["x"]), float(label["y"]))):
        y = float(label["y"])
        if placed and placed[-1]["x"] == label["x"]:
            y = max(y, float(placed[-1]["y"]) + _LABEL_LEADING)
        placed.append(ChartLabel(x=label["x"], y=_n(y), text=label["text"]))
    return placed


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
            summary = Summary.of(loaded.brief) if loaded.brief else None
            return Version(revision.commit, candidate, summary, loaded.diagnostics, tagged)
    return None


def _describe(version: Version, name: str | None) -> str:
    """`version 1.1 of 10 February 2026` (the brief's own `version` and `date`), with `since`'s
    name when it is not a tag of that version; a version that is not a valid brief by its commit."""
    commit: Commit | None = version.commit
    assert commit is not None
    named = f" ({name})" if name and name not in version.tags else ""
    if version.brief is None:
        return f"the version of commit {commit.short}{named}"
    return f"version {version.brief.version} of {date_label(version.brief.date)}{named}"


def _date(version: Version) -> str:
    """The brief's own date, short: `9 Feb 2026`."""
    if version.brief is None:
        return ""
    day = version.brief.date
    return f"{day.day} {date_label(day).split()[1][:3]} {day.year}"


def _n(value: float) -> str:
    """A coordinate with one decimal: the same text on every platform."""
    return f"{value:.1f}"
