"""What keeps `briefgen validate` fast must not change what it finds: the quick tests that skip
a scan, and the imports it avoids."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from briefgen import wording
from support import FIXTURES

WORDS = sorted({word for phrase in wording._BY_PHRASE for word in phrase.split()}) + [
    "confidence", "confident", "high", "low", "moderate", "is", "in", "we", "70", "5.5", "%", "per", "cent",
    "percent", "PER", "CENT", "chance", "odds", "not", "n't", "the", "Russia's", "0.9", "nine", "in", "ten", "ı", "ſ", "\u212a", "li\u212aely", "\"quoted\"", "`code`", "—",
]
SEPARATORS = st.sampled_from([" ", "  ", "-", "\n", " (", ") ", ", "])


@st.composite
def prose(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=14))
    cased = [draw(st.sampled_from([w, w.upper(), w.capitalize()])) for w in words]
    return "".join(word + draw(SEPARATORS) for word in cased)


@given(prose())
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


@given(st.lists(prose(), max_size=4))
def test_a_screen_of_texts_passes_every_text_a_scan_would_find_something_in(texts: list[str]) -> None:
    found = wording.screen(texts)
    assert found.terms or not any(wording._may_hold(text, wording._TERM_CUES) for text in texts)
    assert found.confidence or not any(wording._may_hold(text, wording._CONFIDENCE_CUES) for text in texts)
    assert found.probabilities or not any(wording._may_state(text) for text in texts)


def test_every_phrase_holds_a_term_cue() -> None:
    assert all(any(cue in phrase for cue in wording._TERM_CUES) for phrase in wording._BY_PHRASE)


@given(prose())
def test_found_terms_are_those_of_a_full_scan(text: str) -> None:
    scanned = [(m.start(), m.end()) for m in wording._TERMS.finditer(wording.own_words(text))
               if wording._BY_PHRASE[wording._normal(m.group(0))] is not None]
    uses = sorted(wording.find_terms(text) + wording.find_denials(text), key=lambda use: use.start)
    # Each term found, widened by the "not" before or after it that is read with it.
    assert len(uses) == len(scanned)
    assert all(use.start <= start < end <= use.end for use, (start, end) in zip(uses, scanned))
    assert wording.find_terms(text) == wording.find_terms(text)


def test_validate_imports_nothing_that_only_rendering_needs() -> None:
    code = (
        "import sys\n"
        "from briefgen.cli import main\n"
        f"code = main(['validate', {str(FIXTURES / 'minimal')!r}])\n"
        "heavy = sorted(m for m in ('weasyprint', 'jinja2', 'markdown_it') if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"
