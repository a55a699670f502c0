"""A long text is normalised block by block: the blocks' normal forms joined are the whole text's,
and the map back to the original, built one block at a time, is the whole text's map."""

from __future__ import annotations

import random

from hypothesis import event, given, settings
from hypothesis import strategies as st

from briefgen.text import normal, quotes
from briefgen.text.normal import Origins, Windows, block_starts, normal_with_joins
from briefgen.text.quotes import NormalisedText
from support import normalised_in_blocks

# Pieces of text that each step of normalising changes, links long enough to span a cut
# (300 characters of text, 500 of address), and runs of what a cut must not fall inside.
PLAIN_PIECES = [
    *["word ", "Word ", "the patrols ", "ab12 "] * 6,
    "word",
    "Word",
    "ab12",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "-",
    " - ",
    "--",
    "sur-\ncharge",
    "sur-  \n  charge",
    " " * 900,
    "\u00ad",
    "\u200b" * 50,
    "…",
    "ß",
    "ﬁ",
    "\u2014",
    "\u2019",
    "é",
]
PLAIN = st.sampled_from(PLAIN_PIECES)
BRACKET_PIECES = [
    "[",
    "]",
    "(",
    ")",
    "[fuel](#)",
    "[" + "x" * 299 + "](",
    "y" * 499 + ")",
]
BRACKETS = st.sampled_from(BRACKET_PIECES)
# Mostly plain pieces, so that stretches without "[" let the text be cut.
TOKENS = st.tuples(st.integers(0, 30), PLAIN, BRACKETS).map(lambda t: t[2] if t[0] == 0 else t[1])


@settings(max_examples=80, deadline=None)
@given(st.lists(TOKENS, min_size=400, max_size=3000), st.integers(2_500, 6_000))
def test_blocks_normalise_as_the_whole_text(tokens: list[str], size: int) -> None:
    text = "".join(tokens)
    starts = block_starts(text, size)
    event(f"cut into {min(len(starts), 5)}+ blocks")
    ends = [*starts[1:], len(text)]
    blocks = [normal_with_joins(text[a:b]) for a, b in zip(starts, ends, strict=True)]
    assert "".join(blocks) == normal_with_joins(text)
    whole = Origins(text)
    offset = 0
    for a, b, block in zip(starts, ends, blocks, strict=True):
        part = Origins(text[a:b])
        assert [a + part.origin(i) for i in range(len(block))] == [whole.origin(offset + i) for i in range(len(block))]
        offset += len(block)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.integers(4, 300), st.data())
def test_a_block_mapped_in_windows_maps_each_place_as_its_whole_origins(
    seed: int, reach: int, data: st.DataObject
) -> None:
    """Windows of a few characters on each side of a place (cut where blocks may be cut, so that
    links, hyphens at line breaks, runs of white space and dashes, characters dropped or spelt out
    fall at and across their edges) map every place asked about, in any order, as the whole
    block's `Origins` does; also where a window must be guessed again or the block mapped whole.
    The text: words that differ (a window's normal form that stands twice in the block does not
    say where it stands), every piece of `PLAIN` among them, and links rare enough for stretches
    without "[" to be cut (`block_starts`)."""
    rng = random.Random(seed)
    tokens = []
    for _ in range(rng.randint(1_000, 6_000)):
        roll = rng.random()
        if roll < 0.001:
            tokens.append(rng.choice(BRACKET_PIECES))
        elif roll < 0.15:
            tokens.append(rng.choice(PLAIN_PIECES))
        else:
            tokens.append("".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randint(2, 9))) + " ")
    text = "".join(tokens)
    whole = Origins(text)
    places = data.draw(st.lists(st.integers(0, len(whole.normal) - 1), min_size=1, max_size=60))
    windowed, window = normal.WINDOWED, normal._WINDOW
    normal.WINDOWED, normal._WINDOW = 0, reach
    try:
        windows = Windows(text, whole.normal)
        assert [windows.origin(at) for at in places] == [whole.origin(at) for at in places]
    finally:
        normal.WINDOWED, normal._WINDOW = windowed, window
    event("mapped whole" if windows.whole is not None else f"{min(len(windows.windows), 5)}+ windows")


