"""Reference checks (BG3xx): ids, references, inline citations, scenario indicators, uncited
sources, likelihood scales and archived files, each located at the value at fault."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.check.pipeline import validate_brief
from support import FIXTURES

BASE = (FIXTURES / "base" / "brief.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write(tmp_path: Path):
    """Write the base brief with (old, new) edits into a copy of its folder; return its path."""
    shutil.copytree(FIXTURES / "base", tmp_path / "brief")
    path = tmp_path / "brief" / "brief.yaml"

    def edit(*edits: tuple[str, str], append: str = "") -> Path:
        text = BASE
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text + append, encoding="utf-8")
        return path

    return edit


def found(path: Path, prefix: str = "BG3") -> list[tuple[str, int, int, str, str]]:
    """The diagnostics of one layer (by code prefix): code, line, column, message, hint."""
    result = validate_brief(path)
    assert result.context is not None, result.diagnostics
    return [(d.code, d.line, d.column, d.message, d.hint) for d in result.diagnostics if d.code.startswith(prefix)]


def line_of(path: Path, marker: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert text.count(marker) == 1, marker
    return text[: text.index(marker)].count("\n") + 1


def test_the_base_brief_has_no_reference_problem(write) -> None:
    assert validate_brief(write()).diagnostics == []


def test_an_id_used_twice_is_reported_at_the_second_with_the_line_of_the_first(write) -> None:
    path = write(("  - id: IM1", "  - id: KJ1"))
    first = line_of(path, "- id: KJ1\n    statement")
    assert found(path) == [
        (
            "BG301",
            line_of(path, "- id: KJ1\n    party"),
            9,
            f"id 'KJ1' is used twice: by a key judgment (line {first}) and by an implication",
            "give each item its own id",
        )
    ]


def test_references_resolve_to_an_item_of_the_right_kind(write) -> None:
    path = write(
        ("follows_from: [KJ1]", "follows_from: [KJ2, IND1]"),
        ("      - {scenario: SC2, direction: lowers}", "      - {scenario: SC9, direction: lowers}"),
    )
    line = line_of(path, "follows_from")
    assert [item for item in found(path) if item[0] == "BG302"] == [
        ("BG302", line, 20, "no key judgment or scenario has the id 'KJ2'", "did you mean 'KJ1'?"),
        (
            "BG302",
            line,
            25,
            "'IND1' is an indicator, but a key judgment or scenario is expected here",
            "known ids: KJ1, SC1, SC2",
        ),
        ("BG302", line_of(path, "SC9"), 20, "no scenario has the id 'SC9'", "did you mean 'SC2'?"),
    ]


def test_evidence_from_an_unknown_source_is_unresolved_and_not_quote_checked(write) -> None:
    path = write(('      - source: S1\n        quote: "a second', '      - source: S7\n        quote: "a second'))
    assert found(path, "BG") == [("BG302", line_of(path, "S7"), 17, "no source has the id 'S7'", "did you mean 'S2'?")]


def test_inline_citations_are_located_at_the_cited_id(write) -> None:
    path = write(
        ("bottom_line: Russia is back on patrol [@S1; @S2].", "bottom_line: Russia is back on patrol [@S1; @S9; @S2]."),
        ("    description: They stop.", "    description: |\n      They stop,\n      see [@Tartus]."),
    )
    assert found(path) == [
        ("BG303", line_of(path, "bottom_line"), 45, "inline citation [@S9] names no source", "did you mean 'S2'?"),
        ("BG303", line_of(path, "see [@Tartus]"), 12, "inline citation [@Tartus] names no source", "known ids: S1, S2"),
    ]


def test_a_source_cited_only_in_the_bottom_line_counts_as_cited(write) -> None:
    assert found(write()) == []  # S2 is cited nowhere but in the bottom line


def test_an_uncited_source_is_a_warning(write) -> None:
    path = write(("bottom_line: Russia is back on patrol [@S1; @S2].", "bottom_line: Russia is back on patrol [@S1]."))
    assert found(path) == [
        (
            "BG305",
            line_of(path, "- id: S2"),
            9,
            "source S2 is never cited",
            "cite it as evidence or inline as [@S2], or remove it",
        )
    ]
    assert validate_brief(path).diagnostics[0].severity == "warning"


def test_a_scenario_without_indicator_and_an_indicator_that_does_not_signal_it(write) -> None:
    path = write(
        ("    drivers: [Pressure]\n    indicators: [IND1]", "    drivers: [Pressure]\n    indicators: []"),
        ("      - {scenario: SC1, direction: raises}\n", ""),
    )
    assert found(path) == [
        (
            "BG304",
            line_of(path, "- id: SC1"),
            9,
            "scenario SC1 has no indicator: no indicator's `signals` name it",
            "add `{scenario: SC1, direction: raises}` (or `lowers`) to the signals of IND1 (which SC1 lists)",
        ),
        (
            "BG307",
            line_of(path, "indicators: []"),
            5,
            "scenario SC2's `indicators` list disagrees with the indicators' signals: it leaves out IND1, "
            "which signals it",
            "delete the `indicators:` list of SC2: the indicators' signals already say which indicators tell it "
            "apart (IND1)",
        ),
    ]


def test_a_scenario_list_is_optional_and_where_written_names_its_signalling_indicators(write) -> None:
    """The indicators' signals state a scenario's indicators; a list that agrees, or none, is fine."""
    no_lists = write(
        ("    drivers: [Interest]\n    indicators: [IND1]\n", "    drivers: [Interest]\n"),
        ("    drivers: [Pressure]\n    indicators: [IND1]\n", "    drivers: [Pressure]\n"),
    )
    assert found(no_lists) == []  # IND1's signals name both scenarios
    path = write(
        ("    drivers: [Interest]\n    indicators: [IND1]", "    drivers: [Interest]\n    indicators: [IND1, IND2]"),
        (
            "indicators:\n  - id: IND1",
            "indicators:\n  - id: IND2\n    description: Convoys.\n"
            "    signals: [{scenario: SC2, direction: raises}]\n    status: emerging\n    last_reviewed: 2026-01-30\n"
            "    evidence: [{source: S1, quote: Tartus}]\n  - id: IND1",
        ),
    )
    assert [item[:2] + item[3:] for item in found(path)] == [
        (
            "BG307",
            line_of(path, "indicators: [IND1, IND2]"),
            "scenario SC1's `indicators` list disagrees with the indicators' signals: it lists IND2, which does "
            "not signal it",
            "delete the `indicators:` list of SC1: the indicators' signals already say which indicators tell it "
            "apart (IND1); if IND2 should signal it, add `{scenario: SC1, direction: raises}` (or `lowers`) to "
            "its signals",
        ),
        (
            "BG307",
            line_of(path, "drivers: [Pressure]") + 1,
            "scenario SC2's `indicators` list disagrees with the indicators' signals: it leaves out IND2, which "
            "signals it",
            "delete the `indicators:` list of SC2: the indicators' signals already say which indicators tell it "
            "apart (IND2 and IND1)",
        ),
    ]


def test_a_likelihood_term_of_another_scale(write) -> None:
    path = write(("    likelihood: unlikely", "    likelihood: realistic possibility"))
    [(code, line, column, message, hint)] = found(path)
    assert (code, line, column, message) == (
        "BG306",
        line_of(path, "realistic possibility"),
        17,
        "'realistic possibility' is not a term of the ICD-203 scale",
    )
    assert hint.startswith("ICD-203 terms: almost no chance, remote, very unlikely")


def test_a_phia_brief_accepts_phia_terms_and_refuses_icd_ones(write) -> None:
    path = write(
        ("marking: TLP:CLEAR", "marking: TLP:CLEAR\nlikelihood_scale: PHIA"),
        ("    likelihood: unlikely", "    likelihood: realistic possibility"),
        ("    likelihood: likely\n    confidence", "    likelihood: very likely\n    confidence"),
    )
    [(code, _, _, message, hint)] = found(path)
    assert (code, message) == ("BG306", "'very likely' is not a term of the PHIA scale")
    assert hint.startswith("did you mean 'likely'? PHIA terms: remote chance")


@pytest.mark.parametrize(
    "archive, code, message",
    [
        ("../../etc/passwd", "BG310", "archive path '../../etc/passwd' climbs out of the brief's folder with '..'"),
        ("/etc/passwd", "BG310", "archive path '/etc/passwd' is absolute"),
        ("sources/none.txt", "BG311", "archive 'sources/none.txt' does not exist"),
    ],
)
def test_archive_problems_are_located_at_the_archive_path(write, archive: str, code: str, message: str) -> None:
    path = write(("archive: sources/s1.txt", f"archive: {archive}"))
    assert [item[:4] for item in found(path, "BG")] == [(code, line_of(path, archive), 14, message)]


def test_a_quote_whose_source_cannot_be_read_is_not_reported_as_missing(write) -> None:
    path = write(("archive: sources/s1.txt", "archive: sources/none.txt"))
    assert [item[0] for item in found(path, "BG4")] == []


def test_bg307s_former_name_is_still_understood() -> None:
    from briefgen.codes import resolve_code

    assert resolve_code("indicator-not-signalling") == resolve_code("scenario-indicators-disagree") == "BG307"
