"""Shape: each Pydantic error becomes one located diagnostic with a message and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.diagnostics import Diagnostic
from briefgen.loader import load_text
from briefgen.models import Brief
from briefgen.shape import check_shape, describe_path
from support import FIXTURES

BASE = (FIXTURES / "base" / "brief.yaml").read_text(encoding="utf-8")


def shape(text: str) -> tuple[Brief | None, list[Diagnostic]]:
    loaded = load_text(text.encode("utf-8"), "brief.yaml")
    assert loaded.data is not None, loaded.diagnostics
    return check_shape(loaded.data, loaded.lines, "brief.yaml")


def edited(*edits: tuple[str, str]) -> str:
    """The base brief with each (old, new) edit applied once."""
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def problems(*edits: tuple[str, str]) -> list[tuple[str, int | None, int | None, str, str | None]]:
    """The shape problems of the base brief with `edits`."""
    brief, found = shape(edited(*edits))
    assert brief is None
    return [(d.code, d.line, d.column, d.message, d.hint) for d in found]


def line_of(marker: str, text: str = BASE) -> int:
    """The line on which `marker` (found once in `text`) stands."""
    assert text.count(marker) == 1, marker
    return text[: text.index(marker)].count("\n") + 1


def test_the_base_brief_has_the_right_shape() -> None:
    brief, found = shape(BASE)
    assert found == [] and brief is not None and brief.id == "base"


def test_a_misspelt_field_gets_did_you_mean_at_its_key() -> None:
    edit = ("    confidence: moderate", "    confidnce: moderate")
    found = problems(edit)
    line = line_of("confidnce", edited(edit))
    assert found == [
        ("BG202", line_of("- id: KJ1"), 5, "missing required field 'confidence' in key_judgments[0]",
         "add `confidence:` — Confidence in the basis of the judgment: low, moderate or high."),
        ("BG201", line, 5, "unknown field 'confidnce' in key_judgments[0]", "did you mean 'confidence'?"),
    ]


def test_an_unknown_field_with_no_close_match_lists_the_fields() -> None:
    [found] = problems(("scope_note: A test fixture.", "scope_note: A test fixture.\nreviewers: [Ann]"))
    assert found[:4] == ("BG201", line_of("scope_note:") + 1, 1, "unknown field 'reviewers' in the brief")
    assert found[4].startswith("the fields here are: schema_version, id, title, subtitle, version")


def test_a_hostile_field_name_is_shown_escaped_and_short() -> None:
    name = "x\\u202e\\n" + "y" * 300
    [found] = problems(("scope_note: A test fixture.", f'scope_note: A test fixture.\n"{name}": 1'))
    message = found[3]
    assert message.startswith("unknown field 'x\\u202e\\nyyy") and message.endswith("…' in the brief")
    assert "\n" not in message and "\u202e" not in message and len(message) < 110


@pytest.mark.parametrize("old, new, where, message, hint", [
    ("authors: [Test team]", "authors: Test team", "authors: Test", "authors must be a list, not text",
     "write a list as `[a, b]`, or one `- item` per line"),
    ("drivers: [Pressure]", "drivers: {main: Pressure}", "drivers: {", "scenarios[1].drivers must be a list, not a mapping",
     "write a list as `[a, b]`, or one `- item` per line"),
    ('    timeframe: "2026"\n    drivers: [Interest]', "    timeframe: 2026\n    drivers: [Interest]", "timeframe: 2026\n",
     "scenarios[0].timeframe must be text, not a number", 'quote it so YAML reads it as text: "2026"'),
    ("    title: Patrols continue", "    title: true", "title: true", "scenarios[0].title must be text, not true/false",
     "write the text after the colon; quote it if it looks like a number, date or true/false"),
    ("    title: Patrols continue", "    title:", "title:\n", "scenarios[0].title must be text, not nothing (null)",
     "write the text after the colon; quote it if it looks like a number, date or true/false"),
    ("    confidence: moderate", "    confidence: moderate\n    probability: high", "probability: high",
     "key_judgments[0].probability must be a whole number, not text", "write digits without quotes, e.g. 70"),
    ("    title: A report", "    title: A report\n    title_supplied: maybe", "title_supplied: maybe",
     "sources[0].title_supplied must be true or false, not text", "write true or false, without quotes"),
    ("  - id: IM1", "  - IM1\n  - id: IM0", "- IM1", "implications[0] must be a mapping of fields, not text",
     "write `field: value` lines, indented under this one"),
])
def test_a_wrong_type_names_the_type_wanted_and_found(old: str, new: str, where: str, message: str, hint: str) -> None:
    found = [item for item in problems((old, new)) if item[0] == "BG204"]
    line = line_of(where, edited((old, new)))
    assert [(code, row, note, tip) for code, row, _, note, tip in found] == [("BG204", line, message, hint)]


@pytest.mark.parametrize("old, new, message, hint", [
    ("schema_version: 1", "schema_version: 2", "schema_version: 2 is not one of the allowed values", "allowed: 1"),
    ("marking: TLP:CLEAR", "marking: TLP:WHITE", "marking.tlp: 'TLP:WHITE' is not one of the allowed values",
     "TLP 2.0 renamed TLP:WHITE to TLP:CLEAR"),
    ("marking: TLP:CLEAR", "marking: TLP:CLAER", "marking.tlp: 'TLP:CLAER' is not one of the allowed values",
     "did you mean 'TLP:CLEAR'?"),
    ("confidence: moderate", "confidence: medium", "key_judgments[0].confidence: 'medium' is not one of the allowed "
     "values", "allowed: 'low', 'moderate', 'high'"),
    ("    likelihood: unlikely", "    likelihood: unlikly", "scenarios[1].likelihood: 'unlikly' is not one of the "
     "allowed values", "did you mean 'unlikely'?"),
    ("reliability: C", "reliability: G", "sources[0].reliability: 'G' is not one of the allowed values",
     "allowed: 'A', 'B', 'C', 'D', 'E', 'F'"),
    ("date: 2026-02-01", "date: 2026-02-30", "date: '2026-02-30' is not a valid date",
     "write dates as YYYY-MM-DD, e.g. 2026-01-31"),
    ("date: 2026-02-01", "date: 1 Feb 2026", "date: '1 Feb 2026' is not a valid date",
     "write dates as YYYY-MM-DD, e.g. 2026-01-31"),
    ("  - id: SC2", "  - id: SC 2", "scenarios[1].id: 'SC 2' is not in the expected form",
     "ids start with a letter, then up to 39 letters, digits, '_', '.' or '-', e.g. KJ1"),
    ("  - id: IND1", "  - id: \u0406ND1", "indicators[0].id: '\u0406ND1' is not in the expected form",
     "'\u0406' is U+0406 CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I; ids start with a letter, then up to 39 "
     "letters, digits, '_', '.' or '-', e.g. KJ1"),
    ("schema_version: 1", "schema_version: '1'", "schema_version: '1' is not one of the allowed values",
     "write it without quotes: 1"),
    ("confidence: moderate", "confidence: 3", "key_judgments[0].confidence: 3 is not one of the allowed values",
     "allowed: 'low', 'moderate', 'high'"),
    ("  - id: SC2", "  - id: 'SC2\n'", "scenarios[1].id: 'SC2 ' is not in the expected form",
     "ids start with a letter, then up to 39 letters, digits, '_', '.' or '-', e.g. KJ1"),
    ("id: base", "id: Base Brief", "id: 'Base Brief' is not in the expected form",
     "the brief's id is a slug: lower-case letters and digits joined by '-', e.g. russia-syria"),
    ("follows_from: [KJ1]", "follows_from: []", "implications[0].follows_from needs at least 1 item",
     "Ids of the key judgments or scenarios it follows from."),
    ("scope_note: A test fixture.", "scope_note: ''", "scope_note is empty",
     "write the text, or leave the field out if it is optional"),
    ("    confidence: moderate", "    confidence: moderate\n    probability: 120",
     "key_judgments[0].probability: input should be less than or equal to 100",
     "Optional point probability in percent; must fall in the term's range."),
    ("published: 2025-08-04", "published: 2025-13", "sources[1].published.date: '2025-13' is not in the expected form",
     "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`."),
])
def test_an_invalid_value_says_what_is_allowed(old: str, new: str, message: str, hint: str) -> None:
    [(code, _, _, found, tip)] = problems((old, new))
    assert (code, found, tip) == ("BG203", message, hint)


def test_a_text_above_its_length_limit() -> None:
    [(code, _, _, message, hint)] = problems(("    title: Patrols continue", "    title: " + "x" * 20_001))
    assert (code, message, hint) == (
        "BG203", "scenarios[0].title is 20,001 characters long; the limit is 20,000",
        "shorten it; long texts belong in an archived source")


def test_missing_fields_are_reported_at_the_item_that_lacks_them() -> None:
    edits = (("    rationale: One source says so.\n", ""), ("    reliability: C\n", ""))
    found = problems(*edits)
    assert [(code, line, message) for code, line, _, message, _ in found] == [
        ("BG202", line_of("- id: KJ1", edited(*edits)), "missing required field 'rationale' in key_judgments[0]"),
        ("BG202", line_of("- id: S1", edited(*edits)), "missing required field 'reliability' in sources[0]"),
    ]


def test_every_shape_problem_is_reported_and_each_has_a_hint() -> None:
    found = problems(("schema_version: 1", "schema_version: one"), ("authors: [Test team]", "authors: [Test team, '']"),
                     ("marking: TLP:CLEAR", "marking: {tlp: TLP:CLEAR, caveat: x}"),
                     ("last_reviewed: 2026-01-30", "last_reviewed: yesterday"),
                     ("kind: news_report", "kind: news"), ("- {scenario: SC2, direction: lowers}", "- SC2"))
    assert len(found) == 6
    assert all(hint for *_, hint in found)
    assert found == sorted(found, key=lambda item: (item[1], item[2]))


def test_the_marking_and_published_date_have_a_short_and_a_long_form() -> None:
    short, _ = shape(BASE)
    long, found = shape(BASE.replace("marking: TLP:CLEAR", "marking: {tlp: TLP:AMBER, classification: OFFICIAL}")
                        .replace("published: 2025-08-04", "published: {date: '2025', estimated: true}"))
    assert found == []
    assert short.marking.tlp == "TLP:CLEAR" and long.marking.classification == "OFFICIAL"
    assert (long.sources[1].published.date, long.sources[1].published.precision) == ("2025", "year")


@pytest.mark.parametrize("loc, text", [
    ((), "the brief"),
    (("title",), "title"),
    (("key_judgments", 2, "likelihood"), "key_judgments[2].likelihood"),
    (("sources", 0, "published", "date"), "sources[0].published.date"),
])
def test_describe_path(loc: tuple, text: str) -> None:
    assert describe_path(loc) == text


def test_shape_reports_are_located_in_the_file_given(tmp_path: Path) -> None:
    loaded = load_text(b"schema_version: 1\n", "briefs/x/brief.yaml")
    _, found = check_shape(loaded.data, loaded.lines, "briefs/x/brief.yaml")
    assert {item.file for item in found} == {"briefs/x/brief.yaml"}
    assert all((item.line, item.column) == (1, 1) for item in found)
