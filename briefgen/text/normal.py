"""The comparable form of a text, in which a quote and its source are compared.

Both are normalised the same way, in this order:
1. a word hyphenated across a line break (`sur-` / `charge`) is marked, so that a quote may
   give it whole (`surcharge`) or hyphenated (`sur-charge`): the mark reads as a hyphen, and
   `NormalisedText` also searches the text with the marked hyphens taken out;
2. typographic quotes and apostrophes become ASCII, dashes become '-', `…` becomes `...`, every
   white space (non-breaking spaces, line breaks and list bullets included) becomes a space and
   invisible characters go;
3. Markdown link residue such as `[fuel](#)` keeps only its text;
4. every run of spaces becomes one space;
5. a dash keeps no space around it and a run of dashes is one (`beta -- gamma`, `beta—gamma`
   and `beta – gamma` are all `beta-gamma`);
6. case is folded, which also spells out ligatures (`ﬁ` is `fi`).
Accents are kept: `Gatun` is not `Gatún` (`fold_accents` gives the form without them, to say
so). Every step uses C-speed passes (string methods, regular expressions, and for step 4 on a
long text an automaton that finds the pairs of spaces, with a Python step per run of them only);
`Origins` repeats them keeping where each character of the result comes from, for highlighting
the passage in the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right, insort
from functools import lru_cache
from typing import AnyStr

import ahocorasick_rs

_SINGLE = "‘’‚‛′`´"
_DOUBLE = "“”„‟″«»"
_DASHES = "‐‑‒–—―−"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\n\f\v\u2028\u2029\x85"
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# List bullets: a quote copied from a rendered list has none, and may run across items.
_BULLETS = "•◦‣⁃▪∙●"

REPLACE = {c: "'" for c in _SINGLE} | {c: '"' for c in _DOUBLE} | {c: "-" for c in _DASHES}
REPLACE |= {c: " " for c in _SPACES + _BULLETS} | {c: "" for c in _DROPPED} | {"…": "..."}
# The few ASCII characters, looked for in every text, and the rest, only in a text that holds them.
_ASCII_REPLACE = [(char, replacement) for char, replacement in REPLACE.items() if char.isascii()]
_WIDE_REPLACE = [(char, replacement) for char, replacement in REPLACE.items() if not char.isascii()]
_SAME_LENGTH = {char: replacement for char, replacement in REPLACE.items() if len(replacement) == 1}
_RESIZED = [char for char, replacement in REPLACE.items() if len(replacement) != 1]
LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([^()\s]{0,500}\)")
_WHITE = re.compile("  +")
_DASHES_RUN = re.compile("-+")
_ASCII_BREAK = re.compile(r"-[ \t]*[\r\n]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A hyphen at the end of a line, between letters: the word may have been hyphenated to fit.
# (It opens with the hyphen, not the look-behind, so that the engine skips to each hyphen.)
LINE_HYPHEN = re.compile(r"[-\u2010\u00ad](?<=[^\W\d_].)[ \t]*(?:\r\n|\r|\n)[ \t]*(?=[^\W\d_])")
# What stands for such a hyphen until the end of normalising (no step touches it).
JOIN = "\x1e"
_ASCII = bytes(range(128))


def translate(text: str) -> str:
    """Steps 1 and 2: replace typographic quotes, dashes, white space and `…`; drop invisible
    characters."""
    return _translated(text)[0]


def _translated(text: str) -> tuple[str, set[str]]:
    """`translate(text)`, and a set that holds every character beyond ASCII it still has (for
    `casefold`). One `str.replace` per character actually present: each is a C-speed pass, where
    `str.translate` with a table goes through a dictionary for every character. Which characters
    beyond ASCII a text holds is read once (`non_ascii`), not by a look through it for each of
    the thirty-odd replaced."""
    wide = non_ascii(text)
    if _hyphen_breaks(text, wide):
        text = LINE_HYPHEN.sub(JOIN, text)
    for char, replacement in _ASCII_REPLACE:
        if char in text:
            text = text.replace(char, replacement)
    if not wide:
        return text, wide
    for char, replacement in _WIDE_REPLACE:
        if char in wide:
            text = text.replace(char, replacement)
    return text, wide - REPLACE.keys()


def non_ascii(text: str) -> set[str]:
    """The characters of `text` beyond ASCII, found mostly as bytes (C speed)."""
    if text.isascii():
        return set()
    return set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass"))


def casefold(text: str, wide: set[str] | None = None) -> str:
    """`text.casefold()`, mostly as bytes: a text that is not all ASCII folds slowly, character by
    character, but folding is per character, so the few characters beyond ASCII are folded one by
    one and the rest by `bytes.lower` on the UTF-8 (which touches ASCII letters only). Folding a
    folded character changes nothing, so no replacement undoes another. `wide`, when given, holds
    every character of `text` beyond ASCII (and may hold more), which then need not be read."""
    if text.isascii():
        return text.lower()
    folds = [char for char in (non_ascii(text) if wide is None else wide) if char.casefold() != char]
    for char in folds:
        text = text.replace(char, char.casefold())
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def settle(text: str, wide: set[str] | None = None) -> str:
    """Steps 3 to 6 of a text already translated (translating it again would change nothing);
    `wide` as `casefold` takes it."""
    return casefold(_close_dashes(collapse_spaces(unlink(text))), wide)


# `collapse_spaces` reads a long text in chunks of this many characters (UTF-8 bytes) ...
_CHUNK = 1 << 14
# ... and a chunk with more than one pair of spaces per this many bytes is dense: there, one
# Python step per pair costs more than `_WHITE`'s scan of every character.
_SPARSE = 1 << 7
# After a dense chunk, how many bytes `_WHITE` takes on its own before the next chunk is
# tried again (doubled after each dense chunk in a row, so that a text dense throughout is read
# by the regular expression but for a few chunks).
_DENSE_RUN = 1 << 16
_DENSE_MOST = 1 << 20  # (the regular expression's list of pieces of a longer stretch costs more)
_SPACES_BYTES = re.compile(b" *")


@lru_cache(maxsize=1)
def _pairs() -> ahocorasick_rs.BytesAhoCorasick:
    """An automaton that finds two spaces in a row (a DFA: ~10 times the speed of `_WHITE`'s
    scan, which tries a match at every space of the text)."""
    return ahocorasick_rs.BytesAhoCorasick(
        [b"  "], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, implementation=ahocorasick_rs.Implementation.DFA
    )


def collapse_spaces(text: str) -> str:
    """Step 4, `_WHITE.sub(" ", text)`: each run of spaces as one. A long text is read as UTF-8
    (no byte of a character beyond ASCII is a space), an ASCII one copied as text (its bytes'
    offsets are its characters'), so that it needs no decoding after."""
    if len(text) <= _CHUNK:
        return _WHITE.sub(" ", text)
    data = text.encode("utf-8", "surrogatepass")
    if text.isascii():
        pieces = _collapsed(text, data)
        return text if pieces is None else "".join(pieces)
    raw = _collapsed(data, data)
    return text if raw is None else b"".join(raw).decode("utf-8", "surrogatepass")


def _collapsed(source: AnyStr, data: bytes) -> list[AnyStr] | None:
    """The pieces of `source` (`data`, or the ASCII text it encodes) that make it collapsed, or None
    when it has no run to collapse. `data` is read chunk by chunk: `_pairs` finds a chunk's pairs
    of spaces, and the text is copied around them, one Python step per run; a dense chunk, and a
    stretch after it, go to the regular expression instead, so that no text costs more than a few
    times its scan."""
    view, size = memoryview(data), len(data)
    find = _pairs().find_matches_as_indexes
    pieces: list[AnyStr] = []
    append = pieces.append
    # source[:cursor] is in pieces, collapsed, and data[start:] not read yet; after a pair (`run`),
    # the spaces at cursor are the rest of its run, to leave out.
    cursor = start = 0
    run = False
    dense_run = _DENSE_RUN
    while start < size:
        end = min(size, start + _CHUNK)
        pairs = find(view[start : end + 1])  # (a pair across the end)
        if len(pairs) * _SPARSE > end - start:
            if run:
                cursor, run = _past_spaces(data, cursor), False
            end = max(cursor, _between_runs(data, min(size, end + dense_run)))
            append(_collapse_dense(source, cursor, end))
            cursor = end
            dense_run = min(2 * dense_run, _DENSE_MOST)
        else:
            dense_run = _DENSE_RUN
            for _, at, stop in pairs:
                at += start
                if not (run and at == cursor):  # (else the run goes on)
                    if run and data[cursor] == 32:  # (one space: the pairs took the others)
                        cursor += 1
                    append(source[cursor : at + 1])
                    run = True
                cursor = start + stop
        start = max(end, cursor)
    if not pieces:
        return None
    append(source[_past_spaces(data, cursor) if run else cursor :])
    return pieces


def _collapse_dense(source: AnyStr, start: int, end: int) -> AnyStr:
    """`source[start:end]` collapsed by the regular expression (as text: it is about twice as fast
    on it as on bytes)."""
    if isinstance(source, str):
        return _WHITE.sub(" ", source[start:end])
    dense = source[start:end].decode("utf-8", "surrogatepass")
    return _WHITE.sub(" ", dense).encode("utf-8", "surrogatepass")


def _past_spaces(data: bytes, at: int) -> int:
    run = _SPACES_BYTES.match(data, at)
    assert run is not None  # (it matches everywhere)
    return run.end()


def _between_runs(data: bytes, at: int) -> int:
    """The first place from `at` on where a character of the UTF-8 `data` starts and no run of
    spaces spans."""
    while at < len(data) and data[at] & 0xC0 == 0x80:  # (a byte inside a character)
        at += 1
    return _past_spaces(data, at) if 0 < at < len(data) and data[at - 1 : at + 1] == b"  " else at


def _close_dashes(text: str) -> str:
    """Step 5, by `str.replace` (C speed; a regular expression here scans every character). A text
    without a dash is left as it is after one look for one (`memchr`, where each look for two
    characters steps through the text)."""
    if "-" not in text:
        return text
    while "--" in text:
        text = text.replace("--", "-")
    if " -" in text or "- " in text:
        text = text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    return text


def _hyphen_breaks(text: str, wide: set[str] | None = None) -> bool:
    """Whether `text` may hold a hyphen at a line break (a quick look before `LINE_HYPHEN`; a
    text without "-" needs no search of the pattern, only a look for the one character). `wide`,
    when given, is the set of its characters beyond ASCII (`non_ascii`)."""
    if "-" in text and _ASCII_BREAK.search(text):
        return True
    if wide is not None:
        return "\u2010" in wide or "\u00ad" in wide
    return not text.isascii() and ("\u2010" in text or "\u00ad" in text)


# The one character that is not a letter, digit or "_" but folds to one (the Greek ypogegrammeni
# folds to iota); every other character that folds to one character is of its fold's kind (a test
# goes through them all), and every character replaced by one is, as its replacement, neither.
_FOLDS_TO_WORD = "\u0345"
# What may change a text's runs of letters, digits and "_": a character replaced by none or by
# several, a link's "[", JOIN as the text may hold it, that character.
_CHANGES_WORDS = frozenset([*_RESIZED, _FOLDS_TO_WORD])  # (beyond ASCII; and "[", JOIN)


def plain_folded(text: str) -> str | None:
    """`text` case-folded, when normalising it changes its runs of letters, digits and "_" (`\\w`)
    only by folding each character: it holds no character replaced by none or by several, no
    link's "[", no hyphen at a line break (nor JOIN) and no character that folds to several or
    from another kind to a letter. Every other step replaces a character that is none of those
    by one that is none either, or takes out a space or dash beside another (never all between
    two words). A word (`\\w+`) then stands in `normalise(text)` where it stands in this, mapped
    back to the text (`NormalisedText.origin`): in the same runs, at the same places. Else None."""
    if text.isascii():  # (as `plain_folded_utf8` has it, without two passes to bytes and back)
        return text.lower() if plain_ascii(text) else None
    plain = plain_folded_utf8(text.encode("utf-8", "surrogatepass"))
    return None if plain is None else plain.decode("utf-8", "surrogatepass")


def plain_ascii(text: str) -> bool:
    """Whether `plain_folded` tells this ASCII text (as `text.lower()`), without lower-casing it."""
    return not ("[" in text or JOIN in text or _hyphen_breaks(text))


_ASCII_BREAK_UTF8 = re.compile(_ASCII_BREAK.pattern.encode("ascii"))
_JOIN_UTF8 = JOIN.encode("ascii")


def plain_folded_utf8(raw: bytes) -> bytes | None:
    """`plain_folded` of the text whose UTF-8 is `raw`, in UTF-8: worked out on the bytes, so that
    a text read from a file need not be decoded for it. (Folded as `casefold` folds: the few
    characters beyond ASCII one by one, the rest by `bytes.lower`.)"""
    if b"[" in raw or _JOIN_UTF8 in raw or (b"-" in raw and _ASCII_BREAK_UTF8.search(raw)):
        return None
    if raw.isascii():
        return raw.lower()
    chars = set(raw.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
    if "\u2010" in chars or "\u00ad" in chars or not _CHANGES_WORDS.isdisjoint(chars):
        return None  # (a hyphen at a line break may be one of those two, as `_hyphen_breaks` says)
    for char in chars:
        folded = char.casefold()
        if len(folded) != 1:
            return None
        if folded != char:
            raw = raw.replace(char.encode("utf-8", "surrogatepass"), folded.encode("utf-8", "surrogatepass"))
    return raw.lower()


def normal_with_joins(text: str) -> str:
    """The normalised text with each hyphen at a line break still marked as `JOIN`. A text longer
    than `_BLOCKWISE` is normalised in blocks (`block_starts`), joined: each step's copy of a block
    stays in the processor's cache and in memory the process already holds, where each copy of a
    20 MB text is new memory to map (as much time as the steps take)."""
    if len(text) <= _BLOCKWISE:
        return settle(*_translated(text))
    starts = block_starts(text, BLOCK)
    ends = [*starts[1:], len(text)]
    return "".join([settle(*_translated(text[a:b])) for a, b in zip(starts, ends, strict=True)])


def normalise(text: str) -> str:
    """The comparable form of a text (see the module docstring)."""
    normal = normal_with_joins(text)
    return normal.replace(JOIN, "-") if JOIN in normal else normal


def unlink(text: str) -> str:
    """Each link of `text` replaced by its text, as `LINK.sub` would: each "[" is found by `str.find`
    and tried there, which is faster than the regular expression's own scan through a long text."""
    find, match = text.find, LINK.match
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


def _base(char: str) -> str:
    """`char` without its accents, when it is one letter with them (`ú` -> `u`), else itself."""
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare if len(bare) == 1 else char


def fold_accents(normal: str) -> str:
    """A normalised text with its accented letters as plain ones (`ú` as `u`), of the same length,
    so that a position in one is the same position in the other."""
    for char in non_ascii(normal):
        bare = _base(char)
        if bare != char:
            normal = normal.replace(char, bare)
    return normal


def _dash_edits(text: str) -> list[tuple[int, int, str]]:
    """Step 5 as deletions: each run of dashes keeps its first, and loses a space on either side
    (a space between two runs goes once)."""
    edits: list[tuple[int, int, str]] = []
    if "-" not in text:  # a C-speed look, where the regular expression steps through every character
        return edits
    gone = -1  # the last space deleted
    for run in _DASHES_RUN.finditer(text):
        start, end = run.span()
        if start and text[start - 1] == " " and gone != start - 1:
            edits.append((start - 1, start, ""))
        if end > start + 1:
            edits.append((start + 1, end, ""))
        if text[end : end + 1] == " ":
            edits.append((end, end + 1, ""))
            gone = end
    return edits


# A piece of a text derived from the original: from `start` on, its characters come from the
# original text at `origin` onwards (`copies`), or all from the one character at `origin`.
_Segment = tuple[int, int, bool]
_Edit = tuple[int, int, str]


class Origins:
    """normalise(), step by step, keeping where each character of the result comes from.

    Only the places where a step changes the text are visited, so this costs about as
    much as normalising again, not a Python step per character.
    """

    def __init__(self, text: str):
        self.normal = text
        self.segments: list[_Segment] = [(0, 0, True)]
        if _hyphen_breaks(text):
            self._edit([(m.start(), m.end(), JOIN) for m in LINE_HYPHEN.finditer(text)])
        # A character replaced by one character keeps every position: replaced in place (C speed),
        # it needs no edit; only those replaced by none or by several (`…`) are visited.
        for char, replacement in _SAME_LENGTH.items():
            if char in self.normal:
                self.normal = self.normal.replace(char, replacement)
        resized = "".join(char for char in _RESIZED if char in self.normal)
        if resized:
            found = re.finditer("[" + re.escape(resized) + "]", self.normal)
            self._edit([(m.start(), m.end(), REPLACE[m.group()]) for m in found])
        self._edit(
            [
                edit
                for m in LINK.finditer(self.normal)
                for edit in ((m.start(), m.start(1), ""), (m.end(1), m.end(), ""))
            ]
        )
        self._edit([(m.start(), m.end(), " ") for m in _WHITE.finditer(self.normal)])
        self._edit(_dash_edits(self.normal))
        folded = self.normal.casefold()
        if len(folded) != len(self.normal):
            self._edit(
                [
                    (m.start(), m.end(), m.group().casefold())
                    for m in _NON_ASCII.finditer(self.normal)
                    if len(m.group().casefold()) != 1
                ]
            )
        self.normal = folded.replace(JOIN, "-") if JOIN in folded else folded
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


# A block longer than this is mapped back in windows around the places asked about (`Windows`).
WINDOWED = 1 << 15
# Characters of the original on each side of a place that its window holds at least.
_WINDOW = 2_048
# How many windows are tried for one place before the block is mapped whole.
_TRIES = 3
# How many windows a block has at most before it is mapped whole: each costs about a twentieth of
# its whole map (two looks through its normal form, and a map of a few thousand characters), so
# that a block asked about in many places (a brief's passages close together) costs at most a
# third more than its whole map did.
_WINDOWS = 8


class Windows:
    """The map back to the original of one block (`Origins`), built for a window of a few
    thousand characters around each place asked about rather than for the whole block.

    A window is cut where `block_starts` may cut (`_cut`), so its normal form is a stretch of the
    block's, which starts where the window's text does in it when it stands there only once
    between the anchors on either side (the ends of the block and of the windows built: normalising
    keeps the order), or when the window starts or ends the block. The window is placed where the
    anchors say the place is, in proportion; a window that does not hold the place is kept for the
    next guess. A block whose windows are not told apart in its
    normal form (a text that repeats itself), whose places take more than `_TRIES` windows, or
    that is asked about in more places than `_WINDOWS` is mapped by its whole `Origins`, once."""

    def __init__(self, text: str, normal: str):
        self.text, self.normal = text, normal  # a block of a text, and its normal form
        self.whole: Origins | None = None
        # Where each window's normal form starts in `normal` (in order), and for each, where its
        # text starts in `text` and its map; as anchors, the ends of windows and of the block.
        self.starts: list[int] = []
        self.windows: dict[int, tuple[int, Origins]] = {}
        self.anchors: list[tuple[int, int]] = [(0, 0), (len(normal), len(text))]
        if len(text) <= WINDOWED:
            self._whole()

    def _whole(self) -> Origins:
        if self.whole is None:
            self.whole = Origins(self.text)
            if self.whole.normal != self.normal:  # pragma: no cover (a property test guards)
                raise AssertionError("the map to the original text drifted from normalise()")
        return self.whole

    def origin(self, index: int) -> int:
        """The index in the block of the character at `index` of its normal form."""
        if self.whole is not None:
            return self.whole.origin(index)
        for _ in range(_TRIES):
            found = bisect_right(self.starts, index) - 1
            if found >= 0:
                begins = self.starts[found]
                start, window = self.windows[begins]
                if index < begins + len(window.normal):
                    return start + window.origin(index - begins)
            if not self._window(index):
                break
        return self._whole().origin(index)

    def _window(self, index: int) -> bool:
        """Build the window where the anchors say `index` stands; False when it cannot be placed
        (or the block has its `_WINDOWS` already)."""
        if len(self.windows) >= _WINDOWS:
            return False
        after = bisect_right(self.anchors, (index, len(self.text)))
        (low, first), (high, last) = self.anchors[after - 1], self.anchors[min(after, len(self.anchors) - 1)]
        place = first + (index - low) * (last - first) // max(1, high - low)
        start = _cut(self.text, place - _WINDOW, place) if place > _WINDOW else 0
        end = _cut(self.text, place + _WINDOW, len(self.text)) if place + _WINDOW < len(self.text) else len(self.text)
        if start is None or end is None:
            return False
        window = Origins(self.text[start:end])
        size = len(window.normal)
        if start == 0:
            begins = 0
        elif end == len(self.text):
            begins = len(self.normal) - size
        else:
            # It starts between where the anchors on either side of `start` do (normalising keeps
            # the order): only there must it stand once.
            around = bisect_right(self.anchors, start, key=lambda anchor: anchor[1])
            lowest, highest = self.anchors[around - 1][0], self.anchors[around][0] + size
            begins = self.normal.find(window.normal, lowest, highest) if size else -1
            if begins < 0 or self.normal.find(window.normal, begins + 1, highest) >= 0:
                return False
        if begins in self.windows:
            return False
        insort(self.starts, begins)
        self.windows[begins] = (start, window)
        insort(self.anchors, (begins, start))
        insort(self.anchors, (begins + size, end))
        return True


# A text longer than this is normalised in blocks of about BLOCK characters, which normalise
# independently (see `block_starts`): the map back to the original text is then built only for
# the blocks asked about, not for a 20 MB text to highlight one passage.
BLOCKED = 4_000_000
BLOCK = 1 << 19
# `normal_with_joins` normalises a text longer than this block by block.
_BLOCKWISE = 2 * BLOCK
# No link (`LINK`) is longer than this, in the text after steps 1 and 2.
_LINK_REACH = 1 + 300 + 2 + 500 + 1
# How far before a cut a "[" is looked for; the characters there must keep more than _LINK_REACH.
_BEFORE_CUT = 2048
_PAIR = re.compile(r"[A-Za-z0-9](?=[A-Za-z0-9])")
# How far past the end of a block a cut is looked for before the block runs on to the next.
_LOOK = 16_384


def block_starts(text: str, size: int = BLOCK) -> list[int]:
    """Where blocks of about `size` characters of `text` start, such that `normal_with_joins(text)`
    is the blocks' `normal_with_joins` joined. Each cut falls between two ASCII letters or digits:
    no step but links looks across that (a hyphen at a line break, white space, dashes and the
    characters replaced hold no letter, and each is replaced where it stands); and no "[" stands
    in the 2,048 characters before the cut, which keep more characters than a link may have, so
    no link spans it. A stretch with no such cut (a text full of "[") stays in one block."""
    starts = [0]
    target = size
    while target + size <= len(text):
        cut = _cut(text, target, target + size)
        if cut is None:
            target += size
        else:
            starts.append(cut)
            target = cut + size
    return starts


def _cut(text: str, low: int, high: int) -> int | None:
    """The first cut in [low, low + _LOOK) that `block_starts` allows, or None: a cut is looked for
    only so far past each block's end, so that a text without one costs little more to cut."""
    at, limit = low, min(high, low + _LOOK)
    while at < limit:
        pair = _PAIR.search(text, at - 1, limit)
        if pair is None:
            return None
        cut = pair.end()
        before = text[max(0, cut - _BEFORE_CUT) : cut]
        bracket = before.rfind("[")
        if bracket >= 0:
            at = cut + bracket + 1  # past the "[" by _BEFORE_CUT
            continue
        # What steps 1 and 2 keep of `before` at least: every character but white space (which a
        # hyphen at a line break may take) and the invisible ones they drop.
        kept = len("".join(before.split()))
        if not before.isascii():
            kept -= sum(before.count(char) for char in _DROPPED)
        if kept <= _LINK_REACH:
            at = cut + _BEFORE_CUT // 2
            continue
        return cut
    return None
