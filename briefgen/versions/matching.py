"""Pair the items of two versions of a brief: by id, and across renames. An item whose content,
id aside, is unchanged under a new id is the same item renamed, not one removed and one added;
so is one whose content changed a little (SIMILAR: most of its fields, texts by the words they
share, are what they were), when no item kept its old id nor took its content unchanged."""

from __future__ import annotations

import functools
import json
import re
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from briefgen.brief.models import Brief
from briefgen.brief.sections import CITED_ID, INLINE_CITATION, PROSE_FIELDS, SECTIONS

Plain = dict[str, Any]

# Fields that name other items by id, per section (besides `evidence[].source`).
_REFERENCE_LISTS: dict[str, tuple[str, ...]] = {
    "implications": ("follows_from",),
    "assumptions": ("indicators",),
    "gaps": ("affects",),
}
# How alike (0 to 1: the mean likeness of the fields either side fills) an item and one under
# another id must be to be the same item renamed; text fields count by their words.
SIMILAR = 0.75
_WORD = re.compile(r"\w+")
# Past this many candidate pairs in one section, only unchanged content is looked for (the
# comparison of every removed item with every added one would grow as their product).
_MOST_PAIRS = 10_000


@dataclass
class Matching:
    """How the items of an earlier version (`before`) correspond to those of a later one (`after`)."""

    before: dict[str, dict[str, Plain]]
    after: dict[str, dict[str, Plain]]
    renames: dict[str, str] = field(default_factory=dict)
    # (section, new id) → old id, for the renames.
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    # Old ids whose item was removed while a different item now has that id.
    reused: set[str] = field(default_factory=set)
    # What `_mapped_content` worked out for `before`'s items: the earlier version's own store,
    # living as long as that version does (see `match_items`).
    kept: dict[tuple[Any, ...], tuple[Plain, str]] = field(default_factory=dict, repr=False, compare=False)

    def reference(self, old_id: str) -> str:
        """How an earlier version's reference to `old_id` reads in the later version's terms."""
        if old_id in self.renames:
            return self.renames[old_id]
        return f"old {old_id}" if old_id in self.reused else old_id

    def old_id(self, section: str, new_id: str) -> str | None:
        """The id in the earlier version of the item that has `new_id` in the later one."""
        if (section, new_id) in self.origins:
            return self.origins[(section, new_id)]
        if new_id in self.before[section] and new_id not in self.renames:
            return new_id
        return None

    def removed(self, section: str) -> list[str]:
        before, after = self.before[section], self.after[section]
        if not self.renames and not self.origins:  # (then an item keeps its id or is gone)
            return [item for item in before if item not in after]
        paired = set(self.renames) | {item for item in after if self.old_id(section, item) == item}
        return [item for item in before if item not in paired]


def remembered(function: Callable[..., Any]) -> Callable[..., Any]:
    """Remember `function`'s answer for the very objects it was given, as long as they live: a
    brief rendered again after each save (serve) matches the same committed versions (read once,
    see `revisions`) every time. Briefs are never changed once read, nor are these answers."""
    answers: dict[tuple[int, ...], tuple[list[weakref.ref[Any]], Any]] = {}

    @functools.wraps(function)
    def remembering(*briefs: Any) -> Any:
        key = tuple(id(brief) for brief in briefs)
        found = answers.get(key)
        if found is not None and all(ref() is brief for ref, brief in zip(found[0], briefs, strict=True)):
            return found[1]
        answer = function(*briefs)

        def forget(_: weakref.ref[Any]) -> None:
            answers.pop(key, None)

        answers[key] = ([weakref.ref(brief, forget) for brief in briefs], answer)
        return answer

    return remembering


@remembered
def plain(brief: Brief) -> Plain:
    """The brief as JSON-like data, whitespace in text collapsed (reflowing a line is no change).
    A scenario's optional `indicators` list is left out: the indicators' `signals` state which
    indicators signal it, and their changes are reported on the indicators."""
    data = _brief_fields(brief)
    items: dict[tuple[str, bytes], Plain] = {}
    # (In the fields' order, as a whole dump has them.)
    found = {
        name: [_plain_item(name, item, items) for item in getattr(brief, name)] if name in SECTIONS else data[name]
        for name in type(brief).model_fields
        if name in SECTIONS or name in data
    }
    _remember_items(items)
    return found


def _brief_fields(brief: Brief) -> Plain:
    """The brief's own fields (its sections aside) as `plain` has them, the same object for the
    same content as in the last briefs `plain` read (a save that edits an item leaves them as
    they were, and their long texts need not be normalised again)."""
    key = brief.__pydantic_serializer__.to_json(brief, exclude=_SECTIONS)
    found = _RECENT_FIELDS.pop(key, None)
    if found is None:
        found = _normal(brief.model_dump(mode="json", exclude=_SECTIONS))
    _RECENT_FIELDS[key] = found
    while len(_RECENT_FIELDS) > _KEPT_BRIEFS:
        del _RECENT_FIELDS[next(iter(_RECENT_FIELDS))]
    return found


