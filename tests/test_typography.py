"""Typographic punctuation in every rendered text, and text that stays as the brief wrote it."""

from __future__ import annotations

from briefgen.render.markdown import Prose, SourceRef
from briefgen.render.typography import quotation, typographic


def test_plain_fields_get_curly_quotes_apostrophes_and_dashes() -> None:
    assert typographic('Russia\'s "red line" -- or not') == "Russia’s “red line” – or not"
    assert (
        typographic("States' interests, the '90s, 'soft' power --- so")
        == "States’ interests, the ’90s, ‘soft’ power — so"
    )
    assert typographic("2025 - 2026, a well-known (c) mark") == "2025 – 2026, a well-known (c) mark"


def test_a_quotation_nests_inside_the_pages_marks_and_never_doubles_them() -> None:
    # The source's own marks around the whole passage give way to the page's.
    assert quotation('"If the rains come, we stay," he said.') == "‘If the rains come, we stay,’ he said."
    assert quotation('"Last time it was different."') == "Last time it was different."
    assert quotation("“Last time…”") == "Last time…"
    # Two quotations side by side are not one wrapping the passage.
    assert quotation('"A" and "B"') == "‘A’ and ‘B’"
    # Three levels alternate: the page's double marks, the source's double as single, its single as double.
    assert quotation("\"Last time, the 'drought surcharge' held,\" one broker said.") == (
        "‘Last time, the “drought surcharge” held,’ one broker said."
    )
    assert quotation("the 'board's plan' isn't Russia's") == "the “board’s plan” isn’t Russia’s"
    assert quotation("the drivers' union") == "the drivers’ union"  # an apostrophe with no mark open stays


def test_prose_keeps_c_in_parentheses_and_curls_quotes() -> None:
    prose = Prose({}, {})
    assert str(prose.html("Options (a), (b) and (c) -- \"the 'red' line\" +- 3")) == (
        "<p>Options (a), (b) and (c) – “the ‘red’ line” +- 3</p>\n"
    )


def test_reader_text_has_citation_numbers_and_link_text_without_markup() -> None:
    prose = Prose(
        {}, {"S1": SourceRef(1, "t", "#item-S1", "sources/S1.html", None), "S2": SourceRef(2, "t", "#", "x", None)}
    )
    assert prose.reader("Moscow sold [fuel](#) and `parts` [@S2; @S1].") == "Moscow sold fuel and parts [2; 1]."