def test_a_text_that_repeats_itself_is_mapped_whole() -> None:
    """A window's normal form that stands twice in the block does not say where it stands."""
    text = "The patrols resumed along the highway. " * 5_000
    windows = Windows(text, normal.normalise(text))
    assert windows.origin(100_003) == Origins(text).origin(100_003) == 100_003
    assert windows.whole is not None and not windows.windows


def test_a_long_varied_text_is_mapped_back_in_small_windows_until_it_is_asked_about_often() -> None:
    rng = random.Random(3)
    text = " ".join("".join(rng.choice("abcdefgh") for _ in range(rng.randint(3, 9))) for _ in range(200_000))
    text = text.replace("ab", "Ab\u2014").replace("cd", "c\u00add").replace("ef ", "ef\n\n  ")
    source = NormalisedText(text)
    whole = Origins(text)
    assert source.normal == whole.normal
    places = [rng.randrange(len(whole.normal)) for _ in range(300)]
    assert [source.origin(at) for at in places[:5]] == [whole.origin(at) for at in places[:5]]
    windows = source._origins[0]
    assert windows.whole is None and len(windows.windows) == 5
    assert max(len(window.normal) for _, window in windows.windows.values()) < 3 * 2 * normal._WINDOW
    assert [source.origin(at) for at in places] == [whole.origin(at) for at in places]
    assert windows.whole is not None and len(windows.windows) == normal._WINDOWS


def test_a_long_text_is_cut_into_blocks_and_mapped_back_one_block_at_a_time() -> None:
    paragraph = "The patrols resumed along the highway on Tuesday \u2014 officials said.\n\n"
    text = (paragraph * 50 + "See [the map](#).\n\n") * 4_000 + "The last sur-\ncharge."
    source = NormalisedText(text)
    assert len(source._starts) > 20
    assert source.normal == normal.normalise(text)
    spans = source.spans("the last surcharge")
    assert spans is not None and text[spans[0].start : spans[0].end] == "The last sur-\ncharge"
    assert len(source._origins) == 1  # the map of one block only


def test_a_text_full_of_brackets_stays_one_block() -> None:
    text = "[a" * 3_000_000
    assert block_starts(text) == [0]
    assert quotes.NormalisedText(text).normal == normal.normalise(text)


