"""A new `sources:` entry, written into brief.yaml as the analyst would write it by hand.

The entry is inserted as text after the last source, in the list's own indentation and spacing,
so that every other byte of the file (comments, order, quoting) stays as it was; the result is
then loaded again and must equal the old brief with one more source, or nothing is written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from briefgen.brief.models import ID_PATTERN, PARTIAL_DATE_PATTERN, Source
from briefgen.brief.scales import RELIABILITY
from briefgen.errors import BriefgenError
from briefgen.load.document import load_text

SOURCES = "sources"
TITLE_PLACEHOLDER = "<The document's title, or one you supply (then add title_supplied: true)>"
NOTE_PLACEHOLDER = "<One line on why the source gets that grade>"
_NUMBERED = re.compile(r"S(\d{1,9})")


@dataclass(frozen=True)
class NewSource:
    """What the entry says: each field as read from the file or given on the command line."""

    id: str
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    kind: str | None
    archive: str


def next_id(taken: set[str]) -> str:
    """`S<n>` with n one more than the highest `S<number>` id taken (S1 for a brief with none)."""
    numbers = [int(found.group(1)) for found in map(_NUMBERED.fullmatch, taken) if found]
    candidate = max(numbers, default=0) + 1
    while f"S{candidate}" in taken:
        candidate += 1
    return f"S{candidate}"


def archive_name(source_id: str, title: str | None, taken: set[str]) -> str:
    """`sources/<id>-<a few words of the title>.txt`, lower case and ASCII, not yet taken."""
    ascii_title = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    stem = source_id.lower()
    for word in words:
        if len(stem) + len(word) + 1 > 48:
            break
        stem += "-" + word
    name, number = f"sources/{stem}.txt", 2
    while name in taken:
        name, number = f"sources/{stem}-{number}.txt", number + 1
    return name


def check_id(source_id: str, taken: set[str]) -> None:
    if not re.fullmatch(ID_PATTERN, source_id):
        raise BriefgenError(
            f"'{source_id}' is not a valid id",
            "an id is a letter, then up to 39 letters, digits, '_', '.' or '-', e.g. S6",
        )
    if source_id in taken:
        raise BriefgenError(
            f"id {source_id} is already used in this brief",
            f"leave out --id to take the next free one ({next_id(taken)}), or choose another",
        )


def check_published(value: str) -> str:
    if not re.fullmatch(PARTIAL_DATE_PATTERN, value):
        raise BriefgenError(f"--published {value!r} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def insert_source(text: str, source: NewSource, replacing: int | None = None) -> str:
    """`text` (a brief's YAML) with `source` added as the last item of its `sources:` list, or, with
    `replacing`, written in place of that item (the scaffold's placeholder source)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise BriefgenError("the brief is not a mapping of fields", "fix it with `briefgen validate` first")
    found = [(key, value) for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == SOURCES]
    if not found:
        ending = "" if text.endswith("\n") or not text else "\n"
        new = text + ending + f"\n{SOURCES}:\n" + _entry(source, 2, 4)
    else:
        key, value = found[-1]
        new = _into_list(text, key, value, source, replacing)
    _verify(text, new, source, replacing)
    return new


def _into_list(text: str, key: yaml.Node, value: yaml.Node, source: NewSource, replacing: int | None) -> str:
    lines = text.splitlines(keepends=True)
    if (
        isinstance(value, yaml.ScalarNode)
        and value.value in ("", "~", "null")
        or (isinstance(value, yaml.SequenceNode) and value.flow_style and not value.value)
    ):
        # `sources:`, `sources: null` or `sources: []`: the value goes, the block follows the key's
        # line, and a comment on that line stays on it.
        row = key.start_mark.line
        line = lines[row].rstrip("\n")
        rest = line[key.end_mark.column :]
        comment = rest[rest.index("#") :] if "#" in rest else ""
        head = "".join(lines[:row]) + line[: key.end_mark.column] + ":" + ("  " + comment if comment else "") + "\n"
        return head + _entry(source, key.start_mark.column + 2, key.start_mark.column + 4) + "".join(lines[row + 1 :])
    if not isinstance(value, yaml.SequenceNode) or value.flow_style:
        raise BriefgenError(
            f"`{SOURCES}:` is not written as a block list (`- id: …` items)",
            "write the sources as a block list, one `- id:` item each, then run `briefgen source add` again",
        )
    items = value.value
    dash = value.start_mark.column
    keys = (
        items[0].value[0][0].start_mark.column
        if isinstance(items[0], yaml.MappingNode) and items[0].value
        else dash + 2
    )
    # The list ends where the next token starts; blank lines and comments no deeper than the dashes
    # before that belong to what follows.
    end = value.end_mark.line if value.end_mark.column > 0 else value.end_mark.line - 1
    end = min(end, len(lines) - 1)
    while end > items[-1].start_mark.line and _trailing(lines[end], dash):
        end -= 1
    if replacing is not None:
        start = items[replacing].start_mark.line
        if replacing + 1 < len(items):
            end = items[replacing + 1].start_mark.line - 1
            while end > start and _trailing(lines[end], dash):
                end -= 1
        return "".join(lines[:start]) + _entry(source, dash, keys) + "".join(lines[end + 1 :])
    spaced = len(items) > 1 and not lines[items[1].start_mark.line - 1].strip()
    offset = sum(len(row) for row in lines[: end + 1])
    before = text[:offset] if text[:offset].endswith("\n") else text[:offset] + "\n"
    return before + ("\n" if spaced else "") + _entry(source, dash, keys) + text[offset:]


def _trailing(line: str, dash: int) -> bool:
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and len(line) - len(line.lstrip(" ")) <= dash)


def _entry(source: NewSource, dash: int, keys: int) -> str:
    kinds = ", ".join(Source.model_fields["kind"].annotation.__args__)  # type: ignore[union-attr]
    grades = ", ".join(f"{grade} {meaning.lower()}" for grade, meaning in RELIABILITY.items())
    fields: list[tuple[str, str]] = [
        ("id", source.id),
        ("title", _string(source.title or TITLE_PLACEHOLDER)),
        ("author", _string(source.author)),
        ("publisher", _string(source.publisher)),
        ("published", source.published or "null"),
        ("url", _string(source.url)),
        ("kind", (source.kind or "other") + ("" if source.kind else f"  # choose: {kinds}")),
        ("archive", source.archive),
        ("reliability", f"F  # choose: {grades}"),
        ("reliability_note", _string(NOTE_PLACEHOLDER)),
    ]
    first = " " * dash + "-" + " " * max(keys - dash - 1, 1)
    rows = [(first if number == 0 else " " * keys) + f"{name}: {text}" for number, (name, text) in enumerate(fields)]
    return "\n".join(rows) + "\n"


def _string(value: str | None) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), or null; characters YAML refuses go."""
    if value is None:
        return "null"
    kept = "".join(char for char in value if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co"))
    return json.dumps(kept, ensure_ascii=False)


def _verify(old: str, new: str, source: NewSource, replacing: int | None) -> None:
    """The new text must load as the old brief plus exactly one source (or with one source
    replaced), the one meant."""
    before = load_text(old.encode("utf-8"), "brief.yaml")
    after = load_text(new.encode("utf-8"), "brief.yaml")
    expected: Any = None
    if before.data is not None:
        expected = dict(before.data)
        listed = list(expected.get(SOURCES) or [])
        if replacing is None:
            listed.append(_meant(source))
        else:
            listed[replacing] = _meant(source)
        expected[SOURCES] = listed
    if after.data is None or after.data != expected:
        raise BriefgenError(
            "the new source could not be added without changing the rest of brief.yaml",
            "add the entry by hand (briefgen printed nothing into the file); please report this brief's layout",
        )


def _meant(source: NewSource) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": _unquoted(source.title or TITLE_PLACEHOLDER),
        "author": _unquoted(source.author),
        "publisher": _unquoted(source.publisher),
        "published": int(source.published) if source.published and source.published.isdigit() else source.published,
        "url": _unquoted(source.url),
        "kind": source.kind or "other",
        "archive": source.archive,
        "reliability": "F",
        "reliability_note": NOTE_PLACEHOLDER,
    }


def _unquoted(value: str | None) -> str | None:
    return None if value is None else json.loads(_string(value))
