"""Quote matching: normalisation, elisions, spans back to the original text, closest passage,
and that each source is normalised once however many quotes cite it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.check.pipeline import validate_brief
from briefgen.text import normal, quotes
from briefgen.text.quotes import NormalisedText, normalise, quote_parts
from support import FIXTURES

# Letters, punctuation and every kind of character the normaliser changes.
ALPHABET = "abcXYZ .,éÉΣςİ" + "‘’`“”«—–-\u00a0\u2009\n\t\r\u00ad\u200b…" + "ßﬁ"
TABLE = {ord(char): replacement for char, replacement in normal.REPLACE.items()}


def reference_normalise(text: str) -> str:
    """The definition, written the slow and obvious way: one table, one pass per step."""
    text = normal.LINE_HYPHEN.sub("\x1e", text)
    text = normal.LINK.sub(r"\1", text.translate(TABLE))
    text = re.sub(" ?-+ ?", "-", re.sub(" {2,}", " ", text))
    return text.casefold().replace("\x1e", "-")


@given(st.text(alphabet=ALPHABET + "[](#)", max_size=300))
def test_normalise_matches_the_definition(text: str) -> None:
    assert normalise(text) == reference_normalise(text)


def test_normalise_folds_typography_space_links_and_case() -> None:
    text = "Russia\u2019s  \u201cbase\u201d \u2014 near\u00a0Tartus\n[fuel](#) Stra\u00dfe\u200b"
    assert normalise(text) == 'russia\'s "base"-near tartus fuel strasse'


def test_elision_after_a_full_stop_or_as_four_dots() -> None:
    assert quote_parts("warned in February. ... part of it") == ["warned in february", "part of it"]
    assert quote_parts("near Raqqa....the first time") == ["near raqqa", "the first time"]
    assert quote_parts("a . . . b") == ["a", "b"]
    assert quote_parts("U.S. forces… left") == ["u.s. forces", "left"]
    assert quote_parts("an aside.. not an elision") == ["an aside.. not an elision"]


def test_elided_parts_must_appear_in_order() -> None:
    text = NormalisedText("First the bases. Then the patrols. Then the talks.")
    assert text.contains("the bases ... the talks")
    assert not text.contains("the talks ... the bases")


@given(st.text(alphabet="abc XY.,é‘’“”—–-\u00a0\n\u00ad", min_size=1, max_size=200), st.data())
def test_spans_cover_exactly_the_matched_passage(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    source = NormalisedText(text)
    spans = source.spans(quote)
    parts = quote_parts(quote)
    if not parts:
        assert spans is None
        return
    assert spans is not None
    assert [normalise(text[span.start : span.end]).strip() for span in spans] == parts


def test_spans_of_an_elided_quote_in_a_text_with_links() -> None:
    text = "Russia\u2019s police \u2014 said\nofficials \u2014 on 3 August.\n\nAbout [fuel](#) supplies at Tartus."
    spans = NormalisedText(text).spans("Russia's police - said officials ... fuel supplies")
    assert [text[s.start : s.end] for s in spans] == [
        "Russia\u2019s police \u2014 said\nofficials",
        "fuel](#) supplies",
    ]


@given(st.integers(8, 400), st.data())
def test_closest_is_the_passage_a_changed_quote_came_from(size: int, data: st.DataObject) -> None:
    # Words that each occur once, so that the passage a quote came from is the only right answer.
    words = [f"w{n}" for n in range(size)]
    length = data.draw(st.integers(3, min(12, size)))
    start = data.draw(st.integers(0, size - length))
    quote = words[start : start + length]
    changed = data.draw(st.integers(1, length - 2))
    quote[changed] = "other"
    text = " ".join(words)
    passage, ratio, at = NormalisedText(text).closest(" ".join(quote))
    assert passage == " ".join(words[start : start + length])
    assert text[at:].startswith(passage)
    assert ratio < 1


def test_a_quote_with_no_word_of_the_source_has_no_closest_passage() -> None:
    assert NormalisedText("the port of Tartus").closest("fuel ships") is None


def test_the_closest_passage_is_found_among_many_occurrences_of_common_words() -> None:
    filler = "the port of the base and the fuel of the port " * 2000
    text = NormalisedText(filler + "Those measures save the equivalent of roughly six ships a day. " + filler)
    passage, _, _ = text.closest("Those measures save the equivalent of roughly six transits a day")
    assert passage == "Those measures save the equivalent of roughly six ships a day"


def test_each_source_is_normalised_once_however_many_quotes_cite_it(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "brief"
    shutil.copytree(FIXTURES / "minimal", folder)
    brief = folder / "brief.yaml"
    archive = (folder / "sources" / "s1.txt").read_text(encoding="utf-8")
    extra = (
        "".join('      - source: S1\n        quote: "resumed patrols near Qamishli"\n' for _ in range(40))
        + '      - source: S1\n        quote: "this passage is not in the source at all"\n'
    )
    text = brief.read_text(encoding="utf-8")
    anchor = "    evidence:\n"
    brief.write_text(text.replace(anchor, anchor + extra, 1), encoding="utf-8")
    calls: list[str] = []
    real = quotes.normal_with_joins

    def counting(value: str) -> str:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(quotes, "normal_with_joins", counting)
    result = validate_brief(brief)
    assert [d.code for d in result.diagnostics] == ["BG401"]
    assert calls.count(archive) == 1


@given(st.text(alphabet="ab _.é", min_size=1, max_size=6), st.text(alphabet="ab _.é", max_size=60))
def test_whole_words_finds_what_look_arounds_at_both_edges_find(term: str, text: str) -> None:
    # The pattern opens with the term (fast to search for); the definition puts a look-behind first.
    reference = re.compile(
        (r"(?<![^\W_])" if term[:1].isalnum() else "")
        + re.escape(term)
        + (r"(?![^\W_])" if term[-1:].isalnum() else "")
    )
    found, expected = quotes.whole_words(term).search(text), reference.search(text)
    assert (found and found.span()) == (expected and expected.span())
