"""What the sections of a brief are: its lists of items with ids, their free text, the items that
state an estimate, and how a place in the brief's data is written. Data only (no models), so
that every layer can read it without importing Pydantic."""

from __future__ import annotations

import re
from typing import Any

PathKey = tuple[Any, ...]

# The lists of a brief that hold items with ids, and what one item is called.
SECTIONS: dict[str, str] = {
    "key_judgments": "key judgment",
    "scenarios": "scenario",
    "implications": "implication",
    "indicators": "indicator",
    "assumptions": "assumption",
    "gaps": "gap",
    "sources": "source",
}

# Free-text (Markdown) fields, per section, where inline `[@S1]` citations are looked for.
PROSE_FIELDS: dict[str, tuple[str, ...]] = {
    "": ("bottom_line", "scope_note", "source_summary"),
    "key_judgments": ("statement", "rationale"),
    "scenarios": ("description",),
    "implications": ("statement",),
    "indicators": ("description",),
    "assumptions": ("statement", "rationale"),
    "gaps": ("statement", "collection"),
    "sources": ("summary",),
}

# The items that state an estimate (a likelihood), each with the field whose wording states it.
HEADLINES: dict[str, str] = {"key_judgments": "statement", "scenarios": "title"}
ESTIMATES: tuple[str, ...] = tuple(HEADLINES)

# Inline citations in prose: `[@S1]`, `[@S1; @S3]`, and each id in one.
# `[@S1]`, `[@S1; @S2]`, `[@S1 @S2]`. The separator is `\s*(?:;\s*)?`, never `\s*;?\s*`: two
# white-space runs side by side can split a run of spaces in as many ways as it is long, and an
# unclosed `[@S1  @S1  …` then tries every way for every id (3x the time per id).
INLINE_CITATION = re.compile(r"\[((?:@[A-Za-z0-9_.:-]+\s*(?:;\s*)?)+)\]")
CITED_ID = re.compile(r"@([A-Za-z0-9_.:-]+)")
