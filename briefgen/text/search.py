"""Search archived texts for a few remembered words, matched the way quotes are matched.

An ASCII text is not normalised whole (20 MB takes about a second, and `briefgen find` must keep
up with `grep`): its bytes are lowered once and searched, at C speed, for the query's longest
word (and, for passages like the query, its second longest); only a window around each place
found is decoded, normalised, matched as a quote (an exact hit) and otherwise scored with
rapidfuzz. A text beyond ASCII (ligatures, soft hyphens, accents, typographic quotes: what
normalising changes, and lower-casing bytes would miss) is normalised whole instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.text.normal import LINE_HYPHEN, normalise
from briefgen.text.quotes import NormalisedText, Quote, paragraph_numbers, parse_quote

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
_LINE_HYPHEN_BYTES = re.compile(rb"-[ \t]*[\r\n]")


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


def search(source: str, raw: bytes, query: str, limit: int, fuzzy: bool = True) -> list[Hit]:
    """The passages of one text (its bytes, UTF-8) most like the query, best first, each with its
    paragraph; without `fuzzy`, only those that hold it as written (found through its longest word)."""
    words = _words(query)
    if not words:
        return []
    anchors = 2 if fuzzy else 1
    places: list[int] = []
    text: bytes | str
    if raw.isascii():
        # A byte's offset is its character's: the bytes are searched and sliced, and only the
        # windows decoded. (A word hyphenated at a line break is matched in its window; the fuzzy
        # pass, with a second word, finds the window when the longest word is the one hyphenated.)
        text = raw
        haystack: bytes | str = raw.lower()
        needles: list[bytes] | list[str] = [word.encode("ascii") for word in words]
        for needle in needles[:anchors]:
            places += _places(haystack, needle)
    else:
        text = raw.decode("utf-8", "replace")
        whole = NormalisedText(text)
        haystack, needles = whole.normal, words
        for word in words[:anchors]:
            places += [whole.origin(at) for at in whole.places(word, _PLACES)]
        places = sorted(set(places))
    return with_paragraphs(text, _search_windows(source, text, haystack, needles, places, query, limit, fuzzy))


def _search_windows(
    source: str,
    text: bytes | str,
    haystack: bytes | str,
    needles: list[bytes] | list[str],
    places: list[int],
    query: str,
    limit: int,
    fuzzy: bool,
) -> list[Hit]:
    # How many of the query's words each window holds, asked of the lowered bytes (no copy); only
    # a window with them all can hold the query as written, and only those with most are scored.
    ascii_text = isinstance(haystack, bytes)
    quote = parse_quote(query)
    exact: list[Hit] = []
    near: list[tuple[int, int, int]] = []
    for start, end in _windows(text, places, len(query) + _CONTEXT):
        held = len(needles)
        if ascii_text:
            held = _held(haystack, needles, start, end)
            if held < len(needles) and isinstance(haystack, bytes) and _LINE_HYPHEN_BYTES.search(haystack, start, end):
                held = len(needles)  # a word may be hyphenated at a line break here: let matching tell
        if held == len(needles):
            found = _exact(source, NormalisedText(_decoded(text, start, end)), quote, start)
            if found:
                exact += found
                continue
        near.append((held, start, end))
    if len(exact) >= limit or not fuzzy:
        return _best(exact, limit)
    found_fuzzy: list[Hit] = []
    near.sort(key=lambda item: (-item[0], item[1]))
    for held, start, end in near[: limit * 4]:
        if held < min(2, len(needles)):
            break
        found_fuzzy += _fuzzy(source, _decoded(text, start, end), query, start)
    return _best(exact + found_fuzzy, limit)


def _held(haystack: bytes | str, needles: list[bytes] | list[str], start: int, end: int) -> int:
    """How many of the needles stand in haystack[start:end] (searched in place, not copied)."""
    if isinstance(haystack, bytes):
        return sum(1 for needle in needles if isinstance(needle, bytes) and haystack.find(needle, start, end) >= 0)
    return sum(1 for needle in needles if isinstance(needle, str) and haystack.find(needle, start, end) >= 0)


def _decoded(text: bytes | str, start: int, end: int) -> str:
    return text[start:end].decode("ascii") if isinstance(text, bytes) else text[start:end]


def _windows(text: bytes | str, places: list[int], width: int) -> list[tuple[int, int]]:
    """Windows of `width` characters on either side of each place, merged where they overlap, and
    moved in to white space so that they hold whole words."""
    windows: list[tuple[int, int]] = []
    for at in sorted(places):
        start, end = max(0, at - width), min(len(text), at + width)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    snapped = []
    for start, end in windows:
        if start:
            start = _space_after(text, start)
        if end < len(text):
            end = _space_before(text, end)
        if start < end:
            snapped.append((start, end))
    return snapped


def _places(haystack, needle) -> list[int]:  # type: ignore[no-untyped-def]
    """Where `needle` stands in `haystack` (bytes or text), at most `_PLACES` of them."""
    places: list[int] = []
    at = haystack.find(needle)
    while at >= 0 and len(places) < _PLACES:
        places.append(at)
        at = haystack.find(needle, at + len(needle))
    return places


def _space_after(text: bytes | str, at: int) -> int:
    space, line = (b" ", b"\n") if isinstance(text, bytes) else (" ", "\n")
    found = min((p for p in (text.find(space, at), text.find(line, at)) if p >= 0), default=len(text))  # type: ignore[arg-type]
    return found + 1


def _space_before(text: bytes | str, at: int) -> int:
    space, line = (b" ", b"\n") if isinstance(text, bytes) else (" ", "\n")
    return max(text.rfind(space, 0, at), text.rfind(line, 0, at), 0)  # type: ignore[arg-type]


def _exact(source: str, window: NormalisedText, quote: Quote, offset: int) -> list[Hit]:
    """Each place of the window that holds the query as a quote would be matched."""
    hits: list[Hit] = []
    cursor = 0
    while cursor < len(window.normal) and len(hits) < 50:
        found, _ = window.locate(quote, cursor)
        if not found:
            break
        start, end = found[0][0], found[-1][1]
        if window.cut_word(found) is None:
            hits.append(_hit(source, window, start, end, 100.0, True, offset))
        cursor = end
    return hits


def _fuzzy(source: str, text: str, query: str, offset: int) -> list[Hit]:
    """The run of the window's words most like the query, when alike enough."""
    from rapidfuzz import fuzz, process, utils

    # Every run of about as many words as the query has, scored by rapidfuzz's token_sort_ratio on
    # their letters and digits (words in another order count, as a remembered phrase often has
    # them), in one C-speed pass. (WRatio and token_set_ratio score one word of a two-word query
    # 100: too kind for ranking.)
    words = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    size = max(1, len(query.split()))
    runs: list[tuple[int, int]] = []
    for first in range(len(words)):
        for length in range(max(1, size - size // 3 - 1), size + size // 2 + 2):
            if first + length <= len(words):
                runs.append((words[first][0], words[first + length - 1][1]))
    if not runs:
        return []
    best = process.extractOne(
        query,
        [text[a:b] for a, b in runs],
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        score_cutoff=MIN_SCORE,
    )
    if best is None:
        return []
    begin, finish = runs[best[2]]
    if text[finish - 1] in ",;:" and finish - 1 > begin:  # the source's sentence going on
        finish -= 1
    return [_at(source, text, begin, finish, best[1], False, offset)]


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


def with_paragraphs(text: bytes | str, hits: list[Hit]) -> list[Hit]:
    """The hits with the paragraph each stands in (counted once for them all)."""
    numbers = paragraph_numbers(text, [hit.start for hit in hits])
    return [
        Hit(h.source, h.start, h.end, h.passage, h.before, h.after, h.score, h.exact, n)
        for h, n in zip(hits, numbers, strict=True)
    ]
