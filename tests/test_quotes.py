"""Quote matching: normalisation, elisions, spans back to the original text, closest passage,
and that each source is normalised once however many quotes cite it."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.check.pipeline import validate_brief
from briefgen.text import quotes
from briefgen.text.quotes import NormalisedText, normalise, quote_parts
from support import FIXTURES

# Letters, punctuation and every kind of character the normaliser changes.
ALPHABET = "abcXYZ .,éÉΣςİ" + "‘’`“”«—–\u00a0\u2009\n\t\r\u00ad\u200b…" + "ß"
TABLE = {ord(char): replacement for char, replacement in quotes._REPLACE.items()}


def reference_normalise(text: str) -> str:
    """The definition, written the slow and obvious way: one table, one pass per step."""
    text = quotes._LINK.sub(r"\1", text.translate(TABLE))
    return re.sub(" {2,}", " ", text).casefold()


@given(st.text(alphabet=ALPHABET + "[](#)", max_size=300))
def test_normalise_matches_the_definition(text: str) -> None:
    assert normalise(text) == reference_normalise(text)


def test_normalise_folds_typography_space_links_and_case() -> None:
    text = "Russia\u2019s  \u201cbase\u201d \u2014 near\u00a0Tartus\n[fuel](#) Stra\u00dfe\u200b"
    assert normalise(text) == 'russia\'s "base" - near tartus fuel strasse'


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


@given(st.text(alphabet="abc XY.,é‘’“”—–\u00a0\n\u00ad", min_size=1, max_size=200), st.data())
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


def closest_by_brute_force(text: str, quote: str) -> tuple[str, float, int] | None:
    """The closest passage as specified: the first window of the quote's word count that
    shares the most words with it, among windows ending on a word of the quote."""
    target = [w.lower() for w in re.findall(r"\w+", quote)]
    words = list(re.finditer(r"\w+", text))
    if not target or not words:
        return None
    size = min(len(target), len(words))
    want = Counter(target)

    def score(at: int) -> int:
        return sum((Counter(w.group().lower() for w in words[at : at + size]) & want).values())

    best_at = 0
    for at in range(1, len(words) - size + 1):
        if words[at + size - 1].group().lower() in want and score(at) > score(best_at):
            best_at = at
    start, end = words[best_at].start(), words[best_at + size - 1].end()
    ratio = SequenceMatcher(None, normalise(text[start:end]), " ".join(quote_parts(quote))).ratio()
    return text[start:end], ratio, start


@given(
    st.lists(st.sampled_from(["the", "base", "Tartus", "port", "fuel", "near", "of"]), max_size=40),
    st.lists(st.sampled_from(["the", "port", "Fuel", "Tartus", "ships", "of"]), min_size=1, max_size=8),
)
def test_closest_is_the_best_window(words: list[str], quote_words: list[str]) -> None:
    text, quote = " ".join(words), " ".join(quote_words)
    assert NormalisedText(text).closest(quote) == closest_by_brute_force(text, quote)


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
    real = quotes.normalise

    def counting(value: str) -> str:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(quotes, "normalise", counting)
    result = validate_brief(brief)
    assert [d.code for d in result.diagnostics] == ["BG401"]
    assert calls.count(archive) == 1
