"""Load a brief's YAML safely, keeping the line and column of every key and value.

The document is built from parser events with an explicit stack, so that no input
can recurse deeply, expand aliases without bound, or construct anything but plain
mappings, lists, strings, numbers, booleans and nulls (YAML 1.2 core schema; dates
stay strings and are parsed by the models).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.brief.sections import PathKey
from briefgen.diagnostics import Diagnostic, diagnostic, show
from briefgen.load.files import FileProblem as FileProblem
from briefgen.load.files import read_file as read_file

_Parser: Any  # libyaml's parser when PyYAML has it, its own otherwise
try:
    _Parser = yaml.CBaseLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.BaseLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000
# Digits of a whole number: a brief's numbers are versions, percentages and counts, and Python
# refuses to read one of more than 4,300 digits.
MAX_DIGITS = 100

Position = tuple[int, int]

_STANDARD = "tag:yaml.org,2002:"
# C0 and C1 control characters but tab and line breaks: never part of a brief's text.
_LINE_BREAK = re.compile("\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SYNTAX_HINT = "check indentation, colons and quotes near this position"
# A `\u` or `\U` escape of a double-quoted string (`_escape_hint`).
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
# `  - quote: "…` or `key: '…`: a block mapping's key and the opening quote of its value.
# (Anchored: matched at a row's start, and a search never tries each place of a long row.)
_KEY_THEN_QUOTE = re.compile(r"^[ \t]*(?:-[ \t]+)*([^\s#'\"][^:#]*?):[ \t]+[\"']")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}


# A plain scalar of one word: what a number, a date or true/false is written as.
_PLAIN_WORD = re.compile(r"""(?!["'|>&*!%@`\[{])[^\s,\]}#]+""")


class LineMap:
    """Where each value and each mapping key stands in the file (1-based line, column).

    A brief that loads without a problem needs no position until a check reports one, so its
    map is made from the text on first use (most briefs never need it).
    """

    def __init__(
        self,
        values: dict[PathKey, Position] | None = None,
        keys: dict[PathKey, Position] | None = None,
        texts: dict[PathKey, tuple[Position, str]] | None = None,
        source: str | None = None,
    ):
        # The file's text, for checks that read how a value was written (not only what it is).
        self.source = source
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        # Text values written verbatim (no escapes, no folding), with the position of their first
        # character: each line of the value stands on its own line of the file, at that column.
        self._texts = {} if texts is None else texts
        self._source: str | None = None
        self._trail: _Trail | None = None
        # Where each text that a diagnostic points into breaks its lines, found once per text: a
        # count from the text's start for each diagnostic would make many of them quadratic.
        self._breaks: dict[PathKey, list[int]] = {}

    @classmethod
    def of_text(cls, text: str, trail: _Trail | None = None) -> LineMap:
        """The map of a text that loads without a problem, made when first asked for from the
        `trail` `_plain_data` left of it (the text is parsed for one when none is given)."""
        if trail is None:
            plain = _plain_data(text)
            if plain is None:
                return _Builder(text, "").build().lines
            trail = plain[2]
        lines = cls(source=text)
        lines._source, lines._trail = text, trail
        return lines

    def _locate(self) -> None:
        if self._source is not None and self._trail is not None:
            self._values, self._keys, self._texts = _plain_positions(self._source, self._trail)
            self._source = self._trail = None

    @property
    def values(self) -> dict[PathKey, Position]:
        self._locate()
        return self._values

    @property
    def keys(self) -> dict[PathKey, Position]:
        self._locate()
        return self._keys

    @property
    def texts(self) -> dict[PathKey, tuple[Position, str]]:
        self._locate()
        return self._texts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LineMap):
            return NotImplemented
        return (self.values, self.keys, self.texts) == (other.values, other.keys, other.texts)

    def __repr__(self) -> str:
        return f"LineMap(values={self.values!r}, keys={self.keys!r}, texts={self.texts!r})"

    def value(self, path: PathKey) -> Position:
        """Position of the value at `path`, or of its nearest located ancestor."""
        values = self.values
        path = tuple(path)
        while path:
            if path in values:
                return values[path]
            path = path[:-1]
        return values.get((), (1, 1))

    def written(self, path: PathKey) -> str | None:
        """A plain scalar exactly as the file writes it (`1.10`, not the 1.1 YAML reads), so that a
        hint can quote the user's own text; None when the value at `path` is not located or is
        not a one-word plain scalar."""
        if self.source is None or tuple(path) not in self.values:
            return None
        line, column = self.values[tuple(path)]
        lines = self.source.splitlines()
        if not 0 < line <= len(lines):
            return None
        found = _PLAIN_WORD.match(lines[line - 1], column - 1)
        return found.group(0) if found else None

    def key(self, path: PathKey) -> Position:
        """Position of the key that introduces `path`, falling back to its value."""
        path = tuple(path)
        return self.keys.get(path) or self.value(path)

    def char(self, path: PathKey, offset: int) -> Position:
        """Position of the character at `offset` in the text value at `path` (the value's own
        position when its text is not written verbatim, e.g. a quoted string with escapes)."""
        found = self.texts.get(tuple(path))
        if found is None:
            return self.value(path)
        (line, column), text = found
        breaks = self._breaks.get(tuple(path))
        if breaks is None:
            breaks = self._breaks[tuple(path)] = [match.start() for match in _LINE_BREAK.finditer(text)]
        before = bisect_left(breaks, offset)
        line_start = breaks[before - 1] + 1 if before else 0
        return (line + before, column + offset - line_start)