_SECTIONS = set(SECTIONS)


def _plain_item(section: str, item: Any, items: dict[tuple[str, bytes], Plain]) -> Plain:
    """One item as `plain` has it, the same object for the same content as in the last briefs
    `plain` read: a brief read again after a save (serve) has all its items but the one edited as
    they were, and those need not be normalised again, nor their content (`_content`) written
    again to be compared. `items` gathers the brief's items by content."""
    key = (section, item.__pydantic_serializer__.to_json(item))  # (model_dump_json's text, undecoded)
    found = items.get(key)
    if found is None:
        found = _RECENT_ITEMS.get(key)
    if found is None:
        data = item.model_dump(mode="json")
        if section == "scenarios":
            del data["indicators"]
        found = _normal(data)
    items[key] = found
    return found


def _remember_items(items: dict[tuple[str, bytes], Plain]) -> None:
    """Keep the items of the brief `plain` just read, and those of the few read before it, no
    more: `history` reads its versions one after another, and memory stays flat in their number.
    Contents written (and characters counted) for items no longer kept are forgotten with them."""
    _RECENT.append(items)
    _RECENT_ITEMS.clear()
    for recent in _RECENT:  # (the newest last: an item of the newest brief read wins)
        _RECENT_ITEMS.update(recent)
    _KEPT_ITEMS.clear()
    _KEPT_ITEMS.update(id(item) for item in _RECENT_ITEMS.values())
    for store in (_CONTENTS, _CHARACTERS):
        for gone in [key for key in store if key not in _KEPT_ITEMS]:
            del store[gone]


# The items of the last few briefs `plain` read, by content, each brief's and all together
# (the newest brief's item for a content), and the ids of those items.
_KEPT_BRIEFS = 4
_RECENT: deque[dict[tuple[str, bytes], Plain]] = deque(maxlen=_KEPT_BRIEFS)
_RECENT_ITEMS: dict[tuple[str, bytes], Plain] = {}
# The brief's own fields of the last few briefs read, by their content (`_brief_fields`).
_RECENT_FIELDS: dict[bytes, Plain] = {}
_KEPT_ITEMS: set[int] = set()


@remembered
def match_items(before: Brief, after: Brief) -> Matching:
    """Pair every item of `before` with its counterpart in `after`, recognising renames."""
    matching = Matching(_sections(before), _sections(after), kept=_kept(before))
    # A rename can make another visible (a scenario is unchanged only once its renamed
    # indicator is mapped), so look again until nothing new is found.
    while _find_renames(matching) or _find_similar(matching):
        pass
    removed = [item for section in SECTIONS for item in matching.removed(section)]
    if removed:
        new_ids = {item for section in SECTIONS for item in matching.after[section]}
        matching.reused = {item for item in removed if item in new_ids}
    return matching


@remembered
def _sections(brief: Brief) -> dict[str, dict[str, Plain]]:
    """The brief's items by section and id, as matchings hold them (and never change): a brief
    rendered again after a save is matched with two committed versions, each matched every time."""
    data = plain(brief)
    return {section: _by_id(data[section]) for section in SECTIONS}


def mapped(section: str, item: Plain, matching: Matching) -> Plain:
    """An earlier version's item with its references to other items renamed to the later ids."""
    result = dict(item)
    for name in _REFERENCE_LISTS.get(section, ()):
        result[name] = [matching.reference(target) for target in item[name]]
    if section == "indicators":
        result["signals"] = [
            {**signal, "scenario": matching.reference(signal["scenario"])} for signal in item["signals"]
        ]
    if "evidence" in item:
        result["evidence"] = [{**cited, "source": matching.reference(cited["source"])} for cited in item["evidence"]]
    for name in PROSE_FIELDS["" if section == "brief" else section]:
        if result.get(name):
            result[name] = _rename_inline(result[name], matching.renames)
    return result


def _find_renames(matching: Matching) -> bool:
    found = False
    for section in SECTIONS:
        before, after = matching.before[section], matching.after[section]
        same = {item for item in before if item in after and unchanged(section, before[item], after[item], matching)}
        taken = {new for (where, new) in matching.origins if where == section} | same
        by_content: dict[str, list[str]] = {}
        for new_id, candidate in after.items():
            if new_id not in taken:
                by_content.setdefault(_content(candidate), []).append(new_id)
        for old_id, item in before.items():
            if old_id in same or old_id in matching.renames:
                continue
            for new_id in by_content.get(_mapped_content(section, item, matching), []):
                if new_id != old_id and new_id not in taken:
                    matching.renames[old_id] = new_id
                    matching.origins[(section, new_id)] = old_id
                    taken.add(new_id)
                    found = True
                    break
    return found


