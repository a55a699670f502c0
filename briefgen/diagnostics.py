"""Diagnostics: every problem found in a brief, as a value with a stable code."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """A stable diagnostic code: its short name, default severity and what it means."""

    code: str
    name: str
    severity: Severity
    summary: str


def _codes(*codes: Code) -> dict[str, Code]:
    return {code.code: code for code in codes}


CODES: dict[str, Code] = _codes(
    # Loading: the file itself.
    Code("BG101", "file-too-large", "error", "The file is larger than the size limit."),
    Code("BG102", "not-utf8", "error", "The file is not UTF-8 text."),
    Code("BG103", "yaml-syntax", "error", "The file is not well-formed YAML."),
    Code("BG104", "duplicate-key", "error", "A mapping has the same key twice."),
    Code("BG105", "disallowed-tag", "error", "A YAML tag other than the standard ones."),
    Code("BG106", "value-limit", "error", "The document, with its aliases expanded, has too many values."),
    Code("BG107", "nesting-limit", "error", "Mappings and lists nest deeper than the limit."),
    Code("BG108", "not-a-mapping", "error", "The document is not a mapping of fields."),
    Code("BG109", "empty-file", "error", "The file holds no YAML document."),
    Code("BG110", "multiple-documents", "error", "The file holds more than one YAML document."),
    Code("BG111", "unreadable-file", "error", "The file cannot be read."),
    Code("BG112", "list-too-long", "error", "A list holds more items than the limit."),
    Code("BG113", "too-many-citations", "error", "The brief cites more pieces of evidence than the limit."),
    Code("BG114", "control-character", "error", "A text holds a control character (from an escape such as \\0)."),
    Code("BG115", "number-too-long", "error", "A whole number has more digits than the limit."),
    # Shape: the Pydantic models.
    Code("BG201", "unknown-field", "error", "A field the format does not have (often a typo)."),
    Code("BG202", "missing-field", "error", "A required field is missing."),
    Code("BG203", "invalid-value", "error", "A value is not one the field accepts."),
    Code("BG204", "wrong-type", "error", "A value has the wrong type (text, number, list, mapping)."),
    # References: ids and links between items, archived files.
    Code("BG301", "duplicate-id", "error", "Two items share one id."),
    Code("BG302", "unresolved-reference", "error", "A reference names no item of the right kind."),
    Code("BG303", "unresolved-inline-citation", "error", "An inline `[@id]` citation names no source."),
    Code("BG304", "scenario-without-indicator", "error", "A scenario has no indicator to tell it apart."),
    Code("BG305", "uncited-source", "warning", "A source is listed but never cited."),
    Code("BG306", "likelihood-off-scale", "error", "A likelihood term is not on the brief's scale."),
    Code("BG307", "indicator-not-signalling", "warning", "A scenario lists an indicator that does not signal it."),
    Code("BG310", "archive-outside-folder", "error", "An `archive` path leads outside the brief's folder."),
    Code("BG311", "archive-missing", "error", "An archived source file does not exist."),
    Code("BG312", "archive-not-text", "error", "An archived source is not UTF-8 text."),
    Code("BG313", "archive-too-large", "error", "An archived source is larger than the limit."),
    Code("BG314", "archives-too-large", "error", "The brief's archived sources together are larger than the limit."),
    # Evidence: quotes against archived texts.
    Code("BG401", "quote-not-found", "error", "A quote is not in its source's archived text."),
    Code(
        "BG402",
        "quote-cuts-word",
        "error",
        "A quote starts or ends in the middle of a word of its source (`xisting` for `existing`).",
    ),
)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: code, severity, message, where it is, and how to fix it."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    # Where in the brief's data the problem is (e.g. `("key_judgments", 2, "statement")`):
    # it tells which item a finding belongs to, so that the item's waivers can apply.
    path: tuple[Any, ...] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return CODES[self.code].name if self.code in CODES else ""

    @property
    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)


def diagnostic(
    code: str,
    message: str,
    file: str,
    position: tuple[int, int] | None = None,
    hint: str | None = None,
    path: tuple[Any, ...] | None = None,
) -> Diagnostic:
    """Make a diagnostic with its code's default severity; `position` is 1-based (line, column)."""
    line, column = position if position else (None, None)
    located = tuple(path) if path is not None else None
    return Diagnostic(code, CODES[code].severity, message, file, line, column, hint, located)


def register(*codes: Code) -> None:
    """Add codes from a later layer (e.g. tradecraft checks) to the catalogue."""
    for code in codes:
        CODES[code.code] = code


def show(value: object, limit: int = 80) -> str:
    """A value from a brief as a message quotes it: in quotes, control characters escaped and
    cut short, so that no input can break a diagnostic's line or flood the screen."""
    if isinstance(value, str):  # invisible characters as escapes; backslashes as they are
        body = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value)
        quote = '"' if "'" in value and '"' not in value else "'"
        text = quote + body + quote
    else:  # YAML's words for true, false and null, not Python's
        text = "true" if value is True else "false" if value is False else "null" if value is None else repr(value)
    if len(text) <= limit:
        return text
    return text[: limit - 2] + "…" + (text[0] if text[0] in "'\"" else "")
