"""Search archived texts for a few remembered words, matched the way quotes are matched.

An ASCII text is not normalised whole (20 MB takes about a second, and `briefgen find` must keep
up with `grep`): its bytes are lowered once and searched, at C speed, for the query's longest
word (and, for passages like the query, its second longest); only a window around each place
found is decoded, normalised, matched as a quote (an exact hit) and otherwise scored with
rapidfuzz. A text beyond ASCII (ligatures, soft hyphens, accents, typographic quotes: what
normalising changes, and lower-casing bytes would miss) is normalised whole instead; a window of
it is normalised and matched as a quote only when it may hold all the words of the quote's
pieces: a window whose words normalising leaves as they are (`plain_folded`: most prose with
typographic quotes and dashes) must hold them case-folded.

`search_indexed` gives the same hits from an archive's index (`briefgen.load.search_index`): the
index gives the places of the query's words as these passes would find them, and the text around
each is read from the archive's file, so that a query does not read or lower the whole archive.
(A chunk of a text beyond ASCII whose words normalising leaves as they are is searched
case-folded, as an ASCII one is lowered, without being normalised: see `ArchiveIndex.places`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple, Protocol

from briefgen.text.normal import LINE_HYPHEN, normalise, plain_folded
from briefgen.text.quotes import NormalisedText, Quote, paragraph_numbers, parse_quote, word_places

# Places of a word looked at in one text, at most: a word more common says little.
PLACES = 2_000
# Characters of context normalised around each place, beyond the query's own length.
_CONTEXT = 300
# Words of context shown on either side of a hit.
CONTEXT_WORDS = 12
# The least rapidfuzz score (0-100) of a hit that is not exact.
MIN_SCORE = 60.0
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\S+")
_LINE_HYPHEN_ASCII = re.compile(r"-[ \t]*[\r\n]")


class Hit(NamedTuple):
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


class TextView(Protocol):
    """A text read in pieces (an archive read from its file through its index): its length in
    characters, a slice, and the white space nearest a place, as `_space_after` and
    `_space_before` find it in a `str`."""

    def __len__(self) -> int: ...
    def __getitem__(self, key: slice, /) -> str: ...
    def space_after(self, at: int) -> int: ...
    def space_before(self, at: int) -> int: ...


class Indexed(Protocol):
    """An archive as its search index gives it (`briefgen.load.search_index`): the places of a word
    as `search` would find them by reading the whole text, without reading it."""

    @property
    def ascii(self) -> bool:
        """Whether the text is ASCII: places are then in its lowered bytes, as `search` finds them."""

    @property
    def text(self) -> TextView: ...

    def places(self, word: str, most: int) -> list[int]: ...
    def holding(self, windows: list[tuple[int, int]], words: Iterable[str]) -> list[tuple[int, int]]:
        """The windows ([start, end) in the text) that may hold each of `words` where the search
        looks for it in a window (the others hold no exact hit)."""

    def paragraphs(self, offsets: list[int]) -> list[int]: ...


def words(query: str) -> list[str]:
    """The query's words as normalised letters and digits, longest first (rarest, most likely)."""
    found = {word for word in _WORD.findall(normalise(query)) if len(word) > 1} or set(_WORD.findall(normalise(query)))
    return sorted(found, key=lambda word: (-len(word), word))


def search(source: str, raw: bytes, query: str, limit: int, fuzzy: bool = True) -> list[Hit]:
    """The passages of one text (its bytes, UTF-8) most like the query, best first, each with its
    paragraph; without `fuzzy`, only those that hold it as written (found through its longest word)."""
    needles = words(query)
    if not needles:
        return []
    anchors = needles[: 2 if fuzzy else 1]
    text: bytes | str
    if raw.isascii():
        # A byte's offset is its character's: the bytes are searched and sliced, and only the
        # windows decoded. (A word hyphenated at a line break is matched in its window; the fuzzy
        # pass, with a second word, finds the window when the longest word is the one hyphenated.)
        text = raw
        lowered = raw.lower()
        # (A word beyond ASCII stands nowhere in an ASCII text.)
        places = [at for word in anchors if word.isascii() for at in word_places(lowered, word.encode("ascii"), PLACES)]
    else:
        text = raw.decode("utf-8", "replace")
        whole = NormalisedText(text)
        places = sorted({whole.origin(at) for word in anchors for at in whole.places(word, PLACES)})
    windows = _windows(text, _merged(places, len(query) + _CONTEXT, len(text)))
    found = _search_windows(source, text, raw.isascii(), needles, windows, query, limit, fuzzy)
    return _numbered(found, paragraph_numbers(text, [hit.start for hit in found]))


