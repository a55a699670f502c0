"""Find quoted evidence in archived source texts, surviving the mess of real text.

Both the quote and the source are normalised the same way: typographic quotes and
apostrophes become ASCII, dashes become '-', every run of white space (non-breaking
spaces, line breaks and list bullets included) becomes one space, Markdown link residue such as
`[fuel](#)` keeps only its text, and case is folded. A quote's `...` (or `…`) marks an
elision: its parts must appear in order.

A source is normalised once, with C-speed string operations only, and then searched
for every quote that cites it; the map back to the original text (for highlighting) and
the word list for suggesting the closest passage are built only when asked for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

_SINGLE = "‘’‚‛′`´"
_DOUBLE = "“”„‟″«»"
_DASHES = "‐‑‒–—―−"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\n\f\v\u2028\u2029\x85"
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# List bullets: a quote copied from a rendered list has none, and may run across items.
_BULLETS = "•◦‣⁃▪∙●"

_REPLACE = {c: "'" for c in _SINGLE} | {c: '"' for c in _DOUBLE} | {c: "-" for c in _DASHES}
_REPLACE |= {c: " " for c in _SPACES + _BULLETS} | {c: "" for c in _DROPPED} | {"…": "..."}
# The few ASCII characters first, so that an ASCII text (most quotes) skips the rest.
_REPLACE = dict(sorted(_REPLACE.items(), key=lambda item: not item[0].isascii()))
_LAST_ASCII = [char for char in _REPLACE if char.isascii()][-1]
_SPECIAL = re.compile("[" + re.escape("".join(_REPLACE)) + "]")
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([^()\s]{0,500}\)")
_WHITE = re.compile("  +")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ELISION = re.compile(r"\.(?:\s?\.){2,}")
_WORD = re.compile(r"\w+")
_ASCII = bytes(range(128))


def _translate(text: str) -> str:
    """Replace typographic quotes, dashes, white space and `…`; drop invisible characters.

    One `str.replace` per character actually present: each is a C-speed pass, where
    `str.translate` with a table goes through a dictionary for every character.
    """
    for char, replacement in _REPLACE.items():
        if char in text:
            text = text.replace(char, replacement)
        elif char == _LAST_ASCII and text.isascii():
            break
    return text


def _casefold(text: str) -> str:
    """`text.casefold()`, mostly as bytes: a text that is not all ASCII folds slowly, character by
    character, but folding is per character, so the few characters beyond ASCII are folded one by
    one and the rest by `bytes.lower` on the UTF-8 (which touches ASCII letters only). Folding a
    folded character changes nothing, so no replacement undoes another."""
    if text.isascii():
        return text.lower()
    data = text.encode("utf-8", "surrogatepass")
    others = set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
    folds = [char for char in others if char.casefold() != char]
    if folds:
        for char in folds:
            text = text.replace(char, char.casefold())
        data = text.encode("utf-8", "surrogatepass")
    return data.lower().decode("utf-8", "surrogatepass")


def normalise(text: str) -> str:
    """The comparable form of a text (see the module docstring)."""
    return _settled(_translate(text))


def _settled(text: str) -> str:
    """`normalise` of a text already translated (translating it again would change nothing)."""
    return _casefold(_WHITE.sub(" ", _unlink(text)))


def _unlink(text: str) -> str:
    """Each link of `text` replaced by its text, as `_LINK.sub` would: each "[" is found by `str.find`
    and tried there, which is faster than the regular expression's own scan through a long text."""
    find, match = text.find, _LINK.match
    pieces: list[str] = []
    cursor = 0
    at = find("[")
    while at >= 0:
        link = match(text, at)
        if link is None:
            at = find("[", at + 1)
            continue
        pieces += (text[cursor:at], link.group(1))
        cursor = link.end()
        at = find("[", cursor)
    if not pieces:
        return text
    pieces.append(text[cursor:])
    return "".join(pieces)


