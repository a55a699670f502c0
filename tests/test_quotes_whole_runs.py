"""Whether a piece of a quote that cuts a word where it first stands may stand whole later is told
for all the pieces of a text's quotes at once (`NormalisedText.expect`, `many.whole_runs`): the
places found, and the words they cut, are those of the plain search."""

from __future__ import annotations

import re

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from briefgen.text import many
from briefgen.text.many import whole_runs
from briefgen.text.quotes import NormalisedText, parse_quote
from support import normalised_in_blocks

_RUNS = re.compile(r"[^\W_]+")

# Words and fragments of them, digits, "_", separators ASCII and not (a lone surrogate too),
# letters beyond ASCII, and what makes a text not plain (a link, a hyphen at a line break).
WORDS = st.sampled_from(
    [
        *["eta", "beta", "gamma", "gam", "ab12", "12", "the", "he"] * 4,
        "é",
        "étape",
        "_",
        "x_y",
        "€",
        "·",
        "\udc80",
        "ß",
        "ﬁ",
        "[fuel](#)",
        "sur-\ncharge",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ".", "\n\n", "-", " — ", "'"])
TEXTS = st.lists(st.tuples(WORDS, SEPARATORS).map("".join), min_size=1, max_size=300).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    TEXTS,
    st.lists(st.sampled_from(["eta", "beta", "gam", "he", "12", "ab12", "é", "étape", "x", "y", "qq"]), max_size=8),
)
def test_whole_runs_are_the_runs_of_the_text(text: str, runs: list[str]) -> None:
    found = whole_runs(text, runs)
    assert found == set(runs) & set(_RUNS.findall(text))


def test_whole_runs_does_not_tell_for_many_kinds_of_separator_beyond_ascii() -> None:
    symbols = "€£¥©®°±·¶§¤¦¨¬¯´¸"
    assert len(symbols) > many._SEPARATORS
    assert whole_runs("word".join(symbols), ["word"]) is None
    assert whole_runs("word".join(symbols[: many._SEPARATORS]), ["word"]) == {"word"}


def test_whole_runs_finds_runs_one_separator_apart_and_at_the_edges() -> None:
    assert whole_runs("eta gam,eta beta", ["eta", "gam", "beta", "bet"]) == {"eta", "gam", "beta"}
    assert whole_runs("gam", ["gam", "ga"]) == {"gam"}


# ASCII texts with capitals, hyphens (none at a line break) and other separators: their runs are told from the text as it
# is (`NormalisedText._words_text`), its letters lower-cased only by `many.ALNUM_ONLY`.
ASCII_TEXTS = st.lists(
    st.tuples(
        st.sampled_from(["Eta", "BETA", "beta", "gamma", "GAM", "The", "he", "Ab12", "12", "x_Y", "eta", "Co-op"]),
        st.sampled_from([" ", " ", ", ", ".\n\n", " - ", "'", "\t"]),
    ).map("".join),
    min_size=1,
    max_size=300,
).map("".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(TEXTS, min_size=8, max_size=12).map(" ".join), st.data())
def test_expected_pieces_are_placed_as_the_plain_search_places_them(text: str, data: st.DataObject) -> None:
    """Quotes of parts cut out of the text anywhere, looked for in the text normalised in small
    blocks and told what every quote's pieces are, are found where the whole text normalised
    at once finds them, cutting the same words."""
    _placed_as_plain(text, data, 600)


