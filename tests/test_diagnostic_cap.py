"""No brief reports more than SHOWN_PER_CODE diagnostics of one code; one more counts the rest."""

from __future__ import annotations

from dataclasses import replace

from briefgen.diagnostics import Completion, Diagnostic, cap_per_code, complete, diagnostic


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


def test_the_line_counting_the_rest_is_complete_and_only_the_shown_are_completed() -> None:
    calls: list[list[str]] = []

    def hinted(shown: list[Diagnostic]) -> list[Diagnostic]:
        calls.append([d.message for d in shown])
        return [replace(d, hint=f"hint of {d.message}") for d in shown]

    found = [replace(d, completion=hinted) for d in _found("BG401", 4)] + _found("BG201", 1, 9)
    capped = cap_per_code(found, 2)
    assert [d.completion for d in capped] == [hinted, hinted, None, None]
    shown = complete(capped)
    assert calls == [["problem 0", "problem 1"]]
    assert [(d.message, d.hint, d.completion) for d in shown] == [
        ("problem 0", "hint of problem 0", None),
        ("problem 1", "hint of problem 1", None),
        (
            "2 more BG401 problems in this file from here on, not shown (the first 2 are)",
            "fix the ones shown and validate again",
            None,
        ),
        ("problem 0", None, None),
    ]


def test_each_completion_completes_its_own_diagnostics_in_their_places() -> None:
    def marked(mark: str) -> Completion:
        return lambda shown: [replace(d, hint=f"{mark} {d.line}") for d in shown]

    first, second = marked("a"), marked("b")
    found = [replace(d, completion=(first, second, None)[d.line % 3]) for d in _found("BG401", 6)]
    assert [d.hint for d in complete(found)] == ["b 1", None, "a 3", "b 4", None, "a 6"]
