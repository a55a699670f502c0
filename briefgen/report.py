"""Print diagnostics for people (text), programs (json) and GitHub Actions (workflow annotations)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefgen.diagnostics import Diagnostic

FORMATS = ("text", "json", "github")
# Said of each brief whose loading or shape failed, since the later layers cannot run on it.
UNCHECKED = "references, evidence and tradecraft were not checked: they run once the BG1xx/BG2xx errors are fixed"

# Control characters, line separators and bidirectional overrides: text from a brief or an
# archived source must not break a diagnostic's line, drive the terminal, or reorder what
# a reviewer reads. (GitHub annotations carry text exactly, escaped as GitHub specifies.)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every unsafe character written as an escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


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
    import json  # here: text and GitHub reports, the usual ones, do without it

    return json.dumps({"summary": summary, "diagnostics": items, "notes": notes}, indent=2, ensure_ascii=False)


def escape_data(text: str) -> str:
    """Escape an annotation message as GitHub's workflow-command syntax requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape an annotation property value (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Iterable[Diagnostic], unchecked: Iterable[str] = ()) -> str:
    lines = []
    for item in diagnostics:
        props = [f"file={escape_property(item.file)}"]
        if item.line is not None:
            props += [f"line={item.line}", f"col={item.column or 1}"]
        props.append(f"title={escape_property(f'{item.code} {item.name}')}")
        message = item.message + (f"\nhint: {item.hint}" if item.hint else "")
        message += "".join(f"\n{label}: {text}" for label, text in item.details)
        lines.append(f"::{item.severity} {','.join(props)}::{escape_data(message)}")
    for file in unchecked:
        lines.append(f"::notice file={escape_property(file)},title=checks not run::{escape_data(UNCHECKED)}")
    return "\n".join(lines)


def summary_line(briefs: int, diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    noun = "brief" if briefs == 1 else "briefs"
    if not diagnostics:
        return f"{briefs} {noun} valid"
    return f"{briefs} {noun} checked: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
