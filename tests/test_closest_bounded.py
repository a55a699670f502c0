"""Quotes not found cost work linear in their source, however many there are and whatever words
they hold: one shared pass tells which are certainly absent (`many.absent`), and the closest
passages of a long source are looked for in one pass for all its quotes (`many.places`)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.check.pipeline import validate_brief
from briefgen.check.settings import Config
from briefgen.text import closest, many
from briefgen.text.quotes import NormalisedText
from linear import assert_linear

# Few letters, so that patterns overlap, nest and repeat in the text as often as they can.
_TEXTS = st.text("ab ", max_size=300)
_PATTERNS = st.lists(st.text("ab ", min_size=1, max_size=8), min_size=1, max_size=12)


@given(_TEXTS, _PATTERNS)
def test_absent_patterns_are_absent_and_places_are_places(text: str, patterns: list[str]) -> None:
    gone = many.absent(text, patterns)
    assert gone <= {n for n, pattern in enumerate(patterns) if pattern not in text}
    for pattern, places in zip(patterns, many.places(text, patterns, 3), strict=True):
        assert len(places) <= 3
        assert all(text.startswith(pattern, at) for at in places)


# Words that overlap, repeat and nest, beyond ASCII too, for passages of up to 14 of them: most
# patterns are longer than `many._ANCHOR`, so that they are looked for by their anchors.
_WORDS = st.sampled_from(
    ["a", "ab", "ba", "aab", "the", "of", "a.", "café", "naïve", "\u201cx\u201d", "co-op", "ab-", "ab ab", "a" * 28]
)


@st.composite
def _passages(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text of those words, and passages of it, some with a word in the middle changed."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=150))
    patterns = []
    for start, length, changed in draw(
        st.lists(st.tuples(st.integers(0, len(words)), st.integers(1, 14), st.booleans()), max_size=12)
    ):
        passage = words[start : start + length]
        if changed and passage:
            passage[len(passage) // 2] = draw(_WORDS)
        patterns.append(" ".join(passage))
    return " ".join(words), patterns


@given(_passages())
def test_absent_by_anchors_is_every_pattern_the_text_lacks(case: tuple[str, list[str]]) -> None:
    """Each anchor's every place is checked (those hidden inside a match read again, overlapping):
    while no anchor is left to the plain pass, what `absent` tells is exactly what is absent."""
    text, patterns = case
    truth = {n for n, pattern in enumerate(patterns) if pattern and pattern not in text}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(many, "_CHECKS", len(text) + 1)
        assert many.absent(text, patterns) == truth
    with pytest.MonkeyPatch.context() as patch:  # every anchor checked once is left to the plain pass
        patch.setattr(many, "_CHECKS", 1)
        assert many.absent(text, patterns) <= truth
    with pytest.MonkeyPatch.context() as patch:  # any stretch to read again leaves them all to it
        patch.setattr(many, "_REREAD", len(text) + 1)
        patch.setattr(many, "_LEAST_REREAD", 0)
        assert many.absent(text, patterns) <= truth
    assert many.absent(text, patterns) <= truth


@given(_passages())
def test_absent_tells_where_patterns_found_first_stand(case: tuple[str, list[str]]) -> None:
    """Each first place `absent_firsts` gives is `text.find(pattern)`, even where an earlier one is
    hidden inside a match of its first pass; while no anchor is left out, it gives every pattern
    found by its anchor; what it tells absent is what `absent` tells."""
    text, patterns = case
    for checks, reread in ((len(text) + 1, many._REREAD), (1, many._REREAD), (many._CHECKS, len(text) + 1)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(many, "_CHECKS", checks)
            patch.setattr(many, "_REREAD", reread)
            patch.setattr(many, "_LEAST_REREAD", 0 if reread > many._REREAD else many._LEAST_REREAD)
            gone, firsts = many.absent_firsts(text, patterns)
            assert gone == many.absent(text, patterns)
            assert all(text.find(patterns[n]) == at for n, at in firsts.items())
            assert not set(firsts) & gone
            if checks > len(text):
                assert set(firsts) == {n for n, pattern in enumerate(patterns) if pattern and pattern in text}


def test_absent_tells_a_first_place_hidden_inside_a_longer_match() -> None:
    # The first pass reports "the cat" at 0, which hides "cat sat on" at 4: it finds it at 16 only.
    text = "the cat sat on. cat sat on"
    assert many.absent_firsts(text, ["x the cat sat", "the cat", "cat sat on"]) == ({0}, {1: 0, 2: 4})


@given(_passages())
def test_quotes_are_located_alike_after_absent_told_their_first_places(case: tuple[str, list[str]]) -> None:
    text, patterns = case
    told, plain = NormalisedText(text), NormalisedText(text)
    told.absent(patterns)
    for pattern in patterns:
        assert told.find(pattern) == plain.find(pattern)
        assert told.find(f"{pattern} ... {pattern}") == plain.find(f"{pattern} ... {pattern}")


def test_absent_checks_an_anchor_hidden_where_a_longer_one_starts() -> None:
    # The first is looked for by "onwards quickly", which hides the second where both start.
    assert many._anchor("a b c d e onwards quickly") == ("onwards quickly", 10)
    assert many.absent("x onwards quickly y", ["a b c d e onwards quickly", "onwards", "wards q", "upwards"]) == {0, 3}


def test_absent_leaves_an_anchor_that_stands_everywhere_to_the_plain_pass() -> None:
    """Each of these pieces is looked for by "ab ab", which the text holds at every sixth character:
    checking each place would cost a Python step a match, so the plain pass tells them."""
    text = "the start " + "ab " * 5_000 + "q ab ab ab ab ab ab ab ab ab ab ab"
    pieces = ["ab " * count + "q" for count in range(10, 14)] + ["ab ab ab ab ab ab ab ab ab ab ab ab ab z"]
    assert {many._anchor(piece)[0] for piece in pieces} == {"ab ab"}
    plain: list[list[str]] = []
    whole = many._absent_whole
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(many, "_LITERAL_BYTES", 1 << 40)  # (the anchors' pass, not Hyperscan's)
        patch.setattr(many, "_absent_whole", lambda text, patterns: plain.append(patterns) or whole(text, patterns))
        assert many.absent(text, pieces) == whole(text, pieces) <= {4}
        assert many.absent(text.replace("q", "x"), pieces) == {0, 1, 2, 3, 4}
    assert plain == [pieces, pieces]


def test_absent_finds_a_pattern_that_another_one_covers() -> None:
    # "cat sat" is reported where "the cat sat on" is only looked for after it: not absent.
    text = "the cat sat on the mat"
    assert many.absent(text, ["cat sat on the mat", "sat on", "dog", "é"]) == {2, 3}


def _archive(words: int) -> tuple[str, list[str]]:
    rng = random.Random(5)
    vocabulary = ["".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    text = rng.choices(vocabulary + ["the", "of", "and"] * 200, k=words)
    return " ".join(" ".join(text[n : n + 100]) + "." for n in range(0, words, 100)), text


def _brief_citing(folder: Path, minimal: Path, archive: str, quotes: list[str]) -> Path:
    shutil.copytree(minimal.parent, folder)
    (folder / "sources" / "s1.txt").write_text(archive, encoding="utf-8")
    extra = "".join(f"      - source: S1\n        quote: {json.dumps(quote)}\n" for quote in quotes)
    brief = folder / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("    evidence:\n", "    evidence:\n" + extra, 1), encoding="utf-8")
    return brief


def _swapped_quotes(words: list[str], count: int) -> list[str]:
    """`count` passages of the archive, each with two words in the middle swapped: quotes not found
    made only of the archive's words (so that no word of theirs tells they are not there)."""
    step = len(words) // count
    quotes = []
    for n in range(count):
        passage = words[n * step + 3 : n * step + 15]
        passage[5], passage[6] = passage[6], passage[5]
        if passage[5] != passage[6]:
            quotes.append(" ".join(passage))
    return quotes


