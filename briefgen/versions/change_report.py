"""Say in plain words what changed: each change record becomes a line of parts (briefgen's words,
item ids, the brief's own text, deleted and inserted words), printed as text for a terminal,
Markdown for a pull-request comment, JSON for programs, or HTML by the `_changes` template."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from briefgen.brief.models import Brief
from briefgen.brief.scales import credibility_label, grade_label
from briefgen.brief.sections import SECTIONS
from briefgen.report import json_text, printable
from briefgen.versions.changes import SECTION_ORDER, BriefDiff, Change, Segment
from briefgen.versions.comparison import Comparison
from briefgen.versions.revisions import Revision

Role = Literal["text", "id", "content", "delete", "insert"]

SECTION_TITLES = {
    "brief": "Brief",
    "key_judgments": "Key judgments",
    "scenarios": "Scenarios",
    "implications": "Implications",
    "indicators": "Indicators",
    "assumptions": "Key assumptions",
    "gaps": "Intelligence gaps",
    "sources": "Sources",
}
_ARROWS = {"up": " ↑", "down": " ↓", "same": " (same range)", None: ""}
_QUOTED_MEMBERS = ("authors", "drivers", "waivers")
# Words of unchanged text kept on each side of a change in a long passage.
CONTEXT_WORDS = 8
QUOTE_CHARS = 100


@dataclass(frozen=True)
class Part:
    """A piece of a line: briefgen's own words, an item id, or text taken from the brief."""

    text: str
    role: Role = "text"


@dataclass(frozen=True)
class Group:
    """The lines describing one section's changes."""

    section: str
    title: str
    lines: tuple[tuple[Part, ...], ...]


def grouped(diff: BriefDiff) -> list[Group]:
    """The changes of one brief as lines, section by section. A change that repeats across items
    (the same field, from the same value to the same value) is one line, where it first occurs:
    "last reviewed: 2026-09-01 → 2026-12-15 on 8 indicators: IND1, IND2, …"."""
    groups = []
    for section in SECTION_ORDER:
        changes = [change for change in diff.changes if change.section == section]
        repeats = Counter(key for change in changes if (key := _repeat_key(change)))
        lines: list[tuple[Part, ...]] = []
        shown: set[tuple[str, ...]] = set()
        for change in changes:
            key = _repeat_key(change)
            if key is None or repeats[key] < 2:
                lines.append(tuple(describe(change)))
            elif key not in shown:
                shown.add(key)
                items = [other.item or "" for other in changes if _repeat_key(other) == key]
                lines.append(tuple(_repeated(change, items)))
        if lines:
            groups.append(Group(section, SECTION_TITLES[section], tuple(lines)))
    return groups


# The kinds of change that read the same on every item they touch, and so can be told once.
_REPEATABLE = ("value", "status")


def _repeat_key(change: Change) -> tuple[str, ...] | None:
    if change.kind not in _REPEATABLE or not change.item:
        return None
    return (change.kind, change.field or "", repr(change.before), repr(change.after))


def _repeated(change: Change, items: list[str]) -> Iterator[Part]:
    """One change made alike on several items: `status: observed → receding on 3 indicators: …`."""
    yield Part(f"{_label(change.field)}: ")
    yield from (Part(_value(change.before), "content"), Part(" → "), Part(_value(change.after), "content"))
    yield Part(f" on {len(items)} {SECTIONS[change.section]}s: ")
    for position, item in enumerate(items):
        if position:
            yield Part(", ")
        yield Part(item, "id")


