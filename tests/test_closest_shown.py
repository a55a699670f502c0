"""A quote not found (BG401) gets its closest passage searched only when its diagnostic is shown:
past the cap of 100 diagnostics of one code, no search is made that no report shows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.check import pipeline
from briefgen.check.rules import run_checks
from briefgen.diagnostics import Diagnostic, cap_per_code, complete
from briefgen.text import closest
from support import FIXTURES, run_cli

QUOTE = "Russia's military police resumed patrols near Qamishli - officials said - on 3 August"
# Not in S1, and each closest to its first sentence; not in S2, and closest to its one sentence.
WRONG = {
    "S1": "Russia's military police resumed patrols near Kobani - {n} officials said",
    "S2": "The ministry confirmed that joint patrols near Kobani resumed on {n} August",
}
# In S1, but its parts out of order: a BG401 whose hint needs no closest passage.
OUT_OF_ORDER = "officials said ... Russia's military police"


def _brief(folder: Path, quotes: list[tuple[str, str]]) -> Path:
    """The minimal fixture with KJ1's evidence replaced by `quotes` (source, quote)."""
    shutil.copytree(FIXTURES / "minimal", folder)
    brief = folder / "brief.yaml"
    evidence = "".join(f'      - source: {source}\n        quote: "{quote}"\n' for source, quote in quotes)
    text = brief.read_text(encoding="utf-8").replace(f'      - source: S1\n        quote: "{QUOTE}"\n', evidence)
    brief.write_text(text, encoding="utf-8")
    return brief


def _unfound(count: int, source: str = "S1") -> list[tuple[str, str]]:
    return [(source, WRONG[source].format(n=n)) for n in range(count)]


def _shown(diagnostic: Diagnostic) -> tuple[Any, ...]:
    return (
        diagnostic.code,
        diagnostic.severity,
        diagnostic.message,
        diagnostic.location,
        diagnostic.hint,
        diagnostic.details,
        diagnostic.data,
        diagnostic.path,
    )


def test_past_the_cap_the_first_100_have_their_closest_passage_and_the_101st_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched: list[list[str]] = []
    search = closest.closest_passages

    def recorded(text: Any, quotes: list[str]) -> Any:
        searched.append(quotes)
        return search(text, quotes)

    monkeypatch.setattr(closest, "closest_passages", recorded)
    brief = _brief(tmp_path / "brief", _unfound(150))
    reports = [d for d in pipeline.validate_brief(brief).diagnostics if d.code == "BG401"]
    assert len(reports) == 101
    # Each quote is two lines of the file, the first at line 20.
    assert [d.location for d in reports] == [f"{brief}:{20 + 2 * n}:16" for n in range(101)]
    for n, report in enumerate(reports[:100]):
        assert report.message == "quote not found in source S1 (sources/s1.txt)"
        assert report.hint == (
            "closest passage, paragraph 1 of sources/s1.txt (88% alike): "
            "'Russia’s military police resumed patrols near Qamishli — officials said — on 3'"
        )
        assert report.details == (
            (
                "diff",
                f"Russia’s military police resumed patrols near [-Kobani-] {{+Qamishli+}} — [-{n}-] officials said "
                "{+— on 3+}",
            ),
            ("fix", 'quote: "Russia’s military police resumed patrols near Qamishli — officials said — on 3"'),
        )
        assert report.data is not None and report.data["closest"]["paragraph"] == 1
        assert report.completion is None
    more = reports[100]
    assert more.message == "50 more BG401 problems in this file from here on, not shown (the first 100 are)"
    assert (more.hint, more.details, more.data, more.completion) == (
        "fix the ones shown and validate again",
        (),
        {"omitted": 50},
        None,
    )
    # One search, of the 100 quotes shown alone, in the brief's order.
    assert searched == [[WRONG["S1"].format(n=n) for n in range(100)]]


def test_the_json_format_shows_the_same(tmp_path: Path) -> None:
    _brief(tmp_path / "brief", _unfound(150))
    done = run_cli(["validate", "brief", "--format", "json"], tmp_path)
    assert done.returncode == 1, done.stderr
    reports = [d for d in json.loads(done.stdout)["diagnostics"] if d["code"] == "BG401"]
    assert len(reports) == 101
    assert [d["line"] for d in reports] == [20 + 2 * n for n in range(101)]
    assert all(d["hint"].startswith("closest passage, paragraph 1 of sources/s1.txt") for d in reports[:100])
    assert [d["closest"]["diff"][4] for d in reports[:100]] == [{"op": "delete", "words": str(n)} for n in range(100)]
    assert reports[0]["closest"] == {
        "passage": "Russia’s military police resumed patrols near Qamishli — officials said — on 3",
        "paragraph": 1,
        "similarity": 0.88,
        "diff": [
            {"op": "equal", "words": "Russia’s military police resumed patrols near"},
            {"op": "delete", "words": "Kobani"},
            {"op": "insert", "words": "Qamishli"},
            {"op": "equal", "words": "—"},
            {"op": "delete", "words": "0"},
            {"op": "equal", "words": "officials said"},
            {"op": "insert", "words": "— on 3"},
        ],
        "corrected_quote": "Russia’s military police resumed patrols near Qamishli — officials said — on 3",
    }
    assert reports[100]["message"] == "50 more BG401 problems in this file from here on, not shown (the first 100 are)"
    assert reports[100]["omitted"] == 50 and "closest" not in reports[100]