@settings(max_examples=80, deadline=None)
@given(ASCII_TEXTS.map(lambda text: (text + "\n\n") * (1 + 6_000 // (len(text) + 2))), st.data())
def test_pieces_of_an_ascii_text_with_capitals_are_placed_as_the_plain_search_places_them(
    text: str, data: st.DataObject
) -> None:
    _placed_as_plain(text, data, 600)  # (long enough for blocks: repeated)


@settings(max_examples=200, deadline=None)
@given(ASCII_TEXTS, st.lists(st.sampled_from(["eta", "beta", "gam", "the", "he", "12", "ab12", "x", "y"]), max_size=8))
def test_whole_runs_of_an_ascii_text_are_those_of_the_text_lower_cased(text: str, runs: list[str]) -> None:
    assert whole_runs(text, runs) == whole_runs(text.lower(), runs) == set(runs) & set(_RUNS.findall(text.lower()))


def _placed_as_plain(text: str, data: st.DataObject, size: int) -> None:
    cited = []
    for _ in range(data.draw(st.integers(1, 12))):
        parts = []
        for _ in range(data.draw(st.integers(1, 3))):
            start = data.draw(st.integers(0, len(text) - 1))
            parts.append(text[start : start + data.draw(st.integers(1, 12))].strip() or "eta")
        cited.append(" ... ".join(parts))
    whole = NormalisedText(text)
    lazy = normalised_in_blocks(text, size)
    pieces = sorted({piece for quote in cited for part in parse_quote(quote).parts for piece in part.pieces})
    lazy.expect(pieces, data.draw(st.sampled_from([1, len(cited)])))  # (the pass after a look, or before)
    for quote in cited:
        found = lazy.find(quote)
        assert found == whole.find(quote)
        if found:
            assert lazy.cut_word(found) == whole.cut_word(found)
    event("told" if lazy._whole_expected is not None else "not asked")
    assert lazy.normal == whole.normal


def test_many_quotes_cutting_words_are_told_without_normalising_the_whole_text() -> None:
    paragraph = "The patrols resumed along the highway on Tuesday, officials said.\n\n"
    text = paragraph * 100_000
    source = NormalisedText(text)
    cited = ["atrols resum", "esumed alon", "ighwa", "fficials sai", "uesda", "he patrol", "patrols resum"]
    source.expect(cited, len(cited))
    for quote in cited:
        found = source.find(quote)
        assert found is not None and source.cut_word(found) is not None
    assert source.find("he patrols") == [(1, 11)]  # (its runs are not all told: found as before)
    assert source._normal is None and len(source._blocks) == 1
    assert source._whole_expected == {"patrols"}  # (of all the runs told, the one word of the text)


@settings(max_examples=300, deadline=None)
@given(
    TEXTS,
    st.lists(st.sampled_from(["eta", "beta", "gam", "he", "12", "ab12", "é", "étape", "ß", "x", "qq"]), max_size=8),
)
def test_whole_runs_by_hyperscan_are_those_of_the_automaton(text: str, runs: list[str]) -> None:
    """The Hyperscan pass (`many._first_places`, used for few runs in a long text) and the automaton's
    chunked pass find the same runs, and both the plain definition's."""
    expected = None if whole_runs(text, []) is None else set(runs) & set(_RUNS.findall(text))
    old = many._BUILD_BYTES
    try:
        many._BUILD_BYTES = 0  # every text long enough for Hyperscan
        fast = whole_runs(text, runs)
        many._BUILD_BYTES = 1 << 40  # none
        plain = whole_runs(text, runs)
    finally:
        many._BUILD_BYTES = old
    assert fast == plain == expected


def test_hyperscan_reports_each_run_held_once_and_stops_when_all_are() -> None:
    pytest.importorskip("hyperscan")  # (installed on x86-64 only)
    data = b" eta gam eta gam" * 1000 + b" beta "
    assert many._first_places(data, [b" eta ", b" gam ", b" beta ", b" bet "]) == {0: 0, 1: 4, 2: 16_000}
    assert many._first_places(data, [b" eta ", b" gam "]) == {0: 0, 1: 4}


def test_a_run_longer_than_hyperscan_takes_is_looked_for_by_the_automaton() -> None:
    long = "a" * (many._LITERAL - 1)  # with its two spaces, one byte past the limit
    text = f"x {long} y {long}b"
    old = many._BUILD_BYTES
    try:
        many._BUILD_BYTES = 0
        assert many._first_places(f" {long} ".encode(), [f" {long} ".encode()]) is None
        assert whole_runs(text, [long, "y", long + "b", "z"]) == {long, "y", long + "b"}
    finally:
        many._BUILD_BYTES = old
