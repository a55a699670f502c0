"""Estimative wording: terms found with word boundaries and longest match, sentences, numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.scales import ICD_203, PHIA
from briefgen.wording import find_confidence, find_terms, own_words, sentences, stated_probabilities


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia will very likely stay.", [("very likely", "very likely")]),
    ("It is unlikely, not likely.", [("unlikely", "unlikely"), ("not likely", "unlikely")]),
    ("Improbable, yet probably so.", [("Improbable", "improbable"), ("probably", "probable")]),
    ("A highly-likely outcome.", [("highly-likely", "very likely")]),
    ("It will almost\ncertainly happen.", [("almost\ncertainly", "almost certain")]),
    ("The most likely and the less likely cases; not unlikely either.", []),
    ("Its likelihood and probability are unknown.", []),
    ("A remote chance, but remote areas.", [("remote chance", "remote")]),
])
def test_terms_found(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(use.written, use.expression.term(ICD_203).term) for use in find_terms(text)]
    assert found == expected


def test_phia_reads_its_own_terms_and_nears_the_others() -> None:
    (highly,) = find_terms("highly likely")
    (very,) = find_terms("very likely")
    assert (highly.expression.is_own(PHIA), highly.expression.term(PHIA).term) == (True, "highly likely")
    assert (very.expression.is_own(PHIA), very.expression.term(PHIA).term) == (False, "highly likely")


def test_quotations_code_and_links_are_not_the_analysts_words() -> None:
    text = 'He said "almost certain" and `likely` [see](https://x.org/likely) > no.\n> likely quoted'
    assert own_words(text).split() == ["He", "said", "and", "[see", ">", "no."]
    assert find_terms(text) == []


def test_sentences_split_at_stops_not_abbreviations() -> None:
    text = "The U.S. Army stays, e.g. in Tanf. Confidence is high! Is it?\n\n- a list item\n- another"
    assert [text[a:b].strip() for a, b in sentences(text)] == [
        "The U.S. Army stays, e.g. in Tanf.", "Confidence is high!", "Is it?", "- a list item", "- another",
    ]


def test_confidence_phrases() -> None:
    text = "We assess with high confidence; confidence in this is low; moderately confident; medium-confidence."
    assert [m.group(0) for m in find_confidence(text)] == [
        "high confidence", "confidence in this is low", "moderately confident", "medium-confidence",
    ]


def test_stated_probabilities() -> None:
    text = "Likely (70%), a 20–30 percent chance, the probability of about 5%, and 90% of troops."
    assert [(s.written, s.low, s.high, s.after.written if s.after else None) for s in stated_probabilities(text)] == [
        ("(70%)", 70, 70, "Likely"),
        ("20–30 percent chance", 20, 30, None),
        ("probability of about 5%", 5, 5, None),
    ]


PIECES = st.sampled_from(list('ab .!?\n"“”`-%()0123456789') + ["likely", "un", "very ", "high confidence", "U.S. "])


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_scanning_any_text(text: str) -> None:
    spans = list(sentences(text))
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))
    for use in find_terms(text):
        assert text[use.start:use.end] == use.written
    for stated in stated_probabilities(text):
        assert stated.low <= stated.high
    find_confidence(text)
