"""Step 4 of normalising, each run of spaces as one: `collapse_spaces` reads a long text in chunks,
copying around the pairs of spaces an automaton finds (an ASCII text as text, any other as UTF-8)
and leaving dense stretches to the regular expression; whatever the text, it gives what the plain
definition, `_WHITE.sub(" ", text)`, gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import event, given, settings
from hypothesis import strategies as st

from briefgen.text import normal
from briefgen.text.normal import collapse_spaces

# Runs of spaces of every length (odd, even, longer than a chunk), words ASCII and not (a
# character of 2, 3 and 4 bytes in UTF-8, a lone surrogate), dense stretches of pairs, and
# other white space, which is no space.
TOKENS = st.sampled_from(
    [
        *["word", "x", " ", "  ", "   "] * 8,
        "    ",
        " " * 37,
        " " * 700,
        "é",
        "€",
        "\U0001f600",
        "\udc80",
        "a  " * 60,
        "é   " * 40,
        "\n",
        "\t",
        *["\x1c", "\x1e", "\x1f", "\x85", "\u3000", "\u2028"],
    ]
)


@contextmanager
def _small_chunks(chunk: int, dense_run: int) -> Iterator[None]:
    """Chunks of `chunk` bytes and dense stretches from `dense_run` bytes, so that texts of a few
    thousand characters cross many chunks' edges."""
    saved = normal._CHUNK, normal._DENSE_RUN, normal._DENSE_MOST
    normal._CHUNK, normal._DENSE_RUN, normal._DENSE_MOST = chunk, dense_run, 4 * dense_run
    try:
        yield
    finally:
        normal._CHUNK, normal._DENSE_RUN, normal._DENSE_MOST = saved


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=600), st.integers(8, 300), st.integers(1, 900))
def test_spaces_collapse_as_the_regular_expression_has_them(tokens: list[str], chunk: int, dense_run: int) -> None:
    text = "".join(tokens)
    expected = normal._WHITE.sub(" ", text)
    with _small_chunks(chunk, dense_run):
        event("dense" if text.count("  ") * normal._SPARSE > len(text) else "sparse")
        assert collapse_spaces(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS.filter(str.isascii), min_size=1, max_size=600), st.integers(8, 300), st.integers(1, 900))
def test_an_ascii_text_collapses_as_the_regular_expression_has_it(
    tokens: list[str], chunk: int, dense_run: int
) -> None:
    # (copied as text, not as its UTF-8)
    text = "".join(tokens)
    with _small_chunks(chunk, dense_run):
        assert collapse_spaces(text) == normal._WHITE.sub(" ", text)


def test_a_long_text_collapses_in_chunks_as_a_whole() -> None:
    paragraph = "The patrols resumed along the highway on Tuesday, officials said.   \n\n"
    text = paragraph * 2_000 + "a  " * 30_000 + " " * 100_000 + "é  " * 20_000 + paragraph * 2_000
    assert len(text) > 30 * normal._CHUNK
    assert collapse_spaces(text) == normal._WHITE.sub(" ", text)
    assert collapse_spaces(paragraph * 1_000) == paragraph.replace("   ", " ") * 1_000
    ascii_text = text.replace("é", "e")
    assert collapse_spaces(ascii_text) == normal._WHITE.sub(" ", ascii_text)


def test_a_long_text_without_two_spaces_in_a_row_is_returned_as_it_is() -> None:
    text = "word " * 10_000
    assert collapse_spaces(text) is text