def heading(diff: BriefDiff) -> str:
    """`minimal · A minimal brief · version 1.0 of 2026-02-01 → 1.1 of 2026-02-15` (the brief's own
    version and date; the commits are named above), and what happened to the brief as a whole."""
    brief = diff.brief
    text = f"{brief.id} · {brief.title} · "
    if diff.status == "added":
        return text + f"{_dated(brief)}: new brief ({_counts(brief)})"
    if diff.status == "removed":
        return text + f"{_dated(brief)}: brief removed"
    assert diff.before is not None
    if diff.before.version != brief.version:
        text += f"{_dated(diff.before)} → {brief.version} of {brief.date.isoformat()}"
    elif diff.before.date != brief.date:
        text += f"version {brief.version} of {diff.before.date.isoformat()} → {brief.date.isoformat()}"
        text += ", not raised" if diff.changes else ""
    else:
        text += _dated(brief) + (", not raised" if diff.changes else "")
    return text + ("" if diff.changes else ": no changes to the assessment")


def _dated(brief: Brief) -> str:
    return f"version {brief.version} of {brief.date.isoformat()}"


def moved(diff: BriefDiff) -> str | None:
    """`briefs/a/brief.yaml → briefs/b/brief.yaml` when the brief's file moved."""
    if diff.before_path and diff.after_path and diff.before_path != diff.after_path:
        return f"moved: {diff.before_path} → {diff.after_path}"
    return None


def describe(change: Change) -> Iterator[Part]:
    """One change as a line of parts, in plain words."""
    item = Part(change.item or "", "id")
    label = _label(change.field)
    kind = change.kind
    if kind in ("added", "removed"):
        yield Part(f"{kind} ")
        yield item
        yield from _headline(change.section, change.after if kind == "added" else change.before)
    elif kind == "renamed":
        yield from (Part("renamed "), Part(change.before, "id"), Part(" → "), item)
    elif kind in ("likelihood", "status"):
        yield from (item, Part(f": {change.before} → {change.after}{_ARROWS[change.direction]}"))
    elif kind == "confidence":
        yield from (item, Part(f" confidence: {change.before} → {change.after}{_ARROWS[change.direction]}"))
    elif kind == "probability":
        yield from (
            item,
            Part(f" probability: {_percent(change.before)} → {_percent(change.after)}{_ARROWS[change.direction]}"),
        )
    elif kind == "regraded":
        yield from (
            item,
            Part(f" reliability: {grade_label(change.before, None)} → {grade_label(change.after, None)}"),
        )
    elif kind == "reworded":
        yield from _owner(change.item, label)
        yield from (Part(segment.text, _ROLES[segment.op]) for segment in trimmed(change.words))
    elif kind == "members":
        yield from _owner(change.item, label)
        yield from _members(change)
    elif kind.startswith("evidence_"):
        yield from _evidence(change, item)
    else:
        yield from _owner(change.item, label)
        yield from (Part(_value(change.before), "content"), Part(" → "), Part(_value(change.after), "content"))


def trimmed(words: tuple[Segment, ...]) -> list[Segment]:
    """A word diff with long unchanged stretches cut to a few words around each change."""
    result = []
    for position, segment in enumerate(words):
        core = segment.text.strip()
        lead, trail = (
            segment.text[: segment.text.index(core)] if core else "",
            segment.text[len(segment.text.rstrip()) :],
        )
        tokens = core.split(" ")
        first, last = position == 0, position == len(words) - 1
        keep = CONTEXT_WORDS * (2 - first - last)
        head, tail = " ".join(tokens[:CONTEXT_WORDS]), " ".join(tokens[-CONTEXT_WORDS:])
        if segment.op != "equal" or first and last or len(tokens) <= keep + 1:
            result.append(segment)
        elif first:
            result.append(Segment("equal", f"… {tail}{trail}"))
        elif last:
            result.append(Segment("equal", f"{lead}{head} …"))
        else:
            result.append(Segment("equal", f"{lead}{head} … {tail}{trail}"))
    return result


def as_text(parts: Iterator[Part] | tuple[Part, ...]) -> str:
    marks = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
    return printable(
        "".join(
            marks[part.role][0] + part.text + marks[part.role][1] if part.role in marks else part.text for part in parts
        )
    )


