"""Search archived texts for a few remembered words, matched the way quotes are matched.

A text is not normalised whole (20 MB takes about a second, and `briefgen find` must keep up
with `grep`): its bytes are lowered once and searched, at C speed, for the query's longest word
(and its second longest); only a window around each place found is normalised, matched as a
quote (an exact hit) and otherwise scored with rapidfuzz's `partial_ratio`. A text whose words
normalisation would change inside a word (ligatures, soft hyphens, invisible characters, words
hyphenated at a line break) or whose letters lower case would miss (beyond ASCII) is normalised
whole instead, so that a hit never depends on how the file spells a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.text.normal import LINE_HYPHEN, normalise
from briefgen.text.quotes import NormalisedText, paragraph_numbers, parse_quote

# Places of a word looked at in one text, at most: a word more common says little.
_PLACES = 2_000
# Characters of context normalised around each place, beyond the query's own length.
_CONTEXT = 300
# Words of context shown on either side of a hit.
CONTEXT_WORDS = 12
# The least rapidfuzz score (0-100) of a hit that is not exact.
MIN_SCORE = 60.0
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\S+")
# In an ASCII text, what normalising would change inside a word: a hyphen at a line break.
_AWKWARD_ASCII = (b"-\n", b"-\r", b"- \n", b"-\t\n")


@dataclass(frozen=True)
class Hit:
    """A passage of one text like the query: where it stands and how like it is."""

    source: str
    start: int  # [start, end) in the text
    end: int
    passage: str  # the original text, whole words, white space as one space
    before: str  # up to CONTEXT_WORDS words before it, in its paragraph
    after: str
    score: float  # 100 for an exact hit
    exact: bool
    paragraph: int = 0


def _words(query: str) -> list[str]:
    """The query's words as normalised letters and digits, longest first (rarest, most likely)."""
    found = {word for word in _WORD.findall(normalise(query)) if len(word) > 1} or set(_WORD.findall(normalise(query)))
    return sorted(found, key=lambda word: (-len(word), word))


def search(source: str, raw: bytes, text: str, query: str, limit: int) -> list[Hit]:
    """The passages of one text (its bytes and their decoded text) most like the query, best first."""
    words = _words(query)
    if not words:
        return []
    places: list[int] = []
    if raw.isascii() and not any(mark in raw for mark in _AWKWARD_ASCII):
        lowered = raw.lower()  # ASCII: a byte's offset is its character's
        for word in words[:2]:
            places += _places(lowered, word.encode("ascii"))
    else:
        whole = NormalisedText(text)
        for word in words[:2]:
            places += [whole.origin(at) for at in whole.places(word, _PLACES)]
    width = len(query) + _CONTEXT
    windows: list[tuple[int, int]] = []
    for at in sorted(places):
        start, end = max(0, at - width), min(len(text), at + width)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    hits: list[Hit] = []
    for start, end in windows:
        # Whole words: the window starts and ends at white space.
        if start:
            start = _space_after(text, start)
        if end < len(text):
            end = _space_before(text, end)
        if start < end:
            hits.extend(_match(source, NormalisedText(text[start:end]), query, start))
    return _best(hits, limit)


def _places(haystack, needle) -> list[int]:  # type: ignore[no-untyped-def]
    """Where `needle` stands in `haystack` (bytes or text), at most `_PLACES` of them."""
    places: list[int] = []
    at = haystack.find(needle)
    while at >= 0 and len(places) < _PLACES:
        places.append(at)
        at = haystack.find(needle, at + len(needle))
    return places


def _space_after(text: str, at: int) -> int:
    found = min((p for p in (text.find(" ", at), text.find("\n", at)) if p >= 0), default=len(text))
    return found + 1


def _space_before(text: str, at: int) -> int:
    return max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), 0)