def test_the_cap_is_shared_by_the_quotes_of_all_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """60 quotes not found in S1, then 60 in S2: the first 100 shown are S1's 60 and S2's first 40,
    and only those are searched, each source's together."""
    searched: dict[str, list[str]] = {}
    search = closest.closest_passages

    def recorded(text: Any, quotes: list[str]) -> Any:
        searched["S1" if "tartus" in text.normal else "S2"] = quotes
        return search(text, quotes)

    monkeypatch.setattr(closest, "closest_passages", recorded)
    brief = _brief(tmp_path / "brief", _unfound(60) + _unfound(60, "S2"))
    reports = [d for d in pipeline.validate_brief(brief).diagnostics if d.code == "BG401"]
    assert [d.message for d in reports[:100]] == ["quote not found in source S1 (sources/s1.txt)"] * 60 + [
        "quote not found in source S2 (sources/s2.txt)"
    ] * 40
    assert all(d.hint and d.hint.startswith("closest passage, paragraph 1 of sources/s") for d in reports[:100])
    assert reports[100].message == "20 more BG401 problems in this file from here on, not shown (the first 100 are)"
    assert searched == {
        "S1": [WRONG["S1"].format(n=n) for n in range(60)],
        "S2": [WRONG["S2"].format(n=n) for n in range(40)],
    }


def _plainly(brief: Path) -> list[Diagnostic]:
    """The report made the plain way: every diagnostic completed, then sorted and capped."""
    validated = pipeline.validate_brief(brief)
    assert validated.context is not None
    found = complete(run_checks(validated.context))
    return cap_per_code(sorted(found, key=Diagnostic.sort_key))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["S1 unfound", "S2 unfound", "S1 found", "S1 out of order", "S2 found"]),
        min_size=1,
        max_size=130,
    )
)
def test_the_report_is_the_one_of_completing_every_diagnostic_before_the_cap(
    tmp_path_factory: pytest.TempPathFactory, kinds: list[str]
) -> None:
    quotes = {
        "S1 found": ("S1", QUOTE),
        "S2 found": ("S2", "joint patrols near Qamishli"),
        "S1 out of order": ("S1", OUT_OF_ORDER),
    }
    cited = [quotes.get(kind) or (kind[:2], WRONG[kind[:2]].format(n=n)) for n, kind in enumerate(kinds)]
    brief = _brief(tmp_path_factory.mktemp("brief") / "brief", cited)
    assert [_shown(d) for d in pipeline.validate_brief(brief).diagnostics] == [_shown(d) for d in _plainly(brief)]


def test_each_brief_of_a_run_shows_its_own_first_100(tmp_path: Path) -> None:
    """Two briefs of 150 quotes not found each, validated in one run: the cap is each brief's own,
    and each shows its first 100 with their closest passages, then the line counting its rest."""
    for name in ("a", "b"):
        _brief(tmp_path / "briefs" / name, _unfound(150))
    done = run_cli(["validate", "briefs"], tmp_path)
    assert done.returncode == 1, done.stderr
    for name in ("a", "b"):
        reports = [line for line in done.stdout.splitlines() if line.startswith(f"briefs/{name}/brief.yaml:")]
        unfound = [line for line in reports if "BG401" in line]
        assert unfound[:100] == [
            f"briefs/{name}/brief.yaml:{20 + 2 * n}:16: error BG401 quote-not-found: "
            "quote not found in source S1 (sources/s1.txt)"
            for n in range(100)
        ]
        assert unfound[100] == (
            f"briefs/{name}/brief.yaml:220:16: error BG401 quote-not-found: "
            "50 more BG401 problems in this file from here on, not shown (the first 100 are)"
        )
    hints = [line for line in done.stdout.splitlines() if line.startswith("    hint: ")]
    closest = "    hint: closest passage, paragraph 1 of sources/s1.txt (88% alike): "
    assert sum(hint.startswith(closest) for hint in hints) == 200