def as_markdown(parts: Iterator[Part] | tuple[Part, ...]) -> str:
    out = []
    previous: Role | None = None
    for part in parts:
        if previous == "delete" and part.role == "insert" and not part.text[:1].isspace():
            out.append(" ")  # `~~old~~ **new**`: the struck words and their replacement apart
        previous = part.role
        if part.role == "id":
            out.append(f"**{part.text}**")
        elif part.role in ("delete", "insert"):
            out.append(_wrapped(markdown_text(part.text), "~~" if part.role == "delete" else "**"))
        elif part.role == "content":
            out.append(markdown_text(part.text))
        else:
            out.append(part.text)
    return "".join(out)


def format_text(comparison: Comparison) -> str:
    lines = [printable(f"Changes from {comparison.before.label} to {comparison.after.label}")]
    for diff in comparison.diffs:
        lines += ["", printable(heading(diff))]
        if moved(diff):
            lines.append(printable(f"  {moved(diff)}"))
        for group in grouped(diff):
            lines.append(f"  {group.title}")
            lines += [f"    {as_text(line)}" for line in group.lines]
    lines += ["", summary(comparison)]
    return "\n".join(lines)


def format_markdown(comparison: Comparison) -> str:
    lines = [f"### Assessment changes: {_md_revision(comparison.before)} → {_md_revision(comparison.after)}"]
    for diff in comparison.diffs:
        lines += ["", f"#### {markdown_text(heading(diff))}"]
        if moved(diff):
            lines += ["", f"_{markdown_text(moved(diff) or '')}_"]
        for group in grouped(diff):
            lines += ["", f"**{group.title}**", ""]
            lines += [f"- {as_markdown(line)}" for line in group.lines]
    lines += ["", f"_{summary(comparison)}_"]
    return "\n".join(lines)


def format_json(comparison: Comparison) -> str:
    briefs = []
    for diff in comparison.diffs:
        briefs.append(
            {
                "id": diff.brief.id,
                "title": diff.brief.title,
                "status": diff.status,
                "path": {"before": diff.before_path, "after": diff.after_path},
                "version": {"before": diff.before and diff.before.version, "after": diff.after and diff.after.version},
                "date": {
                    "before": diff.before and diff.before.date.isoformat(),
                    "after": diff.after and diff.after.date.isoformat(),
                },
                "changes": [change.to_json() for change in diff.changes],
            }
        )
    data: dict[str, Any] = {
        "from": comparison.before.to_json(),
        "to": comparison.after.to_json(),
        "briefs": briefs,
        "summary": _tally(comparison),
    }
    return json_text(data)


def summary(comparison: Comparison) -> str:
    tally = _tally(comparison)
    noun = "brief" if tally["briefs"] == 1 else "briefs"
    found = [f"{tally[status]} {status}" for status in ("modified", "added", "removed", "unchanged") if tally[status]]
    changes = tally["changes"]
    invalid = tally["not_valid"]
    return (
        f"{tally['briefs']} {noun} compared: "
        + ", ".join(found or ["none"])
        + f"; {changes} change{'s' * (changes != 1)}"
        + (f"; {invalid} not valid, not compared (see the problems listed)" if invalid else "")
    )


def _tally(comparison: Comparison) -> dict[str, int]:
    tally = {"briefs": len(comparison.diffs), "modified": 0, "added": 0, "removed": 0, "unchanged": 0}
    for diff in comparison.diffs:
        tally[diff.status] += 1
    tally["changes"] = sum(len(diff.changes) for diff in comparison.diffs)
    tally["not_valid"] = len({version.path for version in comparison.invalid})
    return tally


_ROLES: dict[str, Role] = {"equal": "content", "delete": "delete", "insert": "insert"}


def _owner(item: str | None, label: str) -> Iterator[Part]:
    if item:
        yield Part(item, "id")
        yield Part(f" {label}: ")
    else:
        yield Part(f"{label}: ")


