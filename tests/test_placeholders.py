"""Placeholders (BG901): flagged as warnings, and no other check turns one into an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.check.pipeline import validate_brief
from briefgen.check.rules.placeholders import is_placeholder

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<Title of the brief>", True),
        ("  <TODO>\n", True),
        ("<A passage: copied, verbatim; ... marks an omission>", True),
        ("<https://example.org/report>", False),  # a CommonMark autolink
        ("<analyst@example.org>", False),  # an e-mail autolink
        ("Russia <will> stay", False),
        ("<a <b> c>", False),
        ("<>", False),
        ("plain text", False),
        (None, False),
        (3, False),
    ],
)
def test_is_placeholder(value: object, expected: bool) -> None:
    assert is_placeholder(value) is expected


def brief_with(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    path = folder / "brief.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def found(path: Path) -> list[tuple[str, str, int | None, int | None, str]]:
    return [(d.code, d.severity, d.line, d.column, d.message) for d in validate_brief(path).diagnostics]


def test_placeholder_quote_is_one_warning_not_quote_not_found(tmp_path: Path) -> None:
    path = brief_with(
        tmp_path,
        (
            '"Russia\'s military police resumed patrols near Qamishli - officials said - on 3 August"',
            '"<A passage copied verbatim from S1>"',
        ),
    )
    assert found(path) == [
        (
            "BG901",
            "warning",
            20,
            16,
            "key_judgments[0].evidence[0].quote is still a placeholder: <A passage copied verbatim from S1>",
        )
    ]
    hint = validate_brief(path).diagnostics[0].hint
    assert hint == (
        "replace it with your text: Verbatim text from the source's archived copy. `...` or `[...]` marks an "
        "elision, `[words]` (up to four) an insertion of your own; typographic quotes, dash styles, line breaks "
        "and ligatures need not match exactly, accents must."
    )


def test_placeholder_archive_is_one_warning_not_archive_missing(tmp_path: Path) -> None:
    path = brief_with(tmp_path, ("archive: sources/s1.txt", 'archive: "<Path of the archived text>"'))
    assert found(path) == [
        ("BG901", "warning", 56, 14, "sources[0].archive is still a placeholder: <Path of the archived text>"),
    ]


def test_real_problems_next_to_placeholders_are_still_errors(tmp_path: Path) -> None:
    path = brief_with(
        tmp_path,
        ("title: A minimal brief", 'title: "<Title of the brief>"'),
        ('quote: "a second paragraph about fuel supplies ... Tartus"', 'quote: "fuel for Hmeimim"'),
    )
    assert [(code, severity, line) for code, severity, line, _, _ in found(path)] == [
        ("BG901", "warning", 4),
        ("BG401", "error", 51),
    ]


def test_a_check_is_silenced_only_at_the_placeholder_value(tmp_path: Path) -> None:
    # The source's archive is a placeholder, so its quotes cannot be checked; an archive that is a
    # real but missing path is still an error.
    path = brief_with(tmp_path, ("archive: sources/s1.txt", "archive: sources/missing.txt"))
    assert [(code, line) for code, _, line, _, _ in found(path)] == [("BG311", 56)]
