"""Print a brief's history: its versions as a table, newest first, and each key judgment's and
scenario's likelihood through time, oldest first (text for people, JSON for programs)."""

from __future__ import annotations

import json
from typing import Any

from briefgen.versions.history import History, Track, Version, rank
from briefgen.report import printable
from briefgen.brief.scales import Scale

FORMATS = ("text", "json")
TITLE_CHARS = 90


def format_text(history: History) -> str:
    latest = history.latest
    name = f"{latest.id} · {latest.title} ({history.path})" if latest else history.path
    count = len(history.versions)
    lines = [printable(f"History of {name}: {count} version{'s' * (count != 1)}"), ""]
    rows = [("commit", "date", "version", "tags", "author", "message")]
    rows += [_row(version) for version in reversed(history.versions)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        lines.append(printable("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()))
    if history.tracks:
        lines += ["", "Likelihood through time (oldest first)"]
        width = max(len(track.id) for track in history.tracks)
        for track in history.tracks:
            formerly = [old for old in track.ids if old != track.id]
            title = _shortened(track.title) + (f" (formerly {', '.join(formerly)})" if formerly else "")
            lines.append(printable(f"  {track.id.ljust(width)}  {title}"))
            lines.append(printable(f"  {' ' * width}    {' → '.join(points(history, track))}"))
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
                "likelihood": list(reversed(track.terms)),
            }
            for track in history.tracks
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def version_labels(history: History) -> list[str]:
    """What to call each version: its number, with its commit when the number is not unique."""
    numbers = [version.brief.version if version.brief else "?" for version in history.versions]
    return [
        number if numbers.count(number) == 1 else f"{number} {version.label}"
        for number, version in zip(numbers, history.versions)
    ]


def points(history: History, track: Track) -> list[str]:
    """The track's likelihood where it appears, changes or goes: `likely (1.0)`, `very likely ↑ (1.1)`."""
    labels = version_labels(history)
    points: list[str] = []
    last: str | None = None
    scale = history.scale
    for position, version in enumerate(history.versions):
        if version.brief is None:
            continue
        term = track.terms[position]
        if term == last:
            continue
        if term is None:
            points.append(f"removed ({labels[position]})")
        else:
            points.append(f"{term}{_arrow(scale, last, term)} ({labels[position]})")
        last = term
    return points


def _shortened(text: str) -> str:
    """A judgment's statement cut at a word to fit a line."""
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"


def _arrow(scale: Scale, before: str | None, after: str) -> str:
    if before is None:
        return ""
    old, new = rank(scale, before), rank(scale, after)
    return " ↑" if new > old else " ↓" if new < old else ""


def _row(version: Version) -> tuple[str, str, str, str, str, str]:
    number = version.brief.version if version.brief else "—"
    problem = f"not a valid brief: {version.problems[0].code} {version.problems[0].message}" if version.problems else ""
    if version.commit is None:
        return ("working tree", "", number, "", "", problem or "uncommitted changes")
    message = version.commit.subject + (f" ({problem})" if problem else "")
    return (version.commit.short, version.commit.date, number, ", ".join(version.tags), version.commit.author, message)


def _version_json(version: Version) -> dict[str, Any]:
    commit = version.commit
    return {
        "commit": commit.hash if commit else None,
        "date": commit.date if commit else None,
        "author": commit.author if commit else None,
        "message": commit.subject if commit else None,
        "tags": list(version.tags),
        "version": version.brief.version if version.brief else None,
        "path": version.path,
        "valid": version.brief is not None,
        "problems": [
            {"code": problem.code, "message": problem.message, "line": problem.line, "column": problem.column}
            for problem in version.problems
        ],
    }