def _headline(section: str, item: dict[str, Any]) -> Iterator[Part]:
    """What an added or removed item is, in a few words."""
    if section == "key_judgments":
        detail, text = f"{item['likelihood']}, {item['confidence']} confidence", item["statement"]
    elif section == "scenarios":
        detail, text = item["likelihood"], item["title"]
    elif section == "implications":
        detail, text = item["party"], item["statement"]
    elif section == "indicators":
        detail, text = item["status"], item.get("title") or item["description"]
    elif section == "assumptions":
        detail, text = item["rating"], item["statement"]
    elif section == "gaps":
        detail, text = "", item["statement"]
    else:
        detail, text = f"reliability {item['reliability']}, {item['kind'].replace('_', ' ')}", item["title"]
    yield Part(f" ({detail}): " if detail else ": ")
    yield Part(text, "content")


def _members(change: Change) -> Iterator[Part]:
    quoted = change.field in _QUOTED_MEMBERS
    for number, (verb, members) in enumerate(
        (verb, members) for verb, members in (("added", change.added), ("removed", change.removed)) if members
    ):
        yield Part(("; " if number else "") + verb + " ")
        for position, member in enumerate(members):
            if position:
                yield Part(", ")
            yield Part(f'"{member}"' if quoted else member, "content")


def _evidence(change: Change, item: Part) -> Iterator[Part]:
    cited = change.citation or {}
    quote = cited.get("quote", "")
    short = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    source = (Part(cited.get("source", ""), "id"), Part(" "), Part(f"“{short}”", "content"))
    if change.kind in ("evidence_added", "evidence_removed"):
        yield from (item, Part(f" evidence {change.kind.removeprefix('evidence_')}: "), *source)
    elif change.kind == "evidence_regraded":
        yield from (
            item,
            Part(" evidence "),
            *source,
            Part(f": credibility {_credibility(change.before)} → {_credibility(change.after)}"),
        )
    else:
        yield from (
            item,
            Part(" evidence "),
            *source,
            Part(f": {change.field} "),
            Part(_value(change.before), "content"),
            Part(" → "),
            Part(_value(change.after), "content"),
        )


def _counts(brief: Brief) -> str:
    counts = [(len(getattr(brief, section)), noun) for section, noun in SECTIONS.items()]
    return ", ".join(f"{count} {noun}{'s' * (count != 1)}" for count, noun in counts if count)


def _label(field: str | None) -> str:
    return (field or "").replace("_", " ")


def _percent(value: int | None) -> str:
    return "(none)" if value is None else f"{value}%"


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# Brief text in a Markdown comment is text: the punctuation that opens Markdown's inline
# constructs (links and images `[…](…)`, emphasis, strikethrough, code, math, tables) is
# backslash-escaped; `&` and `<` are written as references (no raw HTML); and what GitHub turns
# into links by itself (`@name`, `#12`, `https://…`, `www.…`) is broken by a zero-width space.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]()!~|$>{}])")
_AUTOLINKED = re.compile(r"(?i)(://|www\.|[@#])")
_ZERO_WIDTH = "&#8203;"


def markdown_text(text: str) -> str:
    """Brief text in a Markdown comment: shown as written, linking, loading and notifying nothing,
    and no character that reorders what the reader sees."""
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", printable(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _AUTOLINKED.sub(lambda found: _split_autolink(found.group()), text)


def _split_autolink(found: str) -> str:
    return (
        f":{_ZERO_WIDTH}//"
        if found == "://"
        else f"{found[:3]}{_ZERO_WIDTH}."
        if len(found) == 4
        else found + _ZERO_WIDTH
    )


def _wrapped(text: str, mark: str) -> str:
    """`~~x~~`: GitHub only strikes or bolds a run that does not start or end with a space."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}{mark}{core}{mark}{text[start + len(core) :]}"


def _md_revision(revision: Revision) -> str:
    if revision.commit is None:
        return "working tree"
    name = revision.name or revision.commit.short
    point = "branch point " if revision.branch_point else ""
    shown = f"`{name}`" if re.fullmatch(r"[\w./~^-]+", name) else markdown_text(name)
    return f"{shown} ({point}{revision.commit.short}, {revision.commit.date})"


def _credibility(grade: int | None) -> str:
    return credibility_label(grade) if grade else "ungraded"