def test_quotes_of_the_archives_words_not_found_cost_linear_work(minimal: Path, tmp_path: Path) -> None:
    """Each used to cost a pass through the archive: quotes and archive growing together made
    the work quadratic."""

    def make(size: int) -> Path:
        archive, words = _archive(size)
        return _brief_citing(tmp_path / f"n{size}", minimal, archive, _swapped_quotes(words, size // 400))

    def work(path: object) -> object:
        return validate_brief(path, Config())  # type: ignore[arg-type]

    path = make(20_000)
    quotes = len(_swapped_quotes(_archive(20_000)[1], 50))
    found = [d for d in validate_brief(path, Config()).diagnostics if d.code == "BG401"]
    assert len(found) == quotes + 2  # and the fixture's own two quotes, not in this archive
    assert_linear(make, work, 40_000, "validate of n/400 quotes not found, of the archive's words, in n words")


def test_a_quote_not_found_of_the_archives_words_costs_no_pass_of_its_own(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the first two quotes not found in a source, the pieces of all its quotes are looked
    for in one pass: a quote that is not there is not searched for through the text again."""
    archive, words = _archive(20_000)
    quotes = _swapped_quotes(words, 50)
    path = _brief_citing(tmp_path / "b", minimal, archive, quotes)
    searched: list[object] = []
    real = NormalisedText.locate

    def counting(self: NormalisedText, quote: object, start: int = 0) -> object:
        searched.append(quote)
        return real(self, quote, start)  # type: ignore[arg-type]

    monkeypatch.setattr(NormalisedText, "locate", counting)
    found = [d for d in validate_brief(path, Config()).diagnostics if d.code == "BG401"]
    assert len(found) == len(quotes) + 2
    assert len(searched) == 2  # the first two quotes not found (each quote was, before)


def test_a_long_source_gives_the_closest_passage_as_its_whole_index_does(monkeypatch: pytest.MonkeyPatch) -> None:
    archive, words = _archive(30_000)
    quotes = [" ".join(words[n : n + 12]).replace(words[n + 6], "zzyzx", 1) for n in range(100, 29_000, 1_450)]
    whole = closest.closest_passages(NormalisedText(archive), quotes)
    monkeypatch.setattr(closest, "_WHOLE", 1_000)  # the archive is now too long to index whole
    regions = closest.closest_passages(NormalisedText(archive), quotes)
    assert [found.as_dict() if found else None for found in regions] == [
        found.as_dict() if found else None for found in whole
    ]
    assert all(isinstance(found, closest.Closest) for found in regions)


def test_quotes_not_found_in_an_archive_with_accents_cost_no_pass_without_accents_each(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quote not found is looked for with accents ignored too (BG404): after the first two, in
    one pass for all the quotes; one that differs only in accents is still told so."""
    archive, words = _archive(20_000)
    archive = archive.replace(words[300], "Gatún", 1)
    at = archive.index("Gatún")
    accented = archive[archive.rfind(" ", 0, at - 30) + 1 : archive.find(" ", at + 30)].replace("Gatún", "Gatun")
    quotes = [*_swapped_quotes(words, 50), accented]
    path = _brief_citing(tmp_path / "b", minimal, archive, quotes)
    searched: list[str] = []
    real = NormalisedText.find_without_accents

    def counting(self: NormalisedText, quote: str) -> object:
        searched.append(quote)
        return real(self, quote)

    monkeypatch.setattr(NormalisedText, "find_without_accents", counting)
    found = [d.code for d in validate_brief(path, Config()).diagnostics]
    assert found.count("BG404") == 1
    assert found.count("BG401") == len(quotes) - 1 + 2
    assert len(searched) == 2 + 1  # the first two quotes not found, and the one with an accent


@given(
    st.text(st.sampled_from(["a", "Z", "7", " ", ".", ",", "-", "[", "]", "(", ")", "#", "é", "\u00ad", "…", "ﬁ", "—"]))
)
def test_a_quote_has_words_where_its_normalised_keys_are_not_all_empty(quote: str) -> None:
    """The quick look at a quote past the budget (an ASCII letter or digit and no "[") says what
    normalising it says: whether it has a word to search (NotSearched) or none (None)."""
    assert closest._has_words(quote) == bool(closest._words(quote))


@given(st.text("ab ", max_size=400), st.integers(0, 150), st.integers(1, 64), st.integers(0, 40))
def test_the_allowance_counted_in_part_bounds_the_budget_counted_whole(
    normal: str, wanted: int, step: int, least_budget: int
) -> None:
    """The budget of a long text's search, its spaces counted only as far as a question needs, is
    never more than the budget of all its words, and is that budget whenever less than was asked."""
    exact = max((normal.count(" ") + 1) // closest._SHARE, least_budget)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(closest, "_COUNTED", step)
        patch.setattr(closest, "_LEAST", least_budget)
        allowance = closest._Allowance(normal)
        least = allowance.least(wanted)
        assert least <= exact
        assert least >= wanted or least == exact
        assert allowance.exact() == exact


@given(_TEXTS, _PATTERNS, st.lists(st.integers(0, 300), max_size=12), st.booleans())
def test_matches_in_stretches_joined_are_the_matches_of_each(
    text: str, patterns: list[str], cuts: list[int], every: bool
) -> None:
    """One call over the stretches joined (by a byte in no pattern) reports what one call each does."""
    scanner = many._Scanner(text, patterns)
    bounds = sorted({min(cut, len(text)) for cut in cuts})
    stretches = [(start, end) for start, end in zip(bounds[::2], bounds[1::2], strict=False) if start < end]
    wanted = scanner.usable
    each = [match for start, end in stretches for match in scanner.matches(wanted, start, end, every)]
    assert scanner.matches_in(wanted, stretches, every) == each
