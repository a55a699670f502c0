"""A long text is normalised block by block: the blocks' normal forms joined are the whole text's,
and the map back to the original, built one block at a time, is the whole text's map."""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from briefgen.text import normal, quotes
from briefgen.text.normal import Origins, block_starts, normal_with_joins
from briefgen.text.quotes import NormalisedText

# Pieces of text that each step of normalising changes, links long enough to span a cut
# (300 characters of text, 500 of address), and runs of what a cut must not fall inside.
PLAIN = st.sampled_from(
    [
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
)
BRACKETS = st.sampled_from(
    [
        "[",
        "]",
        "(",
        ")",
        "[fuel](#)",
        "[" + "x" * 299 + "](",
        "y" * 499 + ")",
    ]
)
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
