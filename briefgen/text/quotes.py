"""Find quoted evidence in archived source texts, as quoting conventions allow and no further.

Quote and source are compared in their normalised form (`briefgen.text.normal`: typography,
white space, dash styles and their spacing, link residue, case, ligatures). In a quote:
- `...`, `…`, `. . .`, `[...]` and `[…]` mark an elision: the parts between must appear in order;
- a square-bracketed insertion of 1 to `MAX_INSERTION_WORDS` words standing between words
  (`[The carriers] will raise rates`, `he [Putin] said`) is the quoter's own: it may replace
  up to as many words of the source, or add to them; a longer one is refused;
- brackets inside a word (`[t]he`) change only its case: the letters must be the source's;
- a word the source hyphenates at a line break may be quoted whole or hyphenated.
Nothing else is forgiven: a word dropped, added, swapped or changed, or an accent that differs
(`find_without_accents` says where only accents differ, for a diagnostic of its own).

A source is normalised once, with C-speed string operations only, and then searched for every
quote that cites it; the map back to the original text (for highlighting), the text without
accents and the index for the closest passage are built only when asked for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import AnyStr, NamedTuple

from briefgen.text.many import ALNUM_ONLY, absent, absent_firsts, whole_runs
from briefgen.text.normal import (
    BLOCK,
    BLOCKED,
    JOIN,
    Windows,
    block_starts,
    fold_accents,
    normal_with_joins,
    normalise,
    plain_ascii,
    plain_folded,
    settle,
    translate,
    unlink,
)

__all__ = ["MAX_INSERTION_WORDS", "NormalisedText", "Part", "Quote", "Span", "normalise", "parse_quote"]

# The most words a bracketed insertion may have, and the most words of the source it may stand
# for: enough for `[the Russian defence ministry]` in place of "it", too few to rewrite a claim.
MAX_INSERTION_WORDS = 4
_ELISION = re.compile(r"\[ ?\.(?: ?\.){2,} ?\]|\.(?: ?\.){2,}")
_BRACKET = re.compile(r"\[([^\[\]]{0,300})\]")
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n\s*")
_PARAGRAPH_BYTES = re.compile(rb"\n[ \t]*\n\s*")
_LEAD = re.compile(r"\s*")
_LEAD_BYTES = re.compile(rb"\s*")


class Part(NamedTuple):
    """A part of a quote between elisions: its normalised pieces, each of which the source must
    have as it is, with at most `MAX_INSERTION_WORDS` words between two pieces (where the quote
    has a bracketed insertion)."""

    pieces: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


class Quote(NamedTuple):
    """A quote as matched: its parts in order, and its bracketed insertions too long to allow."""

    parts: tuple[Part, ...]
    too_long: tuple[str, ...] = ()

    def folded(self) -> Quote:
        return Quote(tuple(Part(tuple(fold_accents(p) for p in part.pieces)) for part in self.parts), self.too_long)


@lru_cache(maxsize=4096)
def parse_quote(quote: str) -> Quote:
    """A quote's parts (split at its elisions) and pieces (split at its bracketed insertions)."""
    too_long: list[str] = []
    parts = []
    text = translate(quote).replace(JOIN, "-")
    for raw in _ELISION.split(text) if "." in text else (text,):  # (an elision has dots)
        part = _parse_part(raw, too_long)
        if part is not None:
            parts.append(part)
    return Quote(tuple(parts), tuple(too_long))


def _parse_part(raw: str, too_long: list[str]) -> Part | None:
    if "[" not in raw:  # no link, no bracket: one piece (most quotes, looked at once)
        piece = settle(raw).strip()
        return Part((piece,)) if piece else None
    text = unlink(raw)
    chunks: list[str | None] = []  # None where an insertion stands
    cursor = 0
    for bracket in _BRACKET.finditer(text):
        start, end = bracket.span()
        chunks.append(text[cursor:start])
        inside = bracket.group(1)
        words = inside.split()
        if text[start - 1 : start].isalnum() or text[end : end + 1].isalnum():
            chunks.append(inside)  # `[t]he`: the source's letters, whatever their case
        elif 0 < len(words) <= MAX_INSERTION_WORDS:
            chunks.append(None)
        else:
            if len(words) > MAX_INSERTION_WORDS:
                too_long.append(bracket.group())
            chunks.append(bracket.group())  # kept as text, which the source would have to hold
        cursor = end
    chunks.append(text[cursor:])
    pieces: list[str] = [""]
    for chunk in chunks:
        if chunk is None:
            pieces.append("")
        else:
            pieces[-1] += chunk
    settled = tuple(piece for piece in (settle(piece).strip() for piece in pieces) if piece)
    return Part(settled) if settled else None