def test_no_cut_falls_inside_a_link() -> None:
    text = "a" * 5_000 + "[" + "x" * 299 + "](" + "y" * 400 + ")" + " bb" * 4_000
    starts = block_starts(text, 5_100)
    assert starts[1] > 5_000 + 2_048
    blocks = [normal_with_joins(text[a:b]) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    assert "".join(blocks) == normal_with_joins(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(TOKENS, min_size=400, max_size=2000), st.data())
def test_a_quote_found_in_the_blocks_normalised_so_far_is_where_the_whole_text_has_it(
    tokens: list[str], data: st.DataObject
) -> None:
    """A long text is normalised only as far as a quote needs: what it finds (and the word a part
    cuts, and the passage in the original) is what a search of the whole normalised text finds."""
    text = "".join(tokens)
    pieces = []
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = start + data.draw(st.integers(1, 40))
        if data.draw(st.booleans()):  # whole words, mostly
            start, end = text.find(" ", start) + 1, text.rfind(" ", 0, end)
        pieces.append(text[start:end] or "word")
    quote = " ... ".join(pieces)
    whole = NormalisedText(text)
    lazy = normalised_in_blocks(text)
    found = lazy.find(quote)
    event("found early" if lazy._normal is None else "normalised whole")
    assert found == whole.find(quote)
    if found:
        assert lazy.cut_word(found) == whole.cut_word(found)
        assert lazy.spans(quote) == whole.spans(quote)
    assert lazy.normal == whole.normal


def test_a_quote_near_the_start_of_a_long_text_normalises_only_its_first_blocks() -> None:
    paragraph = "The patrols resumed along the highway on Tuesday, officials said.\n\n"
    source = NormalisedText(paragraph * 100_000)
    assert source.find("officials said. The patrols") == [(50, 77)]
    assert len(source._blocks) == 1 and source._normal is None
    assert source.spans("the highway on Tuesday") == [quotes.Span(26, 48)]
    assert source._normal is None
    assert not source.contains("officials said on Monday")  # not found: the whole text is searched
    assert source._normal is not None


def test_a_part_that_cuts_a_word_early_on_is_looked_for_whole_through_the_rest() -> None:
    text = "Bathe patrols. " + "Officials said so on Tuesday.\n\n" * 200_000 + "Then the patrols moved."
    source = NormalisedText(text)
    found = source.find("the patrols")
    assert found == quotes.locate(normal.normalise(text), quotes.parse_quote("the patrols"))[0]
    assert found is not None and source.cut_word(found) is None


def test_a_quote_that_ends_where_a_block_does_is_checked_against_the_next_block() -> None:
    """A block ends between two letters: a quote ending there cuts a word, which only the next
    block shows."""
    import random

    rng = random.Random(5)
    text = " ".join("".join(rng.choice("abcdefgh") for _ in range(rng.randint(4, 9))) for _ in range(800_000))
    source = NormalisedText(text)
    cut = source._starts[1]
    quote = text[cut - 30 : cut]
    found = source.find(quote)
    assert found == quotes.locate(normal.normalise(text), quotes.parse_quote(quote))[0]
    assert found is not None and source.cut_word(found) == NormalisedText(text).cut_word(found) is not None


@settings(max_examples=60, deadline=None)
@given(st.lists(TOKENS, min_size=400, max_size=2000), st.data())
def test_a_part_that_cuts_a_word_stands_where_the_whole_text_has_it(tokens: list[str], data: st.DataObject) -> None:
    """A part found first where it cuts a word is looked for whole through the blocks not yet
    normalised, as `_ahead` gives them (their words, or the block normalised where a link, a
    hyphen at a line break or a character dropped or spelt out leaves that unsure); where it may
    stand whole, the text is normalised that far. The place, and the word cut, are those a search
    of the whole normalised text finds, also where the part stands whole only later, in any block."""
    _check_parts_that_cut_words("".join(tokens), data, BRACKETS.map(lambda bracket: bracket + "\u00ad "))


# ASCII only, and in half the texts without a link or a hyphen at a line break (`RARE`): the text
# that `_ahead` takes whole, folded, from the place in the text where a look through the rest
# starts (at the start of a block, or inside one past spaces, dashes and line breaks taken out).
ASCII_PIECES = st.sampled_from(
    [*[piece for piece in PLAIN_PIECES if piece.isascii() and "-" not in piece], "ab-cd ", " -- x"]
)
RARE = st.sampled_from([*BRACKET_PIECES, "sur-\ncharge", "sur-  \n  charge"])


@settings(max_examples=80, deadline=None)
@given(st.lists(ASCII_PIECES, min_size=400, max_size=2000), st.data())
def test_a_part_that_cuts_a_word_in_an_ascii_text_stands_where_the_whole_text_has_it(
    tokens: list[str], data: st.DataObject
) -> None:
    if data.draw(st.booleans()):
        tokens.insert(data.draw(st.integers(0, len(tokens))), data.draw(RARE))
    _check_parts_that_cut_words("".join(tokens), data, st.sampled_from([" ", "\n\n", " -- ", "`"]))


def test_an_ascii_text_folded_whole_is_looked_through_from_before_the_place_of_the_look() -> None:
    """The look through the rest of an ASCII text folded whole starts where the normalised text so
    far ends, in the text's own places, which lie further on (spaces and line breaks were taken
    out): from the same offset into the block, not further, so a place just past the blocks
    normalised is found."""
    filler = "word \n\n " * 380  # 3,040 characters, of which normalising keeps 1,900
    text = "Bathe " + filler + "so the end. " + filler * 20
    lazy = normalised_in_blocks(text)
    assert lazy._plain_text() is not None and lazy._starts[1] < len("Bathe " + filler)
    found = lazy.find("the")
    assert found == quotes.locate(normal.normalise(text), quotes.parse_quote("the"))[0] == [(1909, 1912)]
    assert lazy.cut_word(found) is None and lazy._normal is None


def _check_parts_that_cut_words(text: str, data: st.DataObject, before_later: st.SearchStrategy[str]) -> None:
    words = [word for word in text.split() if len(word) > 3 and word.isalpha()] or ["patrols"]
    pieces = []
    for _ in range(data.draw(st.integers(1, 3))):
        word = data.draw(st.sampled_from(words))
        pieces.append(word[1:] if data.draw(st.booleans()) else word[:-1])  # inside a word
    if data.draw(st.booleans()):  # and whole somewhere later (after a link, a dropped character)
        middle, at = data.draw(before_later) + " ".join(pieces) + " ", data.draw(st.integers(0, len(text)))
        text = text[:at] + middle + text[at:]
    quote = " ... ".join(pieces)
    whole = NormalisedText(text)
    lazy = normalised_in_blocks(text)
    found = lazy.find(quote)
    event("not normalised whole" if lazy._normal is None else "normalised whole")
    event("the text folded whole" if whole._plain_text() is not None else "block by block")
    assert found == whole.find(quote)
    if found:
        assert lazy.cut_word(found) == whole.cut_word(found)
        assert lazy.spans(quote) == whole.spans(quote)
    assert lazy.normal == whole.normal


def test_a_quote_of_parts_that_cut_words_is_checked_without_normalising_the_whole_text() -> None:
    """The class of a quote of many `...` parts that cut words against a long archive: whether the
    first part stands whole anywhere after is told by the later blocks' words, not by normalising
    them; the part that stands whole only in a late block is found there."""
    paragraph = "The patrols resumed along the highway on Tuesday, officials said.\n\n"
    text = paragraph * 100_000 + "[A link](#) and then \u00adpatrols resum as a word."
    parts = ["atrols resum", "ighway o", "fficials sai"] * 100
    source = NormalisedText(text)
    found = source.find(" ... ".join(parts))
    assert found == quotes.locate(normal.normalise(text), quotes.parse_quote(" ... ".join(parts)))[0]
    assert found is not None and found[:2] == [(5, 17), (31, 39)]
    assert source.cut_word(found) == (0, True, quotes.Span(4, 11))
    assert source._normal is None and len(source._blocks) == 1  # one block of 14 normalised
    found = source.find("patrols resum")
    assert found == quotes.locate(normal.normalise(text), quotes.parse_quote("patrols resum"))[0]
    assert found is not None and source.cut_word(found) is None  # whole, at the end


def test_many_quotes_that_cut_words_are_placed_as_in_the_whole_text() -> None:
    """Past a few parts looked for whole through the rest, the text's runs of letters and digits
    rule out at once a part with a run the text never has as a word; one whose runs it has is
    looked for as before, and found whole where it stands whole, in a late block."""
    rng = random.Random(3)
    words = ["".join(rng.choice("abcdefgh") for _ in range(rng.randint(7, 10))) for _ in range(300)]
    late = " ".join(word[1:] for word in words[:5])
    text = " ".join(rng.choice(words) for _ in range(40_000)) + ". [A link](#) \u00ad" + late + "."
    quotes_cut = [f"{word[1:]} ... {other[:-1]}" for word, other in zip(words[:40], words[40:80], strict=True)]
    quotes_cut += [word[1:] for word in words[:5]] + words[:5]  # standing whole only at the end
    lazy = normalised_in_blocks(text)
    full = normal.normalise(text)
    for quote in quotes_cut:
        found = lazy.find(quote)
        assert found == quotes.locate(full, quotes.parse_quote(quote))[0], quote
        if found:
            assert lazy.cut_word(found) == NormalisedText(text).cut_word(found)
    assert lazy._runs is not None


@settings(max_examples=40, deadline=None)
@given(st.lists(TOKENS, min_size=50, max_size=1500), st.booleans())
def test_the_runs_gathered_are_the_normalised_texts_runs_of_letters_and_digits(tokens: list[str], early: bool) -> None:
    import re

    text = "".join(tokens)
    source = normalised_in_blocks(text)
    if early:
        source._more()  # gathered from `_ahead`'s text, the rest not normalised
    source._looks = quotes._RUNS_AFTER  # (gathered only after so many looks through the rest)
    source._may_stand_whole("x")
    assert source._runs is not None
    assert source._runs - {""} == set(re.findall(r"[^\W_]+", normal.normalise(text)))
