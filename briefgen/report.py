"""Print diagnostics for people (text), programs (json) and GitHub Actions (workflow annotations)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.diagnostics import Diagnostic

FORMATS = ("text", "json", "github")
# Said of each brief whose loading or shape failed, since the later layers cannot run on it.
UNCHECKED = "references, evidence and tradecraft were not checked: they run once the BG1xx/BG2xx errors are fixed"

# Control characters, line separators and bidirectional overrides: text from a brief or an
# archived source must not break a diagnostic's line, drive the terminal, or reorder what
# a reviewer reads. Every format writes them as escapes: text and GitHub annotations with
# `printable`, JSON with `json_text`; Markdown comments escape their own syntax too.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


# What JSON leaves as it is: its own line breaks are its layout, and it escapes C0 in strings.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every unsafe character written as an escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def json_text(data: object) -> str:
    """`data` as indented JSON for a terminal or a program: JSON escapes the C0 controls itself,
    and the other unsafe characters (DEL, C1 controls, line separators, bidirectional overrides),
    which it would write as they are, are written as `\\uXXXX` escapes too (the same strings)."""
    import json  # here: text and GitHub reports, the usual ones, do without it

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def github_text(text: str) -> str:
    """A value in a GitHub annotation (message, file, title): its own line breaks kept (escaped
    as GitHub specifies), every other unsafe character written as an escape."""
    return "\n".join(printable(line) for line in text.split("\n"))


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    lines = []
    for item in diagnostics:
        lines.append(printable(f"{item.location}: {item.severity} {item.code} {item.name}: {item.message}"))
        if item.hint:
            lines.append(f"    hint: {printable(item.hint)}")
        lines.extend(f"    {label}: {printable(text)}" for label, text in item.details)
    return "\n".join(lines)


def format_notes(unchecked: Iterable[str]) -> str:
    """A note for each brief file whose references, evidence and tradecraft were not checked."""
    return "\n".join(printable(f"{file}: note: {UNCHECKED}") for file in unchecked)


def format_json(diagnostics: Iterable[Diagnostic], briefs: int, unchecked: Iterable[str] = ()) -> str:
    items = [
        {
            "code": d.code,
            "name": d.name,
            "severity": d.severity,
            "message": d.message,
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "hint": d.hint,
            **(d.data or {}),
        }
        for d in diagnostics
    ]
    summary = {
        "briefs": briefs,
        "errors": sum(1 for d in items if d["severity"] == "error"),
        "warnings": sum(1 for d in items if d["severity"] == "warning"),
    }
    notes = [{"file": file, "message": UNCHECKED} for file in unchecked]
    return json_text({"summary": summary, "diagnostics": items, "notes": notes})


def escape_data(text: str) -> str:
    """Escape an annotation message as GitHub's workflow-command syntax requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape an annotation property value (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Iterable[Diagnostic], unchecked: Iterable[str] = ()) -> str:
    lines = []
    for item in diagnostics:
        props = [f"file={escape_property(printable(item.file))}"]
        if item.line is not None:
            props += [f"line={item.line}", f"col={item.column or 1}"]
        props.append(f"title={escape_property(f'{item.code} {item.name}')}")
        message = github_text(item.message) + (f"\nhint: {github_text(item.hint)}" if item.hint else "")
        message += "".join(f"\n{label}: {github_text(text)}" for label, text in item.details)
        lines.append(f"::{item.severity} {','.join(props)}::{escape_data(message)}")
    for file in unchecked:
        shown = escape_property(printable(file))
        lines.append(f"::notice file={shown},title=checks not run::{escape_data(UNCHECKED)}")
    return "\n".join(lines)


def summary_line(briefs: int, diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    noun = "brief" if briefs == 1 else "briefs"
    if not diagnostics:
        return f"{briefs} {noun} valid"
    return f"{briefs} {noun} checked: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
