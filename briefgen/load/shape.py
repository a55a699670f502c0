"""Check a loaded brief against the models, turning each Pydantic error into a located diagnostic."""

from __future__ import annotations

import difflib
import types
import typing
import unicodedata
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from briefgen.brief.models import Brief
from briefgen.diagnostics import SHOWN_PER_CODE, Diagnostic, diagnostic, show
from briefgen.load.document import LineMap

_WRONG_TYPE = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}
_HOW_TO_WRITE = {
    "text": "write the text after the colon; quote it if it looks like a number, date or true/false",
    "a whole number": "write digits without quotes, e.g. 70",
    "true or false": "write true or false, without quotes",
    "a list": "write a list as `[a, b]`, or one `- item` per line",
    "a mapping of fields": "write `field: value` lines, indented under this one",
}
# Labels renamed by a later version of their standard, and what they are now.
_RENAMED = {"TLP:WHITE": "TLP 2.0 renamed TLP:WHITE to TLP:CLEAR"}


def check_shape(data: dict[str, Any], lines: LineMap, file: str) -> tuple[Brief | None, list[Diagnostic]]:
    """Validate `data` as a Brief; return the model, or None and every shape problem found."""
    try:
        return Brief.model_validate(data), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
        for item in errors:
            item["loc"] = tuple(part for part in item["loc"] if not _is_internal(part))
        missing = {item["loc"] for item in errors if item["type"] == "missing"}
        # Only the first unknown fields, in the file's order, get a did-you-mean (as many as a
        # report shows of one code): 99,000 misspelt keys would otherwise cost 99,000 searches.
        unknown = sorted(
            (item for item in errors if item["type"] == "extra_forbidden"), key=lambda item: lines.key(item["loc"])
        )
        guessed = unknown[:SHOWN_PER_CODE]
        # A misspelt required field is one problem: the did-you-mean names it as required.
        misspelt = {loc for item in guessed if (loc := item["loc"][:-1] + (_suggestion(item["loc"]),)) in missing}
        late = {id(item) for item in unknown[SHOWN_PER_CODE:]}
        problems = [
            _diagnose(item, lines, file, misspelt, guess=id(item) not in late)
            for item in errors
            if not (item["type"] == "missing" and item["loc"] in misspelt)
        ]
        return None, sorted(set(problems), key=Diagnostic.sort_key)


