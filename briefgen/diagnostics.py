"""Diagnostics: every problem found in a brief, as a value with a stable code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from briefgen.codes import CODES, Severity

# Given diagnostics of the check that made them, in the order shown, the same completed.
Completion = Callable[[list["Diagnostic"]], list["Diagnostic"]]


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
    # More to show below the hint, as (label, text) lines (the closest passage's diff, a corrected
    # quote), and the same as structured data for `--format json`.
    details: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    data: dict[str, Any] | None = field(default=None, compare=False)
    # What only a shown diagnostic needs (a BG401's closest passage) is left for after the cap
    # (`complete`): the check that made the diagnostic completes all of its shown ones at once.
    completion: Completion | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        return CODES[self.code].name

    @property
    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
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
    details: tuple[tuple[str, str], ...] = (),
    data: dict[str, Any] | None = None,
    completion: Completion | None = None,
) -> Diagnostic:
    """Make a diagnostic with its code's default severity; `position` is 1-based (line, column)."""
    line, column = position if position else (None, None)
    located = tuple(path) if path is not None else None
    return Diagnostic(code, CODES[code].severity, message, file, line, column, hint, located, details, data, completion)


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


# No brief reports more than this many diagnostics of one code: past it, one more says how many
# were left out. 99,000 misspelt keys are 100 diagnostics and a count, not 198,000 lines.
SHOWN_PER_CODE = 100


def cap_per_code(found: list[Diagnostic], limit: int = SHOWN_PER_CODE) -> list[Diagnostic]:
    """The first `limit` diagnostics of each code in `found` (sorted as reports show them), and
    for a code with more, one diagnostic of that code, where the first one left out stands,
    saying how many were left out."""
    counts: dict[str, int] = {}
    for item in found:
        counts[item.code] = counts.get(item.code, 0) + 1
    if all(count <= limit for count in counts.values()):
        return found
    kept: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for item in found:
        seen[item.code] = seen.get(item.code, 0) + 1
        if seen[item.code] <= limit:
            kept.append(item)
        elif seen[item.code] == limit + 1:
            more = counts[item.code] - limit
            kept.append(
                replace(
                    item,
                    message=f"{more:,} more {item.code} {'problem' if more == 1 else 'problems'} in this file "
                    f"from here on, not shown (the first {limit} are)",
                    hint="fix the ones shown and validate again",
                    details=(),
                    data={"omitted": more},
                    completion=None,
                )
            )
    return kept


def complete(shown: list[Diagnostic]) -> list[Diagnostic]:
    """`shown` with each diagnostic left to complete (`Diagnostic.completion`) completed, in its
    place: each completion is called once, with all of its diagnostics in the order shown."""
    waiting: dict[Completion, list[int]] = {}
    for number, item in enumerate(shown):
        if item.completion is not None:
            waiting.setdefault(item.completion, []).append(number)
    if not waiting:
        return shown
    completed = list(shown)
    for completion, numbers in waiting.items():
        for number, done in zip(numbers, completion([shown[n] for n in numbers]), strict=True):
            completed[number] = replace(done, completion=None)
    return completed
