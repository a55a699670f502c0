"""The passage of a source closest to a quote that is not in it, and what differs, word by word.

The source's words are indexed once (on the first quote not found in it): its normalised text
split at spaces, each word's letters and digits as its key, how often each key occurs and where
each word starts, all built with C-speed operations (`str.split`, `bytes.translate`, `Counter`,
`accumulate`). A quote's rarest words then say where it may stand: each occurrence of one votes
for the place the quote would start at, and only the few places with most votes are compared
word by word (`difflib` on a window of about the quote's length). So a quote costs about the
occurrences of its rarest words, not a pass over the source.

A source longer than `_WHOLE` is not indexed whole (that costs ten times normalising it): a few
pairs of neighbouring words of each quote are looked for in one C-speed pass for all the quotes
(`briefgen.text.many`), their places vote for where each quote would start, and the stretches
with most votes are each indexed alone (a `WordIndex` of a region) and searched as above.

The quotes of one brief not found in one source share a budget of work in proportion to the
source's size (`budget`): each costs the occurrences of its rare words that vote and the words
compared. A quote met once it is spent is not searched (`NotSearched`), and its diagnostic says
so: it is still reported as not found, only without a closest passage.
"""

from __future__ import annotations

import json
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, islice
from string import punctuation
from typing import TYPE_CHECKING
from zlib import adler32

from briefgen.text import many
from briefgen.text.normal import normalise

if TYPE_CHECKING:
    from briefgen.text.quotes import NormalisedText

_PUNCTUATION = punctuation.encode("ascii")
_ASCII_ALNUM = re.compile("[A-Za-z0-9]")
_MASK = bytes.maketrans(_PUNCTUATION, b"\0" * len(_PUNCTUATION))
# A word occurring more often than this says little of where a quote stands.
_RARE = 2_000
_ANCHORS = 4
_CANDIDATES = 4
# Words of slack on each side of a candidate place, for words the quote dropped or added.
_SLACK = 6
# A passage this alike, word for word, is offered as the corrected quote.
_CLOSE = 0.75
# The budget of one brief's search in one source: a word of work for every _SHARE words of the
# source, and never less than _LEAST (a small source's search is cheap whatever its quotes).
_SHARE = 4
_LEAST = 50_000
# A normalised text longer than this is not indexed whole (`_places_in_regions`): indexing 19 MB
# whole takes about a second of `str.split` and `Counter`, 10 times normalising it.
_WHOLE = 1 << 20
# The sample of a long text whose words are counted, to tell its common words.
_SAMPLES = 32
_SAMPLE = 1 << 14
# Characters of slack around a stretch of votes, for words the quote dropped or added.
_REACH = 100
# In a long source, the words of work a quote's search counts besides its votes and the words it
# compares: what its Python steps cost, about what indexing this many words of the text would.
_QUOTE = 1_500
# The first stretch of a long text whose spaces `_Allowance` counts; each later one reaches as far
# as the spaces counted say the words wanted stand, an eighth further, and is at least an eighth
# of all counted before it (so that the stretches are few).
_COUNTED = 1 << 20
# The spaces of an ASCII stretch are its bytes mapped to 1 (a space) or 0 and added up by
# `zlib.adler32` (whose first sum is theirs modulo 65,521) in pieces of at most this many: about
# twice as fast as `str.count`, whose loop's branches go wrong on text dense with spaces.
_SUMMED = 65_520
_ONE_A_SPACE = bytes(1 if byte == 0x20 else 0 for byte in range(256))
# How many of a quote's pairs of words are looked for (the automaton's size is what its pass costs).
_PAIRS = 4


@dataclass(frozen=True)
class NotSearched:
    """A quote whose closest passage was not searched: the budget for its source was spent."""

    budget: int  # the budget, in words of work
    searched: int  # how many quotes of the brief not found in the source were searched before


def budget(index: WordIndex) -> int:
    """The words of work one brief's quotes not found in a source may cost together."""
    return _budget_of(index.size)


