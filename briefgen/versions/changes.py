"""What changed between two versions of a brief, as data: typed change records, item by item
(pure: two Brief models in; reading versions from git and printing live elsewhere)."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any, Literal, NamedTuple

from briefgen.brief.models import Brief
from briefgen.brief.scales import CONFIDENCE_LEVELS, SCALES, Scale
from briefgen.brief.sections import PROSE_FIELDS, SECTIONS
from briefgen.versions.alignment import align, field_budget, first_pass
from briefgen.versions.matching import (
    Matching,
    Plain,
    mapped,
    match_items,
    plain,
    plain_characters,
    remembered,
    unchanged,
)

Direction = Literal["up", "down", "same"]

# The kinds of change record, and what each carries besides section, item and field:
KINDS = {
    "added": "a whole item is new (after: the item)",
    "removed": "a whole item is gone (before: the item)",
    "renamed": "an item has a new id and the same content (before: old id, after: new id)",
    "likelihood": "a judgment's or scenario's likelihood term moved (before, after, direction)",
    "probability": "a point probability changed (before, after in percent, direction)",
    "confidence": "confidence in a judgment changed (before, after, direction)",
    "status": "an indicator's status changed (before, after)",
    "regraded": "a source's reliability grade changed (before, after: A–F)",
    "reworded": "the text of a prose field changed (words: a word-level diff)",
    "members": "a list gained or lost members (added, removed)",
    "evidence_added": "an item cites a new passage (citation)",
    "evidence_removed": "an item no longer cites a passage (citation)",
    "evidence_regraded": "a cited passage's credibility changed (before, after: 1–6; citation)",
    "evidence_edited": "a citation's locator or note changed (field, before, after; citation)",
    "value": "any other field changed (before, after)",
}

SECTION_ORDER = ("brief", *SECTIONS)

_PROSE = frozenset(name for names in PROSE_FIELDS.values() for name in names)
_LISTS = frozenset({"authors", "drivers", "indicators", "follows_from", "affects", "signals", "waivers"})
# An item's changes are listed in this order of fields first, then in the order of the format.
_LEADING = ("likelihood", "probability", "confidence", "status", "rating", "reliability")
_NAMING = ("version", "date")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")
# Texts longer than this together (whitespace collapsed) are not aligned word by word: their
# common start and end are kept and the rest replaced whole, found without splitting them into
# words (which alone takes ten times what parsing their YAML does). About 5,000 words each.
MAX_ALIGNED_CHARS = 60_000
# The steps of alignment (see alignment) that all the word diffs of one comparison may take
# together: COMPARISON_LEAST, and one more for every CHARS_PER_STEP characters of text in the two
# versions. A step costs about what the C loader's parse of 8 characters does, so the alignment
# of a comparison takes at most about what parsing the two versions does (beside a few steps a
# word that an edit of ordinary prose takes, every field of an ordinary brief is within it).
COMPARISON_LEAST = 250_000
CHARS_PER_STEP = 10
# Word diffs remembered (of the texts whose alignment was exact), with the steps each took.
REMEMBERED = 4096


@dataclass(frozen=True)
class Segment:
    """A run of words in a word-level diff: kept (`equal`), taken out (`delete`) or put in (`insert`)."""

    op: Literal["equal", "delete", "insert"]
    text: str


@dataclass(frozen=True)
class Change:
    """One change to a brief: its kind (see KINDS), where it is, and the values before and after."""

    kind: str
    section: str
    item: str | None = None
    field: str | None = None
    before: Any = None
    after: Any = None
    direction: Direction | None = None
    words: tuple[Segment, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    citation: Plain | None = None

    def to_json(self) -> dict[str, Any]:
        """The record as JSON data; fields that do not apply to its kind are left out."""
        data: dict[str, Any] = {"kind": self.kind, "section": self.section, "item": self.item}
        for spec in fields(self)[3:]:
            value = getattr(self, spec.name)
            if spec.name == "words" and value:
                data["words"] = [{"op": segment.op, "text": segment.text} for segment in value]
            elif value not in (None, ()) or spec.name in ("before", "after") and self.kind == "value":
                data[spec.name] = list(value) if isinstance(value, tuple) else value
        return data


@dataclass(frozen=True)
class BriefDiff:
    """Two versions of one brief (either may be absent) and what changed between them."""

    before: Brief | None
    after: Brief | None
    before_path: str | None
    after_path: str | None
    changes: tuple[Change, ...]

    @property
    def status(self) -> Literal["added", "removed", "modified", "unchanged"]:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "modified" if self.changes else "unchanged"

    @property
    def brief(self) -> Brief:
        """The later version, or the earlier one when the brief was removed."""
        found = self.after or self.before
        assert found is not None, "a BriefDiff has at least one version"
        return found

    def budget(self) -> WorkBudget:
        """A fresh budget for word diffs of this comparison's texts (the changes annex diffs the
        texts a reader sees, as the comparison diffed the brief's own)."""
        return WorkBudget.of(*(brief for brief in (self.before, self.after) if brief is not None))


