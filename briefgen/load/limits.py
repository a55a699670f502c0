"""Limits on the size of a brief, checked on the loaded data before its shape.

They bound the work that validation and rendering do for any input: a list of a
million items or a hundred thousand quotes, each searched for in its source, would
otherwise keep `validate` busy for minutes. The loader bounds the file itself (size,
nesting, values); these bound what it holds.
"""

from __future__ import annotations

from typing import Any

from briefgen.brief.sections import PathKey
from briefgen.diagnostics import Diagnostic, diagnostic
from briefgen.load.document import LineMap
from briefgen.load.shape import describe_path

MAX_ITEMS = 1_000
MAX_CITATIONS = 5_000


def check_limits(
    data: dict[str, Any],
    lines: LineMap,
    file: str,
    sizes: tuple[int, int] | None = None,
) -> list[Diagnostic]:
    """Lists longer than MAX_ITEMS (each at its first item too many) and, over the whole brief,
    more than MAX_CITATIONS pieces of evidence (at the first citation too many). `sizes`, the
    longest list's length and the number of nodes when the loader counted them (`Loaded.sizes`),
    spare the walk: a brief of no more nodes than MAX_CITATIONS cannot cite more."""
    if sizes is not None and sizes[0] <= MAX_ITEMS and sizes[1] <= MAX_CITATIONS:
        return []
    if _within_limits(data):
        return []
    found: list[Diagnostic] = []
    citations: list[PathKey] = []
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (key,), item) for key, item in value.items())
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                found.append(
                    diagnostic(
                        "BG112",
                        f"{describe_path(path)} has {len(value):,} items; a list holds at most {MAX_ITEMS:,}",
                        file,
                        lines.value(path + (MAX_ITEMS,)),
                        "split the brief into briefs of a manageable size",
                    )
                )
            if path and path[-1] == "evidence":
                citations.extend(path + (index,) for index in range(len(value)))
            stack.extend((path + (index,), item) for index, item in enumerate(value))
    if len(citations) > MAX_CITATIONS:
        citations.sort(key=lines.value)
        found.append(
            diagnostic(
                "BG113",
                f"the brief cites {len(citations):,} pieces of evidence; the limit is {MAX_CITATIONS:,}",
                file,
                lines.value(citations[MAX_CITATIONS]),
                "cite the strongest evidence, or split the brief",
            )
        )
    return sorted(found, key=Diagnostic.sort_key)


def _within_limits(data: dict[str, Any]) -> bool:
    """The same walk without the paths that only a diagnostic needs: almost every brief is within
    the limits, and building a path for each of its values cost more than the rest of the walk."""
    citations = 0
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, (dict, list)):
                    stack.append(item)
                    if key == "evidence" and isinstance(item, list):
                        citations += len(item)
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                return False
            stack.extend(item for item in value if isinstance(item, (dict, list)))
    return citations <= MAX_CITATIONS