def quote_parts(quote: str) -> list[str]:
    """The normalised parts of a quote, split at its `...` elisions (four dots or `. . .` too)."""
    parts = (_settled(part).strip() for part in _ELISION.split(_translate(quote)))
    return [part for part in parts if part]


@dataclass(frozen=True)
class Span:
    """A passage of the original text: [start, end) in characters."""

    start: int
    end: int


def whole_words(term: str) -> re.Pattern[str]:
    """`term` where it stands as whole words: no letter or digit beside a letter or digit at its edges."""
    return re.compile(
        (r"(?<![^\W_])" if term[:1].isalnum() else "")
        + re.escape(term)
        + (r"(?![^\W_])" if term[-1:].isalnum() else "")
    )


class NormalisedText:
    """A source text normalised once, searchable for many quotes."""

    def __init__(self, text: str):
        self.text = text
        self.normal = normalise(text)
        self._origins: _Origins | None = None
        self._words: tuple[list[re.Match[str]], list[str]] | None = None

    def find(self, quote: str) -> list[tuple[int, int]] | None:
        """Where each part of the quote stands in the normalised text, or None if absent: the
        first place where it stands as whole words, else the first place at all (which cuts a word)."""
        found: list[tuple[int, int]] = []
        cursor = 0
        for part in quote_parts(quote):
            at = self.normal.find(part, cursor)
            if at < 0:
                return None
            if self._cuts(at, at + len(part)):
                whole = whole_words(part).search(self.normal, at + 1)
                at = whole.start() if whole else at
            found.append((at, at + len(part)))
            cursor = at + len(part)
        return found or None

    def _cuts(self, start: int, end: int) -> bool:
        normal = self.normal
        size = len(normal)
        for edge in (start, end):  # a loop, not any() over a generator: called for every quote
            if 0 < edge < size and normal[edge - 1].isalnum() and normal[edge].isalnum():
                return True
        return False

    def contains(self, quote: str) -> bool:
        return self.find(quote) is not None

    def spans(self, quote: str) -> list[Span] | None:
        """The passages of the original text that the quote's parts match."""
        found = self.find(quote)
        if found is None:
            return None
        return [Span(self.origin(start), self.origin(end - 1) + 1) for start, end in found]

    def cut_word(self, found: list[tuple[int, int]]) -> tuple[int, bool, Span] | None:
        """The first word of the normalised text that an edge of a found quote's part cuts in
        two: (the part's number from 0, whether it is the part's start, the word in the normalised
        text), or None when every edge falls between words."""
        for number, (start, end) in enumerate(found):
            for edge in (start, end):
                if self._cuts(edge, edge):
                    return number, edge == start, self.word_at(edge)
        return None

    def word_at(self, index: int) -> Span:
        """The run of letters and digits around `index` in the normalised text."""
        normal, start, end = self.normal, index, index
        while start > 0 and normal[start - 1].isalnum():
            start -= 1
        while end < len(normal) and normal[end].isalnum():
            end += 1
        return Span(start, end)

    def origin(self, index: int) -> int:
        """The index in the original text of the character at `index` of the normalised text."""
        if self._origins is None:
            self._origins = _Origins(self.text)
            if self._origins.normal != self.normal:  # pragma: no cover - guarded by a property test
                raise AssertionError("the map to the original text drifted from normalise()")
        return self._origins.origin(index)

    def shown(self, start: int, end: int) -> str:
        """The original characters behind normal[start:end], as a page shows them: without the
        Markdown residue of links or invisible characters, white space as in the original."""
        picked = dict.fromkeys(self.origin(index) for index in range(start, end))
        return "".join(self.text[index] for index in picked)

    def closest(self, quote: str) -> tuple[str, float, int] | None:
        """The passage most like the quote: (original text, similarity 0–1, start offset).

        The passage is the run of as many words as the quote has that shares the most words
        with it (the first such run); one pass over the source's words, kept for later quotes.
        """
        from difflib import SequenceMatcher  # only a quote that is not found needs it

        target = [w.lower() for w in _WORD.findall(quote)]
        if self._words is None:
            matches = list(_WORD.finditer(self.text))
            self._words = matches, [m.group().lower() for m in matches]
        words, lowered = self._words
        if not target or not words:
            return None
        size = min(len(target), len(words))
        want = Counter(target)
        have = dict.fromkeys(want, 0)
        score = 0
        for word in lowered[:size]:
            if word in have:
                score += have[word] < want[word]
                have[word] += 1
        best_score, best_at = score, 0
        for at in range(1, len(lowered) - size + 1):
            gone, new = lowered[at - 1], lowered[at + size - 1]
            if gone in have:
                have[gone] -= 1
                score -= have[gone] < want[gone]
            if new in have:
                score += have[new] < want[new]
                have[new] += 1
                if score > best_score:
                    best_score, best_at = score, at
        start, end = words[best_at].start(), words[best_at + size - 1].end()
        passage = self.text[start:end]
        ratio = SequenceMatcher(None, normalise(passage), " ".join(quote_parts(quote))).ratio()
        return passage, ratio, start


