"""The passage of a source closest to a quote that is not in it, and what differs, word by word.

The source's words are indexed once (on the first quote not found in it): its normalised text
split at spaces, each word's letters and digits as its key, how often each key occurs and where
each word starts, all built with C-speed operations (`str.split`, `bytes.translate`, `Counter`,
`accumulate`). A quote's rarest words then say where it may stand: each occurrence of one votes
for the place the quote would start at, and only the few places with most votes are compared
word by word (`difflib` on a window of about the quote's length). So a quote costs about the
occurrences of its rarest words, not a pass over the source.

The quotes of one brief not found in one source share a budget of work in proportion to the
source's size (`budget`): each costs the occurrences of its rare words that vote and the words
compared. A quote met once it is spent is not searched (`NotSearched`), and its diagnostic says
so: it is still reported as not found, only without a closest passage.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate, compress, islice
from string import punctuation
from typing import TYPE_CHECKING

from briefgen.text.normal import normalise

if TYPE_CHECKING:
    from briefgen.text.quotes import NormalisedText

_PUNCTUATION = punctuation.encode("ascii")
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


@dataclass(frozen=True)
class NotSearched:
    """A quote whose closest passage was not searched: the budget for its source was spent."""

    budget: int  # the budget, in words of work
    searched: int  # how many quotes of the brief not found in the source were searched before


def budget(index: WordIndex) -> int:
    """The words of work one brief's quotes not found in a source may cost together."""
    return max(index.size // _SHARE, _LEAST)


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

    def __init__(self, normal: str):
        masked = normal.encode("utf-8", "surrogatepass").translate(_MASK).decode("utf-8", "surrogatepass")
        words = masked.split(" ")
        self.masked = masked
        self.size = len(words)
        # ends[i]: the characters of words 0..i; word i starts at ends[i - 1] + i (one space each).
        self.ends = array("q", accumulate(map(len, words)))
        counted = Counter(words)
        del words
        self.counts: Counter[str] = Counter()
        self._spellings: dict[str, list[str]] = {}  # each key's words, punctuation masked
        for word, count in counted.items():
            key = word.replace("\0", "")
            if key:
                self.counts[key] += count
                self._spellings.setdefault(key, []).append(word)

    def start(self, word: int) -> int:
        return (self.ends[word - 1] if word else 0) + word

    def end(self, word: int) -> int:
        return self.ends[word] + word

    def keys(self, low: int, high: int) -> list[str]:
        """The keys of words [low, high)."""
        if high <= low:
            return []
        return self.masked[self.start(low) : self.end(high - 1)].replace("\0", "").split(" ")

    def occurrences(self, keys: set[str], cap: int) -> dict[str, list[int]]:
        """Where each of `keys` occurs (word numbers, at most `cap` of each), in one C-speed pass
        when they are rare, or one capped pass each."""
        words = self.masked.split(" ")
        spelt = {spelling: key for key in keys for spelling in self._spellings.get(key, [])}
        rare = {spelling for spelling, key in spelt.items() if self.counts[key] <= cap}
        found: dict[str, list[int]] = {key: [] for key in keys}
        if rare:
            for word in compress(range(len(words)), map(rare.__contains__, words)):
                found[spelt[words[word]]].append(word)
        for key in keys:
            if self.counts.get(key, 0) > cap:
                spellings = set(self._spellings[key])
                found[key] = list(islice(compress(range(len(words)), map(spellings.__contains__, words)), cap))
        return found


def index_of(text: NormalisedText) -> WordIndex:
    if not isinstance(text.index, WordIndex):
        text.index = WordIndex(text.normal)
    return text.index


def closest_passages(text: NormalisedText, quotes: list[str]) -> list[Closest | NotSearched | None]:
    """The closest passage of `text` to each quote (None for a quote without a word the text has),
    searched in order until the quotes' work together reaches the `budget` (NotSearched after)."""
    if not text.normal.strip():
        return [None for _ in quotes]
    index = index_of(text)
    wanted = [[key for key in _keys(normalise(" ".join(quote.split()))) if key] for quote in quotes]
    anchors = [_anchors(index, words) for words in wanted]
    occurrences = index.occurrences({key for keys in anchors for key in keys}, _RARE)
    allowed, spent, searched = budget(index), 0, 0
    places: list[tuple[int, int] | NotSearched | None] = []
    for words, keys in zip(wanted, anchors, strict=True):
        if not keys:
            places.append(None)
            continue
        if spent >= allowed:
            places.append(NotSearched(allowed, searched))
            continue
        spent += sum(len(occurrences[key]) for key in keys) + _CANDIDATES * (len(words) + 2 * _SLACK)
        searched += 1
        places.append(_best_place(index, words, keys, occurrences))
    offsets = [text.origin(index.start(place[0])) for place in places if isinstance(place, tuple)]
    paragraphs = iter(text.paragraphs(offsets))
    results: list[Closest | NotSearched | None] = []
    for quote, place in zip(quotes, places, strict=True):
        if isinstance(place, tuple):
            results.append(_closest(text, index, quote, place, next(paragraphs)))
        else:
            results.append(place)
    return results


def _anchors(index: WordIndex, words: list[str]) -> list[str]:
    """The quote's rarest words that the source has, rarest first."""
    present = sorted({word for word in words if word in index.counts}, key=lambda w: (index.counts[w], w))
    rare = [word for word in present if index.counts[word] <= _RARE][:_ANCHORS]
    return rare or present[:1]


def _best_place(
    index: WordIndex, words: list[str], anchors: list[str], occurrences: dict[str, list[int]]
) -> tuple[int, int]:
    """The words [start, end) of the source most like the quote's `words`."""
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
        matcher = SequenceMatcher(None, words, window, autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        if not blocks:
            continue
        matched = sum(block.size for block in blocks)
        first, last = blocks[0], blocks[-1]
        # Words of the quote before its first match and after its last stand for words of the source.
        begin = max(0, first.b - first.a)
        finish = min(len(window), last.b + last.size + (len(words) - last.a - last.size))
        score = (matched, -(finish - begin))
        if best is None or score > best[:2]:
            best = (*score, start)
            best_span = (low + begin, low + finish)
    return best_span


def word_keys(words: list[str]) -> list[str]:
    """Each word's letters and digits, normalised: one key a word, an empty one for a dash."""
    return ["".join(_keys(normalise(word))) for word in words]


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
    matcher = SequenceMatcher(None, word_keys(mine), word_keys(theirs), autojunk=False)
    if matcher.ratio() == 1:
        matcher = SequenceMatcher(None, [normalise(w) for w in mine], [normalise(w) for w in theirs], autojunk=False)
    diff: list[tuple[str, str]] = []
    for op, a, b, c, d in matcher.get_opcodes():
        if op == "equal":
            diff.append(("=", " ".join(theirs[c:d])))
        if op in ("delete", "replace"):
            diff.append(("-", " ".join(mine[a:b])))
        if op in ("insert", "replace"):
            diff.append(("+", " ".join(theirs[c:d])))
    alike = matcher.ratio()
    ratio = SequenceMatcher(None, normalise(" ".join(theirs)), normalise(" ".join(mine)), autojunk=False).ratio()
    corrected = " ".join(theirs) if alike >= _CLOSE else None
    return Closest(" ".join(theirs), start, end, ratio, paragraph, tuple(diff), corrected)