@dataclass
class Loaded:
    """The result of loading one file: data (None on failure), line map and diagnostics."""

    file: str
    data: dict[str, Any] | None
    lines: LineMap
    diagnostics: list[Diagnostic]
    # The longest list's length and the number of nodes, when the loader counted them: enough
    # for `limits.check_limits` to know a brief within its limits without walking it again.
    sizes: tuple[int, int] | None = None
    # The SHA-256 of the bytes read from the file (`load_brief`): the build's inputs hash takes
    # it rather than read the file again.
    digest: str | None = None


class _Stop(Exception):
    """Raised inside the builder to abandon a document with one diagnostic."""

    def __init__(self, diag: Diagnostic):
        self.diag = diag


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


_NOT_READ = {
    "missing": "does not exist",
    "link": "is a symbolic link: briefgen reads a brief only from a regular file, never through a link",
    "hard-link": "has other names (hard links), which may lie anywhere: briefgen reads a brief only from a file of its own",
    "folder": "is a folder",
    "special": "is not a regular file (a device or a pipe)",
}


def load_brief(path: Path, display: str | None = None) -> Loaded:
    """Read and parse one brief file; every failure becomes a located diagnostic."""
    file = display or str(path)
    raw = read_file(path, MAX_BYTES)
    if isinstance(raw, FileProblem):
        if raw.kind == "too-large":
            return _failed(
                file,
                diagnostic(
                    "BG101",
                    f"file is {raw.detail} bytes; briefs are limited to {MAX_BYTES:,} bytes",
                    file,
                    (1, 1),
                    "split the brief, or move long texts into archived sources",
                ),
            )
        what = _NOT_READ.get(raw.kind) or f"cannot be read: {raw.detail}"
        return _failed(
            file,
            diagnostic(
                "BG111",
                f"the file {what}",
                file,
                None,
                "a brief is a regular, readable file named brief.yaml",
            ),
        )
    loaded = load_text(raw, file)
    loaded.digest = hashlib.sha256(raw).hexdigest()
    return loaded


def load_text(raw: bytes, file: str) -> Loaded:
    """Parse the bytes of a brief (the part of `load_brief` that needs no file system)."""
    text, problem = decode_utf8(raw, file)
    if problem:
        return _failed(file, problem)
    plain = _plain_data(text)
    if plain is not None:
        return Loaded(file, plain[0], LineMap.of_text(text, plain[2]), [], plain[1])
    return _Builder(text, file).build()