# A piece of a text derived from the original: from `start` on, its characters come from the
# original text at `origin` onwards (`copies`), or all from the one character at `origin`.
_Segment = tuple[int, int, bool]
_Edit = tuple[int, int, str]


class _Origins:
    """normalise(), step by step, keeping where each character of the result comes from.

    Only the places where a step changes the text are visited, so this costs about as
    much as normalising again, not a Python step per character.
    """

    def __init__(self, text: str):
        self.normal = text
        self.segments: list[_Segment] = [(0, 0, True)]
        self._edit([(m.start(), m.end(), _REPLACE[m.group()]) for m in _SPECIAL.finditer(text)])
        self._edit(
            [
                edit
                for m in _LINK.finditer(self.normal)
                for edit in ((m.start(), m.start(1), ""), (m.end(1), m.end(), ""))
            ]
        )
        self._edit([(m.start(), m.end(), " ") for m in _WHITE.finditer(self.normal)])
        folded = self.normal.casefold()
        if len(folded) != len(self.normal):
            self._edit(
                [
                    (m.start(), m.end(), m.group().casefold())
                    for m in _NON_ASCII.finditer(self.normal)
                    if len(m.group().casefold()) != 1
                ]
            )
        self.normal = folded
        self.starts = [segment[0] for segment in self.segments]

    def origin(self, index: int) -> int:
        """The index in the original text of the character at `index` of the normalised text."""
        return self._origin(self.segments, self.starts, index)

    @staticmethod
    def _origin(segments: list[_Segment], starts: list[int], index: int) -> int:
        start, origin, copies = segments[bisect_right(starts, index) - 1]
        return origin + (index - start) if copies else origin

    def _edit(self, edits: list[_Edit]) -> None:
        """Apply sorted, disjoint edits (replace text[a:b] by a string) to the text and its segments."""
        if not edits:
            return
        text, segments = self.normal, self.segments
        starts = [segment[0] for segment in segments]
        pieces: list[str] = []
        result: list[_Segment] = []
        cursor = shift = 0
        for a, b, replacement in [*edits, (len(text), len(text), "")]:
            if a > cursor:
                pieces.append(text[cursor:a])
                j = bisect_right(starts, cursor) - 1
                start, origin, copies = segments[j]
                result.append((cursor + shift, origin + (cursor - start) if copies else origin, copies))
                for start, origin, copies in segments[j + 1 : bisect_right(starts, a - 1, j + 1)]:
                    result.append((start + shift, origin, copies))
            if replacement:
                pieces.append(replacement)
                result.append((a + shift, self._origin(segments, starts, a), False))
            shift += len(replacement) - (b - a)
            cursor = b
        self.normal, self.segments = "".join(pieces), result or [(0, 0, True)]
