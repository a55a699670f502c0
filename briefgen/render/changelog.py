"""What changed since the previous version, said as the brief says things: the few moves a
reader must know (likelihood and confidence, judgments added or withdrawn, indicators that
changed status) for the front matter, and every change item by item for the annex.

The brief's own words are rendered as its page renders prose, but as text: citations as their
reference numbers, links as their text, no Markdown; values are spelt as words ("not
observed", "9 February 2026"), never as the format's enum values or ISO dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, TypedDict

from briefgen.brief.models import Brief
from briefgen.brief.scales import CREDIBILITY, RELIABILITY, credibility_label, grade_label
from briefgen.brief.sections import SECTIONS
from briefgen.render.compose import KIND_LABELS, MONTHS, STATUS_LABELS, date_label
from briefgen.render.markdown import Prose
from briefgen.render.typography import quotation, typographic
from briefgen.versions.change_report import SECTION_TITLES, trimmed
from briefgen.versions.changes import BriefDiff, Change, WorkBudget, word_diff

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?= |$)")  # a partial date: "2025-08 (estimated)"
# Fields named as a reader would name them.
_FIELD_NAMES = {
    "information_cutoff": "information cut-off",
    "last_reviewed": "last review",
    "follows_from": "follows from",
    "reliability_note": "note on reliability",
    "source_summary": "source summary",
    "scope_note": "scope note",
    "bottom_line": "bottom line",
    "published_basis": "basis of the estimated publication date",
}
_NOUNS = {
    "key_judgments": "judgment",
    "scenarios": "scenario",
    "implications": "implication",
    "indicators": "indicator",
    "assumptions": "assumption",
    "gaps": "gap",
    "sources": "source",
}
_MOVES = ("likelihood", "probability", "confidence")
_EXCERPT_WORDS = 14


class Part(TypedDict):
    """A piece of a line: `role` is text (briefgen's words), id (linked by `href` when the item
    is in the version built), content (the brief's words), delete or insert."""

    text: str
    role: str
    href: str | None


class LogGroup(TypedDict):
    title: str
    lines: list[list[Part]]


def prose_for(brief: Brief) -> Prose:
    """A renderer of the brief's prose whose citations carry the numbers of its sourcing annex."""
    from briefgen.render.compose import source_ref

    sources = {source.id: source_ref(number, source) for number, source in enumerate(brief.sources, 1)}
    # The same sources give the same renderer: a brief rendered again after a save (serve) has
    # its sources unchanged, and a renderer takes longer to set up than the changes to render.
    key = tuple(sources.items())
    found = _PROSE.pop(key, None) or Prose({}, sources)
    _PROSE[key] = found
    while len(_PROSE) > _PROSE_KEPT:
        del _PROSE[next(iter(_PROSE))]
    return found


_PROSE: dict[tuple[Any, ...], Prose] = {}
_PROSE_KEPT = 4


def moves(diff: BriefDiff, prose: Prose) -> list[list[Part]]:
    """The changes a reader with two minutes needs, one line per item: likelihood, probability
    and confidence moves of judgments and scenarios, judgments added or withdrawn, indicator status."""
    brief = diff.brief
    lines: list[list[Part]] = []
    by_item: dict[tuple[str, str], list[Change]] = {}
    for change in diff.changes:
        if change.kind in _MOVES and change.item:
            by_item.setdefault((change.section, change.item), []).append(change)
    for (section, item_id), changes in by_item.items():
        words = "; ".join(_move(change) for change in changes)
        lines.append(
            [
                _id(item_id, brief),
                Part(text=" ", role="text", href=None),
                *_headline(section, item_id, brief, prose),
                _text(f" {words[0].upper()}{words[1:]}."),
            ]
        )
    for change in diff.changes:
        if change.section == "key_judgments" and change.kind == "added":
            item = change.after
            lines.append(
                [
                    _text("New judgment "),
                    _id(change.item or "", brief),
                    _text(f" ({item['likelihood']}, {item['confidence']} confidence): "),
                    _content(prose.reader(item["statement"])),
                ]
            )
        elif change.section == "key_judgments" and change.kind == "removed":
            lines.append(
                [
                    _text("Withdrawn: "),
                    _id(change.item or "", brief),
                    _text(" "),
                    _content(prose.reader(change.before["statement"])),
                ]
            )
        elif change.kind == "status":
            indicator = _item(brief, "indicators", change.item or "")
            title = (indicator.title or prose.reader(indicator.description)) if indicator else ""
            lines.append(
                [
                    _id(change.item or "", brief),
                    _text(" "),
                    _content(_short(title).rstrip(".")),
                    _text(f": now {_status(change.after)} (was {_status(change.before)})."),
                ]
            )
    return lines


def log(diff: BriefDiff, prose: Prose) -> list[LogGroup]:
    """Every change, section by section, one line each."""
    groups = []
    budget = diff.budget()  # the diffs of the texts a reader sees share one, as the comparison's did
    for section in ("brief", *SECTIONS):
        lines = [list(_line(change, diff.brief, prose, budget)) for change in diff.changes if change.section == section]
        if lines:
            groups.append(LogGroup(title=SECTION_TITLES[section], lines=lines))
    return groups


def _line(change: Change, brief: Brief, prose: Prose, budget: WorkBudget) -> Iterator[Part]:
    kind = change.kind
    noun = _NOUNS.get(change.section, "item")
    if kind == "added":
        yield from (
            _text(f"New {noun} "),
            _id(change.item or "", brief),
            _text(": "),
            _content(_summary(change.section, change.after, prose)),
        )
    elif kind == "removed":
        yield from (
            _text(f"Withdrawn {noun} "),
            _id(change.item or "", brief),
            _text(": "),
            _content(_summary(change.section, change.before, prose)),
        )
    elif kind == "renamed":
        yield from (_id(change.before, brief), _text(" is now "), _id(change.item or "", brief), _text("."))
    elif kind in _MOVES:
        words = _move(change)
        yield from (_id(change.item or "", brief), _text(f": {words}."))
    elif kind == "status":
        yield from (
            _id(change.item or "", brief),
            _text(f": status now {_status(change.after)} (was {_status(change.before)})."),
        )
    elif kind == "regraded":
        yield from (
            _id(change.item or "", brief),
            _text(f": reliability now {_grade(change.after)} (was {_grade(change.before)})."),
        )
    elif kind == "reworded":
        yield from _owner(change, brief, "reworded: ")
        before = "".join(s.text for s in change.words if s.op != "insert")
        after = "".join(s.text for s in change.words if s.op != "delete")
        seen = (prose.reader(before), prose.reader(after))
        # Text without citations or Markdown reads as it is written: its diff is the comparison's.
        segments = change.words if seen == (before, after) else word_diff(*seen, budget)
        for segment in trimmed(segments):
            yield Part(
                text=segment.text,
                role={"equal": "content", "delete": "delete", "insert": "insert"}[segment.op],
                href=None,
            )
    elif kind == "members":
        yield from _owner(change, brief, "")
        for number, (verb, members) in enumerate(
            (v, m) for v, m in (("added", change.added), ("removed", change.removed)) if m
        ):
            yield _text(("; " if number else "") + verb + " ")
            yield from _members(change.field or "", members, brief)
        yield _text(".")
    elif kind.startswith("evidence_"):
        yield from _evidence(change, brief, prose)
    else:
        yield from _owner(change, brief, "")
        yield from (
            _content(prose.cited(_value(change.field, change.before))),
            _text(" → "),
            _content(prose.cited(_value(change.field, change.after))),
        )


def _evidence(change: Change, brief: Brief, prose: Prose) -> Iterator[Part]:
    cited = change.citation or {}
    number = next((n for n, s in enumerate(brief.sources, 1) if s.id == cited.get("source")), None)
    source = f"[{number}]" if number else str(cited.get("source", ""))
    reliability = next((s.reliability for s in brief.sources if s.id == cited.get("source")), None)
    passage = f"“{_short(quotation(cited.get('quote', '')))}”"
    yield _id(change.item or "", brief)
    if change.kind == "evidence_added":
        yield from (_text(f" cites a new passage of {source}: "), _content(passage))
    elif change.kind == "evidence_removed":
        yield from (_text(f" no longer cites {source}: "), _content(passage))
    elif change.kind == "evidence_regraded":
        yield from (
            _text(f": passage of {source} "),
            _content(passage),
            _text(
                f" now graded {_credibility(reliability, change.after)}"
                f" (was {_credibility(reliability, change.before)})."
            ),
        )
    else:
        yield from (
            _text(f": passage of {source} "),
            _content(passage),
            _text(f", {change.field} now "),
            _content(prose.cited(_value(change.field, change.after))),
        )


def _move(change: Change) -> str:
    if change.kind == "probability":
        return f"point estimate {_percent(change.after)} (was {_percent(change.before)})"
    verb = {"up": "raised", "down": "lowered"}.get(change.direction or "", "now")
    if change.kind == "confidence":
        return (
            f"confidence {verb} to {change.after} (was {change.before})"
            if verb != "now"
            else f"confidence now {change.after} (was {change.before})"
        )
    return (
        f"likelihood {verb} to {change.after} (was {change.before})"
        if verb != "now"
        else f"likelihood now {change.after} (was {change.before})"
    )


def _headline(section: str, item_id: str, brief: Brief, prose: Prose) -> list[Part]:
    item = _item(brief, section, item_id)
    if item is None:
        return []
    text = prose.reader(item.statement) if section == "key_judgments" else typographic(item.title)
    text = _short(text).rstrip(".")
    return [_content(text), _text("" if text.endswith("…") else ".")]


def _summary(section: str, item: dict[str, Any], prose: Prose) -> str:
    if section == "key_judgments":
        return f"{prose.reader(item['statement'])} ({item['likelihood']}, {item['confidence']} confidence)"
    if section == "scenarios":
        return f"{typographic(item['title'])} ({item['likelihood']})"
    if section == "indicators":
        return f"{typographic(item.get('title') or '') or _short(prose.reader(item['description']))} ({_status(item['status'])})"
    if section == "sources":
        return f"{typographic(item['title'])} ({_grade(item['reliability'])})"
    if section == "implications":
        return f"{typographic(item['party'])}: {_short(prose.reader(item['statement']))}"
    if section == "assumptions":
        return f"{_short(prose.reader(item['statement']))} ({item['rating']})"
    return _short(prose.reader(item["statement"]))


def _members(field: str, members: tuple[str, ...], brief: Brief) -> Iterator[Part]:
    if field in ("indicators", "follows_from", "affects"):
        for position, member in enumerate(sorted(members, key=_natural)):
            if position:
                yield _text(", ")
            yield _id(member, brief)
        return
    for position, member in enumerate(members):
        if position:
            yield _text(", ")
        if field == "signals":
            direction, _, scenario = member.partition(" ")
            yield from (_text(f"{direction} "), _id(scenario, brief))
        else:
            yield _content(
                f"“{typographic(member)}”" if field in ("authors", "drivers", "waivers") else typographic(member)
            )


def _owner(change: Change, brief: Brief, after: str) -> Iterator[Part]:
    label = _FIELD_NAMES.get(change.field or "", (change.field or "").replace("_", " "))
    if change.item:
        yield from (_id(change.item, brief), _text(f" {label} {after}"))
    else:
        yield _text(f"{label[:1].upper()}{label[1:]} {after}")


def _value(field: str | None, value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if _ISO_DATE.match(text[:10]):
        try:
            return date_label(dt.date.fromisoformat(text[:10])) + text[10:]
        except ValueError:
            return text
    if month := _ISO_MONTH.match(text):
        return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)}{text[month.end() :]}"
    if field == "kind":
        return KIND_LABELS.get(text, text).lower()
    if field == "status":
        return _status(text)
    return typographic(text)


