"""Quoting conventions: what a careful quoter may change (dash styles and their spacing, `[...]`
elisions, short bracketed insertions, `[t]he`, words hyphenated at a line break, ligatures) is
accepted and highlighted where it stands; anything that changes what the source says (a word
dropped, added, swapped or changed, an insertion too long) is refused, on real passages of the
reference brief's sources; and accents alone get BG404 with the corrected quote."""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefgen.check.pipeline import validate_brief
from briefgen.text.quotes import MAX_INSERTION_WORDS, NormalisedText, parse_quote
from support import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = sorted((ROOT / "briefs" / "russia-syria-security" / "sources").glob("*.txt"))


def passages(text: str, quote: str) -> list[str] | None:
    spans = NormalisedText(text).spans(quote)
    return None if spans is None else [text[span.start : span.end] for span in spans]


@pytest.mark.parametrize(
    "source, quote, passage",
    [
        # Dash styles, either way, and spacing around a dash.
        ("alpha beta—gamma delta", "beta--gamma", "beta—gamma"),
        ("alpha beta -- gamma delta", "beta—gamma", "beta -- gamma"),
        ("alpha beta – gamma delta", "beta—gamma", "beta – gamma"),
        ("alpha beta—gamma delta", "beta — gamma", "beta—gamma"),
        ("alpha beta—gamma delta", "beta - gamma", "beta—gamma"),
        ("Moscow–Damascus talks", "Moscow-Damascus talks", "Moscow–Damascus talks"),
        # A word hyphenated at a line break, quoted whole or hyphenated.
        ("a fuel sur-\ncharge of 5%", "a fuel surcharge of 5%", "a fuel sur-\ncharge of 5%"),
        ("a well-\nknown route", "a well-known route", "a well-\nknown route"),
        ("a fuel sur-\n  charge", "surcharge", "sur-\n  charge"),
        # Ligatures of text extracted from a PDF.
        (
            "the ﬁrst ﬂights and ﬀ and ﬃ and ﬄ",
            "the first flights and ff and ffi and ffl",
            "the ﬁrst ﬂights and ﬀ and ﬃ and ﬄ",
        ),
        # `[t]he`: brackets inside a word change its case only.
        ("The carriers will raise rates", "[t]he carriers will", "The carriers will"),
    ],
)
def test_a_convention_is_accepted_and_points_at_its_passage(source: str, quote: str, passage: str) -> None:
    assert passages(source, quote) == [passage]


@pytest.mark.parametrize("elision", ["[...]", "[…]", "[ … ]", "...", "…", ". . ."])
def test_every_elision_mark_elides(elision: str) -> None:
    source = "The carriers said on Monday that they will raise rates in May."
    assert passages(source, f"The carriers said {elision} they will raise rates") == [
        "The carriers said",
        "they will raise rates",
    ]


@pytest.mark.parametrize(
    "quote, passage",
    [
        ("[The carriers] will raise rates", "will raise rates"),  # replaces "They"
        ("They [the carriers] will raise rates", "They will raise rates"),  # adds
        ("They will [in fact] raise rates", "They will raise rates"),
        ("They will raise [their] rates in May", "They will raise rates in May"),
        ("They will [lift] rates", "They will raise rates"),  # replaces one word
        ("[They] will raise rates [in May]", "will raise rates"),
        ("They [the three main carriers] will", "They will"),  # four words: the most allowed
        ("They will [not] raise rates", "They will raise rates"),  # the reader sees the brackets
        ("They will raise rates in [June]", "They will raise rates in"),  # in place of the words after
    ],
)
def test_a_short_bracketed_insertion_replaces_or_adds_words(quote: str, passage: str) -> None:
    assert passages("They will raise rates in May.", quote) == [passage]


@pytest.mark.parametrize(
    "source, quote",
    [
        ("They will raise rates in May.", "They [the three big regional carriers] will raise rates"),  # five words
        ("They will raise all their rates in May.", "They [said] in May"),  # for five words of the source
        ("They will raise rates in May.", "[Th]em will raise rates"),  # letters in a word are the source's
        ("They will raise rates in May.", "They [will] ates in May"),  # the insertion must not cut a word
        ("They will raise rates in May.", "They [] will raise rates"),  # empty brackets are text
    ],
)
def test_what_brackets_cannot_do(source: str, quote: str) -> None:
    assert passages(source, quote) is None


