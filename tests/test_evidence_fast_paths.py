"""The shortcuts of the evidence check for briefs of many quotes, against the plain definitions
they replace: how a quote is parsed, which pieces a text is told to expect, and which quotes lack
a piece without accents."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from briefgen.check.rules.evidence import _Unaccented
from briefgen.text.normal import JOIN, settle, translate, unlink
from briefgen.text.quotes import (
    _ALNUM_RUN,
    _BRACKET,
    _ELISION,
    MAX_INSERTION_WORDS,
    NormalisedText,
    Part,
    Quote,
    parse_quote,
)

# Letters with and without accents, digits, "_", spaces and punctuation: runs of every kind.
_CHARS = st.sampled_from(list("abBcé é_1 .-[]'\n") + ["\u0301", "ß", "ﬁ", "..."])
_TEXTS = st.lists(_CHARS, max_size=30).map("".join)


def _parse_reference(quote: str) -> Quote:
    """`parse_quote` as it was before its shortcuts: every quote split at elisions, every part
    unlinked and split at brackets."""
    too_long: list[str] = []
    parts = []
    for raw in _ELISION.split(translate(quote).replace(JOIN, "-")):
        text = unlink(raw)
        chunks: list[str | None] = []
        cursor = 0
        for bracket in _BRACKET.finditer(text):
            start, end = bracket.span()
            chunks.append(text[cursor:start])
            inside = bracket.group(1)
            words = inside.split()
            if text[start - 1 : start].isalnum() or text[end : end + 1].isalnum():
                chunks.append(inside)
            elif 0 < len(words) <= MAX_INSERTION_WORDS:
                chunks.append(None)
            else:
                if len(words) > MAX_INSERTION_WORDS:
                    too_long.append(bracket.group())
                chunks.append(bracket.group())
            cursor = end
        chunks.append(text[cursor:])
        pieces: list[str] = [""]
        for chunk in chunks:
            if chunk is None:
                pieces.append("")
            else:
                pieces[-1] += chunk
        settled = tuple(piece for piece in (settle(piece).strip() for piece in pieces) if piece)
        if settled:
            parts.append(Part(settled))
    return Quote(tuple(parts), tuple(too_long))


_QUOTE_CHARS = st.sampled_from(
    ["a", "B", "é", " ", "  ", ".", "…", "[", "]", "(", ")", "#", "-", "—", "\n", "\u00ad", "’", "x y z w v"]
)


@given(st.lists(_QUOTE_CHARS, max_size=30).map("".join))
@example("the patrols resumed")
@example("the. patrols")
@example("the [patrols] resumed")
@example("[fuel](#) prices ... rose")
@example("  ")
@example("sur-\nge")
def test_a_quote_is_parsed_as_the_definition_parses_it(quote: str) -> None:
    assert parse_quote.__wrapped__(quote) == _parse_reference(quote)


@given(st.lists(st.one_of(_TEXTS, st.text("aB1_ .-[\n", max_size=12)), max_size=8))
@example([])
@example(["a_b", "é1"])
@example(["ab", "cd"])
@example(["Ab1 x_Y", "(z)"])
def test_the_expected_runs_are_each_pieces_runs(pieces: list[str]) -> None:
    text = NormalisedText("x")
    text.expect(pieces, 1)
    assert text._expected == frozenset(run for piece in pieces for run in _ALNUM_RUN.findall(piece))


def _unmatched_reference(
    cited: list[tuple[int, Any, NormalisedText, Quote]], text: NormalisedText, quote: Quote
) -> bool:
    """The definition (the check before it kept each quote folded once): whether the quote, accents
    folded, has a piece that the text with accents folded lacks."""
    quotes = [each.folded() for _, _, source, each in cited if source is text]
    pieces = sorted({piece for each in quotes for part in each.parts for piece in part.pieces})
    lacked = text.unmatched_without_accents(pieces)
    return any(piece in lacked for part in quote.folded().parts for piece in part.pieces)


@given(_TEXTS, st.lists(_TEXTS, min_size=1, max_size=6), _TEXTS)
@example("café olé", ["cafe", "olé", "x"], "")
@example("plain text", ["plain", "...", "[x]", "text"], "plain text")
@example("plain text", ["plain", "...", "[x]", "text"], "")
def test_quotes_lacking_a_piece_without_accents_are_those_of_the_definition(
    first: str, quotes: list[str], second: str
) -> None:
    texts = [NormalisedText(first), NormalisedText(second)]
    cited = [(n, SimpleNamespace(), texts[n % 2], parse_quote(quote)) for n, quote in enumerate(quotes)]
    unaccented = _Unaccented(cited)
    for number, _, text, quote in cited:
        assert unaccented.unmatched(number, text, quote) == _unmatched_reference(cited, text, quote)


def test_a_text_is_accented_when_folding_its_accents_changes_it() -> None:
    assert NormalisedText("Gatún lock").accented
    assert not NormalisedText("Gatun lock").accented
    assert not NormalisedText("→ ¶ arrows").accented  # beyond ASCII, but no accent