def _item(brief: Brief, section: str, item_id: str) -> Any:
    return next((item for item in getattr(brief, section) if item.id == item_id), None)


def _status(value: Any) -> str:
    return STATUS_LABELS.get(str(value), str(value)).lower()


def _grade(letter: Any) -> str:
    """A source's reliability written out as everywhere else: `B — usually reliable`."""
    return grade_label(letter, None) if letter in RELIABILITY else str(letter)


def _credibility(reliability: str | None, grade: Any) -> str:
    """A passage's full grade, as the annex writes it: `C3 — fairly reliable; possibly true`."""
    if grade not in CREDIBILITY:
        return "ungraded"
    return grade_label(reliability, grade) if reliability in RELIABILITY else credibility_label(grade)


def _percent(value: int | None) -> str:
    return "none" if value is None else f"{value}%"


def _short(text: str) -> str:
    words = text.split()
    return text if len(words) <= _EXCERPT_WORDS else " ".join(words[:_EXCERPT_WORDS]).rstrip(",;:.") + " …"


def _natural(item_id: str) -> tuple[str, int, str]:
    match = re.match(r"^(\D*)(\d+)", item_id)
    return (match.group(1), int(match.group(2)), item_id) if match else (item_id, 0, item_id)


def _id(item_id: str, brief: Brief) -> Part:
    """An item by its id; a source by its reference, `[1]`, as the brief cites it."""
    present = any(item.id == item_id for section in SECTIONS for item in getattr(brief, section))
    number = next((n for n, source in enumerate(brief.sources, 1) if source.id == item_id), None)
    label = f"[{number}]" if number else item_id
    return Part(text=label, role="id", href=f"#item-{item_id}" if present else None)


def _text(text: str) -> Part:
    return Part(text=text, role="text", href=None)


def _content(text: str) -> Part:
    return Part(text=text, role="content", href=None)
