"""Quote matching on the five real source texts (tests/fixtures/real-text/sources, kept
byte-for-byte): quotes typed with plain ASCII are found despite typographic quotes and
apostrophes, em and en dashes, non-breaking spaces, bullets, `[fuel](#)` link residue and
page-break gaps; elisions match parts in order; a near miss gets the passage it missed."""

from __future__ import annotations

from functools import cache

import pytest

from briefgen.text.quotes import NormalisedText, normalise
from support import FIXTURES

SOURCES = FIXTURES / "real-text" / "sources"
NEWS, POROSKOUN, POLICY, QUNEITRA, MEI = (
    "000_1ff08ac97fc86ded.txt",
    "001_8640fe2c1a6133e5.txt",
    "002_3ff1fc181088e82a.txt",
    "003_632214653a2025d7.txt",
    "004_0cb0f02891a1e1a7.txt",
)


@cache
def source(name: str) -> NormalisedText:
    return NormalisedText((SOURCES / name).read_text(encoding="utf-8"))


def passages(name: str, quote: str) -> list[str]:
    """The original passages a quote matches, as they stand in the source."""
    spans = source(name).spans(quote)
    assert spans is not None, quote
    return [source(name).text[span.start : span.end] for span in spans]


@pytest.mark.parametrize(
    "name, quote, original",
    [
        # A typographic apostrophe typed as '.
        (
            NEWS,
            "Foreign Minister Asaad al-Shibani's July 31 visit to Moscow",
            "Foreign Minister Asaad al-Shibani\u2019s July 31 visit to Moscow",
        ),
        # Curly double quotes typed as ".
        (NEWS, 'a regulated "security partnership"', "a regulated \u201csecurity partnership\u201d"),
        # An en dash typed as -.
        (NEWS, "the new Moscow-Damascus understandings", "the new Moscow\u2013Damascus understandings"),
        # Em dashes typed as -.
        (
            POROSKOUN,
            "Russia and Syria-particularly in the security sphere-has become apparent",
            "Russia and Syria\u2014particularly in the security sphere\u2014has become apparent",
        ),
        # Em dashes typed as spaced hyphens or double hyphens.
        (
            POROSKOUN,
            "Russia and Syria -- particularly in the security sphere - has become apparent",
            "Russia and Syria\u2014particularly in the security sphere\u2014has become apparent",
        ),
        # Non-breaking spaces (two in a row) typed as one space, and curly quotes.
        (
            POLICY,
            'not the size of Russian forces, but their "disproportionate strategic effect."',
            "not the size of Russian forces, but\u00a0\u00a0their\u00a0\u201cdisproportionate strategic effect.\u201d",
        ),
        (MEI, 'so-called "de-escalation zones."', "so-called\u00a0\u201cde-escalation zones.\u201d"),
        # Markdown link residue: the quote has only the link's text.
        (
            POROSKOUN,
            "shipments of wheat and fuel; diplomatic outreach",
            "shipments of wheat and [fuel](#); diplomatic outreach",
        ),
        (
            POROSKOUN,
            "including a senior delegation from the Foreign Ministry, letters, and phone calls from President",
            "including a [senior delegation from the Foreign Ministry](#), letters, and [phone calls](#) from President",
        ),
        # A page-break gap in the middle of a sentence.
        (POROSKOUN, "occurred only from the summer months onward", "occurred only from the\n\nsummer months onward"),
        # Bullets: a quote that runs across the items of a list.
        (
            POLICY,
            "a provider of: training and restructuring support for Syria's armed forces, intelligence-sharing",
            "a provider of:\n\n  \u2022 training and restructuring support\u00a0for Syria\u2019s armed forces,\n"
            "  \u2022 intelligence-sharing",
        ),
        # Case does not matter.
        (QUNEITRA, "RUSSIA STEPPED FOOT IN SOUTHERN SYRIA", "Russia stepped foot in southern Syria"),
    ],
)
def test_a_plain_ascii_quote_finds_its_messy_original(name: str, quote: str, original: str) -> None:
    assert passages(name, quote) == [original]


@pytest.mark.parametrize("elision", ["...", "\u2026", ". . .", "...."])
def test_an_elision_matches_its_parts_in_order_across_paragraphs(elision: str) -> None:
    quote = f"the Russian side appears to have paused {elision} Israeli cooperation"
    # The first part starts before the link residue `[Russian side …](#)` and ends inside it.
    assert passages(POROSKOUN, quote) == ["the [Russian side appears to have paused", "Israeli cooperation"]


def test_the_parts_of_an_elision_in_the_wrong_order_are_not_found() -> None:
    assert not source(POROSKOUN).contains("Israeli cooperation ... the Russian side appears to have paused")


@pytest.mark.parametrize(
    "quote",
    [
        "Russia has withdrawn all its forces from Syria",
        "Foreign Minister Asaad al-Shibani's July 30 visit to Moscow",  # one character off
        "Russia and Syria - particularly in the insecurity sphere",  # a word the source does not have
    ],
)
def test_a_quote_that_is_not_in_the_source_is_not_found(quote: str) -> None:
    assert source(NEWS).spans(quote) is None or source(POROSKOUN).spans(quote) is None
    assert not source(NEWS).contains(quote)


def test_a_near_miss_gets_the_passage_it_missed() -> None:
    passage, ratio, start = source(NEWS).closest("Foreign Minister Asaad al-Shibani's July 30 visit to Moscow")
    assert passage == "Foreign Minister Asaad al-Shibani\u2019s July 31 visit to Moscow"
    assert source(NEWS).text[start:].startswith(passage)
    assert 0.95 < ratio < 1


def test_a_misremembered_quote_gets_the_passage_that_shares_most_words() -> None:
    passage, ratio, _ = source(POROSKOUN).closest("confidence-building measures were taken from the first months")
    assert passage == "confidence-building steps were taken from the early months"
    assert 0.6 < ratio < 0.95


def test_every_real_source_normalises_to_a_single_spaced_lower_case_ascii_punctuated_text() -> None:
    for name in (NEWS, POROSKOUN, POLICY, QUNEITRA, MEI):
        normal = source(name).normal
        assert "  " not in normal and "\n" not in normal and "\u00a0" not in normal
        assert not set(normal) & set("\u2018\u2019\u201c\u201d\u2013\u2014\u2022")
        assert normal == normalise(source(name).text) == normal.casefold()
