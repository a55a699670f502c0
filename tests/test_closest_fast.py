"""The closest-passage search's fast paths find what its plain ways found: each is compared with
the plain way it replaced (kept here), alone and in the whole search of random texts and quotes,
through the whole text's index and through regions of a text too long to index whole."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from difflib import SequenceMatcher
from itertools import accumulate, compress, islice

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from briefgen.text import closest
from briefgen.text.normal import normalise
from briefgen.text.quotes import NormalisedText


class _PlainWordIndex(closest.WordIndex):
    """The index as it was: each key's spellings (its words, punctuation masked) kept, counted
    word by word, and looked for by their spellings."""

    def __init__(self, normal: str, offset: int = 0):
        masked = normal.encode("utf-8", "surrogatepass").translate(closest._MASK).decode("utf-8", "surrogatepass")
        self.offset = offset
        words = masked.split(" ")
        self.masked = masked
        self.size = len(words)
        self.ends = array("q", accumulate(map(len, words)))
        counted = Counter(words)
        self.counts: Counter[str] = Counter()
        self._spellings: dict[str, list[str]] = {}
        for word, count in counted.items():
            key = word.replace("\0", "")
            if key:
                self.counts[key] += count
                self._spellings.setdefault(key, []).append(word)

    def occurrences(self, keys: set[str], cap: int) -> dict[str, list[int]]:
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


def _plain_common_words(normal: str) -> set[str]:
    step = len(normal) // closest._SAMPLES
    sampled = range(closest._SAMPLES)
    counts = Counter(
        key for n in sampled for key in closest._keys(normal[n * step : n * step + closest._SAMPLE])[1:-1] if key
    )
    scale = len(normal) / (closest._SAMPLES * closest._SAMPLE)
    return {key for key, count in counts.items() if count * scale > closest._RARE}


class _PlainAllowance(closest._Allowance):
    """Spaces counted by `str.count`, in stretches each twice the last."""

    def least(self, wanted: int) -> int:
        step = closest._COUNTED
        while self._bound() < wanted and self.counted < len(self.normal):
            end = min(len(self.normal), self.counted + step)
            self.spaces += self.normal.count(" ", self.counted, end)
            self.counted, step = end, 2 * step
        return self._bound()


def _plain_best_place(
    index: closest.WordIndex, words: list[str], anchors: list[str], occurrences: dict[str, list[int]]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """`_best_place` with difflib's matching blocks."""
    votes: Counter[int] = Counter()
    for key in anchors:
        places = [n for n, word in enumerate(words) if word == key]
        votes.update(at - n for at in occurrences[key] for n in places)
    top = [start for start, _ in votes.most_common(closest._CANDIDATES * 8)]
    pooled = {start: votes[start - 1] + votes[start] + votes[start + 1] for start in top}
    candidates = sorted(pooled, key=lambda start: (-pooled[start], start))[: closest._CANDIDATES]
    best: tuple[int, int, int] | None = None
    best_span = (0, 0)
    for start in sorted(candidates):
        low, high = max(0, start - closest._SLACK), min(index.size, start + len(words) + closest._SLACK)
        window = index.keys(low, high)
        matcher = SequenceMatcher(None, words, window, autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        if not blocks:
            continue
        matched = sum(block.size for block in blocks)
        first, last = blocks[0], blocks[-1]
        begin = max(0, first.b - first.a)
        finish = min(len(window), last.b + last.size + (len(words) - last.a - last.size))
        score = (matched, -(finish - begin))
        if best is None or score > best[:2]:
            best = (*score, start)
            best_span = (low + begin, low + finish)
    return (best[:2] if best else (0, 0)), best_span


def _plain_closest(
    text: NormalisedText, index: closest.WordIndex, quote: str, place: tuple[int, int], paragraph: int
) -> closest.Closest:
    """`_closest` with difflib's opcodes and ratios."""
    first, last = place
    start = text.origin(index.start(first))
    end = text.origin(index.end(last - 1) - 1) + 1
    mine = quote.split()
    while (
        end > start + 1
        and text.text[end - 1] in ",;:."
        and text.text[end - 2].isalnum()
        and not quote.rstrip().endswith(text.text[end - 1])
    ):
        end -= 1
    theirs = text.text[start:end].split()
    matcher = SequenceMatcher(None, closest.word_keys(mine), closest.word_keys(theirs), autojunk=False)
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
    corrected = " ".join(theirs) if alike >= closest._CLOSE else None
    return closest.Closest(" ".join(theirs), start, end, ratio, paragraph, tuple(diff), corrected)


def _plain_pairs(words: list[str], common: set[str]) -> list[tuple[str, int]]:
    """`_pairs`, each word trimmed and its key made alone."""
    found: list[tuple[str, int]] = []
    at = 0
    for first, second in zip(words, words[1:], strict=False):
        head, lead = closest._trimmed(first)
        tail, _ = closest._trimmed(second)
        keys = ("".join(closest._keys(head)), "".join(closest._keys(tail)))
        if head and tail and all(keys) and not (keys[0] in common and keys[1] in common):
            found.append((f"{first[lead:]} {second[: second.find(tail) + len(tail)]}", at + lead))
        at += len(first) + 1
    return found


def _plain_singles(words: list[str], common: set[str]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    at = 0
    for word in words:
        bare, lead = closest._trimmed(word)
        key = "".join(closest._keys(bare))
        if key and key not in common:
            found.append((bare, at + lead))
        at += len(word) + 1
    return found


@contextmanager
def _plain() -> Iterator[None]:
    """The search as it was, each fast path replaced by its plain way."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(closest, "WordIndex", _PlainWordIndex)
        patch.setattr(closest, "_common_words", _plain_common_words)
        patch.setattr(closest, "_Allowance", _PlainAllowance)
        patch.setattr(closest, "_best_place", _plain_best_place)
        patch.setattr(closest, "_closest", _plain_closest)
        patch.setattr(closest, "_pairs", _plain_pairs)
        patch.setattr(closest, "_singles", _plain_singles)
        yield


# Words that repeat (so that some are common, and pairs of them stand in many places), with
# punctuation inside and around them, beyond ASCII, and of punctuation only.
_WORDS = st.sampled_from(
    ["a", "ab", "ba", "the", "of", "a.", "ab,", "(ab)", "don't", "café", "naïve", "co-op", "--", "...", "x1", "ﬁne"]
)


@st.composite
def _texts_and_quotes(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text of those words, and quotes: passages of it with a word changed, dropped or added, and
    words of the vocabulary in any order."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=400))
    quotes = []
    for start, length, change in draw(
        st.lists(st.tuples(st.integers(0, len(words)), st.integers(1, 16), st.integers(0, 3)), max_size=10)
    ):
        passage = words[start : start + length]
        middle = len(passage) // 2
        if change == 1 and passage:
            passage[middle] = draw(_WORDS)
        elif change == 2 and passage:
            del passage[middle]
        elif change == 3:
            passage.insert(middle, draw(_WORDS))
        quotes.append(" ".join(passage) or draw(_WORDS))
    quotes += draw(st.lists(st.lists(_WORDS, min_size=1, max_size=12).map(" ".join), max_size=3))
    return " ".join(words), quotes


def _both(text: str, quotes: list[str]) -> tuple[list[object], list[object]]:
    fast = closest.closest_passages(NormalisedText(text), quotes)
    with _plain():
        plain = closest.closest_passages(NormalisedText(text), quotes)
    return fast, plain


# Small enough that the random texts are long, their samples short, their words common and their
# budgets spent.
_LONG = {"_WHOLE": 0, "_SAMPLE": 40, "_SAMPLES": 8, "_RARE": 4, "_COUNTED": 16, "_LEAST": 40, "_QUOTE": 30}


@given(_texts_and_quotes())
@example(("a b a b a", ["a c a"]))
def test_a_long_texts_closest_passages_are_those_of_the_plain_search(case: tuple[str, list[str]]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in _LONG.items():
            patch.setattr(closest, name, value)
        fast, plain = _both(*case)
    assert fast == plain


@given(_texts_and_quotes())
def test_a_short_texts_closest_passages_are_those_of_the_plain_search(case: tuple[str, list[str]]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(closest, "_RARE", 4)
        fast, plain = _both(*case)
    assert fast == plain


@given(st.lists(_WORDS, max_size=60).map(" ".join), st.sets(_WORDS.map(lambda w: "".join(closest._keys(w)))))
def test_the_index_counts_and_finds_words_as_their_spellings_did(normal: str, keys: set[str]) -> None:
    fast, plain = closest.WordIndex(normal, 7), _PlainWordIndex(normal, 7)
    assert fast.counts == plain.counts
    assert fast.size == plain.size and fast.ends == plain.ends and fast.masked == plain.masked
    for cap in (1, 2, 100):
        assert fast.occurrences(keys, cap) == plain.occurrences(keys, cap)


@given(st.text("ab é\n", max_size=300), st.integers(0, 300), st.integers(0, 300), st.integers(1, 70))
def test_the_spaces_summed_are_the_spaces_counted(text: str, start: int, end: int, piece: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(closest, "_SUMMED", piece)
        assert closest._spaces(text, start, end) == text.count(" ", start, end)


def test_the_spaces_of_pieces_as_long_as_a_sum_holds_are_each_counted_whole() -> None:
    text = " " * (3 * closest._SUMMED + 5)
    assert closest._spaces(text, 2, len(text)) == len(text) - 2
    assert closest._spaces("a b" * 10, 5, 5) == 0
    assert closest._spaces("é " * 10, 1, 20) == 10


@given(st.lists(_WORDS, max_size=300).map(" ".join), st.integers(1, 9), st.integers(1, 60), st.integers(0, 5))
def test_the_common_words_are_those_the_plain_count_gives(normal: str, samples: int, sample: int, rare: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(closest, "_SAMPLES", samples)
        patch.setattr(closest, "_SAMPLE", sample)
        patch.setattr(closest, "_RARE", rare)
        assert closest._common_words(normal) == _plain_common_words(normal)


# Few letters, so that matches tie, nest and repeat as often as they can.
_SEQUENCES = st.text("aab c", max_size=40)


@given(_SEQUENCES, _SEQUENCES)
@example("", "")
@example("abc", "")
@example("abab", "baba")
def test_the_blocks_found_are_difflibs(a: str, b: str) -> None:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    blocks = closest._blocks(a, b)
    assert closest._merged(blocks) == [tuple(block) for block in matcher.get_matching_blocks()[:-1]]
    assert closest._ratio(blocks, len(a) + len(b)) == matcher.ratio()
    for low, high, start, end in [(0, len(a), 0, len(b)), (1, len(a) - 1, 2, len(b))]:
        if low <= high and start <= end:
            i, j, size = closest._longest(a, b, low, high, start, end)
            assert (i, j, size) == tuple(matcher.find_longest_match(low, high, start, end))


@given(st.lists(_WORDS, max_size=20), st.lists(_WORDS, max_size=20))
def test_words_coded_match_as_the_words_do(first: list[str], second: list[str]) -> None:
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    coded = closest._coded(first, second)
    assert [len(code) for code in coded] == [len(first), len(second)]
    assert closest._merged(closest._blocks(*coded)) == [tuple(block) for block in matcher.get_matching_blocks()[:-1]]


def test_the_longest_match_is_the_first_in_a_then_in_b() -> None:
    assert closest._longest("xabyab", "abab", 0, 6, 0, 4) == (1, 0, 2)
    assert closest._longest("xabyab", "abab", 2, 6, 1, 4) == (4, 2, 2)
    assert closest._longest("xyz", "abc", 0, 3, 0, 3) == (0, 0, 0)
    assert closest._blocks("abcxdef", "abcydef") == [(0, 0, 3), (4, 4, 3)]
    assert closest._merged([(0, 0, 3), (3, 3, 1), (5, 6, 1)]) == [(0, 0, 4), (5, 6, 1)]
    assert closest._ratio([], 0) == 1.0


@given(st.lists(_WORDS | st.sampled_from(["", "'", "«a»", "a'b'", "­"]), max_size=12), st.sets(_WORDS))
def test_pairs_and_single_words_are_those_each_word_trimmed_alone_gives(words: list[str], common: set[str]) -> None:
    keys = {"".join(closest._keys(word)) for word in common}
    assert closest._pairs(words, keys) == _plain_pairs(words, keys)
    assert closest._singles(words, keys) == _plain_singles(words, keys)