def describe_path(loc: tuple[Any, ...]) -> str:
    """`('key_judgments', 2, 'likelihood')` → `key_judgments[2].likelihood`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the brief"


def _suggestion(loc: tuple[Any, ...]) -> str | None:
    """The field of the model at `loc[:-1]` whose name is closest to the unknown `loc[-1]`."""
    parent = _model_at(loc[:-1])
    return _closest_field(parent, str(loc[-1])) if parent else None


@lru_cache(maxsize=1024)
def _closest_field(model: type[BaseModel], name: str) -> str | None:
    fields = list(model.model_fields)
    # A name more than 7/3 times as long as every field can match none at the cut-off of 0.6
    # (2 * common / (len(a) + len(b)) ≥ 0.6): not compared, however long it is.
    if len(name) * 3 > 7 * max(map(len, fields)):
        return None
    guess = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    return guess[0] if guess else None


def _diagnose(
    error: ErrorDetails, lines: LineMap, file: str, misspelt: set[tuple[Any, ...]], guess: bool = True
) -> Diagnostic:
    loc = error["loc"]
    kind = error["type"]
    where = describe_path(loc)
    parent = _model_at(loc[:-1])
    name = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        fields = list(parent.model_fields) if parent else []
        closest = _suggestion(loc) if guess else None
        hint = f"did you mean '{closest}'?" if closest else f"the fields here are: {', '.join(fields)}"
        if loc[:-1] + (closest,) in misspelt:
            hint += " It is required, and missing."
        owner = describe_path(loc[:-1])
        return diagnostic("BG201", f"unknown field {show(name)} in {owner}", file, lines.key(loc), hint)
    if kind == "missing":
        info = parent.model_fields.get(str(name)) if parent else None
        hint = f"add `{name}:` — {info.description}" if info and info.description else f"add `{name}:`"
        owner = describe_path(loc[:-1])
        return diagnostic("BG202", f"missing required field '{name}' in {owner}", file, lines.value(loc[:-1]), hint)
    value = error.get("input")
    position = lines.value(loc)
    if kind in _WRONG_TYPE:
        wanted = _WRONG_TYPE[kind]
        hint = _HOW_TO_WRITE[wanted]
        if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
            # The user's own text (`1.10`), not the number YAML read it as (1.1): quoting that would
            # silently change the value.
            hint = f'quote it so YAML reads it as text: "{lines.written(loc) or value}"'
        allowed = _literal_values(parent, name)
        if kind == "int_type" and allowed:
            hint = "write one of: " + ", ".join(str(v) for v in allowed)
        if kind == "int_type" and isinstance(value, float) and value.is_integer():
            hint = f"write it without the fraction: {int(value)}"
        return diagnostic("BG204", f"{where} must be {wanted}, not {_type_name(value)}", file, position, hint)
    if kind == "literal_error":
        allowed = _literal_values(parent, name)
        close = difflib.get_close_matches(str(value), [str(v) for v in allowed], n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(repr(v) for v in allowed)
        hint = _RENAMED.get(value, hint) if isinstance(value, str) else hint
        same = [v for v in allowed if str(v) == str(value)]  # `"1"` for 1, or 3 for "3"
        if same:
            hint = f"write it without quotes: {same[0]}" if isinstance(value, str) else f"quote it: '{same[0]}'"
        return diagnostic("BG203", f"{where}: {show(value)} is not one of the allowed values", file, position, hint)
    if kind == "string_pattern_mismatch" and isinstance(value, str) and not value.strip():
        return diagnostic(
            "BG203", f"{where} is blank", file, position, "write the text, or leave the field out if it is optional"
        )
    if kind == "string_pattern_mismatch":
        return diagnostic(
            "BG203",
            f"{where}: {show(value)} is not in the expected form",
            file,
            position,
            _lookalike(value) + _pattern_hint(parent, name),
        )
    if kind == "too_short" and isinstance(value, list):
        least = error.get("ctx", {}).get("min_length", 1)
        return diagnostic(
            "BG203",
            f"{where} needs at least {least} item{'s' if least != 1 else ''}",
            file,
            position,
            _field_hint(parent, name),
        )
    if kind == "string_too_short" and value == "":
        return diagnostic(
            "BG203", f"{where} is empty", file, position, "write the text, or leave the field out if it is optional"
        )
    if kind == "string_too_long" and isinstance(value, str):
        most = error.get("ctx", {}).get("max_length", 0)
        return diagnostic(
            "BG203",
            f"{where} is {len(value):,} characters long; the limit is {most:,}",
            file,
            position,
            "shorten it; long texts belong in an archived source",
        )
    if kind == "date_number":
        partial = parent is not None and name == "published"
        return diagnostic(
            "BG204",
            f"{where} must be a date, not a number",
            file,
            position,
            "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-08"
            if partial
            else "write the date as YYYY-MM-DD, e.g. 2026-01-31 (a number would be read as seconds since 1970)",
        )
    if kind in ("partial_date_day", "partial_date_year"):
        return diagnostic(
            "BG203",
            f"{where}: {show(value)} is not a date on the calendar",
            file,
            position,
            error["msg"]
            if kind == "partial_date_day"
            else "there is no year 0000: write the year in four digits, e.g. 2025",
        )
    if kind.startswith("date"):
        return diagnostic(
            "BG203",
            f"{where}: {show(value)} is not a valid date",
            file,
            position,
            "write dates as YYYY-MM-DD, e.g. 2026-01-31",
        )
    message = error["msg"][0].lower() + error["msg"][1:]
    return diagnostic("BG203", f"{where}: {message}", file, position, _field_hint(parent, name))


def _is_internal(part: Any) -> bool:
    """Pydantic puts validator names such as `function-before[...]` in some locations."""
    return isinstance(part, str) and ("[" in part and part.endswith("]") or part in ("str", "int"))


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: Any = Brief
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _literal_values(parent: type[BaseModel] | None, name: Any) -> list[Any]:
    if parent is None or name not in parent.model_fields:
        return []
    return _literals(parent.model_fields[name].annotation)


def _literals(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        return _literals(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        return [value for arg in typing.get_args(annotation) for value in _literals(arg)]
    return []


def _field_hint(parent: type[BaseModel] | None, name: Any) -> str:
    if parent is None or name not in parent.model_fields or not parent.model_fields[name].description:
        return "see the field's description in schemas/brief.schema.json"
    return str(parent.model_fields[name].description)


def _pattern_hint(parent: type[BaseModel] | None, name: Any) -> str:
    if name == "id" and parent is Brief:
        return "the brief's id is a slug: lower-case letters and digits joined by '-', e.g. russia-syria"
    if name in ("id", "source", "scenario", "check") or parent is None:
        return "ids start with a letter, then up to 39 letters, digits, '_', '.' or '-', e.g. KJ1"
    return _field_hint(parent, name)


def _lookalike(value: Any) -> str:
    """For a value with a character that looks like ASCII but is not (Cyrillic І in `ІND1`), which."""
    odd = next((char for char in str(value) if not char.isascii() and char.isprintable()), None)
    if odd is None:
        return ""
    return f"{odd!r} is U+{ord(odd):04X} {unicodedata.name(odd, 'a character outside ASCII')}; "


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    return {int: "a number", float: "a decimal number", str: "text", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )
