"""Evidence checks: a quote must be in its source (BG401) and quote whole words (BG402)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.check.pipeline import validate_brief
from briefgen.text.quotes import NormalisedText, Span
from support import FIXTURES

QUOTE = "Russia's military police resumed patrols near Qamishli - officials said - on 3 August"


def findings(tmp_path: Path, quote: str) -> list[tuple[str, str, str | None]]:
    folder = tmp_path / "brief"
    shutil.copytree(FIXTURES / "minimal", folder)
    brief = folder / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace(f'"{QUOTE}"', f'"{quote}"'), encoding="utf-8")
    return [(d.code, d.message, d.hint) for d in validate_brief(brief).diagnostics]


@pytest.mark.parametrize(
    "quote, message, hint",
    [
        (
            "ussia's military police resumed patrols",
            "the quote starts in the middle of the word 'Russia' in source S1 (sources/s1.txt)",
            "quote whole words: start with 'Russia' as sources/s1.txt has it",
        ),
        (
            "military police resumed patrols near Qamish",
            "the quote ends in the middle of the word 'Qamishli' in source S1 (sources/s1.txt)",
            "quote whole words: end with 'Qamishli' as sources/s1.txt has it",
        ),
        # A date cut short is a different date.
        (
            "officials said - on 3 Aug",
            "the quote ends in the middle of the word 'August' in source S1 (sources/s1.txt)",
            "quote whole words: end with 'August' as sources/s1.txt has it",
        ),
        (
            "military police ... rols near Qamishli",
            "part 2 of the quote starts in the middle of the word 'patrols' in source S1 (sources/s1.txt)",
            "quote whole words: start with 'patrols' as sources/s1.txt has it",
        ),
    ],
)
def test_a_quote_that_cuts_a_word_is_reported(tmp_path: Path, quote: str, message: str, hint: str) -> None:
    assert findings(tmp_path, quote) == [("BG402", message, hint)]


@pytest.mark.parametrize(
    "quote",
    [
        "Russia's military police",  # whole words
        "Russia",  # a word before an apostrophe
        "police resumed patrols near Qamishli - officials said",  # a dash between words
        "on 3 August.",  # punctuation at the end
        "second paragraph about fuel",  # link residue in the source
    ],
)
def test_a_quote_of_whole_words_passes(tmp_path: Path, quote: str) -> None:
    assert findings(tmp_path, quote) == []


def test_a_quote_is_matched_where_it_stands_as_whole_words() -> None:
    # "near Quneitra; a" first stands inside "near Quneitra; according", which cuts a word; it
    # stands whole further on, and that is the passage it quotes (and the one highlighted).
    text = NormalisedText("Troops were seen near Quneitra; according to locals. Tanks near Quneitra; a source said.")
    assert text.find("near Quneitra; a") == [(59, 75)]
    assert text.cut_word(text.find("near Quneitra; a")) is None
    # Each part of an elided quote in turn, after the one before it.
    assert text.find("Troops ... Quneitra; a") == [(0, 6), (64, 75)]
    # Where it stands only inside a word, the first place is kept, and the cut is reported.
    assert text.find("ccording to") == [(33, 44)]
    assert text.cut_word(text.find("ccording to")) == (0, True, Span(32, 41))


def test_the_closest_passage_search_stops_at_its_budget_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quotes of a brief not found in one source share a budget of work in proportion to the
    source's size; a quote met once it is spent is still reported not found, with a hint that
    says its closest passage was not searched, and why."""
    from briefgen.text import closest

    monkeypatch.setattr(closest, "_LEAST", 0)  # the fixture's 21 words allow 5 words of work
    folder = tmp_path / "brief"
    shutil.copytree(FIXTURES / "minimal", folder)
    brief = folder / "brief.yaml"
    wrong = [f"Russia's military police resumed patrols near Kobani - {n} said" for n in ("first", "second")]
    evidence = "".join(f'      - source: S1\n        quote: "{quote}"\n' for quote in wrong)
    text = brief.read_text(encoding="utf-8").replace(f'      - source: S1\n        quote: "{QUOTE}"\n', evidence)
    brief.write_text(text, encoding="utf-8")
    reports = [d for d in validate_brief(brief).diagnostics if d.code == "BG401"]
    assert [d.message for d in reports] == ["quote not found in source S1 (sources/s1.txt)"] * 2
    assert reports[0].hint is not None and reports[0].hint.startswith("closest passage, paragraph 1 of sources/s1.txt")
    assert reports[1].hint == (
        "the closest passage was not searched: the search for the 1 quote before this one not found in "
        "sources/s1.txt used up its budget for that source (5 words of work, in proportion to its size); "
        "copy the passage verbatim from sources/s1.txt; mark omissions with ..."
    )
    assert reports[1].details == ()
