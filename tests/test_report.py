"""Output formats: text for people, JSON for programs, GitHub workflow annotations."""

from __future__ import annotations

import json

import pytest

from briefgen.diagnostics import Diagnostic, diagnostic
from briefgen.report import (
    escape_data,
    escape_property,
    format_github,
    format_json,
    format_text,
    printable,
    summary_line,
)

ERROR = diagnostic("BG302", "no source has the id 'S7'", "briefs/a/brief.yaml", (12, 17), "did you mean 'S1'?")
WARNING = diagnostic("BG305", "source S2 is never cited", "briefs/a/brief.yaml", (40, 9))
UNLOCATED = diagnostic("BG111", "cannot read the file: Permission denied", "briefs/b/brief.yaml", None, "check it")


def test_text_gives_location_severity_code_name_message_and_hint() -> None:
    assert format_text([ERROR, WARNING, UNLOCATED]) == (
        "briefs/a/brief.yaml:12:17: error BG302 unresolved-reference: no source has the id 'S7'\n"
        "    hint: did you mean 'S1'?\n"
        "briefs/a/brief.yaml:40:9: warning BG305 uncited-source: source S2 is never cited\n"
        "briefs/b/brief.yaml: error BG111 unreadable-file: cannot read the file: Permission denied\n"
        "    hint: check it"
    )


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain words, é and “quotes”", "plain words, é and “quotes”"),
        ("line\nbreak", "line\\nbreak"),
        ("carriage\rreturn", "carriage\\rreturn"),
        ("\x1b[2Jclear screen", "\\x1b[2Jclear screen"),
        ("bell\x07 and NUL\x00", "bell\\x07 and NUL\\x00"),
        ("next line\x85", "next line\\x85"),
        ("\u202eright-to-left override", "\\u202eright-to-left override"),
        ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
        ("line\u2028separator", "line\\u2028separator"),
    ],
)
def test_printable_escapes_what_could_break_a_line_or_drive_a_terminal(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_message_cannot_forge_a_second_diagnostic_in_text_output() -> None:
    forged = Diagnostic(
        "BG201", "error", "unknown field 'x\nbrief.yaml:1:1: error BG000 fake: ok'", "brief.yaml", 3, 1, "hint\x1b[31m"
    )
    output = format_text([forged])
    assert output.splitlines() == [
        "brief.yaml:3:1: error BG201 unknown-field: unknown field 'x\\nbrief.yaml:1:1: error BG000 fake: ok'",
        "    hint: hint\\x1b[31m",
    ]


def test_json_has_a_summary_and_every_field_of_every_diagnostic() -> None:
    data = json.loads(format_json([ERROR, WARNING, UNLOCATED], briefs=2))
    assert data["summary"] == {"briefs": 2, "errors": 2, "warnings": 1}
    assert data["diagnostics"][0] == {
        "code": "BG302",
        "name": "unresolved-reference",
        "severity": "error",
        "message": "no source has the id 'S7'",
        "file": "briefs/a/brief.yaml",
        "line": 12,
        "column": 17,
        "hint": "did you mean 'S1'?",
    }
    assert (data["diagnostics"][2]["line"], data["diagnostics"][2]["column"]) == (None, None)


def test_json_keeps_any_text_exactly() -> None:
    odd = diagnostic("BG201", "unknown field '\x1b\u202e\n'", "a/b.yaml", (1, 1))
    assert json.loads(format_json([odd], briefs=1))["diagnostics"][0]["message"] == "unknown field '\x1b\u202e\n'"


def test_github_annotations_follow_the_workflow_command_syntax() -> None:
    assert format_github([ERROR, UNLOCATED]) == (
        "::error file=briefs/a/brief.yaml,line=12,col=17,title=BG302 unresolved-reference::"
        "no source has the id 'S7'%0Ahint: did you mean 'S1'?\n"
        "::error file=briefs/b/brief.yaml,title=BG111 unreadable-file::"
        "cannot read the file: Permission denied%0Ahint: check it"
    )


def test_github_escapes_percent_cr_and_lf_in_data_and_also_colon_and_comma_in_properties() -> None:
    # GitHub's workflow-command syntax: data escapes % \r \n; property values also : and ,.
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext%3A a%2C b"
    item = diagnostic("BG401", "quote not found: 50% of it, at least", "briefs/a,b:c%/brief.yaml", (3, 4), "fix\nit")
    assert format_github([item]) == (
        "::error file=briefs/a%2Cb%3Ac%25/brief.yaml,line=3,col=4,title=BG401 quote-not-found::"
        "quote not found: 50%25 of it, at least%0Ahint: fix%0Ait"
    )


@pytest.mark.parametrize(
    "briefs, found, line",
    [
        (1, [], "1 brief valid"),
        (3, [], "3 briefs valid"),
        (1, [ERROR], "1 brief checked: 1 error, 0 warnings"),
        (2, [ERROR, WARNING, WARNING], "2 briefs checked: 1 error, 2 warnings"),
        (1, [WARNING], "1 brief checked: 0 errors, 1 warning"),
    ],
)
def test_summary_line(briefs: int, found: list[Diagnostic], line: str) -> None:
    assert summary_line(briefs, found) == line


NOTE = "references, evidence and tradecraft were not checked: they run once the BG1xx/BG2xx errors are fixed"


def test_each_format_says_which_briefs_were_not_checked_past_their_shape() -> None:
    from briefgen.report import format_notes

    assert format_notes(["briefs/a/brief.yaml"]) == f"briefs/a/brief.yaml: note: {NOTE}"
    assert json.loads(format_json([ERROR], briefs=1, unchecked=["briefs/a/brief.yaml"]))["notes"] == [
        {"file": "briefs/a/brief.yaml", "message": NOTE},
    ]
    assert json.loads(format_json([], briefs=1))["notes"] == []
    assert format_github([ERROR], ["briefs/a/brief.yaml"]).splitlines()[-1] == (
        f"::notice file=briefs/a/brief.yaml,title=checks not run::{NOTE}"
    )
