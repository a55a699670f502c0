"""Index a brief: every item by id, every reference and citation with its place in the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from briefgen.brief.models import Brief, Citation
from briefgen.brief.sections import CITED_ID, ESTIMATES, INLINE_CITATION, PROSE_FIELDS, SECTIONS, PathKey


# The records below are not frozen: a brief makes hundreds of them, a frozen dataclass's
# __init__ costs four times a plain one's, and nothing assigns to them once indexed.
@dataclass(slots=True)
class Item:
    """An item with an id: what section it is in, the model, and its path in the file."""

    section: str
    id: str
    model: Any
    path: PathKey

    @property
    def kind(self) -> str:
        return SECTIONS[self.section]


@dataclass(slots=True)
class Reference:
    """A field that names another item by id."""

    target: str
    sections: tuple[str, ...]
    path: PathKey
    owner: Item | None


@dataclass(slots=True)
class CitationUse:
    """One citation of evidence, with the item that cites it."""

    citation: Citation
    path: PathKey
    owner: Item
    number: int


@dataclass(slots=True)
class InlineCitation:
    """An inline `[@S1]` citation found in prose; `offset` is where its `@id` starts in the text."""

    source: str
    path: PathKey
    owner: Item | None
    offset: int = 0


@dataclass
class BriefIndex:
    """The brief's items by id, and every reference between them."""

    brief: Brief
    items: dict[str, Item] = field(default_factory=dict)
    duplicates: list[tuple[Item, Item]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    citations: list[CitationUse] = field(default_factory=list)
    inline: list[InlineCitation] = field(default_factory=list)

    def section(self, name: str) -> list[Item]:
        return [item for item in self.items.values() if item.section == name]

    def get(self, item_id: str, *sections: str) -> Item | None:
        item = self.items.get(item_id)
        return item if item and (not sections or item.section in sections) else None

    def item(self, item_id: str, *sections: str) -> Item:
        """`get` for an id the caller knows is there (one it read from this index)."""
        found = self.get(item_id, *sections)
        if found is None:
            raise KeyError(item_id)
        return found

    def signalling(self, scenario_id: str) -> list[str]:
        """The ids of the indicators whose signals name the scenario, in the brief's order: a
        scenario's indicators are stated once, by the indicators' `signals`."""
        return [
            item.id
            for item in self.section("indicators")
            if any(signal.scenario == scenario_id for signal in item.model.signals)
        ]

    def cited_by(self, source_id: str) -> list[Item]:
        """Items that cite a source, as evidence or inline, in order of first citation."""
        owners = [use.owner for use in self.citations if use.citation.source == source_id]
        owners += [use.owner for use in self.inline if use.source == source_id and use.owner]
        return list({owner.id: owner for owner in owners}.values())


def build_index(brief: Brief) -> BriefIndex:
    """Index every item, reference and citation of a brief (pure: nothing is checked here)."""
    index = BriefIndex(brief)
    _cite_inline(index, (), brief, PROSE_FIELDS[""], None)
    number = 0
    for section in SECTIONS:
        names = PROSE_FIELDS[section]
        for position, model in enumerate(getattr(brief, section)):
            item = Item(section, model.id, model, (section, position))
            first = index.items.setdefault(item.id, item)
            if first is not item:
                index.duplicates.append((first, item))
            # Inline citations are owned by the item first indexed under the id.
            _cite_inline(index, item.path, model, names, first)
            index.references.extend(_references(item))
            for offset, citation in enumerate(evidence(model)):
                number += 1
                index.citations.append(CitationUse(citation, item.path + ("evidence", offset), item, number))
    return index


def evidence(model: BaseModel) -> list[Citation]:
    """The model's evidence; none for an item of a kind that has none. (Read from its values:
    Pydantic's way of finding that a model has no such attribute is slow.)"""
    found: list[Citation] = model.__dict__.get("evidence", [])
    return found


def _cite_inline(
    index: BriefIndex, path: PathKey, model: BaseModel, names: tuple[str, ...], owner: Item | None
) -> None:
    values = model.__dict__
    for name in names:
        text = values[name]
        if text and "[@" in text:
            for match in INLINE_CITATION.finditer(text):
                for cited in CITED_ID.finditer(text, match.start(1), match.end(1)):
                    index.inline.append(InlineCitation(cited.group(1), path + (name,), owner, cited.start()))


def _references(item: Item) -> Iterator[Reference]:
    model = item.model
    if item.section == "scenarios":
        for i, target in enumerate(model.indicators or ()):
            yield Reference(target, ("indicators",), item.path + ("indicators", i), item)
    elif item.section == "implications":
        for i, target in enumerate(model.follows_from):
            yield Reference(target, ESTIMATES, item.path + ("follows_from", i), item)
    elif item.section == "indicators":
        for i, signal in enumerate(model.signals):
            yield Reference(signal.scenario, ("scenarios",), item.path + ("signals", i, "scenario"), item)
    elif item.section == "assumptions":
        for i, target in enumerate(model.indicators):
            yield Reference(target, ("indicators",), item.path + ("indicators", i), item)
    elif item.section == "gaps":
        for i, target in enumerate(model.affects):
            yield Reference(
                target, ("key_judgments", "scenarios", "indicators", "assumptions"), item.path + ("affects", i), item
            )
    for i, citation in enumerate(evidence(model)):
        yield Reference(citation.source, ("sources",), item.path + ("evidence", i, "source"), item)