def _match(source: str, window: NormalisedText, query: str, offset: int) -> list[Hit]:
    """The hits in one window: each exact match of the query, else its best fuzzy alignment."""
    quote = parse_quote(query)
    hits: list[Hit] = []
    cursor = 0
    normal = window.normal
    while cursor < len(normal) and len(hits) < 50:
        found, _ = window.locate(quote, cursor)
        if not found:
            break
        start, end = found[0][0], found[-1][1]
        if window.cut_word(found) is None:
            hits.append(_hit(source, window, start, end, 100.0, True, offset))
        cursor = end
    if hits:
        return hits
    from rapidfuzz import fuzz, process, utils  # a query not found as it is written: a fuzzy hit

    # Every run of about as many words as the query has, scored by rapidfuzz's token_sort_ratio on
    # their letters and digits (words in another order count, as a remembered phrase often has
    # them), in one C-speed pass.
    words = [(m.start(), m.end()) for m in _TOKEN.finditer(window.text)]
    # (WRatio and token_set_ratio score one word of a two-word query 100: too kind for ranking.)
    size = max(1, len(query.split()))
    runs: list[tuple[int, int]] = []
    for first in range(len(words)):
        for length in range(max(1, size - size // 3 - 1), size + size // 2 + 2):
            if first + length <= len(words):
                runs.append((words[first][0], words[first + length - 1][1]))
    if not runs:
        return []
    wanted = normalise(query)
    best = process.extractOne(
        wanted,
        [normalise(window.text[a:b]) for a, b in runs],
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        score_cutoff=MIN_SCORE,
    )
    if best is None:
        return []
    begin, finish = runs[best[2]]
    if window.text[finish - 1] in ",;:" and finish - 1 > begin:  # the source's sentence going on
        finish -= 1
    return [_at(source, window.text, begin, finish, best[1], False, offset)]


def _hit(source: str, window: NormalisedText, start: int, end: int, score: float, exact: bool, offset: int) -> Hit:
    """A hit at normal[start:end] of a window that starts at `offset` of the whole text."""
    return _at(source, window.text, window.origin(start), window.origin(end - 1) + 1, score, exact, offset)


def _at(source: str, text: str, begin: int, finish: int, score: float, exact: bool, offset: int) -> Hit:
    """A hit at text[begin:finish] of a window that starts at `offset` of the whole text, with the
    words around it in its paragraph (touching it where the text has no space between)."""
    passage = " ".join(LINE_HYPHEN.sub("-", text[begin:finish]).split())
    paragraph_start = text.rfind("\n\n", 0, begin) + 1
    paragraph_end = text.find("\n\n", finish)
    lead = text[paragraph_start:begin].split()
    tail = text[finish : paragraph_end if paragraph_end >= 0 else len(text)]
    before = ("…" if len(lead) > CONTEXT_WORDS else "") + " ".join(lead[-CONTEXT_WORDS:])
    before += " " if text[begin - 1 : begin].isspace() and lead else ""
    words = tail.split()
    after = (" " if tail[:1].isspace() and words else "") + " ".join(words[:CONTEXT_WORDS])
    after += "…" if len(words) > CONTEXT_WORDS else ""
    return Hit(source, offset + begin, offset + finish, passage, before, after, score, exact)


def _best(hits: list[Hit], limit: int) -> list[Hit]:
    """The `limit` best hits (exact ones, then by score, then where they stand), overlapping ones once."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (not h.exact, -h.score, h.start)):
        if len(kept) >= limit:
            break
        if not any(hit.start < other.end and other.start < hit.end for other in kept):
            kept.append(hit)
    return kept


def with_paragraphs(text: str, hits: list[Hit]) -> list[Hit]:
    """The hits with the paragraph each stands in (counted once for them all)."""
    numbers = paragraph_numbers(text, [hit.start for hit in hits])
    return [
        Hit(h.source, h.start, h.end, h.passage, h.before, h.after, h.score, h.exact, n)
        for h, n in zip(hits, numbers, strict=True)
    ]