def quote_parts(quote: str) -> list[str]:
    """The normalised parts of a quote, split at its elisions, insertions left out."""
    return [part.text for part in parse_quote(quote).parts]


class Span(NamedTuple):
    """A passage of the original text: [start, end) in characters."""

    start: int
    end: int


def whole_words(term: str) -> re.Pattern[str]:
    """`term` where it stands as whole words: no letter or digit beside a letter or digit at its edges."""
    return re.compile(re.escape(term) + _before(term) + _after(term))


def _before(term: str) -> str:
    """After `term`, that no letter or digit stands before it. (Written after the term, so that the
    pattern opens with the term and the engine skips from one place of it to the next, where a
    look-behind written first has it try every character.)"""
    return r"(?<![^\W_][\s\S]{" + str(len(term)) + "})" if term[:1].isalnum() else ""


def _after(term: str) -> str:
    return r"(?![^\W_])" if term[-1:].isalnum() else ""


_RUN = re.compile(r"\w+")
# How much of the normalised text so far `NormalisedText._ahead` keeps before the rest: more
# than a part's piece may have (a quote has at most 20,000 characters).
_KEPT = 1 << 16
# ... unless it starts in the first this-many-th of the text: then the view keeps all of it.
_EARLY = 16
# Once this fraction of a long text's blocks is normalised, the rest is normalised at once: each
# time more blocks are, the text so far is joined again, and the last rounds of doubling copy
# the most (a text normalised whole by doubling from 1 block of 38 joins 100 blocks' worth, at
# a quarter 68) for a few more blocks normalised when a quote ends between a quarter and a half.
_FINISH = 4
# After how many parts looked for whole through the rest of a text its runs of letters and digits
# are gathered (`NormalisedText._may_stand_whole`): about what gathering them costs, in looks.
_RUNS_AFTER = 8
# What `many.whole_runs` costs, in looks through the rest of a long text (19 MB: ~30 ms with
# Hyperscan, a look ~15 ms): with more quotes expected than this, it is made before the first look.
_PASS_LOOKS = 2
_ALNUM_RUN = re.compile(r"[^\W_]+")
# ASCII letters and digits as they are, every other byte a space (`_ALNUM_RUN` of ASCII text).
_ASCII_ALNUM = bytes(byte if byte < 0x80 and chr(byte).isalnum() else 32 for byte in range(256))
# What `NormalisedText._may_stand_whole` keeps when `many.whole_runs` cannot tell.
_UNTOLD: frozenset[str] = frozenset({""})
_NOT_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=1024)
def _words_proxy(piece: str) -> re.Pattern[str] | None:
    """What a text holds wherever `piece` stands as whole words in its normalised form, when the
    text's runs of letters, digits and "_" (`\\w`) are those of the normalised text, in the same
    order, and every other character of it is another (`NormalisedText._ahead`): the piece's runs
    in order, each two with such characters between, no letter or digit beside its edges where the
    piece has one there. None when the piece has no run (nothing to look for)."""
    runs = _RUN.findall(piece)
    if not runs:
        return None
    before = _before(runs[0]) if piece[:1].isalnum() else ""
    rest = "".join(r"\W+" + re.escape(run) for run in runs[1:])
    return re.compile(re.escape(runs[0]) + before + rest + _after(piece))


@lru_cache(maxsize=1024)
def _gapped(pieces: tuple[str, ...], whole: bool) -> re.Pattern[str]:
    """The pieces of a part with an insertion between each two: up to MAX_INSERTION_WORDS words
    of the source, or none (a word ends before and starts after the gap)."""
    gap = r"(?: [^ ]+){0,WORDS}?".replace("WORDS", str(MAX_INSERTION_WORDS))
    body = "".join(
        (gap + (" " if piece[:1].isalnum() else " ?") if n else "")
        + re.escape(piece)
        + (_before(piece) if whole and n == 0 else "")
        for n, piece in enumerate(pieces)
    )
    return re.compile(body + _after(pieces[-1]) if whole else body)


