"""Estimative wording: terms found with word boundaries and longest match, sentences, numbers."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.brief.scales import ICD_203, PHIA
from briefgen.text.wording import find_confidence, find_denials, find_terms, own_words, sentences, stated_probabilities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia will very likely stay.", [("very likely", "very likely")]),
        ("It is unlikely, not likely.", [("unlikely", "unlikely"), ("not likely", "unlikely")]),
        ("Improbable, yet probably so.", [("Improbable", "improbable"), ("probably", "probable")]),
        ("A highly-likely outcome.", [("highly-likely", "very likely")]),
        ("It will almost\ncertainly happen.", [("almost\ncertainly", "almost certain")]),
        ("The most likely and the less likely cases; not unlikely either.", []),
        ("Its likelihood and probability are unknown.", []),
        ("A remote chance, but remote areas.", [("remote chance", "remote")]),
    ],
)
def test_terms_found(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(use.written, use.term(ICD_203).term) for use in find_terms(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A term governing a negated event: the complement for the event, or the term for its negation.
        (
            "Patrols will almost certainly not stop.",
            [("almost certainly not", "event", ["almost no chance", "almost certain"])],
        ),
        ("Patrols will probably not stop.", [("probably not", "event", ["improbable", "probable"])]),
        ("Patrols very likely won't stop.", [("very likely won't", "event", ["very unlikely", "very likely"])]),
        ("They are likely to never stop.", [("likely to never", "event", ["unlikely", "likely"])]),
        ("It is even odds not to stop.", [("even odds not", "event", ["roughly even odds"])]),
        # "not likely" and "not probable" are the ordinary words for "unlikely" and "improbable".
        ("It isn't likely to stop.", [("isn't likely", "denial", ["unlikely"])]),
        ("It is not probable.", [("not probable", "denial", ["improbable"])]),
        # Not a negation of the event.
        ("It will likely not only stop but end.", [("likely", "", ["likely"])]),
        ("It is likely, not certain.", [("likely", "", ["likely"])]),
        (
            "It will probably, if not almost certainly, stop.",
            [("probably", "", ["probable"]), ("almost certainly", "", ["almost certain"])],
        ),
    ],
)
def test_negation(text: str, expected: list[tuple[str, str, list[str]]]) -> None:
    found = [(u.written, u.negation, [t.term for t in u.readings(ICD_203)]) for u in find_terms(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("It is not very likely that patrols stop.", ["not very likely"]),
        ("Expansion is not almost certain; it is likely.", ["not almost certain"]),
        ("It is not so unlikely, and not at all improbable.", ["not so unlikely", "not at all improbable"]),
        ("Patrols aren't highly likely.", ["aren't highly likely"]),
    ],
)
def test_a_denied_estimate_is_no_term(text: str, denied: list[str]) -> None:
    assert [use.written for use in find_denials(text)] == denied
    assert [use.written for use in find_terms(text)] == (["likely"] if text.endswith("it is likely.") else [])


@pytest.mark.parametrize(
    ("text", "attributive"),
    [
        ("Tartus is Russia's likely priority.", True),
        ("Tartus is Russia’s likely priority.", True),
        ("The likely outcome is a deal.", True),
        ("Their almost certain withdrawal ends it.", True),
        ("The generals' likely successor.", True),
        ("Russia's likely to stay.", False),  # "Russia is likely to stay"
        ("Russia's likely reinforced Tartus.", False),  # "Russia has likely reinforced"
        ("It's likely Russia stays.", False),
        ("That makes her likely to win.", False),
        ("There is a remote chance of a deal.", False),  # a noun phrase, not an adjective
        ("The probably decisive factor.", False),  # an adverb
        ("Russia will likely stay.", False),
    ],
)
def test_attributive_terms(text: str, attributive: bool) -> None:
    (use,) = find_terms(text)
    assert use.attributive is attributive


def test_phia_reads_its_own_terms_and_nears_the_others() -> None:
    (highly,) = find_terms("highly likely")
    (very,) = find_terms("very likely")
    assert (highly.expression.is_own(PHIA), highly.expression.term(PHIA).term) == (True, "highly likely")
    assert (very.expression.is_own(PHIA), very.expression.term(PHIA).term) == (False, "highly likely")


def test_quotations_code_and_links_are_not_the_analysts_words() -> None:
    text = 'He said "almost certain" and `likely` [see](https://x.org/likely) > no.\n> likely quoted'
    assert own_words(text).split() == ["He", "said", "and", "[see", ">", "no."]
    assert find_terms(text) == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Called 'almost certain' by Moscow.", "Called by Moscow."),
        ("Called ‘almost certain’ by Moscow.", "Called by Moscow."),
        ("Called 'Russia's likely base' by all.", "Called by all."),
        ("Russia's don't-stay line is likely.", "Russia's don't-stay line is likely."),
        ("Russia’s line, the soldiers' barracks, is likely.", "Russia’s line, the soldiers' barracks, is likely."),
        ("In the '90s it was likely.", "In the '90s it was likely."),
        (
            'Russia\'s 6" guns will likely stay, officials said "yes".',
            "Russia's 6\" guns will likely stay, officials said .",
        ),
        ('A stray " mark. It is likely.', 'A stray " mark. It is likely.'),
        ('He said "it stays.\n\nIt is likely," she wrote "no".', 'He said "it stays. It is likely," she wrote .'),
    ],
)
def test_quotations_open_and_close_at_word_edges(text: str, kept: str) -> None:
    assert " ".join(own_words(text).split()) == kept


def test_another_scales_wording_is_recognised() -> None:
    (use,) = find_terms("The chances are about even.")
    assert (use.written, use.is_own(ICD_203), use.term(ICD_203).term, use.term(PHIA).term) == (
        "chances are about even",
        False,
        "roughly even chance",
        "realistic possibility",
    )
    assert list(use.expression.own) == ["Sherman Kent (1964)"]


def test_sentences_split_at_stops_not_abbreviations() -> None:
    text = "The U.S. Army stays, e.g. in Tanf. Confidence is high! Is it?\n\n- a list item\n- another"
    assert [text[a:b].strip() for a, b in sentences(text)] == [
        "The U.S. Army stays, e.g. in Tanf.",
        "Confidence is high!",
        "Is it?",
        "- a list item",
        "- another",
    ]


def test_confidence_phrases() -> None:
    text = "We assess with high confidence; confidence in this is low; moderately confident; medium-confidence."
    assert [m.group(0) for m in find_confidence(text)] == [
        "high confidence",
        "confidence in this is low",
        "moderately confident",
        "medium-confidence",
    ]
    text = (
        "Confidence in the southern judgment is low; a high degree of confidence; fairly confident; "
        "a low level of confidence; our confidence level is moderate; we are confident."
    )
    assert [m.group(0) for m in find_confidence(text)] == [
        "Confidence in the southern judgment is low",
        "high degree of confidence",
        "fairly confident",
        "low level of confidence",
        "confidence level is moderate",
        "we are confident",
    ]
    assert find_confidence("Moscow's confidence-building measures; confident of nothing; confidence grew.") == []


def test_stated_probabilities() -> None:
    text = "Likely (70%), a 20–30 percent chance, the probability of about 5%, and 90% of troops."
    assert [(s.written, s.low, s.high, s.after.written if s.after else None) for s in stated_probabilities(text)] == [
        ("(70%)", 70, 70, "Likely"),
        ("20–30 percent chance", 20, 30, None),
        ("probability of about 5%", 5, 5, None),
    ]
    text = (
        "Likely, at 90%, or likely at about 60%. A probability of 0.9, a 0.25 chance, nine in ten "
        "chance, odds of one in five, chances are 3 out of 4, a 90 percent chance."
    )
    assert [(s.written, s.low, s.after.written if s.after else None) for s in stated_probabilities(text)] == [
        ("at 90%", 90, "Likely"),
        ("at about 60%", 60, "likely"),
        ("probability of 0.9", 90, None),
        ("0.25 chance", 25, None),
        ("nine in ten chance", 90, None),
        ("odds of one in five", 20, None),
        ("chances are 3 out of 4", 75, None),
        ("90 percent chance", 90, None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Likely at 90% strength.",
        "A 0.9 km front; 0.9 of the force.",
        "One in ten soldiers.",
        "Five in a row.",
    ],
)
def test_numbers_that_are_no_probabilities(text: str) -> None:
    assert stated_probabilities(text) == []


PIECES = st.sampled_from(list('ab .!?\n"“”`-%()0123456789') + ["likely", "un", "very ", "high confidence", "U.S. "])


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_scanning_any_text(text: str) -> None:
    spans = list(sentences(text))
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b <= c for (_, b), (c, _) in pairwise(spans))
    for use in find_terms(text):
        assert text[use.start : use.end] == use.written
    for stated in stated_probabilities(text):
        assert stated.low <= stated.high
    find_confidence(text)


@pytest.mark.parametrize(
    "text, found",
    [
        # Case-blind matching reads a dotted capital I as I and a long s as s: so does the lookup.
        ("İncirlik is LİKELY, likely.", [("LİKELY", "likely"), ("likely", "likely")]),
        ("Patrols will almoſt certainly continue.", [("almoſt certainly", "almost certain")]),
    ],
)
def test_terms_in_unusual_capitals_and_letters_are_read_not_crashed_on(text: str, found: list[tuple[str, str]]) -> None:
    assert [(use.written, use.term(ICD_203).term) for use in find_terms(text)] == found
