"""Print a brief's history: its versions as a table, newest first (the brief's version and date,
then the commit), and, oldest first, each key judgment's likelihood and confidence, each
scenario's likelihood and each indicator's status through time (text for people, JSON for
programs)."""

from __future__ import annotations

from typing import Any

from briefgen.brief.scales import CONFIDENCE_LEVELS, Scale
from briefgen.report import json_text, printable
from briefgen.versions.history import History, Track, Version, rank

TITLE_CHARS = 90


def format_text(history: History) -> str:
    latest = history.latest
    name = f"{latest.id} · {latest.title} ({history.path})" if latest else history.path
    count = len(history.versions)
    lines = [printable(f"History of {name}: {count} version{'s' * (count != 1)}"), ""]
    rows: list[tuple[str, ...]] = [("version", "date", "commit", "committed", "tags", "author", "message")]
    rows += [_row(version) for version in reversed(history.versions)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        lines.append(printable("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()))
    estimates = [track for track in history.tracks if track.section != "indicators"]
    indicators = [track for track in history.tracks if track.section == "indicators"]
    for title, tracks in (
        ("Likelihood and confidence through time (oldest first)", estimates),
        ("Indicator status through time (oldest first)", indicators),
    ):
        if not tracks:
            continue
        lines += ["", title]
        width = max(len(track.id) for track in tracks)
        for track in tracks:
            formerly = [old for old in track.ids if old != track.id]
            title = _shortened(track.title) + (f" (formerly {', '.join(formerly)})" if formerly else "")
            lines.append(printable(f"  {track.id.ljust(width)}  {title}"))
            for field in track.values:
                label = "confidence " if field == "confidence" else ""
                lines.append(printable(f"  {' ' * width}    {label}{' → '.join(points(history, track, field))}"))
    return "\n".join(lines)


def format_json(history: History) -> str:
    newest_first = list(reversed(history.versions))
    data: dict[str, Any] = {
        "brief": history.latest.id if history.latest else None,
        "path": history.path,
        "versions": [_version_json(version) for version in newest_first],
        "tracks": [
            {
                "section": track.section,
                "id": track.id,
                "ids": track.ids,
                "title": track.title,
                **{field: list(reversed(values)) for field, values in track.values.items()},
            }
            for track in history.tracks
        ],
    }
    return json_text(data)


def version_labels(history: History) -> list[str]:
    """What to call each version: its number; when the number is not unique, with the brief's date
    (`1.1 of 2026-12-15`), or its commit when that is not unique either."""
    numbers = [version.number or "?" for version in history.versions]
    dated = [(version.number or "?", version.date) for version in history.versions]
    return [
        number
        if numbers.count(number) == 1
        else f"{number} of {version.date}"
        if version.date and dated.count((number, version.date)) == 1
        else f"{number} {version.label}"
        for number, version in zip(numbers, history.versions, strict=True)
    ]


def points(history: History, track: Track, field: str = "likelihood") -> list[str]:
    """One of the track's fields where it appears, changes or goes: `likely (1.0)`,
    `very likely ↑ (1.1)`; confidence with its arrow too, an indicator's status without."""
    labels = version_labels(history)
    points: list[str] = []
    last: str | None = None
    values = track.values[field]
    for position, version in enumerate(history.versions):
        if version.brief is None:
            continue
        value = values[position]
        if value == last:
            continue
        if value is None:
            points.append(f"removed ({labels[position]})")
        else:
            shown = value.replace("_", " ")
            points.append(f"{shown}{_arrow(history.scale, field, last, value)} ({labels[position]})")
        last = value
    return points


def _shortened(text: str) -> str:
    """A judgment's statement cut at a word to fit a line."""
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"


def _arrow(scale: Scale, field: str, before: str | None, after: str) -> str:
    if before is None or field == "status":
        return ""
    if field == "confidence":
        old, new = CONFIDENCE_LEVELS.index(before), CONFIDENCE_LEVELS.index(after)
    else:
        old, new = rank(scale, before), rank(scale, after)
    return " ↑" if new > old else " ↓" if new < old else ""


def _row(version: Version) -> tuple[str, ...]:
    """The brief's version and date, then the commit (hash, date, tags, author, message)."""
    number, dated = version.number or "—", version.date or ""
    problem = f"not a valid brief: {version.problems[0].code} {version.problems[0].message}" if version.problems else ""
    if version.commit is None:
        return (number, dated, "working tree", "", "", "", problem or "uncommitted changes")
    commit = version.commit
    message = commit.subject + (f" ({problem})" if problem else "")
    return (number, dated, commit.short, commit.date, ", ".join(version.tags), commit.author, message)


def _version_json(version: Version) -> dict[str, Any]:
    commit = version.commit
    return {
        "version": version.number,
        "date": version.date,
        "commit": commit.hash if commit else None,
        "committed": commit.date if commit else None,
        "author": commit.author if commit else None,
        "message": commit.subject if commit else None,
        "tags": list(version.tags),
        "path": version.path,
        "valid": version.brief is not None,
        "problems": [
            {"code": problem.code, "message": problem.message, "line": problem.line, "column": problem.column}
            for problem in version.problems
        ],
    }