def cuts(normal: str, start: int, end: int) -> bool:
    """Whether normal[start:end] starts or ends inside a word."""
    size = len(normal)
    for edge in (start, end):  # a loop, not any() over a generator: called for every quote
        if 0 < edge < size and normal[edge - 1].isalnum() and normal[edge].isalnum():
            return True
    return False


Found = list[tuple[int, int]]


def locate(normal: str, quote: Quote, start: int = 0) -> tuple[Found | None, int]:
    """Where each part of the quote stands in `normal`: the first place where it stands as whole
    words, else the first place at all (which cuts a word); or None, with the number of the part
    not found. Once a part stands only in a place that cuts a word, the quote misquotes anyway, and
    later parts are not searched for whole words: each part scans on from the last, so a quote of
    many parts reads the text about once."""
    found: Found = []
    cursor = start
    whole = True
    for number, part in enumerate(quote.parts):
        span, whole = _locate_part(normal, part, cursor, whole)
        if span is None:
            return None, number
        found.append(span)
        cursor = span[1]
    return (found or None), len(found)


def _locate_part(normal: str, part: Part, cursor: int, whole: bool) -> tuple[tuple[int, int] | None, bool]:
    if len(part.pieces) == 1:
        piece = part.pieces[0]
        at = normal.find(piece, cursor)
        if at < 0:
            return None, whole
        span = (at, at + len(piece))
        if whole and cuts(normal, *span):
            better = whole_words(piece).search(normal, at + 1)
            return (better.span(), True) if better else (span, False)
        return span, whole
    match = _gapped(part.pieces, False).search(normal, cursor)
    if match is None:
        return None, whole
    if whole and cuts(normal, *match.span()):
        better = _gapped(part.pieces, True).search(normal, match.start() + 1)
        return (better.span(), True) if better else (match.span(), False)
    return match.span(), whole


def paragraph_numbers(text: str | bytes, offsets: list[int]) -> list[int]:
    """The paragraph (from 1; paragraphs part at blank lines) of each offset of `text` (or of an
    ASCII text's bytes), counted in one pass however many offsets are asked for."""
    if not offsets:
        return []
    numbers: dict[int, int] = {}
    count, cursor = 1, _lead(text)
    for offset in sorted(set(offsets)):
        if offset > cursor:
            count += _separators(text, cursor, offset)
            cursor = offset
        numbers[offset] = count
    return [numbers[offset] for offset in offsets]


def paragraph_starts(text: str | bytes) -> list[int]:
    """Where each paragraph of `text` (or of an ASCII text's bytes) starts, the first at 0: the
    paragraph of an offset that is not white space is `bisect_right(starts, offset)`, as
    `paragraph_numbers` counts it."""
    cursor = _lead(text)
    if isinstance(text, bytes):
        return [0, *(found.end() for found in _PARAGRAPH_BYTES.finditer(text, cursor))]
    return [0, *(found.end() for found in _PARAGRAPH.finditer(text, cursor))]


def word_places(haystack: AnyStr, word: AnyStr, most: int) -> list[int]:
    """The first `most` places of `word` in `haystack` (a text, or bytes), each after the last one found."""
    places: list[int] = []
    at = haystack.find(word)
    while at >= 0 and len(places) < most:
        places.append(at)
        at = haystack.find(word, at + len(word))
    return places


def _lead(text: str | bytes) -> int:
    """Where the first paragraph starts: after the white space the text may open with."""
    lead = _LEAD_BYTES.match(text) if isinstance(text, bytes) else _LEAD.match(text)
    return lead.end() if lead else 0


def _separators(text: str | bytes, start: int, end: int) -> int:
    """How many blank-line runs part paragraphs in text[start:end]."""
    if isinstance(text, bytes):
        return _PARAGRAPH_BYTES.subn(b"", text[start:end])[1]
    return _PARAGRAPH.subn("", text[start:end])[1]