class WorkBudget:
    """The steps of alignment left to the word diffs of one comparison, shared by all its fields:
    a field whose alignment would take more than is left is diffed coarsely (see `word_diff`), so
    that 500 fields cost no more than one field of their size together."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    @classmethod
    def of(cls, *briefs: Brief) -> WorkBudget:
        """COMPARISON_LEAST, and a step for every CHARS_PER_STEP characters of the briefs' texts."""
        return cls(COMPARISON_LEAST + sum(_brief_characters(brief) for brief in briefs) // CHARS_PER_STEP)

    def spend(self, steps: int) -> None:
        self.left = max(0, self.left - steps)


@remembered
def _brief_characters(brief: Brief) -> int:
    """The characters of every text in `plain(brief)`; remembered, as a render counts them for
    the comparison and again for the changes annex, and the committed version on every render."""
    return plain_characters(plain(brief))


def diff_briefs(
    before: Brief | None, after: Brief | None, before_path: str | None = None, after_path: str | None = None
) -> BriefDiff:
    """Compare two versions of a brief; None stands for a brief absent from that version."""
    found = tuple(compare(before, after)) if before is not None and after is not None else ()
    return BriefDiff(before, after, before_path, after_path, found)


def compare(before: Brief, after: Brief) -> list[Change]:
    """Every change from `before` to `after`: brief-level fields first, then section by section."""
    matching = match_items(before, after)
    scales = (SCALES[before.likelihood_scale], SCALES[after.likelihood_scale])
    # The version number and date name the versions compared (BriefDiff has both, and the
    # headings show them); they are not changes.
    old = {key: value for key, value in plain(before).items() if key not in SECTIONS and key not in _NAMING}
    new = {key: value for key, value in plain(after).items() if key not in SECTIONS and key not in _NAMING}
    budget = WorkBudget.of(before, after)
    changes = list(_fields("brief", None, mapped("brief", old, matching), new, scales, budget))
    for section in SECTIONS:
        changes.extend(_section(section, matching, scales, budget))
    return changes


class Diffed(NamedTuple):
    """A word diff, the steps of alignment it took, and whether it is difflib's throughout."""

    segments: tuple[Segment, ...]
    spent: int
    exact: bool


_remembered: OrderedDict[tuple[str, str], Diffed] = OrderedDict()


def word_diff(before: str, after: str, budget: WorkBudget | None = None) -> tuple[Segment, ...]:
    """A word-level diff of two texts; whitespace differences are not changes. Difflib's alignment
    of their words while it takes no more than its field's steps (see alignment) and what is left
    of `budget` (the comparison's, shared by its fields; without one, the field's alone); past
    that, coarser (see `diffed`). Remembered: a brief rendered again after a save compares every
    field with the previous version again, and all but the one edited are the same pair of texts;
    a remembered diff is charged the steps it took, so that a comparison says the same whether
    its diffs were remembered or not."""
    before, after = " ".join(before.split()), " ".join(after.split())
    found = _remembered.get((before, after))
    if found is None or budget is not None and found.spent > budget.left:
        found = diffed(before, after, None if budget is None else budget.left)
        if found.exact:
            _remembered[(before, after)] = found
            while len(_remembered) > REMEMBERED:
                _remembered.popitem(last=False)
    else:
        _remembered.move_to_end((before, after))
    if budget is not None:
        budget.spend(found.spent)
    return found.segments


def diffed(before: str, after: str, budget: int | None = None) -> Diffed:
    """The word diff of two texts (their whitespace collapsed), within `budget` steps of
    alignment (or the field's alone, `alignment.field_budget`). Difflib's alignment of their
    words when it takes no more; if it goes over part-way, difflib's as far as it went and coarser
    beyond (see alignment). Two texts whose first search for a common run alone would take more,
    or longer together than MAX_ALIGNED_CHARS, are diffed coarsely without splitting them into
    words (which alone takes ten times what parsing their YAML does): their common start and end
    kept and the rest replaced whole, which costs no step."""
    before, after = " ".join(before.split()), " ".join(after.split())
    runs: list[list[str | bool]] = []  # [old text, new text, equal?]
    old = new = None
    if (
        len(before) + len(after) <= MAX_ALIGNED_CHARS
        and (budget is None or budget > 0)
        and not _surely_over(
            before, after, field_budget(before, after) if budget is None else min(budget, field_budget(before, after))
        )
    ):
        old, new = _TOKEN.findall(before), _TOKEN.findall(after)
        allowed = field_budget(old, new) if budget is None else min(budget, field_budget(old, new))
        if first_pass(old, new) > allowed:
            old = new = None
    spent, exact = 0, old is not None
    if old is None or new is None:
        runs = _ends(before, after)
    else:
        alignment = align(old, new, budget=allowed)
        spent, exact = alignment.spent, alignment.exact
        for tag, i1, i2, j1, j2 in alignment.opcodes:  # difflib's, found faster (see alignment)
            runs.append(["".join(old[i1:i2]), "".join(new[j1:j2]), tag == "equal"])
    # A space kept between two changed words belongs to the change: one run `[-a b-]{+c d+}`
    # reads better than `[-a-]{+c+} [-b-]{+d+}`.
    for position in range(1, len(runs) - 1):
        text, _, equal = runs[position]
        if equal and str(text).isspace() and not runs[position - 1][2] and not runs[position + 1][2]:
            runs[position][2] = False
    segments: list[Segment] = []
    for equal, group in _grouped(runs):
        if equal:
            segments.append(Segment("equal", "".join(str(run[0]) for run in group)))
            continue
        removed, added = "".join(str(run[0]) for run in group), "".join(str(run[1]) for run in group)
        segments.extend(_change(removed, added))
    return Diffed(tuple(_merged(segments)), spent, exact)


def _surely_over(before: str, after: str, most: int) -> bool:
    """Whether the first search for a common run of the two texts' tokens would take more than
    `most` steps, told from their space-separated pieces (a third of the time of finding their
    tokens): a piece holds at least one token, and two equal pieces start with a pair of equal
    tokens, so the steps counted for the pieces as for tokens are no more than the tokens take.
    (`most` counted for characters is at least what it is for their tokens.)"""
    return first_pass(before.split(" "), after.split(" "), space="") > most


def _ends(before: str, after: str) -> list[list[str | bool]]:
    """The runs of a coarse diff: the words both texts start with and end with, kept, and what lies
    between them replaced whole (found by comparing slices, so in time near linear)."""
    if before == after:
        return [[before, after, True]] if before else []
    start = _common(lambda size: before[:size] == after[:size], min(len(before), len(after)))
    start -= _last_token(before[:start])  # the last token it ends in may go on differently
    room = min(len(before), len(after)) - start
    end = _common(lambda size: before[len(before) - size :] == after[len(after) - size :], room)
    end -= _first_token(before[len(before) - end :]) if end else 0  # so may the first it starts in
    old, new = before[start : len(before) - end], after[start : len(after) - end]
    runs: list[list[str | bool]] = [[before[:start], after[:start], True], [old, new, False]]
    runs.append([before[len(before) - end :], after[len(after) - end :], True])
    return [run for run in runs if run[0] or run[1]]


def _common(same: Callable[[int], bool], most: int) -> int:
    """The greatest size from 0 to `most` for which `same(size)` holds (it holds up to a size, not beyond)."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _last_token(text: str) -> int:
    """The length of the last token of `text` (0 if empty)."""
    return _first_token(text[::-1])


def _first_token(text: str) -> int:
    """The length of the first token of `text` (0 if empty): a word, a run of spaces or one mark."""
    if not text:
        return 0
    word = _WORD.match(text) or re.match(r"\s+", text)
    return word.end() if word else 1


def _section(section: str, matching: Matching, scales: tuple[Scale, Scale], budget: WorkBudget) -> Iterator[Change]:
    before, after = matching.before[section], matching.after[section]
    for new_id, item in after.items():
        old_id = matching.old_id(section, new_id)
        if old_id is None:
            yield Change("added", section, new_id, after=item)
            continue
        if old_id != new_id:
            yield Change("renamed", section, new_id, before=old_id, after=new_id)
        if not unchanged(section, before[old_id], item, matching):  # (its content, kept: no field changed)
            yield from _fields(section, new_id, mapped(section, before[old_id], matching), item, scales, budget)
    for old_id in matching.removed(section):
        yield Change("removed", section, old_id, before=before[old_id])


def _fields(
    section: str, item: str | None, old: Plain, new: Plain, scales: tuple[Scale, Scale], budget: WorkBudget
) -> Iterator[Change]:
    names = [name for name in _LEADING if name in new] + [name for name in new if name not in _LEADING]
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after or name == "id" and section != "brief":
            continue
        if name == "evidence":
            yield from _evidence(section, item, before or [], after or [])
        elif name in _LISTS:
            was, now = _members(name, before or []), _members(name, after or [])
            yield Change(
                "members",
                section,
                item,
                name,
                added=tuple(m for m in now if m not in was),
                removed=tuple(m for m in was if m not in now),
            )
        elif name in _PROSE:
            yield Change("reworded", section, item, name, words=word_diff(before or "", after or "", budget))
        elif name == "likelihood":
            assert isinstance(before, str) and isinstance(after, str), "a likelihood is required where it is a field"
            yield Change("likelihood", section, item, name, before, after, _likelihood_move(before, after, scales))
        elif name in ("probability", "confidence"):
            order = CONFIDENCE_LEVELS if name == "confidence" else None
            yield Change(name, section, item, name, before, after, _move(before, after, order))
        elif name == "status" and section == "indicators":
            yield Change("status", section, item, name, before, after)
        elif name == "reliability" and section == "sources":
            yield Change("regraded", section, item, name, before, after)
        elif _scalar(before) == _scalar(after) and isinstance(before, dict) and isinstance(after, dict):
            # An estimated date whose basis alone changed: the reworded basis, not "2025-08 → 2025-08".
            basis = word_diff(str(before.get("basis") or ""), str(after.get("basis") or ""), budget)
            yield Change("reworded", section, item, f"{name}_basis", words=basis)
        else:
            yield Change("value", section, item, name, _scalar(before), _scalar(after))


def _evidence(section: str, item: str | None, old: list[Plain], new: list[Plain]) -> Iterator[Change]:
    def keyed(citations: list[Plain]) -> dict[tuple[str, str], Plain]:
        found: dict[tuple[str, str], Plain] = {}
        for cited in citations:
            found.setdefault((cited["source"], cited["quote"]), cited)
        return found

    was, now = keyed(old), keyed(new)
    for key, cited in now.items():
        if key not in was:
            yield Change("evidence_added", section, item, "evidence", citation=cited)
            continue
        earlier = was[key]
        if earlier["credibility"] != cited["credibility"]:
            yield Change(
                "evidence_regraded",
                section,
                item,
                "credibility",
                earlier["credibility"],
                cited["credibility"],
                citation=cited,
            )
        for name in ("locator", "note"):
            if earlier[name] != cited[name]:
                yield Change("evidence_edited", section, item, name, earlier[name], cited[name], citation=cited)
    for key, cited in was.items():
        if key not in now:
            yield Change("evidence_removed", section, item, "evidence", citation=cited)


def _members(name: str, values: list[Any]) -> list[str]:
    if name == "signals":
        return [f"{signal['direction']} {signal['scenario']}" for signal in values]
    if name == "waivers":
        return [f"{waiver['check']}: {waiver['reason']}" for waiver in values]
    return [str(value) for value in values]


def _likelihood_move(before: str, after: str, scales: tuple[Scale, Scale]) -> Direction | None:
    old_scale, new_scale = scales
    if old_scale is new_scale:
        return _compare(old_scale.rank(before), new_scale.rank(after))
    # Across scales, ranks mean different ranges: compare the middles of the ranges.
    old, new = old_scale.find(before), new_scale.find(after)
    if old is None or new is None:
        return None
    return _compare(old.low + old.high, new.low + new.high)


def _move(before: Any, after: Any, order: tuple[str, ...] | None) -> Direction | None:
    if order is not None:
        before = order.index(before) if before in order else None
        after = order.index(after) if after in order else None
    return _compare(before, after)


def _compare(before: int | None, after: int | None) -> Direction | None:
    if before is None or after is None:
        return None
    return "up" if after > before else "down" if after < before else "same"


def _scalar(value: Any) -> Any:
    """Compound values shown as one: a marking, a partial date."""
    if isinstance(value, dict) and "tlp" in value:
        return value["tlp"] + (f" · {value['classification']}" if value.get("classification") else "")
    if isinstance(value, dict) and "date" in value:
        return value["date"] + (" (estimated)" if value.get("estimated") else "")
    return value


def _grouped(runs: list[list[str | bool]]) -> Iterator[tuple[bool, list[list[str | bool]]]]:
    group: list[list[str | bool]] = []
    for run in runs:
        if group and group[-1][2] != run[2]:
            yield bool(group[-1][2]), group
            group = []
        group.append(run)
    if group:
        yield bool(group[-1][2]), group


def _change(removed: str, added: str) -> list[Segment]:
    """A changed run, with the whitespace both sides share at its edges moved out of it."""
    lead = len(removed) - len(removed.lstrip()) if removed and added else 0
    lead = min(lead, len(added) - len(added.lstrip())) if lead else 0
    removed, added = removed[lead:], added[lead:]  # what is left of a change of spaces alone is no edge
    trail = len(removed) - len(removed.rstrip()) if removed and added else 0
    trail = min(trail, len(added) - len(added.rstrip())) if trail else 0
    removed, added = removed[: len(removed) - trail], added[: len(added) - trail]
    found = [Segment("equal", " " * lead)] if lead else []
    found += [Segment("delete", removed)] if removed else []
    found += [Segment("insert", added)] if added else []
    return found + ([Segment("equal", " " * trail)] if trail else [])


def _merged(segments: list[Segment]) -> Iterator[Segment]:
    pending: Segment | None = None
    for segment in segments:
        if pending and pending.op == segment.op == "equal":
            pending = Segment("equal", pending.text + segment.text)
            continue
        if pending:
            yield pending
        pending = segment
    if pending:
        yield pending
