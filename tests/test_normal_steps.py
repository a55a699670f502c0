"""`normal_with_joins` is the module docstring's definition, step by step, for every text: whole, or
(a long text) block by block, and on the ASCII text the fast paths take as on any other."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import event, given, settings
from hypothesis import strategies as st

from briefgen.text import normal
from briefgen.text.normal import JOIN, LINE_HYPHEN, LINK, REPLACE, block_starts, normal_with_joins


def reference(text: str) -> str:
    """Each step as the module docstring gives it, by the plainest means (the oracle)."""
    text = LINE_HYPHEN.sub(JOIN, text)
    for char, replacement in REPLACE.items():
        text = text.replace(char, replacement)
    text = LINK.sub(r"\1", text)
    text = normal._WHITE.sub(" ", text)
    while "--" in text:
        text = text.replace("--", "-")
    text = text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    return text.casefold()


# What each step changes (white space of every kind, runs of it, dashes, brackets and links, a
# hyphen at a line break, characters replaced, dropped or folded to several), accented and wide
# characters, and plain words between, so that the text may be cut into blocks.
PIECES = st.sampled_from(
    [
        *["word ", "Word ", "the patrols ", "ab12 ", "WORD"] * 6,
        " ",
        "  ",
        "   ",
        " " * 40,
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "\u00a0",
        "\u3000",
        "-",
        " - ",
        "--",
        "\u2014",
        "sur-\ncharge",
        "sur-  \n  charge",
        "[",
        "]",
        "(",
        ")",
        "[fuel](#)",
        "[the  Fuel](http://x.y/z)",
        "\u00ad",
        "\u200b",
        "…",
        "\u2019",
        "ß",
        "ﬁ",
        "É",
        "é",
        "漢字",
        "\U0001f600",
        JOIN,
    ]
)
ASCII_PIECES = PIECES.filter(str.isascii)


@contextmanager
def _small_blocks(size: int) -> Iterator[None]:
    """Blocks of `size` characters, and a text of twice that normalised block by block."""
    saved = normal.BLOCK, normal._BLOCKWISE
    normal.BLOCK, normal._BLOCKWISE = size, 2 * size
    try:
        yield
    finally:
        normal.BLOCK, normal._BLOCKWISE = saved


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=300))
def test_a_text_normalises_as_the_steps_define(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert normal_with_joins(text) == reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(ASCII_PIECES, max_size=300))
def test_an_ascii_text_normalises_as_the_steps_define(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert normal_with_joins(text) == reference(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES | ASCII_PIECES, min_size=800, max_size=3000), st.integers(2_500, 5_000))
def test_a_long_text_normalises_block_by_block_as_the_steps_define(pieces: list[str], size: int) -> None:
    text = "".join(pieces)
    with _small_blocks(size):
        event("block by block" if len(text) > normal._BLOCKWISE and len(block_starts(text, size)) > 1 else "whole")
        assert normal_with_joins(text) == reference(text)


def test_a_long_text_is_normalised_in_blocks_and_joined() -> None:
    plain = "The  Patrols resumed -- along the high-\nway, officials\tsaid.\n\n" * 40
    linked = "Fuel  went [on Tuesday](#) to\u00a0the \u201cport\u201d.\n"
    text = (plain + linked) * 600
    assert len(text) > normal._BLOCKWISE
    assert len(block_starts(text, normal.BLOCK)) > 1
    assert normal_with_joins(text) == reference(plain + linked) * 600
    assert reference(linked) == 'fuel went on tuesday to the "port". '
    assert reference(plain)[:59] == f"the patrols resumed-along the high{JOIN}way, officials said. the"


def test_a_long_text_that_cannot_be_cut_is_normalised_whole() -> None:
    text = "[x] " * 300_000  # (a "[" everywhere: no cut)
    assert len(block_starts(text, normal.BLOCK)) == 1
    assert normal_with_joins(text) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=100), st.sets(st.sampled_from(["É", "ß", "ﬁ", "é", "\u0345", "Ω"])))
def test_a_text_folds_alike_told_a_set_that_holds_its_characters_beyond_ascii(
    pieces: list[str], more: set[str]
) -> None:
    text = "".join(pieces)
    assert normal.casefold(text, normal.non_ascii(text) | more) == text.casefold()
    translated, wide = normal._translated(text)
    assert translated == normal.translate(text)
    assert normal.non_ascii(translated) <= wide


def test_folding_told_the_characters_beyond_ascii() -> None:
    assert normal.casefold("ÉTÉ Straße", {"É", "ß", "Ö"}) == "été strasse"
    assert normal._translated("“Été” — ﬁn\u00a0") == ('"Été" - ﬁn ', {"É", "é", "ﬁ"})
    assert normal._translated("plain ASCII\n") == ("plain ASCII ", set())