class NormalisedText:
    """A source text normalised once, searchable for many quotes."""

    def __init__(self, text: str):
        self.text = text
        # A long text is normalised block by block (`block_starts`), and only as far as a quote
        # needs until the whole is asked for: where each block starts in the text and in the
        # normalised text, so that the map back is also built one block at a time.
        self._starts = block_starts(text, BLOCK) if len(text) > BLOCKED else [0]
        self._blocks: list[str] = []  # normal_with_joins() of the blocks normalised so far
        self._normal_starts: list[int] = []
        self._prefix = ""  # the normalised text of those blocks (what `normal` starts with)
        self._normal: str | None = None
        self._marked_text: str | None = None
        self._origins: dict[int, Windows] = {}  # by block
        self._joined: str | None = None
        self._folded: str | None = None
        self.index: object | None = None  # the closest-passage index (briefgen.text.closest)
        # Beyond the blocks normalised: each block's words as `plain_folded` gives them, or, where
        # that cannot tell, the block normalised (kept for `_extend`); and `_ahead`'s text.
        self._plain: dict[int, str] = {}
        self._normalised_ahead: dict[int, str] = {}
        self._view: tuple[int, int, str, list[int]] | None = None
        # An ASCII text that `plain_folded` can tell whole: that text folded, the view of `_ahead`.
        self._plain_whole: str | None = None
        self._plain_told = False
        self._ascii_plain: bool | None = None  # whether it is ASCII and `plain_folded` tells it
        self._looks = 0  # how many parts were looked for whole through the rest of the text
        self._runs: frozenset[str] | None = None  # its runs of letters and digits
        # The runs of the pieces of the quotes to be looked for (`expect`), and those of them
        # that are runs of the text (None until asked; `_UNTOLD` when `many.whole_runs` cannot tell).
        self._expected: frozenset[str] = frozenset()
        self._whole_expected: frozenset[str] | None = None
        # Where pieces first stand in `normal`, as `absent` found them (`normal.find(piece)`).
        self._firsts: dict[str, int] = {}
        self._expected_quotes = 0
        if len(self._starts) == 1:
            self._finish()

    @property
    def normal(self) -> str:
        """The normalised text (see `briefgen.text.normal`)."""
        if self._normal is None:
            self._finish()
        assert self._normal is not None
        return self._normal

    @property
    def _marked(self) -> str | None:
        """The normalised text with each hyphen at a line break marked as JOIN, when it has one."""
        if self._normal is None:
            self._finish()
        return self._marked_text

    def _extend(self, blocks: int) -> None:
        """Normalise the next `blocks` blocks."""
        done = len(self._blocks)
        ends = [*self._starts[1:], len(self.text)]
        spans = zip(self._starts[done : done + blocks], ends[done : done + blocks], strict=True)
        ahead = self._normalised_ahead
        new = [
            ahead.pop(n) if n in ahead else normal_with_joins(self.text[a:b]) for n, (a, b) in enumerate(spans, done)
        ]
        at = len(self._prefix)
        for block in new:
            self._normal_starts.append(at)
            at += len(block)
        self._blocks += new
        # One copy of the text so far (`+=` on an attribute makes two: the blocks joined, then the sum).
        pieces = [*([self._prefix] if self._prefix else []), *(b.replace(JOIN, "-") if JOIN in b else b for b in new)]
        self._prefix = pieces[0] if len(pieces) == 1 else "".join(pieces)

    def _finish(self) -> None:
        self._extend(len(self._starts))
        # Kept only when the text has a word hyphenated at a line break, to search without them
        # (looked for block by block: the blocks are joined only then).
        hyphenated = any(JOIN in block for block in self._blocks)
        self._marked_text = (
            (self._blocks[0] if len(self._blocks) == 1 else "".join(self._blocks)) if hyphenated else None
        )
        self._normal = self._prefix
        self._blocks, self._prefix = [], ""
        self._plain, self._normalised_ahead, self._view = {}, {}, None
        self._plain_whole = None

    def _upto(self, end: int) -> str:
        """The normalised text, or as much of it as holds its first `end` characters."""
        while self._normal is None and len(self._prefix) < end:
            self._more()
        return self._prefix if self._normal is None else self._normal

    def _more(self) -> None:
        """Normalise as many more blocks as are done (so that the work is linear), or finish once
        a `_FINISH`th of them are."""
        if _FINISH * len(self._blocks) >= len(self._starts):
            self._finish()
        else:
            self._extend(max(1, len(self._blocks)))

    def find(self, quote: str) -> Found | None:
        """Where each part of the quote stands in the normalised text, or None if absent."""
        return self.locate(parse_quote(quote))[0]

    def locate(self, quote: Quote, start: int = 0) -> tuple[Found | None, int]:
        """`locate` in this text, also where words hyphenated at a line break are given whole."""
        early = self._locate_early(quote, start)
        if early is not None:
            return early
        found, failed = locate(self.normal, quote, start)
        if found is None and self._marked is not None:
            joined = self._joined_text()
            found_joined, _ = locate(joined, quote, start - self._marked.count(JOIN, 0, start))
            if found_joined is not None:
                return [(self._from_joined(a), self._from_joined(b - 1) + 1) for a, b in found_joined], failed
        return found, failed

    def absent(self, pieces: list[str]) -> set[str]:
        """Those of `pieces` that the text certainly does not hold, also with its line-break
        hyphens taken out: a quote with one of them is not in it. One C-speed pass for all of them
        (`many.absent_firsts`), where `locate` reads the text through once for each quote not
        found; where that pass tells a piece first stands in `normal`, `_place_early` takes it from
        there, unread (`_firsts`)."""
        numbers, firsts = absent_firsts(self.normal, pieces)
        self._firsts.update((pieces[n], at) for n, at in firsts.items())
        gone = [pieces[n] for n in sorted(numbers)]
        if gone and self.hyphenated:
            gone = [gone[n] for n in sorted(absent(self.joined, gone))]
        return set(gone)

    def _locate_early(self, quote: Quote, start: int) -> tuple[Found | None, int] | None:
        """What `locate` finds in the whole text, from as many blocks as it takes to be sure; None
        for `locate` to tell: a quote with an insertion, or one not found in a text that has
        words hyphenated at a line break (which may stand whole in the text without the hyphens)."""
        if not quote.parts or any(len(part.pieces) != 1 for part in quote.parts):
            return None
        found: Found = []
        cursor, whole = start, True
        for number, part in enumerate(quote.parts):
            placed = self._place_early(part.pieces[0], cursor, whole)
            if placed is None:  # not in the text (which is now normalised whole)
                return None if self._marked is not None else (None, number)
            span, whole = placed
            found.append(span)
            cursor = span[1]
        return found, len(found)

    def _place_early(self, piece: str, cursor: int, whole: bool) -> tuple[tuple[int, int], bool] | None:
        """`_locate_part` of a part of one piece in the whole text, from the blocks normalised so
        far and as many more as it takes to be sure; None when the piece is not in the text."""
        since = cursor  # where a place of the piece may start that was not looked at yet
        while True:
            normal, complete = self._so_far()
            first = self._firsts.get(piece, -1) if complete else -1
            at = first if 0 <= since <= first else normal.find(piece, since)
            # Sure when it ends before what is normalised so far: an earlier place, or the
            # character after it (which tells whether it cuts a word), would be there.
            if complete and at < 0:
                return None
            if 0 <= at and (complete or at + len(piece) < len(normal)):
                break
            since = max(cursor, len(normal) - len(piece))
            self._more()
        span = (at, at + len(piece))
        if not whole or not cuts(normal, *span):
            return span, whole
        # It cuts a word where it first stands: its place is the first where it stands whole
        # after that, if any. The blocks not normalised yet are looked through as `_ahead` has
        # them, and normalised only as far as a place there may be.
        if not self._may_stand_whole(piece):
            return span, False  # a run of its letters and digits is not a word of the text
        pattern = whole_words(piece)
        since = at + 1
        while True:
            normal, complete = self._so_far()
            self._looks += complete
            better = pattern.search(normal, since)
            if better is not None and (complete or better.end() < len(normal)):
                return better.span(), True
            if complete:
                return span, False
            since = max(since, len(normal) - len(piece))
            needed = len(self._blocks)  # the blocks that must be normalised, at least one more
            if better is None:
                proxy = _words_proxy(piece)
                if proxy is None or self._looks >= 2:
                    # Past two looks through the rest, the later parts are looked for in the whole
                    # text normalised (their own characters, a longer string to skip to, and
                    # shorter text), as a part that is found only late would have had it anyway.
                    needed = len(self._starts)
                else:
                    ahead, base, starts = self._ahead(since)
                    self._looks += 1
                    maybe = proxy.search(ahead, since - base)
                    if maybe is None:
                        return span, False  # it stands whole nowhere after
                    # Through the block of the character after it (whether a word goes on there).
                    needed = max(needed, len(self._blocks) + bisect_right(starts, maybe.end()))
            self._more()
            while self._normal is None and len(self._blocks) < needed:
                self._more()

    @property
    def long(self) -> bool:
        """Whether the text is long enough to be normalised block by block, only as far as asked."""
        return len(self._starts) > 1

    def expect(self, pieces: list[str], quotes: int = 1) -> None:
        """Say which pieces the quotes to be looked for in this text have (those of every quote of
        a brief that cites it), and how many quotes they are: when one cuts a word where it first
        stands, whether it may stand whole after is then told for all of them at once
        (`_may_stand_whole`). (A quote mostly costs one look through the rest at most: once a part
        stands only where it cuts, `locate` looks for no later part of it as whole words.)"""
        # (All at once, a space between each two: no run goes across one; an ASCII text's runs
        # are its words once every other character is a space, which bytes split at C speed.)
        joined = " ".join(pieces)
        if joined.isascii():
            words = set(joined.encode("ascii").translate(_ASCII_ALNUM).split())
            self._expected = frozenset(word.decode("ascii") for word in words)
        else:
            self._expected = frozenset(_ALNUM_RUN.findall(joined))
        self._whole_expected = None
        self._expected_quotes = quotes

    def _may_stand_whole(self, piece: str) -> bool:
        """Whether each run of letters and digits of `piece` is a whole run of the text (as it must
        be where the piece stands as whole words). For a piece of those expected (`expect`), once
        one part was looked for through the rest, from one C-speed pass for all of them
        (`many.whole_runs`); else, once many parts were, from the text's runs, gathered once (in
        one pass of `_ahead`'s text, whose runs are the normalised text's); else True (not known)."""
        runs = _ALNUM_RUN.findall(piece)
        # (After one look through the rest, unless more quotes are expected than the pass costs
        # looks: a quote of one part that cuts is then settled, whole or not, at the cost of one.)
        if (self._looks or self._expected_quotes > _PASS_LOOKS) and self._expected.issuperset(runs):
            if self._whole_expected is None:
                found = whole_runs(self._words_text(), sorted(self._expected))
                self._whole_expected = _UNTOLD if found is None else frozenset(found)
            if self._whole_expected is not _UNTOLD:
                return all(run in self._whole_expected for run in runs)
        if self._looks < _RUNS_AFTER:
            return True
        if self._runs is None:
            # Split as UTF-8 at every ASCII character but a letter or digit (C speed); only the
            # distinct pieces with a character beyond ASCII are split again, at the others.
            chunks = set(self._words_text().encode("utf-8", "surrogatepass").translate(ALNUM_ONLY).split())
            words: set[str] = set()
            for chunk in chunks:
                word = chunk.decode("utf-8", "surrogatepass")
                words.update((word,) if word.isascii() else _NOT_ALNUM.split(word))
            self._runs = frozenset(words)
        return all(run in self._runs for run in runs)

    def _words_text(self) -> str:
        """A text whose runs of letters and digits, ASCII letters lower-cased (as `many.ALNUM_ONLY`
        has them), are the normalised text's: that text, when it is normalised whole; the text as
        it is, when it is ASCII and `plain_folded` would only lower-case it (not done for this: 19 MB
        in ~20 ms); else `_ahead`'s."""
        normal, complete = self._so_far()
        if complete:
            return normal
        if not self._plain_told and self._is_ascii_plain():
            return self.text
        return self._ahead(0)[0]

    def _so_far(self) -> tuple[str, bool]:
        """The normalised text so far, and whether it is the whole."""
        return (self._prefix, False) if self._normal is None else (self._normal, True)

    def _ahead(self, since: int) -> tuple[str, int, list[int]]:
        """The normalised text so far from `since` on (or a little before), then the later blocks'
        words as `plain_folded` gives them: their runs of letters, digits and "_" as normalising
        gives them, their other characters others, as written; or, for a block where that cannot
        tell (a link, a hyphen at a line break, a character dropped or spelt out), the block
        normalised. With where in the normalised text it starts, and where each later block starts
        in it. Blocks are cut between two ASCII letters or digits, inside a run, so a run across a
        cut is one run here too: where a piece stands in the normalised text from `since` on,
        `_words_proxy` finds it here, at its place or later.

        An ASCII text that `plain_folded` tells whole is its own view, folded once (no later call
        copies it again), from the place of `since` in the text or before: normalising an ASCII
        text only takes characters out, so within a block a character stands no earlier in the
        text than in its normal form."""
        done = len(self._blocks)
        plain = self._plain_text()
        if plain is not None:
            block = bisect_right(self._normal_starts, since) - 1
            start = since if block < 0 else self._starts[block] + since - self._normal_starts[block]
            return plain, since - start, self._starts[done:]
        if self._view is None or self._view[0] != done or self._view[1] > since:
            # From the start when `since` is early in the text: copying that little more lets
            # `_words_text` take this view as it is, not make another of the whole rest.
            early = since * _EARLY <= len(self.text)
            base = 0 if early else max(0, min(since, len(self._prefix) - _KEPT))
            lead = len(self._prefix) - base
            # Mostly the whole rest is plain: `plain_folded` of it all at once, one character for each.
            rest = plain_folded(self.text[self._starts[done] :]) if done < len(self._starts) else ""
            if rest is not None:
                words = [rest]
                starts = [lead + start - self._starts[done] for start in self._starts[done:]]
            else:
                words = [self._words(block) for block in range(done, len(self._starts))]
                starts = [lead + start for start in accumulate(map(len, words[:-1]), initial=0)]
            self._view = (done, base, "".join([self._prefix[base:], *words]), starts)
        return self._view[2], self._view[1], self._view[3]

    def _plain_text(self) -> str | None:
        """The whole text folded, when it is ASCII and `plain_folded` tells it (else None)."""
        if not self._plain_told:
            self._plain_told = True
            self._plain_whole = self.text.lower() if self._is_ascii_plain() else None
        return self._plain_whole

    def _is_ascii_plain(self) -> bool:
        """Whether the text is ASCII and `plain_folded` tells it (as its `lower()`), read once."""
        if self._ascii_plain is None:
            self._ascii_plain = self.text.isascii() and plain_ascii(self.text)
        return self._ascii_plain

    def _words(self, block: int) -> str:
        """`_ahead`'s text of one block not normalised yet."""
        words = self._plain.get(block)
        if words is None:
            end = self._starts[block + 1] if block + 1 < len(self._starts) else len(self.text)
            text = self.text[self._starts[block] : end]
            words = plain_folded(text)
            if words is None:
                marked = self._normalised_ahead[block] = normal_with_joins(text)
                words = marked.replace(JOIN, "-") if JOIN in marked else marked
            self._plain[block] = words
        return words

    def places(self, word: str, most: int) -> list[int]:
        """Where `word` (normalised) stands in `normal`, at most `most` places; also where the text
        hyphenates it at a line break."""
        found = self.places_as_written(word, most)
        if self.hyphenated and len(found) < most:
            found += self.places_joined(word, most - len(found))
        return sorted(set(found))

    @property
    def hyphenated(self) -> bool:
        """Whether the text has a word hyphenated at a line break."""
        return self._marked is not None

    def places_as_written(self, word: str, most: int) -> list[int]:
        """The first `most` places of `word` in `normal`."""
        return word_places(self.normal, word, most)

    def places_joined(self, word: str, most: int) -> list[int]:
        """The first `most` places of `word` in the text with its line-break hyphens taken out
        (`joined`), as places in `normal`."""
        if self._marked is None:
            return word_places(self.normal, word, most)
        return [self._from_joined(at) for at in word_places(self._joined_text(), word, most)]

    @property
    def joined(self) -> str:
        """The normalised text with its line-break hyphens taken out (`normal` when it has none)."""
        return self.normal if self._marked is None else self._joined_text()

    def find_without_accents(self, quote: str) -> Found | None:
        """Where the quote stands when accents are ignored on both sides (positions in `normal`)."""
        folded = self._folded_text()
        if folded is self.normal:
            return None  # no accent in the text: ignoring them finds nothing new
        return locate(folded, parse_quote(quote).folded())[0]

    @property
    def accented(self) -> bool:
        """Whether folding accents changes the normalised text (else `find_without_accents` finds
        nothing, and every piece is unmatched without accents)."""
        return self._folded_text() is not self.normal

    def unmatched_without_accents(self, pieces: list[str]) -> set[str]:
        """Those of `pieces` (accents folded) for which `find_without_accents` certainly finds
        nothing: all of them in a text without accents, else those its folded text does not
        hold, found in one pass for all (`many.absent`)."""
        folded = self._folded_text()
        if folded is self.normal:
            return set(pieces)
        return {pieces[n] for n in absent(folded, pieces)}

    def _folded_text(self) -> str:
        """The normalised text with its accents folded (`normal` itself when it has none)."""
        if self._folded is None:
            self._folded = fold_accents(self.normal)
        return self._folded

    def _joined_text(self) -> str:
        if self._joined is None:
            assert self._marked is not None
            self._joined = self._marked.replace(JOIN, "")
        return self._joined

    def _from_joined(self, index: int) -> int:
        """The position in `normal` of the character at `index` of the text without line-break hyphens."""
        marked = self._marked
        assert marked is not None
        taken = marked.count(JOIN, 0, index)
        while True:  # the hyphens before it move it on, and may bring more hyphens before it
            more = marked.count(JOIN, 0, index + taken + 1)
            if more == taken:
                return index + taken
            taken = more

    def contains(self, quote: str) -> bool:
        return self.find(quote) is not None

    def spans(self, quote: str) -> list[Span] | None:
        """The passages of the original text that the quote's parts match."""
        found = self.find(quote)
        if found is None:
            return None
        return [Span(self.origin(start), self.origin(end - 1) + 1) for start, end in found]

    def cut_word(self, found: Found) -> tuple[int, bool, Span] | None:
        """The first word of the normalised text that an edge of a found quote's part cuts in
        two: (the part's number from 0, whether it is the part's start, the word in the normalised
        text), or None when every edge falls between words."""
        normal = self._upto(max(end for _, end in found) + 1)
        for number, (start, end) in enumerate(found):
            for edge in (start, end):
                if cuts(normal, edge, edge):
                    return number, edge == start, self.word_at(edge)
        return None

    def word_at(self, index: int) -> Span:
        """The run of letters and digits around `index` in the normalised text (normalised only as
        far as that run goes)."""
        normal, start, end = self._upto(index + 1), index, index
        while start > 0 and normal[start - 1].isalnum():
            start -= 1
        while True:
            while end < len(normal) and normal[end].isalnum():
                end += 1
            if end < len(normal) or self._normal is not None:
                return Span(start, end)
            normal = self._upto(end + 1)

    def origin(self, index: int) -> int:
        """The index in the original text of the character at `index` of the normalised text."""
        normal = self._upto(index + 1)
        block = bisect_right(self._normal_starts, index) - 1
        origins = self._origins.get(block)
        start, begins = self._starts[block], self._normal_starts[block]
        if origins is None:
            end = self._starts[block + 1] if block + 1 < len(self._starts) else len(self.text)
            stop = self._normal_starts[block + 1] if block + 1 < len(self._normal_starts) else len(normal)
            origins = self._origins[block] = Windows(self.text[start:end], normal[begins:stop])
        return start + origins.origin(index - begins)

    def shown(self, start: int, end: int) -> str:
        """The original characters behind normal[start:end], as a page shows them: without the
        Markdown residue of links or invisible characters, white space as in the original (also the
        spaces beside a dash, which the normalised text leaves out)."""
        text = self.text
        pieces: list[str] = []
        last = -1
        for index in dict.fromkeys(self.origin(at) for at in range(start, end)):
            if 0 <= last < index - 1 and text[last + 1 : index].isspace():
                pieces.append(text[last + 1 : index])
            pieces.append(text[index])
            last = index
        return "".join(pieces)

    def paragraphs(self, offsets: list[int]) -> list[int]:
        """The paragraph of each offset of the original text (`paragraph_numbers`)."""
        return paragraph_numbers(self.text, offsets)

    def closest(self, quote: str) -> tuple[str, float, int] | None:
        """The passage most like the quote: (original text, similarity 0–1, start offset)."""
        from briefgen.text.closest import NotSearched, closest_passages

        found = closest_passages(self, [quote])[0]  # one quote: within any budget
        return None if found is None or isinstance(found, NotSearched) else (found.passage, found.ratio, found.start)
