"""Find quoted evidence in archived source texts, surviving the mess of real text.

Both the quote and the source are normalised the same way: typographic quotes and
apostrophes become ASCII, dashes become '-', every run of white space (non-breaking
spaces and line breaks included) becomes one space, Markdown link residue such as
`[fuel](#)` keeps only its text, and case is folded. A quote's `...` (or `…`) marks an
elision: its parts must appear in order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

_SINGLE = "‘’‚‛′`´"
_DOUBLE = "“”„‟″«»"
_DASHES = "‐‑‒–—―−"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\n\f\v\u2028\u2029\x85"
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_TABLE = {ord(c): "'" for c in _SINGLE}
_TABLE.update({ord(c): '"' for c in _DOUBLE})
_TABLE.update({ord(c): "-" for c in _DASHES})
_TABLE.update({ord(c): " " for c in _SPACES})
_TABLE.update({ord(c): None for c in _DROPPED})
_TABLE[ord("…")] = "..."

_WHITE = re.compile(r" {2,}")
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([^()\s]{0,500}\)")
_ELISION = re.compile(r"\s*(?:\.\s?\.\s?\.|…)\s*")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The comparable form of a text (see the module docstring)."""
    text = _LINK.sub(r"\1", text.translate(_TABLE))
    return _WHITE.sub(" ", text).casefold()


def quote_parts(quote: str) -> list[str]:
    """The normalised parts of a quote, split at its `...` elisions."""
    parts = _ELISION.split(quote.translate(_TABLE))
    return [normalise(part).strip() for part in parts if normalise(part).strip()]


@dataclass(frozen=True)
class Span:
    """A passage of the original text: [start, end) in characters."""

    start: int
    end: int


class NormalisedText:
    """A source text normalised once, searchable for many quotes."""

    def __init__(self, text: str):
        self.text = text
        self.normal = normalise(text)
        self._offsets: list[int] | None = None

    def find(self, quote: str) -> list[tuple[int, int]] | None:
        """Where each part of the quote stands in the normalised text, or None if absent."""
        found: list[tuple[int, int]] = []
        cursor = 0
        for part in quote_parts(quote):
            at = self.normal.find(part, cursor)
            if at < 0:
                return None
            found.append((at, at + len(part)))
            cursor = at + len(part)
        return found or None

    def contains(self, quote: str) -> bool:
        return self.find(quote) is not None

    def spans(self, quote: str) -> list[Span] | None:
        """The passages of the original text that the quote's parts match."""
        found = self.find(quote)
        if found is None:
            return None
        offsets = self.offsets()
        return [Span(offsets[start], offsets[end - 1] + 1) for start, end in found]

    def offsets(self) -> list[int]:
        """For each character of the normalised text, its index in the original text."""
        if self._offsets is None:
            normal, offsets = _normalise_with_offsets(self.text)
            if normal != self.normal:  # pragma: no cover - guarded by a property test
                raise AssertionError("offset normalisation drifted from normalise()")
            self._offsets = offsets
        return self._offsets

    def closest(self, quote: str) -> tuple[str, float, int] | None:
        """The passage most like the quote: (original text, similarity 0–1, start offset)."""
        target = [w.lower() for w in _WORD.findall(quote)]
        words = list(_WORD.finditer(self.text))
        if not target or not words:
            return None
        size = min(len(target), len(words))
        want = Counter(target)
        window: Counter[str] = Counter(w.group().lower() for w in words[:size])
        best_score, best_at = sum((window & want).values()), 0
        for at in range(1, len(words) - size + 1):
            window[words[at - 1].group().lower()] -= 1
            window[words[at + size - 1].group().lower()] += 1
            score = sum((window & want).values()) if words[at + size - 1].group().lower() in want else -1
            if score > best_score:
                best_score, best_at = score, at
        start, end = words[best_at].start(), words[best_at + size - 1].end()
        passage = self.text[start:end]
        ratio = SequenceMatcher(None, normalise(passage), " ".join(quote_parts(quote))).ratio()
        return passage, ratio, start


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """normalise(), keeping for each output character the index of its source character."""
    translated: list[tuple[str, int]] = [
        (piece, index) for index, char in enumerate(text) for piece in (_TABLE.get(ord(char), char) or "")
    ]
    skips: dict[int, int] = {}
    for match in _LINK.finditer("".join(piece for piece, _ in translated)):
        skips[match.start()] = match.start(1)
        skips[match.end(1)] = match.end()
    chars: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(translated):
        if i in skips:
            i = skips[i]
            continue
        piece, index = translated[i]
        i += 1
        if piece == " " and chars and chars[-1] == " ":
            continue
        for out in piece.casefold():
            chars.append(out)
            offsets.append(index)
    return "".join(chars), offsets