def test_an_insertion_too_long_is_named_in_the_quote() -> None:
    assert parse_quote("They [the three big regional carriers] will").too_long == ("[the three big regional carriers]",)
    assert MAX_INSERTION_WORDS == 4


@cache
def reference_words() -> list[tuple[str, list[str]]]:
    """Each paragraph of the reference sources as its list of words."""
    found = []
    for path in REFERENCE:
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            words = paragraph.split()
            if len(words) >= 12:
                found.append((path.name, words))
    return found


@cache
def archive(name: str) -> NormalisedText:
    return NormalisedText((REFERENCE[0].parent / name).read_text(encoding="utf-8"))


def keys(words: list[str]) -> list[str]:
    """Each word's letters and digits, lower case: an independent, plain reading of the words."""
    return [key for key in ("".join(re.findall(r"\w", word)).casefold() for word in words) if key]


def in_source(name: str, words: list[str]) -> bool:
    """Whether the words stand, one after the other, anywhere in the source (ignoring punctuation)."""
    wanted = " " + " ".join(keys(words)) + " "
    text = (REFERENCE[0].parent / name).read_text(encoding="utf-8")
    return wanted in " " + " ".join(keys(text.split())) + " "


NAMES = ["Moscow", "Damascus", "Israel", "Turkey", "Putin", "Assad", "Tartus", "Hmeimim"]


@st.composite
def paraphrases(draw: st.DrawFn) -> tuple[str, str, str]:
    """A real passage of 6-14 words and one change to it that alters what it says."""
    name, words = draw(st.sampled_from(reference_words()))
    size = draw(st.integers(6, min(14, len(words))))
    start = draw(st.integers(0, len(words) - size))
    passage = words[start : start + size]
    assume(not set("[]()") & set("".join(passage)))  # Markdown link residue, which a quote leaves out
    changed = list(passage)
    kind = draw(st.sampled_from(["drop", "insert", "swap", "number", "name", "not", "long-insertion"]))
    at = draw(st.integers(1, size - 2))
    if kind == "drop":
        del changed[at]
    elif kind == "insert":
        changed.insert(at, draw(st.sampled_from(["not", "never", "all", "only", "Russian", "no"])))
    elif kind == "swap":
        assume(keys([changed[at]]) != keys([changed[at + 1]]))
        changed[at], changed[at + 1] = changed[at + 1], changed[at]
    elif kind == "number":
        numbers = [n for n, word in enumerate(changed) if re.search(r"\d", word)]
        assume(numbers)
        n = draw(st.sampled_from(numbers))
        changed[n] = re.sub(r"\d", lambda d: str((int(d.group()) + 1) % 10), changed[n], count=1)
    elif kind == "name":
        names = [n for n, word in enumerate(changed) if word[:1].isupper()]
        assume(names)
        n = draw(st.sampled_from(names))
        other = draw(st.sampled_from([name for name in NAMES if name.casefold() not in changed[n].casefold()]))
        changed[n] = other
    elif kind == "not":
        nots = [n for n, word in enumerate(changed) if keys([word]) in (["not"], ["no"], ["never"])]
        assume(nots)
        del changed[nots[0]]
    else:  # five words in brackets, in place of one
        changed[at] = (
            "["
            + " ".join(
                draw(st.lists(st.sampled_from(["the", "Russian", "side", "new", "its"]), min_size=5, max_size=6))
            )
            + "]"
        )
    assume(kind == "long-insertion" or not in_source(name, changed))
    return name, " ".join(passage), " ".join(changed)


@settings(max_examples=300, deadline=None)
@given(paraphrases())
def test_no_paraphrase_of_a_real_passage_is_accepted(change: tuple[str, str, str]) -> None:
    name, passage, changed = change
    assert accepted(archive(name), passage), passage
    assert not accepted(archive(name), changed), (passage, changed)


def accepted(text: NormalisedText, quote: str) -> bool:
    """As validation accepts a quote: found (BG401 otherwise), cutting no word (BG402)."""
    found = text.find(quote)
    return found is not None and text.cut_word(found) is None


