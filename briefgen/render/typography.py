"""Typographic punctuation for the text a reader sees: curly quotes and apostrophes, en and em
dashes, and quotations nested the way print sets them (“ ‘ ’ ”).

Prose fields get the same treatment from Markdown's smart quotes (`briefgen.render.markdown`);
these functions are for the plain fields (titles, drivers, notes, quoted passages).
"""

from __future__ import annotations

import re
from functools import lru_cache

_DASHES = (
    (re.compile(r"(?<!-)---(?!-)"), "—"),
    (re.compile(r"(?<!-)--(?!-)"), "–"),
    (re.compile(r"(?<= )-(?= )"), "–"),
)
# An apostrophe inside or at the end of a word (don't, Russia's, States'), or before a year ('90s).
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d\d(?:s|\b))")
# A quotation mark opens at the start, or after a space, an opening bracket, a dash or another opening mark.
_OPENS_AFTER = " \t\n([{—–‘“/"


def dashes(text: str) -> str:
    """`---` as an em dash, `--` and a hyphen between spaces as an en dash."""
    for pattern, dash in _DASHES:
        text = pattern.sub(dash, text)
    return text


# Kept by text: a brief's view is built again after each save (serve), from the same texts but one.
@lru_cache(maxsize=8192)
def typographic(text: str) -> str:
    """Straight quotes curled, `--` and `---` and a spaced hyphen as dashes; nothing else changes."""
    text = _APOSTROPHE.sub("’", dashes(text))
    out = []
    for position, char in enumerate(text):
        if char in "'\"":
            opens = position == 0 or text[position - 1] in _OPENS_AFTER
            char = ("‘" if opens else "’") if char == "'" else ("“" if opens else "”")
        out.append(char)
    return "".join(out)


# Kept by text too: the same passages are quoted again on each save (serve), a hundred a brief.
@lru_cache(maxsize=8192)
def quotation(text: str) -> str:
    """A quoted passage as it stands inside the double quotation marks the page sets around it:
    marks that wrap the whole passage are dropped (they would double the page's), and the marks
    inside alternate one level down: double become single, and single (a quotation within the
    quoted one) become double: “ ‘ “ ” ’ ”."""
    text = typographic(text.strip())
    if _wrapped(text):
        text = text[1:-1].strip()
    out, open_singles = [], 0
    for position, char in enumerate(text):
        if char in "“”":
            char = "‘" if char == "“" else "’"
        elif char == "‘":
            open_singles += 1
            char = "“"
        elif char == "’" and open_singles and not _inside_word(text, position):
            # a closing single mark, not an apostrophe (which stays): it closes the open one
            open_singles -= 1
            char = "”"
        out.append(char)
    return "".join(out)


def _inside_word(text: str, position: int) -> bool:
    return 0 < position < len(text) - 1 and text[position - 1].isalnum() and text[position + 1].isalnum()


def _wrapped(text: str) -> bool:
    """Whether the first mark of `text` opens a quotation that closes at its very end."""
    if len(text) < 2 or text[0] != "“" or text[-1] != "”":
        return False
    depth = 0
    for position, char in enumerate(text):
        depth += char == "“"
        depth -= char == "”"
        if depth == 0 and position < len(text) - 1:
            return False
    return depth == 0