# Byte-order marks of the encodings that are not UTF-8 (UTF-32 first: its marks begin like UTF-16's).
_OTHER_UNICODE = (((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"), "UTF-32"), ((b"\xff\xfe", b"\xfe\xff"), "UTF-16"))


def decode_utf8(raw: bytes, file: str) -> tuple[str, Diagnostic | None]:
    """Decode UTF-8 (a UTF-8 byte-order mark is accepted and dropped)."""
    for marks, encoding in _OTHER_UNICODE:
        if raw.startswith(marks):
            return "", diagnostic(
                "BG102",
                f"file is {encoding} (it starts with a {encoding} byte-order mark)",
                file,
                (1, 1),
                "save the file as UTF-8",
            )
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    nul = raw.find(b"\x00", bom)
    try:
        text = raw[bom : nul if nul >= 0 else len(raw)].decode("utf-8")
    except UnicodeDecodeError as error:
        return "", _bad_byte(raw, bom, bom + error.start, "is not valid UTF-8", file)
    if nul >= 0:  # text has no NUL bytes; UTF-16 and UTF-32 without a byte-order mark have many
        return "", _bad_byte(raw, bom, nul, "is a NUL byte: the file is binary, or UTF-16 or UTF-32", file)
    return text, None


def _bad_byte(raw: bytes, bom: int, at: int, what: str, file: str) -> Diagnostic:
    before = raw[bom:at].decode("utf-8")
    return diagnostic(
        "BG102",
        f"byte 0x{raw[at]:02x} at offset {at} {what}",
        file,
        _end_of(before),
        "save the file as UTF-8 (in most editors: File › Save with Encoding)",
    )


def _end_of(text: str) -> Position:
    """The position just after `text`: line breaks counted as YAML does (CR, LF, CR LF, NEL, LS, PS)."""
    rows = (text + "|").splitlines()
    return (len(rows), len(rows[-1]))


def _failed(file: str, diag: Diagnostic) -> Loaded:
    return Loaded(file, None, LineMap(), [diag])


@dataclass
class _Trail:
    """What `_plain_data` leaves for the line map, so that placing a value never parses the text
    again (which costs as much as loading it): one number a node (`_place`) and one after each
    text value (its end and style), with its own key strings and texts in `words`, in the
    parser's order. Numbers and strings: no object for the collector to follow."""

    places: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


# A trail's number: the line, then the column, then what the node is (a key, another scalar, a
# text value, a mapping, a list, or the end of a collection), or, after a text value, its style.
_LINE_SHIFT = 48
_COLUMN_SHIFT = 3
_COLUMN_MASK = (1 << (_LINE_SHIFT - _COLUMN_SHIFT)) - 1
_SCALAR, _TEXT, _MAPPING, _SEQUENCE, _END = 0, 1, 2, 3, 4
# How a text value is written, as `_verbatim_at` tells them apart.
_PLAIN_STYLE, _QUOTED_STYLE, _LITERAL_STYLE, _OTHER_STYLE = 0, 1, 2, 3
_STYLES = {"": _PLAIN_STYLE, None: _PLAIN_STYLE, "'": _QUOTED_STYLE, '"': _QUOTED_STYLE, "|": _LITERAL_STYLE}


class _Unusual(Exception):
    """Raised by `_plain_data` for anything it leaves to `_Builder`."""


def _plain_data(text: str) -> tuple[dict[str, Any], tuple[int, int], _Trail] | None:
    """The data of a brief that loads without a problem, with its longest list's length and its
    number of nodes and the trail its line map is made from, or None for anything else.

    Most briefs are one document of untagged mappings, lists and scalars with no anchors, so
    this builds their data without positions: one loop, no calls but the parser's. Whatever is
    unusual (a tag, an anchor or an alias, a duplicate key, a control character, a limit
    passed, a syntax error, a document that is not a mapping) is left to `_Builder`, which
    reports it with its position; the two agree on every brief this one accepts (a property
    test on generated YAML, tests/test_loader_agreement.py, holds them to it).
    """
    parser = _Parser(text)
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    not_only_text, core_value, control, max_nodes = _NOT_ONLY_TEXT, _core_value, _CONTROL.search, MAX_NODES
    line_shift, column_shift, styles = _LINE_SHIFT, _COLUMN_SHIFT, _STYLES
    no_key = _Unusual  # a key no YAML text can hold
    stack: list[tuple[Any, bool]] = []
    container: Any = None
    mapping = False
    key: Any = no_key
    root: Any = None
    nodes = documents = longest = 0
    event: Any  # told apart by `type(event)`, which a type checker cannot follow
    trail = _Trail()
    place, word = trail.places.append, trail.words.append
    try:
        for event in iter(parser.get_event, None):
            kind = type(event)
            if kind is scalar_event:
                if event.tag is not None or event.anchor is not None:
                    raise _Unusual
                value = event.value
                nodes += 1
                if nodes > max_nodes or event.style == '"' and control(value):
                    raise _Unusual
                mark = event.start_mark
                if mapping:
                    if key is no_key:
                        if value in container:
                            raise _Unusual
                        key = value
                        place(mark.line << line_shift | mark.column << column_shift | _SCALAR)
                        word(value)
                        continue
                    if event.implicit[0] and (not value or value[0] in not_only_text):
                        value = core_value(value)
                    container[key] = value
                    key = no_key
                else:
                    if event.implicit[0] and (not value or value[0] in not_only_text):
                        value = core_value(value)
                    if container is None:
                        root = value
                    else:
                        container.append(value)
                if value.__class__ is str and value:
                    end = event.end_mark
                    place(mark.line << line_shift | mark.column << column_shift | _TEXT)
                    place(end.line << line_shift | end.column << column_shift | styles.get(event.style, _OTHER_STYLE))
                    word(value)
                else:
                    place(mark.line << line_shift | mark.column << column_shift | _SCALAR)
            elif kind is mapping_start or kind is sequence_start:
                nodes += 1
                if event.tag is not None or event.anchor is not None or len(stack) >= MAX_DEPTH or nodes > max_nodes:
                    raise _Unusual
                new: Any = {} if kind is mapping_start else []
                if mapping:
                    if key is no_key:
                        raise _Unusual
                    container[key] = new
                    key = no_key
                elif container is None:
                    root = new
                else:
                    container.append(new)
                stack.append((container, mapping))
                container, mapping = new, kind is mapping_start
                mark = event.start_mark
                place(mark.line << line_shift | mark.column << column_shift | (_MAPPING if mapping else _SEQUENCE))
            elif kind in ends:
                if not mapping and len(container) > longest:
                    longest = len(container)
                container, mapping = stack.pop()
                place(_END)
            elif kind is yaml.AliasEvent:
                raise _Unusual
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual
    except (_Unusual, yaml.YAMLError):
        return None
    finally:
        parser.dispose()
    return (root, (longest, nodes), trail) if isinstance(root, dict) else None


@dataclass
class _Frame:
    container: Any  # a dict when `mapping`, else a list (the hot path does not stop to narrow it)
    path: PathKey
    start_nodes: int
    anchor: str | None
    mapping: bool
    pending_key: str | None = None
    key_positions: dict[str, Position] = field(default_factory=dict)


class _Builder:
    """Turns parser events into plain data and a line map, enforcing the loader's limits."""

    def __init__(self, text: str, file: str):
        self.text = text
        self.file = file
        self.values: dict[PathKey, Position] = {}
        self.keys: dict[PathKey, Position] = {}
        self.texts: dict[PathKey, tuple[Position, str]] = {}
        self.lines = LineMap(self.values, self.keys, self.texts, text)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.root: Any = None
        self.documents = 0
        self.rows: list[str] | None = None

    def build(self) -> Loaded:
        try:
            self._run()
        except _Stop as stop:
            return _failed(self.file, stop.diag)
        except yaml.MarkedYAMLError as error:
            return _failed(self.file, self._syntax(error))
        except yaml.reader.ReaderError as error:
            return _failed(self.file, self._unacceptable(error))
        except yaml.YAMLError as error:
            return _failed(self.file, diagnostic("BG103", str(error), self.file, (1, 1), _SYNTAX_HINT))
        if self.root is None:
            what = (
                "the file is empty"
                if not self.text.strip()
                else "the file holds only comments"
                if self.documents == 0
                else "the document is empty (null)"
            )
            return _failed(
                self.file,
                diagnostic(
                    "BG109",
                    what,
                    self.file,
                    (1, 1),
                    "start from `briefgen new SLUG`, which writes a skeleton brief",
                ),
            )
        if not isinstance(self.root, dict):
            found = "a list" if isinstance(self.root, list) else "a single value"
            return _failed(
                self.file,
                diagnostic(
                    "BG108",
                    f"a brief must be a mapping of fields, but the document is {found}",
                    self.file,
                    self.lines.value(()),
                    "write `field: value` lines at the top level, starting with `schema_version: 1`",
                ),
            )
        return Loaded(self.file, self.root, self.lines, [])

    def _syntax(self, error: yaml.MarkedYAMLError) -> Diagnostic:
        mark = error.problem_mark or error.context_mark
        message = error.problem or "invalid YAML"
        if error.context:
            where = error.context_mark
            # The parser names what it was reading; where that began is often where the fault is.
            if where and mark and where.line != mark.line:
                message = f"{message} ({error.context} that starts at line {where.line + 1}, column {where.column + 1})"
            else:
                message = f"{message} ({error.context})"
        hint = _SYNTAX_HINT
        expected_key = "did not find expected key" in message or "but found '<scalar>'" in message
        slip = self._quoted_then_text(mark) if mark and expected_key else None
        if slip:
            message, hint = slip
        elif mark and self._char_at(mark) == "\t":
            hint = "YAML does not allow tabs for indentation; indent with spaces"
        elif "mapping values are not allowed" in message:
            hint = "a value that contains ': ' must be quoted, or written as a block with `|`"
        elif "incompatible YAML document" in message:
            hint = "remove the `%YAML` line: a brief is plain YAML without directives"
        elif "invalid Unicode character escape code" in message and mark:
            escape = self._escape_hint(mark)
            if escape:  # located at the escape's backslash, not at its digits
                return diagnostic("BG103", message, self.file, (mark.line + 1, escape[0] + 1), escape[1])
        return diagnostic("BG103", message, self.file, _pos(mark) if mark else (1, 1), hint)

    def _unacceptable(self, error: yaml.reader.ReaderError) -> Diagnostic:
        # The reader rejects a character wherever it stands, so its first occurrence is the one.
        before = self.text[: max(self.text.find(chr(error.character)), 0)]
        return diagnostic(
            "BG103",
            f"character U+{error.character:04X} is not allowed in YAML ({error.reason})",
            self.file,
            _end_of(before),
            "delete it: an invisible character, often pasted from a PDF or a word processor",
        )

    def _quoted_then_text(self, mark: Any) -> tuple[str, str] | None:
        """`key: "quoted," more words`: a quoted value ends at its closing quote, so the words after
        it are a syntax error. The message shows both parts; the hint writes the whole value in the
        other kind of quotes, so that what the user wrote, quotation marks included, is the value."""
        rows = self._rows()
        if mark.line >= len(rows):
            return None
        row = rows[mark.line]
        found = _KEY_THEN_QUOTE.match(row)
        if not found or found.end() > mark.column:
            return None
        quoted = row[found.end() - 1 : mark.column].rstrip()
        if len(quoted) < 2 or quoted[-1] != quoted[0]:
            return None
        value = row[found.end() - 1 :].rstrip()
        if quoted[0] == '"':
            rewritten = "'" + value.replace("'", "''") + "'"
        else:
            rewritten = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        key = row[found.start(1) : found.end(1)]
        return (
            f"the quoted value {quoted} is followed by more text: {row[mark.column :].rstrip()}",
            f"a quoted value ends at its closing quote; to keep the quotation marks as part of the text, "
            f"quote the whole value the other way: {key}: {rewritten}",
        )

    def _escape_hint(self, mark: Any) -> tuple[int, str] | None:
        """Where a `\\u` or `\\U` escape that names no character starts on its row (the last one
        at or before `mark`) and the hint for it: a surrogate (as JSON writes characters past
        U+FFFF, in two halves) or a code past U+10FFFF."""
        rows = self._rows()
        row = rows[mark.line] if mark.line < len(rows) else ""
        found = _ESCAPE.match(row, max(row.rfind("\\", 0, mark.column + 1), 0))
        if found is None:
            return None
        code = int(found.group(1) or found.group(2), 16)
        if not 0xD800 <= code <= 0xDFFF:
            return (
                found.start(),
                f"{found.group(0)} is past the last Unicode character, U+10FFFF: write a character's code point",
            )
        low = _ESCAPE.match(row, found.end())
        if code < 0xDC00 and low and low.group(1) and 0xDC00 <= int(low.group(1), 16) <= 0xDFFF:
            char = 0x10000 + ((code - 0xD800) << 10) + int(low.group(1), 16) - 0xDC00
            return found.start(), (
                f"{found.group(0)}{low.group(0)} is a UTF-16 surrogate pair, which YAML does not read as one "
                f"character: write \\U{char:08X} (or the character itself)"
            )
        return found.start(), (
            f"{found.group(0)} is a lone surrogate (half of a UTF-16 pair), not a character: write the "
            "character itself, or its code point as \\U and 8 hex digits (\\U0001F600 for U+1F600)"
        )

    def _char_at(self, mark: Any) -> str:
        lines = self._rows()
        if mark.line < len(lines) and mark.column < len(lines[mark.line]):
            char: str = lines[mark.line][mark.column]
            return char
        return ""

    def _run(self) -> None:
        parser = _Parser(self.text)
        try:
            # Scalars are most of the events: they skip the dispatch of `_handle`.
            for event in iter(parser.get_event, None):
                if type(event) is yaml.ScalarEvent:
                    self._scalar(event)
                else:
                    self._handle(event)
        finally:
            parser.dispose()

    def _handle(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._start(event, {} if kind is yaml.MappingStartEvent else [])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.container, self.nodes - frame.start_nodes)
        elif kind is yaml.AliasEvent:
            self._alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise _Stop(
                    diagnostic(
                        "BG110",
                        "the file holds more than one YAML document",
                        self.file,
                        _pos(event.start_mark),
                        "keep one brief per file: remove the second `---`",
                    )
                )

    def _count(self, amount: int, event: Any, alias: bool) -> None:
        self.nodes += amount
        if self.nodes > MAX_NODES:
            raise _Stop(
                diagnostic(
                    "BG106",
                    f"the document expands to more than {MAX_NODES:,} values",
                    self.file,
                    _pos(event.start_mark),
                    "write values out instead of repeating them through `*alias`"
                    if alias
                    else "split the brief into smaller briefs",
                )
            )

    def _start(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        self._check_tag(event, "map" if isinstance(container, dict) else "seq")
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(
                diagnostic(
                    "BG107",
                    f"mappings and lists nest more than {MAX_DEPTH} levels deep",
                    self.file,
                    _pos(event.start_mark),
                    "flatten the structure; briefs need only a few levels",
                )
            )
        self._count(1, event, alias=False)
        path = self._place(container, event)
        self.stack.append(_Frame(container, path, self.nodes, event.anchor, isinstance(container, dict)))

    def _scalar(self, event: Any) -> None:
        """A key or a value: the hot path of the loader, so the common cases are written out here."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._count(0, event, alias=False)
        # Only escapes write control characters.
        if event.style == '"' and (control := _CONTROL.search(event.value)):
            char = control.group()
            raise _Stop(
                diagnostic(
                    "BG114",
                    f"text holds the control character U+{ord(char):04X}, written as an escape such as \\0 or \\e",
                    self.file,
                    _pos(event.start_mark),
                    "remove the escape: a brief holds printable text",
                )
            )
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.mapping and frame.pending_key is None:
            self._key(frame, event)
            return
        tag = event.tag
        digits = _too_long(event.value) if tag is None and event.implicit[0] or tag == _STANDARD + "int" else 0
        if digits:
            raise _Stop(
                diagnostic(
                    "BG115",
                    f"a number of {digits:,} digits; a brief's numbers have at most {MAX_DIGITS} digits",
                    self.file,
                    _pos(event.start_mark),
                    "write the number as text in quotes if it is an identifier, or correct it",
                )
            )
        if tag is None:
            value = _core_value(event.value) if event.implicit[0] else event.value
        else:
            value = self._resolve(event)
        if frame is None:
            path = self._place(value, event)
        else:
            mark = event.start_mark
            if frame.mapping:
                path = frame.path + (frame.pending_key,)
                frame.container[frame.pending_key] = value
                frame.pending_key = None
            else:
                path = frame.path + (len(frame.container),)
                frame.container.append(value)
            self.values[path] = (mark.line + 1, mark.column + 1)
        if value.__class__ is str and value:
            start = self._verbatim(event)
            if start:
                self.texts[path] = (start, value)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)

    def _verbatim(self, event: Any) -> Position | None:
        return _verbatim(self._rows(), event)

    def _rows(self) -> list[str]:
        if self.rows is None:
            self.rows = self.text.splitlines()
        return self.rows

    def _alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise _Stop(
                diagnostic(
                    "BG103",
                    f"alias *{event.anchor} refers to no anchor defined before it",
                    self.file,
                    _pos(event.start_mark),
                    f"define `&{event.anchor}` earlier in the file, or remove the alias",
                )
            )
        value, size = self.anchors[event.anchor]
        self._count(size, event, alias=True)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.pending_key is None:
            raise _Stop(
                diagnostic(
                    "BG103",
                    "an alias cannot be used as a mapping key",
                    self.file,
                    _pos(event.start_mark),
                    "write the key out",
                )
            )
        self._place(value, event)

    def _key(self, frame: _Frame, event: Any) -> None:
        if event.tag is not None and event.tag not in ("!", _STANDARD + "str"):
            self._check_tag(event, "str")
        key = event.value
        mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        if key in frame.key_positions:
            first = frame.key_positions[key]
            raise _Stop(
                diagnostic(
                    "BG104",
                    f"duplicate key {show(key)} (first at line {first[0]}, column {first[1]})",
                    self.file,
                    position,
                    "YAML would silently keep only the last value: remove or rename one of them",
                )
            )
        frame.key_positions[key] = position
        frame.pending_key = key
        self.keys[frame.path + (key,)] = position

    def _place(self, value: Any, event: Any) -> PathKey:
        position = _pos(event.start_mark)
        if not self.stack:
            self.root = value
            self.values[()] = position
            return ()
        frame = self.stack[-1]
        if frame.mapping:
            if frame.pending_key is None:
                raise _Stop(
                    diagnostic(
                        "BG103",
                        "mapping keys must be plain text, not lists or mappings",
                        self.file,
                        position,
                        "write the key as text",
                    )
                )
            path = frame.path + (frame.pending_key,)
            frame.container[frame.pending_key] = value
            frame.pending_key = None
        else:
            path = frame.path + (len(frame.container),)
            frame.container.append(value)
        self.values[path] = position
        return path

    def _check_tag(self, event: Any, expected: str) -> None:
        tag = event.tag
        if tag in (None, "!", _STANDARD + expected):
            return
        shown = "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag
        raise _Stop(
            diagnostic(
                "BG105",
                f"tag {show(shown)} is not allowed in a brief",
                self.file,
                _pos(event.start_mark),
                "briefs use plain YAML values only; remove the tag",
            )
        )

    def _resolve(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        if tag in (None, "!"):
            if tag is None and event.implicit[0]:
                return _core_value(value)
            return value
        if not tag.startswith(_STANDARD):
            self._check_tag(event, "str")
        kind = tag[len(_STANDARD) :]
        try:
            if kind in ("str", "timestamp"):
                return value
            if kind == "null" and _NULL.match(value):
                return None
            if kind == "bool" and value in _BOOL:
                return _BOOL[value]
            if kind == "int":
                return int(value, 0)
            if kind == "float":
                return float(value)
        except ValueError:
            pass
        if kind in ("str", "timestamp", "null", "bool", "int", "float"):
            raise _Stop(
                diagnostic(
                    "BG105",
                    f"{show(value)} is not a valid !!{kind}",
                    self.file,
                    _pos(event.start_mark),
                    "remove the tag, or correct the value",
                )
            )
        self._check_tag(event, "str")
        return value


# The first characters of every null, boolean and number of the core schema; a plain scalar
# that starts with anything else is text (most are: ids, terms, words).
_NOT_ONLY_TEXT = frozenset("~nNtTfF.+-0123456789")


def _verbatim(rows: list[str], event: Any) -> Position | None:
    """Where a text value's first character stands, if the value is written as is: a one-line
    plain or quoted scalar without escapes, or a literal block (`|`) at one indentation (`rows`:
    the lines of the file)."""
    start, end = event.start_mark, event.end_mark
    style = _STYLES.get(event.style, _OTHER_STYLE)
    return _verbatim_at(rows, style, start.line, start.column, end.line, end.column, event.value)


def _verbatim_at(
    rows: list[str], style: int, line: int, column: int, end_line: int, end_column: int, value: str
) -> Position | None:
    """`_verbatim` of a value of `style` from (`line`, `column`) to (`end_line`, `end_column`), 0-based."""
    if style == _PLAIN_STYLE or style == _QUOTED_STYLE:
        quote = 1 if style == _QUOTED_STYLE else 0
        if line != end_line or rows[line][column + quote : end_column - quote] != value:
            return None
        return (line + 1, column + 1 + quote)
    if style == _LITERAL_STYLE:
        first = line + 1
        lines = value.split("\n")
        body = rows[first : first + len(lines)]
        indent = next((len(row) - len(row.lstrip(" ")) for row in body if row.strip()), 0)
        if all(not part or (k < len(body) and body[k] == " " * indent + part) for k, part in enumerate(lines)):
            return (first + 1, indent + 1)
    return None


_Positions = tuple[dict[PathKey, Position], dict[PathKey, Position], dict[PathKey, tuple[Position, str]]]


def _plain_positions(text: str, trail: _Trail) -> _Positions:
    """The line map (values, keys, texts) of a text that `_plain_data` took, from the `trail` it
    left: what `_Builder` records of it, and nothing else. Such a text is one document of
    untagged mappings, lists and scalars, without anchors or duplicate keys, already checked, so
    nothing is parsed, built or checked again (tests/test_loader_agreement.py holds the two to
    the same map)."""
    values: dict[PathKey, Position] = {}
    keys: dict[PathKey, Position] = {}
    texts: dict[PathKey, tuple[Position, str]] = {}
    rows = text.splitlines()
    line_shift, column_shift, column_mask = _LINE_SHIFT, _COLUMN_SHIFT, _COLUMN_MASK
    stack: list[tuple[PathKey, bool, int]] = []
    path: PathKey = ()  # the collection the next node goes in, once the root is placed
    mapping = False
    count = 0  # the items so far of the list at `path`
    keyed: PathKey | None = None  # the path of the value that comes next, in a mapping
    places = iter(trail.places)
    words = iter(trail.words)
    for place in places:
        what = place & 7
        if what == _END:
            path, mapping, count = stack.pop()
            continue
        line, column = place >> line_shift, place >> column_shift & column_mask
        if mapping and keyed is None:  # (a key is a scalar: `_plain_data` took no other)
            keyed = path + (next(words),)
            keys[keyed] = (line + 1, column + 1)
            continue
        if keyed is not None:
            here, keyed = keyed, None
        elif not values:
            here = ()  # the root
        else:
            here, count = path + (count,), count + 1
        values[here] = (line + 1, column + 1)
        if what >= _MAPPING:
            stack.append((path, mapping, count))
            path, mapping, count = here, what == _MAPPING, 0
        elif what == _TEXT:
            end = next(places)
            value = next(words)
            start = _verbatim_at(
                rows, end & 7, line, column, end >> line_shift, end >> column_shift & column_mask, value
            )
            if start:
                texts[here] = (start, value)
    return values, keys, texts


def _too_long(value: str) -> int:
    """The digits of a whole number (decimal, octal or hexadecimal) of more than MAX_DIGITS digits, else 0."""
    if len(value) <= MAX_DIGITS:
        return 0
    if _INT.match(value):
        return len(value.lstrip("+-"))
    return len(value) - 2 if _INT_OCT.match(value) or _INT_HEX.match(value) else 0


def _core_value(value: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema (no dates, no yes/no booleans)."""
    if value and value[0] not in _NOT_ONLY_TEXT:
        return value
    if len(value) > MAX_DIGITS and _too_long(value):
        raise _Unusual  # the quick pass leaves it to the builder, which reports it
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if value in _FLOAT_SPECIAL:
        return _FLOAT_SPECIAL[value]
    return value