def findings(tmp_path: Path, source: str, quote: str) -> list[tuple[str, str, str | None]]:
    folder = tmp_path / "brief"
    shutil.copytree(FIXTURES / "minimal", folder)
    (folder / "sources" / "s1.txt").write_text(source, encoding="utf-8")
    brief = folder / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    text = re.sub(r'quote: "[^"]*"', lambda _: 'quote: "resumed patrols"', text)
    text = text.replace('quote: "resumed patrols"', f"quote: {quote!r}".replace("'", '"'), 1)
    brief.write_text(text, encoding="utf-8")
    return [(d.code, d.message, d.hint) for d in validate_brief(brief).diagnostics]


def test_a_quote_that_differs_only_in_accents_gets_its_own_code_and_the_corrected_quote(tmp_path: Path) -> None:
    source = "Ships crossed the Gatún locks, near Colón, and resumed patrols on Monday.\n"
    assert findings(tmp_path, source, "the Gatun locks, near Colon") == [
        (
            "BG404",
            "the quote differs from source S1 (sources/s1.txt) only in accents: 'Gatun' for 'Gatún', 'Colon' for 'Colón'",
            'write the words as sources/s1.txt has them: quote: "the Gatún locks, near Colón"',
        )
    ]


def test_accents_and_another_difference_are_not_found(tmp_path: Path) -> None:
    source = "Ships crossed the Gatún locks, near Colón, and resumed patrols on Monday.\n"
    [(code, _, hint)] = findings(tmp_path, source, "the Gatun locks, by Colon")
    assert code == "BG401"
    assert hint is not None and "the Gatún locks, near Colón" in hint


@pytest.mark.parametrize(
    "quote, directive",
    [
        # The page has spaces around its dashes: a browser must find the term as the page shows it.
        ("came -- later -- too", "text=came%20%E2%80%94%20later%20%E2%80%94%20too"),
        ("came—later—too", "text=came%20%E2%80%94%20later%20%E2%80%94%20too"),
        # An insertion is the quoter's: the link highlights the source's words around it.
        ("They [the carriers] will raise rates", "text=They%20will%20raise%20rates"),
        ("The carriers [...] so", "text=The%20carriers&text=so"),
    ],
)
def test_the_link_to_the_original_highlights_the_source_as_it_stands(quote: str, directive: str) -> None:
    from briefgen.render.fragments import text_fragment

    text = NormalisedText("They will raise rates in May. The carriers said so.\n\nIt came — later — too.")
    assert text_fragment(text, quote) == directive


def test_an_insertion_too_long_is_named_in_the_hint(tmp_path: Path) -> None:
    source = "They will raise rates in May, and resumed patrols.\n"
    [(code, message, hint)] = findings(tmp_path, source, "They [the three big regional carriers] will raise rates")
    assert (code, message) == ("BG401", "quote not found in source S1 (sources/s1.txt)")
    assert hint == (
        "the insertion '[the three big regional carriers]' has more than 4 words: an editorial insertion in "
        "brackets may have at most 4; quote the source's own words"
    )


def test_after_two_quotes_not_found_the_others_are_judged_as_before(tmp_path: Path) -> None:
    # From the third quote not found on, a word the source never has spares the search; a quote
    # that is there, or cuts a word at its edge, or differs only in accents, is judged as before.
    source = "They will raise rates in May, and resumed patrols near the Gatún locks.\n"
    extra = [
        "They will lower rates",  # not found
        "They may raise rates",  # not found
        "They will raise zzyzx in May",  # a word the source never has
        "will raise rates in May",  # found
        "hey will raise",  # cuts "They"
        "near the Gatun locks",  # accents only
        "rates in June",  # not found, every word but the last one the source's
    ]
    folder = tmp_path / "brief"
    findings(folder, source, "resumed patrols")
    brief = folder / "brief" / "brief.yaml"
    entries = "".join(f'      - source: S1\n        quote: "{quote}"\n' for quote in extra)
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("    evidence:\n", "    evidence:\n" + entries, 1), encoding="utf-8")
    codes = [d.code for d in validate_brief(brief).diagnostics if d.code.startswith("BG4")]
    assert codes == ["BG401", "BG401", "BG401", "BG402", "BG404", "BG401"]