def _budget_of(words: int) -> int:
    """The budget of a source of this many words."""
    return max(words // _SHARE, _LEAST)


@dataclass(frozen=True)
class Closest:
    """The passage most like a quote, in the original text, and how the quote differs from it."""

    passage: str  # the original text of the passage, whole words
    start: int  # [start, end) in the original text
    end: int
    ratio: float  # similarity of the normalised texts, 0-1
    paragraph: int  # from 1, counted at blank lines
    diff: tuple[tuple[str, str], ...]  # ("=", words), ("-", quote's words), ("+", passage's words)
    corrected: str | None  # the passage to quote instead, when quote and passage are close

    def fix(self) -> str | None:
        """The corrected quote as a line of YAML, ready to paste."""
        return None if self.corrected is None else "quote: " + json.dumps(self.corrected, ensure_ascii=False)

    def shown_diff(self) -> str:
        """The word diff in `git diff --word-diff` notation: `[-quote's-]{+source's+}`."""
        marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
        return " ".join(marks[kind].format(words) for kind, words in self.diff)

    def as_dict(self) -> dict[str, object]:
        return {
            "passage": " ".join(self.passage.split()),
            "paragraph": self.paragraph,
            "similarity": round(self.ratio, 2),
            "diff": [{"op": {"=": "equal", "-": "delete", "+": "insert"}[k], "words": w} for k, w in self.diff],
            "corrected_quote": self.corrected,
        }


def _keys(normal: str) -> list[str]:
    """The words of a normalised text split at spaces, each with only its letters and digits
    (ASCII punctuation deleted as bytes: UTF-8 holds no ASCII byte inside another character)."""
    return (
        normal.encode("utf-8", "surrogatepass")
        .translate(None, _PUNCTUATION)
        .decode("utf-8", "surrogatepass")
        .split(" ")
    )


class WordIndex:
    """A source's words, how often each occurs and where each starts in `normal`, kept small: the
    normalised text with its ASCII punctuation masked (one NUL a character, so that each word keeps
    its length), and an array of where words end; the list of words is made only while counting
    and while looking for a batch of quotes' words, never kept."""

    def __init__(self, normal: str, offset: int = 0):
        masked = normal.encode("utf-8", "surrogatepass").translate(_MASK).decode("utf-8", "surrogatepass")
        self.offset = offset  # where `normal` stands in the whole normalised text (a region of it)
        words = masked.split(" ")
        self.masked = masked
        self.size = len(words)
        # ends[i]: the characters of words 0..i; word i starts at ends[i - 1] + i (one space each).
        self.ends = array("q", accumulate(map(len, words)))
        del words
        self.counts = Counter(self._keys())
        self.counts.pop("", None)

    def _keys(self) -> list[str]:
        """Each word's key, in order (its masked punctuation taken out: no space moves)."""
        return self.masked.replace("\0", "").split(" ")

    def start(self, word: int) -> int:
        """Where word number `word` starts in the whole normalised text."""
        return self.offset + self._start(word)

    def end(self, word: int) -> int:
        return self.offset + self.ends[word] + word

    def _start(self, word: int) -> int:
        return (self.ends[word - 1] if word else 0) + word

    def keys(self, low: int, high: int) -> list[str]:
        """The keys of words [low, high)."""
        if high <= low:
            return []
        return self.masked[self._start(low) : self.ends[high - 1] + high - 1].replace("\0", "").split(" ")

    def occurrences(self, keys: set[str], cap: int) -> dict[str, list[int]]:
        """Where each of `keys` occurs (word numbers, at most `cap` of each), in one C-speed pass
        when they are rare, or one capped pass each."""
        words = self._keys()
        rare = {key for key in keys if 0 < self.counts.get(key, 0) <= cap}
        found: dict[str, list[int]] = {key: [] for key in keys}
        if rare:
            for word in compress(range(len(words)), map(rare.__contains__, words)):
                found[words[word]].append(word)
        for key in keys:
            if self.counts.get(key, 0) > cap:
                found[key] = list(islice(compress(range(len(words)), map(key.__eq__, words)), cap))
        return found


def index_of(text: NormalisedText) -> WordIndex:
    if not isinstance(text.index, WordIndex):
        text.index = WordIndex(text.normal)
    return text.index


# A place found for a quote: the index it was found in (the whole text's, or a region's) and its
# words [start, end) there.
_Place = tuple[WordIndex, tuple[int, int]]


def closest_passages(text: NormalisedText, quotes: list[str]) -> list[Closest | NotSearched | None]:
    """The closest passage of `text` to each quote (None for a quote without a word the text has),
    searched in order until the quotes' work together reaches the `budget` (NotSearched after)."""
    if not text.normal.strip():
        return [None for _ in quotes]
    if len(text.normal) <= _WHOLE:
        places = _places_in_whole(index_of(text), [_words(quote) for quote in quotes])
    else:
        places = _places_in_regions(text.normal, quotes)
    offsets = [text.origin(place[0].start(place[1][0])) for place in places if isinstance(place, tuple)]
    paragraphs = iter(text.paragraphs(offsets))
    results: list[Closest | NotSearched | None] = []
    for quote, place in zip(quotes, places, strict=True):
        if isinstance(place, tuple):
            results.append(_closest(text, place[0], quote, place[1], next(paragraphs)))
        else:
            results.append(place)
    return results


def _words(quote: str) -> list[str]:
    """The keys of a quote's words, normalised (none for a quote of punctuation only)."""
    return [key for key in _keys(normalise(" ".join(quote.split()))) if key]


def _has_words(quote: str) -> bool:
    """Whether `_words(quote)` has any: surely when the quote has an ASCII letter or digit and no
    "[" (normalising deletes no ASCII letter or digit but in a link's address), which is quicker to
    tell than normalising it, for the many quotes past the budget."""
    return ("[" not in quote and _ASCII_ALNUM.search(quote) is not None) or bool(_words(quote))


def _places_in_whole(index: WordIndex, wanted: list[list[str]]) -> list[_Place | NotSearched | None]:
    """Each quote's place, its rare words' occurrences voting through the whole text's index."""
    anchors = [_anchors(index, words) for words in wanted]
    occurrences = index.occurrences({key for keys in anchors for key in keys}, _RARE)
    allowed, spent, searched = budget(index), 0, 0
    places: list[_Place | NotSearched | None] = []
    for words, keys in zip(wanted, anchors, strict=True):
        if not keys:
            places.append(None)
            continue
        if spent >= allowed:
            places.append(NotSearched(allowed, searched))
            continue
        spent += sum(len(occurrences[key]) for key in keys) + _CANDIDATES * (len(words) + 2 * _SLACK)
        searched += 1
        places.append((index, _best_place(index, words, keys, occurrences)[1]))
    return places


def _places_in_regions(normal: str, quotes: list[str]) -> list[_Place | NotSearched | None]:
    """Each quote's place in a text too long to index whole: the places of the quotes' pairs of
    words (and, for a quote none of whose pairs the text has, of its rarer words) are found in one
    pass for all quotes (`many.places`, C speed); they vote for where a quote may start; each
    stretch with most votes is indexed alone (`WordIndex` of a region) and compared as in the
    whole text's index."""
    allowance = _Allowance(normal)
    common = _common_words(normal)
    # The quotes, in order, that the budget may allow (each counts at least _QUOTE); only they
    # are normalised and split.
    chosen = range(min(len(quotes), -(-allowance.least(len(quotes) * _QUOTE) // _QUOTE)))
    spelt = [normalise(" ".join(quotes[number].split())).split(" ") for number in chosen]
    patterns: dict[str, list[tuple[int, int]]] = {}
    for number in chosen:
        pairs = _pairs(spelt[number], common)
        # A few pairs spread through the quote: a word changed spoils the two beside it only.
        for pattern, at in pairs[:: max(1, -(-len(pairs) // _PAIRS))]:
            patterns.setdefault(pattern, []).append((number, at))
    votes: dict[int, list[int]] = {number: [] for number in chosen}
    _vote(normal, patterns, votes)
    lonely = [number for number in chosen if not votes[number]]
    if lonely:
        singles: dict[str, list[tuple[int, int]]] = {}
        for number in lonely:
            for pattern, at in _singles(spelt[number], common):
                singles.setdefault(pattern, []).append((number, at))
        _vote(normal, singles, votes)
    spent, searched = 0, 0
    places: list[_Place | NotSearched | None] = []
    for number, quote in enumerate(quotes):
        if number not in votes:
            places.append(NotSearched(allowance.exact(), searched) if _has_words(quote) else None)
            continue
        words = [key for key in _keys(" ".join(spelt[number])) if key]
        if not words:
            places.append(None)
            continue
        if spent >= allowance.least(spent + 1):
            places.append(NotSearched(allowance.exact(), searched))
            continue
        length = len(" ".join(spelt[number]))
        found, work = _best_region(normal, words, votes[number], length)
        spent += _QUOTE + work + len(votes[number]) + _CANDIDATES * (len(words) + 2 * _SLACK)
        searched += 1
        places.append(found)
    return places


class _Allowance:
    """The budget of a search in a long text (as `budget`: a word of work for every `_SHARE` of its
    words, at least `_LEAST`), its words counted only as far as a question needs: the spaces of a
    stretch from its start tell at least how many it has (counting 19 MB takes 30-50 ms, and a
    brief's quotes mostly spend a small part of the budget)."""

    def __init__(self, normal: str):
        self.normal = normal
        self.counted = 0  # how far the spaces are counted
        self.spaces = 0

    def least(self, wanted: int) -> int:
        """The budget, or less than it but at least `wanted`."""
        while self._bound() < wanted and self.counted < len(self.normal):
            step = _COUNTED
            if self.spaces:
                short = _SHARE * wanted - 1 - self.spaces  # (the bound is `(spaces + 1) // _SHARE`)
                step = max(self.counted // 8, short * self.counted * 9 // (8 * self.spaces))
            end = min(len(self.normal), self.counted + step)
            self.spaces += _spaces(self.normal, self.counted, end)
            self.counted = end
        return self._bound()

    def exact(self) -> int:
        return self.least(len(self.normal) + _LEAST)  # (more than any budget of the text)

    def _bound(self) -> int:
        return _budget_of(self.spaces + 1)


def _spaces(text: str, start: int, end: int) -> int:
    """How many spaces text[start:end] holds (`_SUMMED`)."""
    if not text.isascii():
        return text.count(" ", start, end)
    pieces = (text[at : min(end, at + _SUMMED)].encode("ascii") for at in range(start, end, _SUMMED))
    return sum(adler32(piece.translate(_ONE_A_SPACE), 0) & 0xFFFF for piece in pieces)


def _common_words(normal: str) -> set[str]:
    """The words (keys) that a sample of the text says occur more than `_RARE` times in it: the
    words of `_SAMPLES` stretches spread evenly through it, counted."""
    step = len(normal) // _SAMPLES
    counts: Counter[str] = Counter()
    for n in range(_SAMPLES):
        counts.update(_keys(normal[n * step : n * step + _SAMPLE])[1:-1])
    counts.pop("", None)
    scale = len(normal) / (_SAMPLES * _SAMPLE)
    return {key for key, count in counts.items() if count * scale > _RARE}


def _trimmed(word: str) -> tuple[str, int]:
    """The word without the ASCII punctuation at its ends, and how much was taken from its start."""
    bare = word.strip(punctuation)
    return bare, word.find(bare) if bare else 0


def _pairs(words: list[str], common: set[str]) -> list[tuple[str, int]]:
    """Each pair of neighbouring words of a normalised quote, not both common, as it would stand
    in the text (punctuation at its two ends left out), and where it starts in the quote."""
    found: list[tuple[str, int]] = []
    at = 0
    keys = _keys(" ".join(words))  # (a word with a key has letters or digits left when trimmed)
    for first, second, key, next_key in zip(words, words[1:], keys, keys[1:], strict=False):
        if key and next_key and not (key in common and next_key in common):
            head, lead = _trimmed(first)
            tail, _ = _trimmed(second)
            found.append((f"{first[lead:]} {second[: second.find(tail) + len(tail)]}", at + lead))
        at += len(first) + 1
    return found


def _singles(words: list[str], common: set[str]) -> list[tuple[str, int]]:
    """Each word of a normalised quote that is not common, without the punctuation at its ends,
    and where it starts in the quote."""
    found: list[tuple[str, int]] = []
    at = 0
    for word, key in zip(words, _keys(" ".join(words)), strict=False):  # (no words: one empty key)
        if key and key not in common:
            bare, lead = _trimmed(word)
            found.append((bare, at + lead))
        at += len(word) + 1
    return found


def _vote(normal: str, patterns: dict[str, list[tuple[int, int]]], votes: dict[int, list[int]]) -> None:
    """Each place of each pattern votes for where each quote it came from would start."""
    texts = list(patterns)
    for pattern, found in zip(texts, many.places(normal, texts, _RARE), strict=True):
        for number, at in patterns[pattern]:
            votes[number].extend(place - at for place in found)


def _best_region(normal: str, words: list[str], votes: list[int], length: int) -> tuple[_Place | None, int]:
    """The place most like the quote's `words` among the `_CANDIDATES` stretches with most votes
    (votes within about half the quote's length of each other pool together), each indexed
    alone; and the words indexed, as work."""
    pools: list[list[int]] = []  # [first vote, last vote, votes]
    for vote in sorted(votes):
        if pools and vote - pools[-1][0] <= length // 2 + _REACH:
            pools[-1][1:] = [vote, pools[-1][2] + 1]
        else:
            pools.append([vote, vote, 1])
    best: tuple[tuple[int, int], _Place] | None = None
    work = 0
    ranked = sorted(pools, key=lambda pool: (-pool[2], pool[0]))[:_CANDIDATES]
    # A stretch with less than half the votes of the best is not the passage a quote came from.
    for first, last, _ in [pool for pool in ranked if 2 * pool[2] >= ranked[0][2]]:
        low = max(0, first - _REACH)
        low = normal.rfind(" ", 0, low) + 1 if low else 0
        high = normal.find(" ", min(len(normal), last + length + _REACH))
        high = len(normal) if high < 0 else high
        region = WordIndex(normal[low:high], low)
        work += region.size
        keys = _anchors(region, words)
        if not keys:
            continue
        score, span = _best_place(region, words, keys, region.occurrences(set(keys), _RARE))
        if best is None or score > best[0]:
            best = (score, (region, span))
    return (best[1] if best else None), work


def _anchors(index: WordIndex, words: list[str]) -> list[str]:
    """The quote's rarest words that the source has, rarest first."""
    present = sorted({word for word in words if word in index.counts}, key=lambda w: (index.counts[w], w))
    rare = [word for word in present if index.counts[word] <= _RARE][:_ANCHORS]
    return rare or present[:1]


def _best_place(
    index: WordIndex, words: list[str], anchors: list[str], occurrences: dict[str, list[int]]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The words [start, end) of the source most like the quote's `words`, and how alike: (words
    matched, minus the words the passage spans)."""
    votes: Counter[int] = Counter()
    for key in anchors:
        places = [n for n, word in enumerate(words) if word == key]
        votes.update(at - n for at in occurrences[key] for n in places)
    # A word dropped or added moves the later words by one: neighbouring places vote together,
    # among the places with most votes of their own (`most_common` picks them at C speed).
    top = [start for start, _ in votes.most_common(_CANDIDATES * 8)]
    pooled = {start: votes[start - 1] + votes[start] + votes[start + 1] for start in top}
    candidates = sorted(pooled, key=lambda start: (-pooled[start], start))[:_CANDIDATES]
    best: tuple[int, int, int] | None = None  # (matched words, -start, ...)
    best_span = (0, 0)
    size = index.size
    for start in sorted(candidates):
        low, high = max(0, start - _SLACK), min(size, start + len(words) + _SLACK)
        window = index.keys(low, high)
        blocks = _blocks(*_coded(words, window))
        if not blocks:
            continue
        matched = sum(size for _, _, size in blocks)
        (first_a, first_b, _), (last_a, last_b, _) = blocks[0], blocks[-1]
        # Words of the quote before its first match and after its last stand for words of the source.
        begin = max(0, first_b - first_a)
        finish = min(len(window), last_b + len(words) - last_a)
        score = (matched, -(finish - begin))
        if best is None or score > best[:2]:
            best = (*score, start)
            best_span = (low + begin, low + finish)
    return (best[:2] if best else (0, 0)), best_span


def word_keys(words: list[str]) -> list[str]:
    """Each word's letters and digits, normalised: one key a word, an empty one for a dash."""
    return [_word_key(word) for word in words]


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    # (Kept: the passages of a brief's many quotes not found share most of their words.)
    return "".join(_keys(normalise(word)))


def _closest(text: NormalisedText, index: WordIndex, quote: str, place: tuple[int, int], paragraph: int) -> Closest:
    first, last = place
    start = text.origin(index.start(first))
    end = text.origin(index.end(last - 1) - 1) + 1
    mine = quote.split()
    # A comma or a full stop after the passage's last word, which the quote does not end with, is
    # the source's sentence going on, or ending.
    while (
        end > start + 1
        and text.text[end - 1] in ",;:."
        and text.text[end - 2].isalnum()
        and not quote.rstrip().endswith(text.text[end - 1])
    ):
        end -= 1
    theirs = text.text[start:end].split()
    # Words compared by their letters and digits: a full stop or comma the passage goes on past is
    # no difference to show; unless punctuation is all that differs.
    blocks = _blocks(*_coded(word_keys(mine), word_keys(theirs)))
    if _ratio(blocks, len(mine) + len(theirs)) == 1:
        blocks = _blocks(*_coded([normalise(w) for w in mine], [normalise(w) for w in theirs]))
    diff: list[tuple[str, str]] = []
    at, to = 0, 0  # the words of each before the next block
    for a, b, size in [*_merged(blocks), (len(mine), len(theirs), 0)]:
        if at < a:
            diff.append(("-", " ".join(mine[at:a])))
        if to < b:
            diff.append(("+", " ".join(theirs[to:b])))
        if size:
            diff.append(("=", " ".join(theirs[b : b + size])))
        at, to = a + size, b + size
    alike = _ratio(blocks, len(mine) + len(theirs))
    passage, quoted = normalise(" ".join(theirs)), normalise(" ".join(mine))
    ratio = _ratio(_blocks(passage, quoted), len(passage) + len(quoted))
    corrected = " ".join(theirs) if alike >= _CLOSE else None
    return Closest(" ".join(theirs), start, end, ratio, paragraph, tuple(diff), corrected)


# The matching blocks `difflib.SequenceMatcher(None, a, b, autojunk=False)` finds, found at C speed:
# difflib's `find_longest_match` steps in Python through every pair of equal elements (a quote and
# its passage of 75 characters each: 95 us; 33 us so).
_Block = tuple[int, int, int]  # a[i : i + size] == b[j : j + size]: (i, j, size)


def _blocks(a: str, b: str) -> list[_Block]:
    """The blocks of `get_matching_blocks()` but its last (len(a), len(b), 0), not merged where
    they meet: the longest match of the two, then of what is left on either side of it, and so on."""
    found: list[_Block] = []
    stretches = [(0, len(a), 0, len(b))]
    while stretches:
        low, high, start, end = stretches.pop()
        i, j, size = _longest(a, b, low, high, start, end)
        if size:
            found.append((i, j, size))
            if low < i and start < j:
                stretches.append((low, i, start, j))
            if i + size < high and j + size < end:
                stretches.append((i + size, high, j + size, end))
    return sorted(found)


def _longest(a: str, b: str, low: int, high: int, start: int, end: int) -> _Block:
    """`find_longest_match(low, high, start, end)` without junk: the longest stretch of
    a[low:high] that b[start:end] holds, the first in `a`, where it first stands in `b`; by
    `str.find` of a stretch one longer than the longest yet, from each place of `a` in turn (a
    stretch found is the longest from there; one not found, from there on, is longer than any)."""
    first, size, at = low, 0, low
    while at + size < high:
        if b.find(a[at : at + size + 1], start, end) >= 0:
            first, size = at, size + 1
        else:
            at += 1
    return first, (b.find(a[first : first + size], start, end) if size else start), size


def _merged(blocks: list[_Block]) -> list[_Block]:
    """The blocks with those that meet joined, as `get_matching_blocks()` gives them."""
    joined: list[_Block] = []
    for i, j, size in blocks:
        if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + size)
        else:
            joined.append((i, j, size))
    return joined


def _ratio(blocks: list[_Block], length: int) -> float:
    """`SequenceMatcher.ratio()` of sequences `length` long together that match in `blocks`."""
    return 2.0 * sum(size for _, _, size in blocks) / length if length else 1.0


def _coded(first: list[str], second: list[str]) -> tuple[str, str]:
    """Two lists of words as strings of one character a word, the same for the same word, so that
    `_blocks` matches words."""
    codes = {word: chr(n) for n, word in enumerate(dict.fromkeys([*first, *second]))}
    return "".join(map(codes.__getitem__, first)), "".join(map(codes.__getitem__, second))
