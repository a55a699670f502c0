"""Shape: each Pydantic error becomes one located diagnostic with a message and a hint."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from briefgen.brief.models import Brief
from briefgen.diagnostics import Diagnostic
from briefgen.load.document import load_text
from briefgen.load.shape import check_shape, describe_path
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
    # One problem, not two: the did-you-mean says the field it names is required and missing.
    assert found == [
        (
            "BG201",
            line,
            5,
            "unknown field 'confidnce' in key_judgments[0]",
            "did you mean 'confidence'? It is required, and missing.",
        ),
    ]


def test_a_misspelt_required_field_of_the_brief_is_one_problem() -> None:
    edit = ("key_judgments:", "key_judgements:")
    assert problems(edit) == [
        (
            "BG201",
            line_of("key_judgements:", edited(edit)),
            1,
            "unknown field 'key_judgements' in the brief",
            "did you mean 'key_judgments'? It is required, and missing.",
        ),
    ]


def test_a_misspelt_optional_field_is_not_called_required() -> None:
    [found] = problems(("scope_note: A test fixture.", "scope_note: A test fixture.\nsubtitel: Patrols"))
    assert found[3:] == ("unknown field 'subtitel' in the brief", "did you mean 'subtitle'?")


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


@pytest.mark.parametrize(
    "old, new, where, message, hint",
    [
        (
            "authors: [Test team]",
            "authors: Test team",
            "authors: Test",
            "authors must be a list, not text",
            "write a list as `[a, b]`, or one `- item` per line",
        ),
        (
            "drivers: [Pressure]",
            "drivers: {main: Pressure}",
            "drivers: {",
            "scenarios[1].drivers must be a list, not a mapping",
            "write a list as `[a, b]`, or one `- item` per line",
        ),
        (
            '    timeframe: "2026"\n    drivers: [Interest]',
            "    timeframe: 2026\n    drivers: [Interest]",
            "timeframe: 2026\n",
            "scenarios[0].timeframe must be text, not a number",
            'quote it so YAML reads it as text: "2026"',
        ),
        (
            "    title: Patrols continue",
            "    title: true",
            "title: true",
            "scenarios[0].title must be text, not true/false",
            "write the text after the colon; quote it if it looks like a number, date or true/false",
        ),
        (
            "    title: Patrols continue",
            "    title:",
            "title:\n",
            "scenarios[0].title must be text, not nothing (null)",
            "write the text after the colon; quote it if it looks like a number, date or true/false",
        ),
        (
            "    confidence: moderate",
            "    confidence: moderate\n    probability: high",
            "probability: high",
            "key_judgments[0].probability must be a whole number, not text",
            "write digits without quotes, e.g. 70",
        ),
        (
            "    title: A report",
            "    title: A report\n    title_supplied: maybe",
            "title_supplied: maybe",
            "sources[0].title_supplied must be true or false, not text",
            "write true or false, without quotes",
        ),
        (
            "  - id: IM1",
            "  - IM1\n  - id: IM0",
            "- IM1",
            "implications[0] must be a mapping of fields, not text",
            "write `field: value` lines, indented under this one",
        ),
    ],
)
def test_a_wrong_type_names_the_type_wanted_and_found(old: str, new: str, where: str, message: str, hint: str) -> None:
    found = [item for item in problems((old, new)) if item[0] == "BG204"]
    line = line_of(where, edited((old, new)))
    assert [(code, row, note, tip) for code, row, _, note, tip in found] == [("BG204", line, message, hint)]


@pytest.mark.parametrize(
    "old, new, message, hint",
    [
        ("schema_version: 1", "schema_version: 2", "schema_version: 2 is not one of the allowed values", "allowed: 1"),
        (
            "marking: TLP:CLEAR",
            "marking: TLP:WHITE",
            "marking.tlp: 'TLP:WHITE' is not one of the allowed values",
            "TLP 2.0 renamed TLP:WHITE to TLP:CLEAR",
        ),
        (
            "marking: TLP:CLEAR",
            "marking: TLP:CLAER",
            "marking.tlp: 'TLP:CLAER' is not one of the allowed values",
            "did you mean 'TLP:CLEAR'?",
        ),
        (
            "confidence: moderate",
            "confidence: medium",
            "key_judgments[0].confidence: 'medium' is not one of the allowed values",
            "allowed: 'low', 'moderate', 'high'",
        ),
        (
            "    likelihood: unlikely",
            "    likelihood: unlikly",
            "scenarios[1].likelihood: 'unlikly' is not one of the allowed values",
            "did you mean 'unlikely'?",
        ),
        (
            "reliability: C",
            "reliability: G",
            "sources[0].reliability: 'G' is not one of the allowed values",
            "allowed: 'A', 'B', 'C', 'D', 'E', 'F'",
        ),
        (
            "date: 2026-02-01",
            "date: 2026-02-30",
            "date: '2026-02-30' is not a valid date",
            "write dates as YYYY-MM-DD, e.g. 2026-01-31",
        ),
        (
            "date: 2026-02-01",
            "date: 1 Feb 2026",
            "date: '1 Feb 2026' is not a valid date",
            "write dates as YYYY-MM-DD, e.g. 2026-01-31",
        ),
        (
            "  - id: SC2",
            "  - id: SC 2",
            "scenarios[1].id: 'SC 2' is not in the expected form",
            "ids start with a letter, then up to 39 letters, digits, '_', '.' or '-', e.g. KJ1",
        ),
        (
            "  - id: IND1",
            "  - id: \u0406ND1",
            "indicators[0].id: '\u0406ND1' is not in the expected form",
            "'\u0406' is U+0406 CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I; ids start with a letter, then up to 39 "
            "letters, digits, '_', '.' or '-', e.g. KJ1",
        ),
        (
            "schema_version: 1",
            "schema_version: '1'",
            "schema_version: '1' is not one of the allowed values",
            "write it without quotes: 1",
        ),
        (
            "confidence: moderate",
            "confidence: 3",
            "key_judgments[0].confidence: 3 is not one of the allowed values",
            "allowed: 'low', 'moderate', 'high'",
        ),
        (
            "  - id: SC2",
            "  - id: 'SC2\n'",
            "scenarios[1].id: 'SC2 ' is not in the expected form",
            "ids start with a letter, then up to 39 letters, digits, '_', '.' or '-', e.g. KJ1",
        ),
        (
            "id: base",
            "id: Base Brief",
            "id: 'Base Brief' is not in the expected form",
            "the brief's id is a slug: lower-case letters and digits joined by '-', e.g. russia-syria",
        ),
        (
            "follows_from: [KJ1]",
            "follows_from: []",
            "implications[0].follows_from needs at least 1 item",
            "Ids of the key judgments or scenarios it follows from.",
        ),
        (
            "scope_note: A test fixture.",
            "scope_note: ''",
            "scope_note is empty",
            "write the text, or leave the field out if it is optional",
        ),
        (
            "    confidence: moderate",
            "    confidence: moderate\n    probability: 120",
            "key_judgments[0].probability: input should be less than or equal to 100",
            "Optional point probability in percent; must fall in the term's range.",
        ),
        (
            "published: 2025-08-04",
            "published: 2025-13",
            "sources[1].published.date: '2025-13' is not in the expected form",
            "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`.",
        ),
    ],
)
def test_an_invalid_value_says_what_is_allowed(old: str, new: str, message: str, hint: str) -> None:
    [(code, _, _, found, tip)] = problems((old, new))
    assert (code, found, tip) == ("BG203", message, hint)


def test_a_text_above_its_length_limit() -> None:
    [(code, _, _, message, hint)] = problems(("    title: Patrols continue", "    title: " + "x" * 20_001))
    assert (code, message, hint) == (
        "BG203",
        "scenarios[0].title is 20,001 characters long; the limit is 20,000",
        "shorten it; long texts belong in an archived source",
    )


def test_missing_fields_are_reported_at_the_item_that_lacks_them() -> None:
    edits = (("    rationale: One source says so.\n", ""), ("    reliability: C\n", ""))
    found = problems(*edits)
    assert [(code, line, message) for code, line, _, message, _ in found] == [
        ("BG202", line_of("- id: KJ1", edited(*edits)), "missing required field 'rationale' in key_judgments[0]"),
        ("BG202", line_of("- id: S1", edited(*edits)), "missing required field 'reliability' in sources[0]"),
    ]


def test_every_shape_problem_is_reported_and_each_has_a_hint() -> None:
    found = problems(
        ("schema_version: 1", "schema_version: one"),
        ("authors: [Test team]", "authors: [Test team, '']"),
        ("marking: TLP:CLEAR", "marking: {tlp: TLP:CLEAR, caveat: x}"),
        ("last_reviewed: 2026-01-30", "last_reviewed: yesterday"),
        ("kind: news_report", "kind: news"),
        ("- {scenario: SC2, direction: lowers}", "- SC2"),
    )
    assert len(found) == 6
    assert all(hint for *_, hint in found)
    assert found == sorted(found, key=lambda item: (item[1], item[2]))


def test_the_marking_and_published_date_have_a_short_and_a_long_form() -> None:
    short, _ = shape(BASE)
    long, found = shape(
        BASE.replace("marking: TLP:CLEAR", "marking: {tlp: TLP:AMBER, classification: OFFICIAL}").replace(
            "published: 2025-08-04", "published: {date: '2025', estimated: true}"
        )
    )
    assert found == []
    assert short.marking.tlp == "TLP:CLEAR" and long.marking.classification == "OFFICIAL"
    assert (long.sources[1].published.date, long.sources[1].published.precision) == ("2025", "year")


@pytest.mark.parametrize(
    "loc, text",
    [
        ((), "the brief"),
        (("title",), "title"),
        (("key_judgments", 2, "likelihood"), "key_judgments[2].likelihood"),
        (("sources", 0, "published", "date"), "sources[0].published.date"),
    ],
)
def test_describe_path(loc: tuple, text: str) -> None:
    assert describe_path(loc) == text


def test_shape_reports_are_located_in_the_file_given(tmp_path: Path) -> None:
    loaded = load_text(b"schema_version: 1\n", "briefs/x/brief.yaml")
    _, found = check_shape(loaded.data, loaded.lines, "briefs/x/brief.yaml")
    assert {item.file for item in found} == {"briefs/x/brief.yaml"}
    assert all((item.line, item.column) == (1, 1) for item in found)


CALENDAR = [
    (
        "published: 2025-08-04",
        "published: 2025-02-30",
        "sources[1].published.date: '2025-02-30'",
        "February 2025 has 28 days",
    ),
    (
        "published: 2025-08-04",
        "published: {date: 2024-02-30, estimated: true}",
        "sources[1].published.date: '2024-02-30'",
        "February 2024 has 29 days",
    ),
    (
        "published: 2025-08-04",
        "published: 2025-04-31",
        "sources[1].published.date: '2025-04-31'",
        "April 2025 has 30 days",
    ),
    (
        "published: 2025-08-04",
        'published: "0000"',
        "sources[1].published.date: '0000'",
        "there is no year 0000: write the year in four digits, e.g. 2025",
    ),
    (
        "published: 2025-08-04",
        "published: 0000-05",
        "sources[1].published.date: '0000-05'",
        "there is no year 0000: write the year in four digits, e.g. 2025",
    ),
]


@pytest.mark.parametrize("old, new, where, hint", CALENDAR)
def test_a_partial_date_off_the_calendar_is_a_located_shape_error(old: str, new: str, where: str, hint: str) -> None:
    column = 23 if "{date" in new else 16  # at the date itself
    assert problems((old, new)) == [
        ("BG203", line_of(new, edited((old, new))), column, f"{where} is not a date on the calendar", hint),
    ]


def test_partial_dates_on_the_calendar_hold_and_span_their_period() -> None:
    brief, found = shape(edited(("published: 2025-08-04", "published: 2024-02-29")))
    assert found == [] and brief is not None
    from briefgen.brief.models import PartialDate

    assert PartialDate(date="9999-12").latest.isoformat() == "9999-12-31"  # no overflow into year 10000
    assert PartialDate(date="2024-02").latest.isoformat() == "2024-02-29"
    assert PartialDate(date="0001").earliest.isoformat() == "0001-01-01"


DAY_HINT = "write the date as YYYY-MM-DD, e.g. 2026-01-31 (a number would be read as seconds since 1970)"
NUMBERS = [
    ("date: 2026-02-01", "date: 0", "date", DAY_HINT),
    ("date: 2026-02-01", "date: 1769904000", "date", DAY_HINT),
    ("information_cutoff: 2026-01-31", "information_cutoff: 20260131.5", "information_cutoff", DAY_HINT),
    ("last_reviewed: 2026-01-30", "last_reviewed: 1769904000", "indicators[0].last_reviewed", DAY_HINT),
    (
        "published: 2025-08-04",
        "published: 1769904000",
        "sources[1].published",
        "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-08",
    ),
    (
        "published: 2025-08-04",
        "published: 2025.08",
        "sources[1].published",
        "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-08",
    ),
]


@pytest.mark.parametrize("old, new, where, hint", NUMBERS)
def test_a_number_is_no_date(old: str, new: str, where: str, hint: str) -> None:
    [found] = problems((old, new))
    assert found[0] == "BG204" and found[3:] == (f"{where} must be a date, not a number", hint)


def test_a_number_is_no_date_in_accessed_either() -> None:
    edit = ("    published: 2025-08-04", "    published: 2025-08-04\n    accessed: 0")
    [found] = problems(edit)
    assert found[3:] == ("sources[1].accessed must be a date, not a number", DAY_HINT)


def test_an_unquoted_year_is_still_a_publication_date() -> None:
    brief, found = shape(edited(("published: 2025-08-04", "published: 2025")))
    assert found == [] and brief is not None and brief.sources[1].published.date == "2025"


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("title: A small brief", "title: A small brief\nsubtitle: {text}", "subtitle"),
        ("marking: TLP:CLEAR", "marking: {{tlp: TLP:CLEAR, classification: {text}}}", "marking.classification"),
        ("    published: 2025-08-04", "    published: 2025-08-04\n    author: {text}", "sources[1].author"),
    ],
)
def test_optional_free_text_is_bounded(old: str, new: str, where: str) -> None:
    [found] = problems((old, new.format(text="x" * 20_001)))
    assert found[0] == "BG203" and found[3:] == (
        f"{where} is 20,001 characters long; the limit is 20,000",
        "shorten it; long texts belong in an archived source",
    )


def test_every_text_field_of_the_schema_is_bounded() -> None:
    """Each string the format accepts has a length limit or a pattern anchored at both ends."""
    schema = Brief.model_json_schema()
    unbounded = []

    def visit(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and not (
                "maxLength" in node
                or "enum" in node
                or "const" in node
                or "format" in node
                or _anchored(node.get("pattern", ""))
            ):
                unbounded.append(where)
            for key, value in node.items():
                visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, f"{where}/{index}")

    visit(schema, "#")
    assert unbounded == []


def _anchored(pattern: str) -> bool:
    """Anchored at both ends, with no `*` or `+` outside a character class."""
    import re

    outside = re.sub(r"\[[^\]]*\]", "", pattern)
    return pattern.startswith("^") and pattern.endswith("$") and not re.search(r"[*+]", outside)


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("authors: [Test team]", 'authors: ["  "]', "authors[0]"),
        ("title: Patrols continue", 'title: "\\t "', "scenarios[0].title"),
        ("scope_note: A test fixture.", 'scope_note: "\\n  "', "scope_note"),
    ],
)
def test_blank_text_is_refused(old: str, new: str, where: str) -> None:
    found = [item for item in problems((old, new)) if item[0] == "BG203"]
    assert [item[3:] for item in found] == [
        (f"{where} is blank", "write the text, or leave the field out if it is optional"),
    ]


def _numeric_fields() -> list[tuple[str, str, Any]]:
    """Every field of the format whose value is a number: (model, field, its type with its metadata)."""
    found, seen, todo = [], set(), [Brief]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            todo.extend(_models_in(info.annotation))
            if _holds_numbers(info.annotation):
                found.append((model.__name__, name, annotation))
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def _holds_numbers(annotation: Any) -> bool:
    if annotation is int or annotation is float:
        return True
    if typing.get_origin(annotation) is typing.Literal:
        return any(isinstance(value, int) for value in typing.get_args(annotation))
    return any(_holds_numbers(arg) for arg in typing.get_args(annotation))


NUMERIC_FIELDS = _numeric_fields()


def test_the_format_has_numeric_fields() -> None:
    assert {(model, name) for model, name, _ in NUMERIC_FIELDS} >= {
        ("Brief", "schema_version"),
        ("KeyJudgment", "probability"),
        ("Scenario", "probability"),
        ("Citation", "credibility"),
    }


@pytest.mark.parametrize("model, name, annotation", NUMERIC_FIELDS, ids=[f"{m}.{n}" for m, n, _ in NUMERIC_FIELDS])
@pytest.mark.parametrize("value", [True, False, 1.0, "1"], ids=repr)
def test_every_numeric_field_takes_only_a_number_written_as_one(
    model: str, name: str, annotation: Any, value: Any
) -> None:
    """A boolean is not a number (Pydantic's lax mode takes `true` for 1), nor 1.0 or "1" a whole number."""
    adapter = TypeAdapter(annotation)
    adapter.validate_python(1)
    with pytest.raises(ValidationError):
        adapter.validate_python(value)