def search_indexed(source: str, archive: Indexed, query: str, limit: int, fuzzy: bool = True) -> list[Hit]:
    """`search` in an archive through its index: the same hits, reading only the text around the
    places the index gives."""
    needles = words(query)
    if not needles:
        return []
    places = [at for word in needles[: 2 if fuzzy else 1] for at in archive.places(word, PLACES)]
    if not archive.ascii:
        places = sorted(set(places))
    merged = _merged(places, len(query) + _CONTEXT, len(archive.text))
    if not fuzzy:
        # Only a window that holds each of the words `_search_windows` asks of one before it
        # matches the quote can hold an exact hit: the index rules out the others unread.
        asked = needles if archive.ascii else sorted(_required(parse_quote(query)))
        merged = archive.holding(merged, [word for word in asked if word != needles[0]])
    found = _search_windows(
        source, archive.text, archive.ascii, needles, _windows(archive.text, merged), query, limit, fuzzy
    )
    return _numbered(found, archive.paragraphs([hit.start for hit in found]))


def _search_windows(
    source: str,
    text: bytes | str | TextView,
    ascii_text: bool,
    needles: list[str],
    windows: list[tuple[int, int]],
    query: str,
    limit: int,
    fuzzy: bool,
) -> list[Hit]:
    # How many of the query's words each window of an ASCII text holds: only a window with them
    # all can hold the query as written, and only those with most are scored.
    quote = parse_quote(query)
    required = _required(quote)
    exact: list[Hit] = []
    near: list[tuple[int, int, int]] = []
    for start, end in windows:
        window = _decoded(text, start, end)
        held = len(needles)
        if ascii_text:
            lowered = window.lower()
            held = sum(1 for needle in needles if needle in lowered)
            if held < len(needles) and _LINE_HYPHEN_ASCII.search(lowered):
                held = len(needles)  # a word may be hyphenated at a line break here: let matching tell
        if held == len(needles) and (ascii_text or _may_hold(window, required)):
            found = _exact(source, NormalisedText(window), quote, start)
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


def _required(quote: Quote) -> set[str]:
    """The words of the quote's pieces, which a window that holds it has in its normalised text."""
    return {word for part in quote.parts for piece in part.pieces for word in _WORD.findall(piece)}


def _may_hold(window: str, words: set[str]) -> bool:
    """Whether the window's normalised text may hold all these words: unless normalising it leaves
    its words as they are, case-folded (`plain_folded`), and one of them is not there."""
    plain = plain_folded(window)
    return plain is None or all(word in plain for word in words)


def _decoded(text: bytes | str | TextView, start: int, end: int) -> str:
    return text[start:end].decode("ascii") if isinstance(text, bytes) else text[start:end]


def _merged(places: list[int], width: int, length: int) -> list[tuple[int, int]]:
    """Windows of `width` characters on either side of each place of a text of `length`
    characters, merged where they overlap."""
    windows: list[tuple[int, int]] = []
    for at in sorted(places):
        start, end = max(0, at - width), min(length, at + width)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _windows(text: bytes | str | TextView, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The windows moved in to white space, so that they hold whole words."""
    snapped = []
    for start, end in windows:
        if start:
            start = _space_after(text, start)
        if end < len(text):
            end = _space_before(text, end)
        if start < end:
            snapped.append((start, end))
    return snapped


def _space_after(text: bytes | str | TextView, at: int) -> int:
    """Just after the first space or line break from `at` on (just after the end without one)."""
    if isinstance(text, bytes):
        places = (text.find(b" ", at), text.find(b"\n", at))
    elif isinstance(text, str):
        places = (text.find(" ", at), text.find("\n", at))
    else:
        return text.space_after(at)
    return min((p for p in places if p >= 0), default=len(text)) + 1


def _space_before(text: bytes | str | TextView, at: int) -> int:
    """The last space or line break before `at` (0 without one)."""
    if isinstance(text, bytes):
        return max(text.rfind(b" ", 0, at), text.rfind(b"\n", 0, at), 0)
    if isinstance(text, str):
        return max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), 0)
    return text.space_before(at)


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


def _numbered(hits: list[Hit], numbers: list[int]) -> list[Hit]:
    """The hits with the paragraph each stands in."""
    return [
        Hit(h.source, h.start, h.end, h.passage, h.before, h.after, h.score, h.exact, n)
        for h, n in zip(hits, numbers, strict=True)
    ]