def _find_similar(matching: Matching) -> bool:
    """Pair items removed and added under other ids whose content changed a little (SIMILAR),
    the most alike first; each item is paired once."""
    found = False
    for section in SECTIONS:
        before, after = matching.before[section], matching.after[section]
        taken = {new for (where, new) in matching.origins if where == section}
        gone = [item for item in before if item not in after and item not in matching.renames]
        new = [item for item in after if item not in before and item not in taken]
        if not gone or not new or len(gone) * len(new) > _MOST_PAIRS:
            continue
        mapped_old = {item: mapped(section, before[item], matching) for item in gone}
        pairs = sorted(
            (
                (-score, old_id, new_id)
                for old_id in gone
                for new_id in new
                if (score := _likeness(mapped_old[old_id], after[new_id])) >= SIMILAR
            ),
        )
        for _, old_id, new_id in pairs:
            if old_id in matching.renames or new_id in taken:
                continue
            matching.renames[old_id] = new_id
            matching.origins[(section, new_id)] = old_id
            taken.add(new_id)
            found = True
    return found


def _likeness(old: Plain, new: Plain) -> float:
    """The mean likeness of the fields (id aside) that either item fills: 1 for an equal value,
    for two texts the share of their words in common (Dice's coefficient of their sets of words,
    linear in their length), 0 otherwise."""
    names = [name for name in dict.fromkeys([*old, *new]) if name != "id" and (old.get(name) or new.get(name))]
    if not names:
        return 0.0
    total = 0.0
    for name in names:
        was, now = old.get(name), new.get(name)
        if was == now:
            total += 1
        elif isinstance(was, str) and isinstance(now, str):
            one, other = _words(was), _words(now)
            total += 2 * len(one & other) / (len(one) + len(other)) if one or other else 0.0
    return total / len(names)


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def unchanged(section: str, old: Plain, new: Plain, matching: Matching) -> bool:
    """Whether an earlier version's item, in the later version's terms, has the content of `new`.
    With no rename found (yet), an item's terms are its own: `plain` gives an item the save did
    not change the very object the earlier version has, which is then not compared again."""
    if old is new and not matching.renames and not matching.reused:
        return True
    return _mapped_content(section, old, matching) == _content(new)


@remembered
def _kept(before: Brief) -> dict[tuple[Any, ...], tuple[Plain, str]]:
    """An earlier version's store for `_mapped_content`, kept as long as that version lives and
    no longer: `history` reads its versions one after another, and memory stays flat."""
    return {}


def _mapped_content(section: str, item: Plain, matching: Matching) -> str:
    """The content of an earlier version's item in the later version's terms, kept for the very
    item and renames: a brief rendered again after each save (serve) is matched with the same
    committed versions every time, and an item's content in them does not change."""
    kept = matching.kept
    key = (section, id(item), tuple(matching.renames.items()), frozenset(matching.reused))
    found = kept.get(key)
    if found is not None and found[0] is item:  # the item is held, so its id is not another's
        return found[1]
    content = _content(mapped(section, item, matching))
    if len(kept) >= _MAPPED_KEPT:
        kept.clear()
    kept[key] = (item, content)
    return content


_MAPPED_KEPT = 8192


def _content(item: Plain) -> str:
    """An item's content, id aside, as text: written once for an item `plain` keeps."""
    return _of_item(_CONTENTS, item, _written_content)


def _written_content(item: Plain) -> str:
    return json.dumps({key: value for key, value in item.items() if key != "id"}, sort_keys=True)


def plain_characters(data: Plain) -> int:
    """The characters of every text in `data` (a brief as `plain` has it), each item's counted
    once for an item `plain` keeps: a brief read again after a save (serve) has all its items
    but the one edited as they were."""
    return sum(
        sum(_of_item(_CHARACTERS, item, characters) for item in value) if name in SECTIONS else characters(value)
        for name, value in data.items()
    )


def characters(value: Any) -> int:
    """The characters of every text in some JSON-like data."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(characters(item) for item in value.values())
    if isinstance(value, list):
        return sum(characters(item) for item in value)
    return 0


T = TypeVar("T")


def _of_item(store: dict[int, tuple[Plain, T]], item: Plain, make: Callable[[Plain], T]) -> T:
    """`make(item)`, kept in `store` for an item `plain` keeps."""
    found = store.get(id(item))
    if found is not None and found[0] is item:
        return found[1]
    made = make(item)
    if id(item) in _KEPT_ITEMS:
        store[id(item)] = (item, made)
    return made


# Contents, and characters, by the id of the item they are of, for the items `plain` keeps
# (held, so that the id is not another's).
_CONTENTS: dict[int, tuple[Plain, str]] = {}
_CHARACTERS: dict[int, tuple[Plain, int]] = {}


def _by_id(items: list[Plain]) -> dict[str, Plain]:
    # An earlier version may hold two items with one id (its checks failed then): keep the first.
    found: dict[str, Plain] = {}
    for item in items:
        found.setdefault(item["id"], item)
    return found


def _rename_inline(text: str, renames: dict[str, str]) -> str:
    def cite(match: re.Match[str]) -> str:
        return CITED_ID.sub(lambda cited: "@" + renames.get(cited.group(1), cited.group(1)), match.group(0))

    return INLINE_CITATION.sub(cite, text) if renames else text


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    return value
