"""Which judgment a sentence of the bottom line restates (briefgen.text.restating)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefgen.text.restating import (
    COMMON,
    LONG,
    Headlines,
    _ascii_words,
    _folded,
    _words_of_runs,
    content_words,
    referenced,
    restated,
)

HEADLINES = {
    "KJ1": ["Russian patrols are unlikely to continue east of the Euphrates."],
    "SC1": ["Patrols continue", "They go on."],
    "SC2": ["Patrols stop", "They stop."],
}


def test_content_words_leave_out_function_and_estimative_words() -> None:
    assert content_words("Russia's patrols will almost certainly not continue east of the Euphrates") == {
        "russia",
        "patrol",
        "continue",
        "east",
        "euphrate",
    }


def test_references_name_known_ids_in_brackets_and_never_a_citation() -> None:
    known = ["KJ1", "SC1", "SC2"]
    assert referenced("Patrols go on (see SC1 and SC2), as [KJ1; KJ9] says [@S1].", known) == ["SC1", "SC2", "KJ1"]
    assert referenced("KJ1 without brackets, and [@SC1] a citation", known) == []


def test_the_item_sharing_most_words_is_restated() -> None:
    # Both "Patrols continue" (2 of 2 words) and KJ1 (5 of 5) are wholly in the sentence: KJ1 shares more.
    assert restated("Russian patrols will likely continue east of the Euphrates.", HEADLINES) == ["KJ1"]
    assert restated("Patrols will likely continue.", HEADLINES) == ["SC1"]
    assert restated("A ceasefire in Idlib is very likely.", HEADLINES) == []
    assert restated("Patrols are likely.", HEADLINES) == []  # one shared word is too few


@given(st.lists(st.sampled_from("Moscow Damascus bases Tartus patrols army training talks Israel".split()), min_size=2))
def test_a_sentence_that_copies_a_headline_restates_it(words: list[str]) -> None:
    headline = " ".join(words) + "."
    found = restated(f"We judge it likely that {headline}", {"KJ1": [headline]})
    assert found == (["KJ1"] if len(content_words(headline)) >= 2 else [])


# Pieces of ASCII prose with what a word's edges are made of: case, digits, apostrophes, hyphens,
# underscores, possessives and plurals, single letters, stops and every kind of white space.
_ASCII_PIECES = st.sampled_from(
    ["a", "A", "ab", "Russia's", "ferries", "glass", "patrols", "it's", "2nd", "_x", "x_1", "-ab", "ab-", "'tis"]
    + ["o'", "THE", "Likely", "x-ray", ".", ". ", "...", ", ", "(", ")", "[KJ1]", " ", "  ", "\n", "\t", "\x0b"]
    + ["\x1c", "\x1f", "\r", "/", "%", "5", "5.5"]
)


@given(st.lists(_ASCII_PIECES, max_size=40).map("".join) | st.text(st.characters(max_codepoint=127)))
def test_the_content_words_of_an_ascii_text_are_those_its_runs_give(text: str) -> None:
    assert _folded(_ascii_words(text)) == _folded(_words_of_runs(text))


_HEADLINE_WORDS = st.sampled_from("ferry ferries army arms patrol Patrols Russia's talks glass x-ray it 2nd".split())


@given(
    st.lists(st.lists(_HEADLINE_WORDS, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=4),
    st.lists(_ASCII_PIECES | _HEADLINE_WORDS, max_size=40).map(" ".join),
)
def test_a_sentence_without_the_stems_of_the_headlines_words_shares_none_of_them(
    headlines: list[str], sentence: str
) -> None:
    indexed = Headlines({f"KJ{n}": [text] for n, text in enumerate(headlines)})
    telling = {word for word, holders in indexed.index.items() if len(holders) <= COMMON}
    if not indexed.may_share(sentence):
        assert not content_words(sentence) & telling
    # A sentence long enough to be looked through first restates what it restates.
    long = sentence + " ." * LONG
    assert indexed.restated(long) == restated(sentence, {f"KJ{n}": [text] for n, text in enumerate(headlines)})


def test_the_stems_are_looked_for_across_the_parts_the_sentence_is_read_in() -> None:
    indexed = Headlines({"KJ1": ["Ferries cross the strait"]})
    assert indexed.may_share("a " * 2_047 + "ferries")  # the stem "ferr" begins 2 bytes before the first part ends
    assert indexed.may_share("x" * 4_094 + " strait")
    assert not indexed.may_share("a " * 5_000)
    assert indexed.restated("Ferries will likely cross the strait. " + "a " * 5_000) == ["KJ1"]
