"""What keeps `briefgen validate` fast must not change what it finds: the quick tests that skip
a scan, and the imports it avoids."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import example, given
from hypothesis import strategies as st

from briefgen.check.rules.estimative import _excerpt
from briefgen.text import wording
from briefgen.text.restating import _REFERENCE, _REFERENCE_ID, referenced
from support import FIXTURES

WORDS = sorted({word for phrase in wording._BY_PHRASE for word in phrase.split()}) + [
    "confidence",
    "confident",
    "high",
    "low",
    "moderate",
    "is",
    "in",
    "we",
    "70",
    "5.5",
    "%",
    "per",
    "cent",
    "percent",
    "PER",
    "CENT",
    "chance",
    "odds",
    "not",
    "n't",
    "the",
    "Russia's",
    "0.9",
    "nine",
    "in",
    "ten",
    "ı",
    "ſ",
    "\u212a",
    "li\u212aely",
    '"quoted"',
    "`code`",
    "—",
    "~",
    "out",
    "of",
    "probability",
    "likelihood",
    "chances",
    "are",
    "her",
    "their",
    "Russias'",
    "a",
    "one",
    "“said”",
    "‘so’",
    "«dit»",
    "[link](#a)",
    "https://example.org/likely",
    "<https://example.org>",
    "> likely",
]
SEPARATORS = st.sampled_from([" ", "  ", "-", "\n", " (", ") ", ", ", ". ", "; ", "’", "/"])


@st.composite
def prose(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=14))
    cased = [draw(st.sampled_from([w, w.upper(), w.capitalize()])) for w in words]
    return "".join(word + draw(SEPARATORS) for word in cased)


@given(prose())
@example("likely ")
@example("Confident ")
@example("70 percent ")
@example("probable.......... ")
def test_a_text_without_cues_has_nothing_the_patterns_would_find(text: str) -> None:
    own = wording.own_words(text)
    if not wording._may_hold(text, wording._TERM_CUES):
        assert wording._TERMS.search(own) is None
    if not wording._may_hold(text, wording._CONFIDENCE_CUES):
        assert wording._CONFIDENCE.search(own) is None
    if not wording._may_state(text):
        assert wording._AFTER_TERM.search(own) is None
        assert wording._CHANCE.search(own) is None
        assert wording._DECIMAL.search(own) is None
        assert wording._RATIO.search(own) is None
        assert wording.stated_probabilities(text) == []


@given(prose())
@example("likelihood " + "a. " * 30)
def test_the_cues_found_in_one_pass_are_those_each_look_finds(text: str) -> None:
    lowered = text.lower()
    if lowered.isascii():
        letters = lowered.encode().translate(None, wording._NOT_CUES)
        assert wording._cues_held(lowered) == {cue.decode() for cue in wording._CUES if cue in letters}


@given(st.lists(prose(), max_size=6))
def test_the_screens_of_texts_pass_every_text_a_scan_would_find_something_in(texts: list[str]) -> None:
    found = wording.screens(texts)
    assert len(found) == len(texts)
    for text, seen in zip(texts, found, strict=True):
        assert seen.terms or not wording._may_hold(text, wording._TERM_CUES)
        assert seen.confidence or not wording._may_hold(text, wording._CONFIDENCE_CUES)
        assert seen.probabilities or not wording._may_state(text)


def test_the_screens_tell_texts_apart() -> None:
    texts = [
        "It is LIKELY",
        "no cue here",
        "We have high Confidence",
        "per",
        "cent",
        "7 PER CENT",
        "café: 70%",
        "the likelihood",
    ]
    assert [(seen.terms, seen.confidence, seen.probabilities) for seen in wording.screens(texts)] == [
        (True, False, False),
        (False, False, False),
        (False, True, False),
        (False, False, False),
        (False, False, False),
        (False, False, True),
        (False, False, True),
        (True, False, True),
    ]


def test_every_phrase_holds_a_term_cue() -> None:
    assert all(any(cue in phrase for cue in wording._TERM_CUES) for phrase in wording._BY_PHRASE)


@given(prose())
def test_found_terms_are_those_of_a_full_scan(text: str) -> None:
    scanned = [
        (m.start(), m.end())
        for m in wording._TERMS.finditer(wording.own_words(text))
        if wording._BY_PHRASE[wording._normal(m.group(0))] is not None
    ]
    uses = sorted(wording.find_terms(text) + wording.find_denials(text), key=lambda use: use.start)
    # Each term found, widened by the "not" before or after it that is read with it.
    assert len(uses) == len(scanned)
    assert all(use.start <= start < end <= use.end for use, (start, end) in zip(uses, scanned, strict=True))
    assert wording.find_terms(text) == wording.find_terms(text)


@given(prose())
@example("see https://example.org/likely now")
@example("> likely, they said")
@example("a [likely](#b) link")
def test_a_text_without_openers_has_nothing_to_blank(text: str) -> None:
    blanked = wording._NOT_OWN_WORDS.search(text) is not None
    assert blanked <= any(opener in text for opener in wording._OPENERS)
    assert wording.own_words(text) == (
        text
        if not blanked
        else wording._NOT_OWN_WORDS.sub(
            lambda m: "".join(" " if not char.isspace() else char for char in m.group(0)), text
        )
    )


@given(prose())
@example("the odds of ~one in ten")
@example("probably, it is likely")
def test_terms_and_ratios_searched_around_their_cues_are_those_of_a_full_search(text: str) -> None:
    words = wording.own_words(text)
    for pattern, cues, outside in (
        (wording._TERMS, wording._TERM_CUES, wording._NOT_IN_TERM),
        (wording._RATIO, wording._RATIO_CUES, wording._NOT_IN_RATIO),
    ):
        near = [(m.start(), m.end()) for m in wording._near(pattern, cues, outside, words, text.lower())]
        assert near == [(m.start(), m.end()) for m in pattern.finditer(words)]


@given(prose())
@example("a 70 PER CENT chance")
@example("a probability of .9")
def test_probability_patterns_are_skipped_only_where_they_cannot_match(text: str) -> None:
    if "%" not in text and "cent" not in text.lower():
        assert wording._CHANCE.search(text) is None
    if wording._DOT_DIGIT.search(text) is None:
        assert wording._DECIMAL.search(text) is None


@given(prose())
@example("it is not ")
@example("they won't ")
@example("Russia's ")
@example("theirs  ")
def test_negations_and_determiners_are_searched_only_where_they_can_be(text: str) -> None:
    if not wording._may_deny(text):
        assert wording._DENIAL_BEFORE.search(text) is None
    found, near = (
        wording._DETERMINER_BEFORE.search(text),
        wording._DETERMINER_BEFORE.search(text, wording._last_word(text)),
    )
    assert (found and found.span()) == (near and near.span())


def test_validate_imports_nothing_that_only_rendering_needs() -> None:
    code = (
        "import sys\n"
        "from briefgen.cli import main\n"
        f"code = main(['validate', {str(FIXTURES / 'minimal')!r}])\n"
        "heavy = sorted(m for m in ('weasyprint', 'jinja2', 'markdown_it', 'multiprocessing') if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


@given(st.text(alphabet="ab \n\t.", max_size=900))
@example(" " * 500 + "a" * 200)
@example("a " * 81)
def test_an_excerpt_flattens_only_the_start_it_needs(sentence: str) -> None:
    flat = " ".join(sentence.split())
    assert _excerpt(sentence) == (flat if len(flat) <= 160 else flat[:157] + "…")


@given(st.text(alphabet="KJ1 SC2()[];@see", max_size=120))
def test_references_are_looked_for_only_where_a_bracket_is(text: str) -> None:
    ids = {"KJ1", "SC2"}
    found = [name for m in _REFERENCE.finditer(text) for name in _REFERENCE_ID.findall(m.group(1)) if name in ids]
    assert referenced(text, ids) == list(dict.fromkeys(found))


# The one forward pattern that the reversed search for stops and the search for breaks replace.
_FORWARD_ENDS = re.compile(r"(?<![.!?])[.!?]+[\"”’)\]]*(?=\s)(?!\s+[a-z])|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+]|\d+[.)])\s)")
_END_PIECES = st.sampled_from(
    [
        ".",
        "..",
        "!",
        "?",
        "?!",
        '"',
        "”",
        "’",
        ")",
        "]",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\n \n",
        "\t",
        "\u2003",
        "\x85",
        "\xa0",
        "\x1c",
        "\x0b",
        "- ",
        "* ",
        "1. ",
        "2) ",
        "a",
        "A",
        "é",
        "É",
        "5",
        "e.g.",
        "U.S.",
        "word",
        "Word",
        "x",
    ]
)


@given(st.lists(_END_PIECES, max_size=30).map("".join))
@example("rain" + "." * 50)
@example('He said so." Then.) a. B.\n\n- item\n1) two')
@example("We are confident it will likely rain" + ". a" * 50)
@example("It ends.)\xa0")
@example("It rains. Then")
def test_the_places_a_sentence_may_end_are_those_the_forward_pattern_finds(text: str) -> None:
    expected = [(match.start(), match.end()) for match in _FORWARD_ENDS.finditer(text)]
    assert wording._ends(text, text[::-1]) == expected
    # The shortcut says no stop ends a sentence only where the reversed search finds none.
    assert wording._may_end(text) or wording._ends(text, "") == expected
