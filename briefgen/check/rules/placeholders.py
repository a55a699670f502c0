"""Placeholders: text still reading `"<what to write>"`, as `briefgen new` scaffolds it.

A placeholder is a warning, never an error, so a scaffolded brief validates while it is being
written; `--strict` (as in CI before merging) makes it fail. A value that is still a placeholder
gets its placeholder warning and nothing else: `settle_placeholders` drops what other checks
report about that value (an archive path or quote not yet written cannot be "not found").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from briefgen.check.context import BriefContext
from briefgen.codes import PLACEHOLDER
from briefgen.diagnostics import Diagnostic
from briefgen.load.shape import describe_path

_PLACEHOLDER = re.compile(r"<([^<>]+)>")
# CommonMark autolinks (`<https://…>`, `<name@host>`) are real values, not placeholders.
# (The look-behind starts an address only where its run of characters starts: a search would
# otherwise read the rest of a long run from each of its characters.)
_AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|(?<![^\s@<>])[^\s@<>]+@[^\s@<>]+")


def is_placeholder(value: Any) -> bool:
    """True for text that is, as a whole, `<…>` (and not an autolink)."""
    if not isinstance(value, str) or "<" not in value:
        return False
    match = _PLACEHOLDER.fullmatch(value.strip())
    return match is not None and not _AUTOLINK.fullmatch(match.group(1))


# Each model class's fields with their descriptions: the walk below visits every value of a
# brief twice per validation, and reading `model_fields` each time cost more than the walk.
_FIELDS: dict[type[BaseModel], tuple[tuple[str, str], ...]] = {}


def find_placeholders(model: BaseModel, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Every placeholder in `model`: its path, its text, and the description of its field."""
    fields = _FIELDS.get(type(model))
    if fields is None:
        fields = _FIELDS[type(model)] = tuple(
            (name, info.description or "") for name, info in type(model).model_fields.items()
        )
    values = model.__dict__
    for name, wants in fields:
        value = values[name]
        if isinstance(value, list):
            for position, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from find_placeholders(item, path + (name, position))
                elif is_placeholder(item):
                    yield path + (name, position), item, wants
        elif isinstance(value, BaseModel):
            yield from find_placeholders(value, path + (name,))
        elif is_placeholder(value):
            yield path + (name,), value, wants


def check_placeholders(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Each value still holding a placeholder, with what the field wants."""
    if not _holds_angle_bracket(ctx.brief):
        return
    for path, text, wants in find_placeholders(ctx.brief):
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 80 else shown[:78] + "…>"
        hint = f"replace it with your text: {wants}" if wants else "replace it with your text"
        yield ctx.report(PLACEHOLDER, f"{describe_path(path)} is still a placeholder: {shown}", path, hint)


def _holds_angle_bracket(brief: BaseModel) -> bool:
    """Whether any text that `find_placeholders` looks at holds a "<": most briefs have none, and
    this look, with no paths to build, costs a fraction of that walk."""
    kinds = _KINDS
    models = [brief]
    while models:
        for value in models.pop().__dict__.values():
            kind = kinds.get(type(value)) or _kind(type(value))
            if kind is _TEXT:
                if "<" in value:
                    return True
            elif kind is _LIST:
                for item in value:
                    kind = kinds.get(type(item)) or _kind(type(item))
                    if kind is _MODEL:
                        models.append(item)
                    elif kind is _TEXT and "<" in item:
                        return True
            elif kind is _MODEL:
                models.append(value)
    return False


# What each type of value is to the walk above, found once per type: `isinstance(value, BaseModel)`
# goes through Pydantic's metaclass and cost more than the rest of the walk.
_TEXT, _LIST, _MODEL, _OTHER = "text", "list", "model", "other"
_KINDS: dict[type, str] = {}


def _kind(cls: type) -> str:
    kind = (
        _TEXT
        if issubclass(cls, str)
        else _LIST
        if issubclass(cls, list)
        else _MODEL
        if issubclass(cls, BaseModel)
        else _OTHER
    )
    _KINDS[cls] = kind
    return kind


def settle_placeholders(found: list[Diagnostic]) -> list[Diagnostic]:
    """Drop other checks' findings about a placeholder value: its BG901 says what to do there.

    The placeholders are those `check_placeholders` found: its BG901s are among `found`."""
    spots = [item.path for item in found if item.code == PLACEHOLDER and item.path is not None]
    if not spots:
        return found
    return [
        item
        for item in found
        if item.code == PLACEHOLDER or item.path is None or not any(item.path[: len(p)] == p for p in spots)
    ]
