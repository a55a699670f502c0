"""No brief reports more than SHOWN_PER_CODE diagnostics of one code; one more counts the rest."""

from __future__ import annotations

from briefgen.diagnostics import Diagnostic, cap_per_code, diagnostic


def _found(code: str, count: int, first_line: int = 1) -> list[Diagnostic]:
    return [diagnostic(code, f"problem {n}", "b.yaml", (first_line + n, 1)) for n in range(count)]


def test_under_the_cap_nothing_changes() -> None:
    found = _found("BG201", 3) + _found("BG401", 2)
    assert cap_per_code(found, 3) == found


def test_past_the_cap_each_code_keeps_its_first_and_counts_the_rest() -> None:
    found = sorted(_found("BG201", 5) + _found("BG401", 2, 3), key=Diagnostic.sort_key)
    capped = cap_per_code(found, 2)
    assert [(d.code, d.line, d.message) for d in capped] == [
        ("BG201", 1, "problem 0"),
        ("BG201", 2, "problem 1"),
        ("BG201", 3, "3 more BG201 problems in this file from here on, not shown (the first 2 are)"),
        ("BG401", 3, "problem 0"),
        ("BG401", 4, "problem 1"),
    ]
    assert capped[2].severity == "error" and capped[2].data == {"omitted": 3}


def test_one_left_out_is_one_problem() -> None:
    capped = cap_per_code(_found("BG201", 3), 2)
    assert capped[-1].message == "1 more BG201 problem in this file from here on, not shown (the first 2 are)"
