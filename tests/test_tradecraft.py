"""Tradecraft checks (BG5xx): cases that trip each check and cases that must not, waivers, settings."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.check.pipeline import Validated, validate_brief
from briefgen.check.settings import Config
from briefgen.cli import main
from support import settings_report

SOURCES = {
    "s1.txt": "Russian military police resumed patrols near Qamishli on 3 August, officials said.\n",
    "s2.txt": "The ministry confirmed that joint patrols resumed and said they were almost certainly permanent.\n",
}

BASE: dict[str, Any] = {
    "schema_version": 1,
    "id": "tradecraft",
    "title": "Patrols",
    "version": "1.0",
    "date": "2026-02-01",
    "information_cutoff": "2026-01-31",
    "authors": ["Test team"],
    "marking": "TLP:CLEAR",
    "bottom_line": "Russian patrols are back [@S1; @S2].",
    "scope_note": "A test brief.",
    "key_judgments": [
        {
            "id": "KJ1",
            "statement": "Russian patrols will likely continue through 2026.",
            "likelihood": "likely",
            "confidence": "moderate",
            "rationale": "Two independent sources report the patrols.",
            "evidence": [
                {"source": "S1", "quote": "resumed patrols near Qamishli", "credibility": 2},
                {"source": "S2", "quote": "joint patrols resumed", "credibility": 1},
            ],
        }
    ],
    "scenarios": [
        {
            "id": "SC1",
            "title": "Patrols continue",
            "description": "They go on.",
            "likelihood": "likely",
            "timeframe": "2026",
            "drivers": ["Interest"],
        },
        {
            "id": "SC2",
            "title": "Patrols stop",
            "description": "They stop.",
            "likelihood": "unlikely",
            "timeframe": "2026",
            "drivers": ["Pressure"],
        },
    ],
    "indicators": [
        {
            "id": "IND1",
            "description": "Patrols seen near Qamishli.",
            "signals": [{"scenario": "SC1", "direction": "raises"}, {"scenario": "SC2", "direction": "lowers"}],
            "status": "observed",
            "last_reviewed": "2026-01-30",
            "evidence": [{"source": "S1", "quote": "officials said", "credibility": 3}],
        },
    ],
    "sources": [
        {
            "id": "S1",
            "title": "A report",
            "kind": "news_report",
            "archive": "sources/s1.txt",
            "reliability": "C",
            "reliability_note": "Single outlet.",
            "published": "2025-08-04",
        },
        {
            "id": "S2",
            "title": "A statement",
            "kind": "official_statement",
            "archive": "sources/s2.txt",
            "reliability": "B",
            "reliability_note": "Official channel.",
            "published": "2025-08-05",
        },
    ],
}


def brief() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def write(folder: Path, data: dict[str, Any]) -> Path:
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for name, text in SOURCES.items():
        (folder / "sources" / name).write_text(text, encoding="utf-8")
    path = folder / "brief.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def check(tmp_path: Path, data: dict[str, Any], config: Config | None = None) -> Validated:
    return validate_brief(write(tmp_path / "brief", data), config or Config())


def found(tmp_path: Path, data: dict[str, Any], config: Config | None = None) -> list[tuple[str, str, str]]:
    return [(d.code, d.severity, d.message) for d in check(tmp_path, data, config).diagnostics]


def codes(tmp_path: Path, data: dict[str, Any], config: Config | None = None) -> list[str]:
    return [code for code, _, _ in found(tmp_path, data, config)]


def test_base_brief_is_clean(tmp_path: Path) -> None:
    assert found(tmp_path, brief()) == []


# --- Estimative language -------------------------------------------------------------------------


def test_wording_that_contradicts_the_likelihood_field(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["statement"] = "Russian patrols will almost certainly continue."
    assert found(tmp_path, data) == [
        (
            "BG501",
            "error",
            "the statement says \"almost certainly\" ('almost certain', 95–99%), "
            "but the key judgment's likelihood is 'likely' (55–80%)",
        )
    ]


def test_unlikely_is_not_likely(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["statement"] = "Russian patrols are unlikely to stop."
    assert [m for c, _, m in found(tmp_path, data) if c == "BG501"] == [
        "the statement says \"unlikely\" ('unlikely', 20–45%), but the key judgment's likelihood is 'likely' (55–80%)"
    ]
    data["key_judgments"][0]["likelihood"] = "unlikely"
    data["scenarios"][0]["likelihood"] = "roughly even chance"
    data["scenarios"][1]["likelihood"] = "roughly even chance"
    assert codes(tmp_path, data) == []


def test_scenario_title_wording_is_checked(tmp_path: Path) -> None:
    data = brief()
    data["scenarios"][1]["title"] = "Patrols very likely stop"
    assert [(c, m) for c, _, m in found(tmp_path, data)] == [
        (
            "BG501",
            "the title says \"very likely\" ('very likely', 80–95%), but the scenario's likelihood is 'unlikely' (20–45%)",
        )
    ]


@pytest.mark.parametrize(
    ("statement", "likelihood"),
    [
        ("It is not very likely that patrols stop.", "unlikely"),  # a denied estimate states no band
        ("Expansion is not almost certain; it is likely.", "likely"),
        ("Patrols will almost certainly not stop.", "almost no chance"),  # the event "patrols stop"
        ("Patrols will almost certainly not stop.", "almost certain"),  # the statement "patrols will not stop"
        ("Patrols will probably not stop.", "unlikely"),
        ("Patrols are not likely to stop.", "unlikely"),
        ("Tartus is Russia's likely priority.", "very likely"),  # "likely" qualifies the priority
        ("The almost certain withdrawal will very likely weaken Assad.", "very likely"),
    ],
)
def test_negated_and_attributive_terms_that_agree(tmp_path: Path, statement: str, likelihood: str) -> None:
    data = brief()
    data["key_judgments"][0] |= {"statement": statement, "likelihood": likelihood}
    assert [c for c in codes(tmp_path, data) if c == "BG501"] == []


@pytest.mark.parametrize(
    ("statement", "likelihood", "message", "hint"),
    [
        (
            "Patrols will almost certainly not stop.",
            "likely",
            "the statement says \"almost certainly not\" ('almost no chance', 1–5%), but the key judgment's likelihood "
            "is 'likely' (55–80%)",
            "make them agree: set `likelihood: almost no chance` (or `almost certain`, if it rates the negated "
            "statement), or reword the statement; a statement with two estimates is two judgments",
        ),
        (
            "It is not very likely that patrols stop.",
            "very likely",
            "the statement says \"not very likely\", denying 'very likely' (80–95%), but the key judgment's likelihood "
            "is 'very likely' (80–95%)",
            "make them agree: set the likelihood the statement means, or reword the statement",
        ),
        (
            "Russia's likely to keep Tartus.",
            "very likely",
            "the statement says \"likely\" ('likely', 55–80%), but the key judgment's likelihood is 'very likely' "
            "(80–95%)",
            "make them agree: set `likelihood: likely`, or reword the statement; a statement with two estimates is "
            "two judgments",
        ),
    ],
)
def test_negated_and_predicative_terms_that_disagree(
    tmp_path: Path, statement: str, likelihood: str, message: str, hint: str
) -> None:
    data = brief()
    data["key_judgments"][0] |= {"statement": statement, "likelihood": likelihood}
    result = check(tmp_path, data)
    assert [(d.message, d.hint) for d in result.diagnostics if d.code == "BG501"] == [(message, hint)]


@pytest.mark.parametrize(
    ("statement", "written"),
    [
        ('Russia\'s 6" guns will almost certainly stay, officials said "yes".', "almost certainly"),  # an inch mark
        ("Russia's patrols, which don't stop, will almost certainly stay.", "almost certainly"),  # apostrophes
        ("Russia’s patrols will almost certainly stay, as the soldiers' families know.", "almost certainly"),
    ],
)
def test_apostrophes_and_inch_marks_hide_no_estimate(tmp_path: Path, statement: str, written: str) -> None:
    data = brief()
    data["key_judgments"][0]["statement"] = statement
    assert [m for c, _, m in found(tmp_path, data) if c == "BG501"] == [
        f"the statement says \"{written}\" ('almost certain', 95–99%), but the key judgment's likelihood is "
        "'likely' (55–80%)"
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "Moscow calls the deal 'almost certain', and patrols will likely continue.",  # single quotes
        "Moscow calls the deal ‘almost certain’, and patrols will likely continue.",
        'Moscow calls the deal "almost certain", and patrols will likely continue.',  # a quotation
        "Patrols are the most likely outcome and will likely continue.",  # a comparison
        "Patrols are more likely than not to continue, and likely will.",
        "Patrols will likely continue, as S2 says (`almost certainly`).",  # code
    ],
)
def test_wording_that_is_not_the_analysts_estimate(tmp_path: Path, statement: str) -> None:
    data = brief()
    data["key_judgments"][0]["statement"] = statement
    assert codes(tmp_path, data) == []


def test_estimates_in_quotes_and_rationale_are_not_the_judgments_wording(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["evidence"][1]["quote"] = "said they were almost certainly permanent"
    data["key_judgments"][0]["rationale"] = "Turkey is unlikely to object, so the patrols go on."
    assert codes(tmp_path, data) == []


def test_off_scale_likelihood_field_is_bg306_only(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["likelihood"] = "highly likely"
    data["key_judgments"][0]["statement"] = "Patrols will almost certainly continue."
    data["key_judgments"][0]["probability"] = 99
    assert codes(tmp_path, data) == ["BG306"]


def test_rows_mixed_in_fields(tmp_path: Path) -> None:
    data = brief()
    data["scenarios"][1]["likelihood"] = "improbable"
    data["scenarios"][1]["title"] = "Patrols stop"
    assert found(tmp_path, data) == [
        (
            "BG502",
            "warning",
            "'improbable' is from ICD 203's probability row, but this brief mostly writes its likelihood row "
            "(3 of 4 uses)",
        )
    ]


def test_rows_mixed_in_prose(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["rationale"] = "Moscow probably wants the patrols; Damascus probably agrees."
    result = check(tmp_path, data)
    assert [(d.code, d.line, d.hint) for d in result.diagnostics] == [
        (
            "BG502",
            17,
            "reword with the likelihood row's term of the same range, in the form the sentence needs ('likely' "
            "where it says 'probably'); or, if the brief states that both rows mean the same, waive BG502 on the "
            "brief with that reason",
        )
    ]


def test_a_row_hint_says_which_term_and_never_rewrites_the_prose(tmp_path: Path) -> None:
    """ "will probably not cut" is no "will unlikely cut": the hint names the term, not a swap."""
    data = brief()
    data["key_judgments"][0]["rationale"] = "Moscow will probably not cut its presence."
    [diagnostic] = check(tmp_path, data).diagnostics
    assert diagnostic.hint is not None and diagnostic.hint.startswith(
        "reword with the likelihood row's term of the same range, in the form the sentence needs ('unlikely' "
        "where it says 'probably not')"
    )
    data["key_judgments"][0]["rationale"] = "One source says so."
    data["scenarios"][1]["likelihood"] = "improbable"
    assert check(tmp_path, data).diagnostics[0].hint == (
        "set `likelihood: unlikely`; or, if the brief states that both rows mean the same, waive BG502 on the "
        "brief with that reason"
    )


def test_rows_are_not_mixed_on_phia_or_with_one_row(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["rationale"] = "Moscow probably wants the patrols."
    data["likelihood_scale"] = "PHIA"
    assert codes(tmp_path, data) == []
    data = brief()
    for item in (data["key_judgments"][0], *data["scenarios"]):
        item["likelihood"] = {"likely": "probable", "unlikely": "improbable"}[item["likelihood"]]
    data["key_judgments"][0]["statement"] = "Russian patrols will probably continue."
    assert codes(tmp_path, data) == []


def test_another_scales_wording(tmp_path: Path) -> None:
    data = brief()
    data["scope_note"] = "Russian patrols are highly likely to go on [@S1; @S2]."
    result = check(tmp_path, data)
    assert [(d.code, d.message, d.hint) for d in result.diagnostics] == [
        (
            "BG503",
            '"highly likely" is a term of the PHIA scale, not of the brief\'s ICD-203 scale',
            "on ICD-203 the term of that range is 'very likely' (80–95%): reword with it, in the form the sentence "
            "needs",
        )
    ]
    data = brief()
    data["likelihood_scale"] = "PHIA"
    data["scope_note"] = "A deal is a realistic possibility, and patrols are very likely [@S1; @S2]."
    assert [m for _, _, m in found(tmp_path, data)] == [
        '"very likely" is a term of the ICD-203 scale, not of the brief\'s PHIA scale'
    ]


def test_kents_wording_is_another_scales(tmp_path: Path) -> None:
    data = brief()
    data["scope_note"] = "The chances are about even that patrols expand [@S1; @S2]."
    result = check(tmp_path, data)
    assert [(d.code, d.message, d.hint) for d in result.diagnostics] == [
        (
            "BG503",
            '"chances are about even" is a term of the Sherman Kent (1964) scale, not of the brief\'s ICD-203 scale',
            "on ICD-203 the term of that range is 'roughly even chance' (45–55%): reword with it, in the form the "
            "sentence needs",
        )
    ]


def test_wording_of_no_scale_is_not_another_scales(tmp_path: Path) -> None:
    data = brief()
    data["scope_note"] = "Patrols are as likely as not to expand [@S1; @S2]."
    assert codes(tmp_path, data) == []


def test_probability_field_outside_its_term(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["probability"] = 85
    result = check(tmp_path, data)
    assert [(d.code, d.severity, d.message, d.hint) for d in result.diagnostics] == [
        (
            "BG504",
            "error",
            "probability 85% is outside 'likely' (55–80%)",
            "on ICD-203, 85% is 'very likely' or 'highly probable'; change the term or the number",
        )
    ]


def test_probability_in_a_phia_gap(tmp_path: Path) -> None:
    data = brief()
    data["likelihood_scale"] = "PHIA"
    data["scenarios"][0]["probability"] = 65
    data["scenarios"][1]["probability"] = 35  # the top of 'unlikely' (25–35%): inside
    assert codes(tmp_path, data) == []
    data["scenarios"][1]["probability"] = 37
    result = check(tmp_path, data)
    assert [(d.code, d.hint) for d in result.diagnostics] == [
        (
            "BG504",
            "37% falls in a gap of the PHIA scale, between 'unlikely' (25–35%) and 'realistic possibility' "
            "(40–50%): the gaps are deliberate, so choose the term the evidence supports",
        )
    ]


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "Patrols have a 90% chance of continuing.",
            "the statement gives \"90% chance\", outside its likelihood 'likely' (55–80%)",
        ),
        (
            "The probability of about 40 percent that patrols continue.",
            "the statement gives \"probability of about 40 percent\", outside its likelihood 'likely' (55–80%)",
        ),
        ("Patrols will likely (60–85%) continue.", "\"likely (60–85%)\": the number is outside 'likely' (55–80%)"),
        ("Patrols will likely, at 90%, continue.", "\"likely, at 90%\": the number is outside 'likely' (55–80%)"),
        (
            "Patrols continue, with a probability of 0.9.",
            "the statement gives \"probability of 0.9\", outside its likelihood 'likely' (55–80%)",
        ),
        (
            "Patrols continue: a nine in ten chance.",
            "the statement gives \"nine in ten chance\", outside its likelihood 'likely' (55–80%)",
        ),
        (
            "Patrols continue, with a probability of 90 percent.",
            "the statement gives \"probability of 90 percent\", outside its likelihood 'likely' (55–80%)",
        ),
        ("Patrols will likely not (85%) stop.", "\"likely not (85%)\": the number is outside 'unlikely' (20–45%)"),
    ],
)
def test_probability_written_in_the_statement(tmp_path: Path, statement: str, message: str) -> None:
    data = brief()
    data["key_judgments"][0]["statement"] = statement
    assert found(tmp_path, data) == [("BG504", "error", message)]


@pytest.mark.parametrize(
    "statement",
    [
        "Patrols will likely (55–80%) continue.",  # the term's own range
        "Patrols will likely (70 percent) continue.",
        "Patrols will likely continue; 90% of the force is already there.",  # not a probability
        "Patrols will likely continue with between 60 and 95% of the troops.",
        "Patrols will likely, at 70%, continue.",
        "Patrols will likely continue at 90% strength.",
        "Patrols continue: seven in ten chance.",
        "Patrols will likely not (25%) stop.",  # "likely not" reads as 'unlikely' for "stop"
        "Patrols will likely not (75%) stop.",  # or as 'likely' for "not stop"
        "Patrols hold 0.9 of the route; one in ten soldiers is new.",
    ],
)
def test_numbers_that_fit_or_are_not_probabilities(tmp_path: Path, statement: str) -> None:
    data = brief()
    data["key_judgments"][0]["statement"] = statement
    assert codes(tmp_path, data) == []


def test_number_after_a_term_anywhere_in_prose(tmp_path: Path) -> None:
    data = brief()
    data["scenarios"][0]["description"] = "Turkey is very unlikely (30%) to object."
    assert found(tmp_path, data) == [
        (
            "BG504",
            "error",
            "\"very unlikely (30%)\": the number is outside 'very unlikely' (5–20%)",
        )
    ]


def test_likelihood_and_confidence_in_one_sentence(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["rationale"] = (
        "Two sources agree. We assess with high confidence that Moscow will likely keep them. The rest is detail."
    )
    assert found(tmp_path, data) == [
        (
            "BG505",
            "error",
            'one sentence carries both a likelihood ("likely") and a confidence level ("high confidence"): '
            '"We assess with high confidence that Moscow will likely keep them."',
        )
    ]


@pytest.mark.parametrize(
    ("rationale", "said", "rated"),
    [
        (
            "Patrols will likely continue; confidence in the southern judgment is low.",
            "likely",
            "confidence in the southern judgment is low",
        ),
        (
            "We have a high degree of confidence that patrols will probably continue.",
            "probably",
            "high degree of confidence",
        ),
        ("We are fairly confident patrols will likely continue.", "likely", "fairly confident"),
    ],
)
def test_confidence_levels_in_other_words(tmp_path: Path, rationale: str, said: str, rated: str) -> None:
    data = brief()
    data["key_judgments"][0]["rationale"] = rationale
    assert [m for c, _, m in found(tmp_path, data) if c == "BG505"] == [
        f'one sentence carries both a likelihood ("{said}") and a confidence level ("{rated}"): "{rationale}"'
    ]


@pytest.mark.parametrize(
    "rationale",
    [
        "Moscow will likely keep them. Confidence is moderate: the sources agree.",
        "The U.S. Army will likely stay. We hold this with high confidence.",
        "Patrols will likely continue.\n\nConfidence is low because the reporting is thin.",
        'Moscow said it had "high confidence" in the deal, which will likely hold.',
        "Moscow's confidence-building measures will likely hold.",
    ],
)
def test_likelihood_and_confidence_in_separate_sentences(tmp_path: Path, rationale: str) -> None:
    data = brief()
    data["key_judgments"][0]["rationale"] = rationale
    assert codes(tmp_path, data) == []


# --- Scenarios -----------------------------------------------------------------------------------


def test_scenario_likelihoods_that_cannot_reach_100(tmp_path: Path) -> None:
    data = brief()
    third = copy.deepcopy(data["scenarios"][1]) | {"id": "SC3", "title": "Patrols grow"}
    data["scenarios"].append(third)
    data["indicators"].append(
        copy.deepcopy(data["indicators"][0])
        | {
            "id": "IND2",
            "signals": [{"scenario": "SC3", "direction": "raises"}],
        }
    )
    for scenario in data["scenarios"]:
        scenario["likelihood"] = "very likely"
    assert found(tmp_path, data) == [
        (
            "BG511",
            "error",
            "the 3 scenarios' likelihoods add up to 240–285%, which cannot be about 100%: SC1 'very likely' "
            "(80–95%), SC2 'very likely' (80–95%), SC3 'very likely' (80–95%)",
        )
    ]


def test_scenario_likelihoods_too_low(tmp_path: Path) -> None:
    data = brief()
    data["scenarios"][0]["likelihood"] = "unlikely"
    result = check(tmp_path, data)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        (
            "BG511",
            "the 2 scenarios' likelihoods add up to 40–90%, which cannot be about 100%: SC1 'unlikely' (20–45%), "
            "SC2 'unlikely' (20–45%)",
        )
    ]
    assert result.diagnostics[0].hint.startswith("the scenarios should cover what can happen")


@pytest.mark.parametrize(
    ("probabilities", "expected"),
    [
        ((60, 40), []),
        ((70, 40), ["BG511"]),  # each inside its term, but 110% in all
        ((60, 43), []),  # 103%: about 100
    ],
)
def test_scenario_probabilities_are_summed(tmp_path: Path, probabilities: tuple[int, int], expected: list[str]) -> None:
    data = brief()
    for scenario, value in zip(data["scenarios"], probabilities, strict=True):
        scenario["probability"] = value
    assert codes(tmp_path, data) == expected


def test_one_scenario_is_not_a_set_of_alternatives(tmp_path: Path) -> None:
    data = brief()
    del data["scenarios"][1]
    data["indicators"][0]["signals"] = data["indicators"][0]["signals"][:1]
    assert found(tmp_path, data) == [
        (
            "BG511",
            "error",
            "the brief's one scenario has a likelihood of 55–80%, which cannot be about 100%: SC1 'likely' (55–80%)",
        )
    ]


def test_phia_gaps_leave_room_for_about_100(tmp_path: Path) -> None:
    data = brief()
    data["likelihood_scale"] = "PHIA"
    data["scenarios"][0]["likelihood"] = "highly likely"
    data["scenarios"][1]["likelihood"] = "remote chance"
    assert codes(tmp_path, data) == []


def test_indicator_that_signals_every_scenario_alike(tmp_path: Path) -> None:
    data = brief()
    data["indicators"].append(
        {
            "id": "IND2",
            "description": "Russian officials say patrols matter.",
            "signals": [{"scenario": "SC1", "direction": "raises"}, {"scenario": "SC2", "direction": "raises"}],
            "status": "observed",
            "last_reviewed": "2026-01-30",
            "evidence": [{"source": "S2", "quote": "joint patrols resumed"}],
        }
    )
    assert found(tmp_path, data) == [
        (
            "BG512",
            "warning",
            "indicator IND2 raises every scenario alike, so observing it tells none apart",
        )
    ]
    data["scenarios"].append(copy.deepcopy(data["scenarios"][1]) | {"id": "SC3", "likelihood": "very unlikely"})
    data["indicators"][0]["signals"].append({"scenario": "SC3", "direction": "raises"})
    assert codes(tmp_path, data) == []  # SC3 is not raised by IND2: it tells SC3 apart


def test_scenarios_no_indicator_tells_apart(tmp_path: Path) -> None:
    data = brief()
    data["scenarios"][0]["likelihood"] = "roughly even chance"
    data["scenarios"][1]["likelihood"] = "very unlikely"
    data["scenarios"].append(copy.deepcopy(data["scenarios"][1]) | {"id": "SC3", "title": "Patrols pause"})
    data["indicators"][0]["signals"].append({"scenario": "SC3", "direction": "lowers"})
    assert found(tmp_path, data) == [
        (
            "BG513",
            "warning",
            "scenarios SC2 and SC3 are signalled the same way by every indicator (IND1 lowers each), "
            "so no indicator tells them apart",
        )
    ]


def test_scenario_without_indicator_is_bg304_once(tmp_path: Path) -> None:
    data = brief()
    data["scenarios"][1]["indicators"] = []
    data["indicators"][0]["signals"] = [{"scenario": "SC1", "direction": "raises"}]
    assert codes(tmp_path, data) == ["BG304"]


# --- Sourcing ------------------------------------------------------------------------------------


def test_high_confidence_on_one_source(tmp_path: Path) -> None:
    data = brief()
    kj = data["key_judgments"][0]
    kj["confidence"] = "high"
    kj["evidence"] = kj["evidence"][:1]
    data["scenarios"][0]["description"] = "They go on [@S2]."  # S2 stays cited, but not by KJ1
    assert found(tmp_path, data) == [
        (
            "BG521",
            "warning",
            "key judgment KJ1 is held with high confidence but rests on a single source (S1)",
        )
    ]
    kj["rationale"] = "S2 confirms it [@S2]."
    assert codes(tmp_path, data) == []
    kj["rationale"] = "Only one source."
    kj["confidence"] = "moderate"
    assert codes(tmp_path, data) == []


def test_sources_of_one_publisher_are_one_source(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["confidence"] = "high"
    for source in data["sources"]:
        source["publisher"] = "Reuters"
    assert [m for _, _, m in found(tmp_path, data)] == [
        "key judgment KJ1 is held with high confidence but rests on a single source (S1, S2, all published by Reuters)",
        "all of the brief's evidence comes from one source (S1, S2, all published by Reuters)",
    ]


def test_brief_resting_on_one_source(tmp_path: Path) -> None:
    data = brief()
    data["bottom_line"] = "Russian patrols are back [@S1]."
    data["key_judgments"][0]["evidence"] = data["key_judgments"][0]["evidence"][:1]
    data["sources"] = data["sources"][:1]
    assert found(tmp_path, data) == [
        ("BG522", "warning", "all of the brief's evidence comes from one source (S1)"),
    ]


def test_grades_all_on_the_admiralty_diagonal(tmp_path: Path) -> None:
    data = brief()
    data["key_judgments"][0]["evidence"][0]["credibility"] = 3  # C3
    data["key_judgments"][0]["evidence"][1]["credibility"] = 2  # B2
    assert found(tmp_path, data) == [
        (
            "BG523",
            "warning",
            "all 3 graded citations lie on the Admiralty diagonal (B2, C3)",
        )
    ]
    del data["indicators"][0]["evidence"][0]["credibility"]  # two graded: too few to say
    assert codes(tmp_path, data) == []


def test_dates_against_the_cutoff(tmp_path: Path) -> None:
    data = brief()
    data["sources"][1]["published"] = {"date": "2026-02", "estimated": True}
    data["information_cutoff"] = "2026-02-05"
    assert found(tmp_path, data) == [
        ("BG525", "error", "the information cut-off (2026-02-05) is later than the brief's date (2026-02-01)"),
    ]
    data["information_cutoff"] = "2026-01-31"
    assert found(tmp_path, data) == [
        (
            "BG524",
            "warning",
            "source S2 was published 2026-02, estimated, after the information cut-off (2026-01-31)",
        )
    ]


@pytest.mark.parametrize("published", ["2026", "2026-01", "2026-01-31", None])
def test_sources_that_may_predate_the_cutoff(tmp_path: Path, published: str | None) -> None:
    data = brief()
    data["sources"][1]["published"] = published
    assert codes(tmp_path, data) == []


def test_indicator_review_period(tmp_path: Path) -> None:
    data = brief()
    data["indicators"][0]["last_reviewed"] = "2025-11-03"  # 90 days before 2026-02-01
    assert codes(tmp_path, data) == []
    data["indicators"][0]["last_reviewed"] = "2025-11-02"
    assert found(tmp_path, data) == [
        (
            "BG526",
            "warning",
            "indicator IND1 was last reviewed on 2025-11-02, 91 days before the brief's date (review period: 90 days)",
        )
    ]
    assert codes(tmp_path, data, Config(indicator_review_days=120)) == []


def test_indicator_reviewed_after_the_brief(tmp_path: Path) -> None:
    data = brief()
    data["indicators"][0]["last_reviewed"] = "2026-02-01"  # the brief's date: fine
    assert codes(tmp_path, data) == []
    data["indicators"][0]["last_reviewed"] = "2026-02-02"
    result = check(tmp_path, data)
    assert [(d.code, d.severity, d.message, d.line) for d in result.diagnostics] == [
        (
            "BG527",
            "error",
            "indicator IND1 was last reviewed on 2026-02-02, after the brief's date (2026-02-01)",
            49,
        )
    ]
    assert codes(tmp_path, data, Config({"review-after-date": "warning"})) == ["BG527"]
    assert codes(tmp_path, data, Config({"BG527": "off"})) == []


# --- Waivers -------------------------------------------------------------------------------------


def single_sourced_high_confidence() -> dict[str, Any]:
    data = brief()
    data["key_judgments"][0]["confidence"] = "high"
    data["key_judgments"][0]["evidence"] = data["key_judgments"][0]["evidence"][:1]
    data["scenarios"][0]["description"] = "They go on [@S2]."  # S2 stays cited, but not by KJ1
    return data


@pytest.mark.parametrize("check_name", ["BG521", "single-source-high-confidence", "bg521"])
def test_waiver_sets_a_finding_aside_with_its_reason(tmp_path: Path, check_name: str) -> None:
    data = single_sourced_high_confidence()
    data["key_judgments"][0]["waivers"] = [{"check": check_name, "reason": "S1 is the authoritative record."}]
    result = check(tmp_path, data)
    assert result.diagnostics == []
    assert [(w.code, w.owner, w.reason, w.diagnostic.severity) for w in result.waived] == [
        ("BG521", "KJ1", "S1 is the authoritative record.", "warning"),
    ]


def test_brief_waiver_covers_every_item(tmp_path: Path) -> None:
    data = brief()
    data["indicators"][0]["last_reviewed"] = "2025-01-01"
    data["waivers"] = [{"check": "BG526", "reason": "Collection paused for the winter."}]
    result = check(tmp_path, data)
    assert result.diagnostics == []
    assert [(w.code, w.owner) for w in result.waived] == [("BG526", "the brief")]


def test_waiver_on_another_item_does_not_apply(tmp_path: Path) -> None:
    data = single_sourced_high_confidence()
    data["scenarios"][0]["waivers"] = [{"check": "BG521", "reason": "Wrong place."}]
    assert [(c, m) for c, _, m in found(tmp_path, data)] == [
        ("BG521", "key judgment KJ1 is held with high confidence but rests on a single source (S1)"),
        (
            "BG591",
            "the waiver of BG521 (single-source-high-confidence) on SC1 waives nothing: the check finds "
            "no problem there",
        ),
    ]


def test_stale_unknown_and_duplicate_waivers(tmp_path: Path) -> None:
    data = single_sourced_high_confidence()
    data["key_judgments"][0]["waivers"] = [
        {"check": "BG521", "reason": "S1 is the record."},
        {"check": "BG521", "reason": "Said twice."},
        {"check": "BG599", "reason": "No such check."},
        {"check": "BG401", "reason": "Quotes are not tradecraft."},
        {"check": "BG526", "reason": "Nothing stale here."},
    ]
    result = check(tmp_path, data)
    assert [(d.code, d.severity, d.message) for d in result.diagnostics] == [
        (
            "BG591",
            "warning",
            "the waiver of BG521 (single-source-high-confidence) on KJ1 waives nothing: "
            "the check finds no problem there",
        ),
        ("BG590", "warning", "the waiver of 'BG599' on KJ1: names no check"),
        ("BG590", "warning", "the waiver of 'BG401' on KJ1: BG401 (quote-not-found) is not a tradecraft check"),
        (
            "BG591",
            "warning",
            "the waiver of BG526 (indicator-review-stale) on KJ1 waives nothing: the check finds no problem there",
        ),
    ]
    assert [w.reason for w in result.waived] == ["S1 is the record."]


@pytest.mark.parametrize(
    ("code", "change"),
    [
        ("BG525", {"information_cutoff": "2026-02-05"}),
        ("BG527", {}),
    ],
)
def test_impossible_dates_cannot_be_waived(tmp_path: Path, code: str, change: dict[str, str]) -> None:
    data = brief() | change
    data["indicators"][0]["last_reviewed"] = "2026-02-02" if code == "BG527" else "2026-01-30"
    data["waivers"] = [{"check": code, "reason": "The dates are as they are."}]
    result = check(tmp_path, data)
    name = {"BG525": "cutoff-after-date", "BG527": "review-after-date"}[code]
    assert [(d.code, d.message, d.hint) for d in result.diagnostics][1:] == [
        (
            "BG590",
            f"the waiver of '{code}' on the brief: {code} ({name}) finds dates that cannot both be right, "
            "so it cannot be waived",
            "correct the dates instead",
        )
    ]
    assert [d.code for d in result.diagnostics][0] == code
    assert result.waived == []


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "key_judgments[0].waivers[0].reason is empty"),
        ("  ", "key_judgments[0].waivers[0].reason is blank"),
    ],
)
def test_waiver_without_a_reason_is_refused(tmp_path: Path, reason: str, message: str) -> None:
    data = single_sourced_high_confidence()
    data["key_judgments"][0]["waivers"] = [{"check": "BG521", "reason": reason}]
    assert [(c, m) for c, _, m in found(tmp_path, data)] == [("BG203", message)]


def test_waiver_of_a_check_turned_off(tmp_path: Path) -> None:
    data = single_sourced_high_confidence()
    data["key_judgments"][0]["waivers"] = [{"check": "BG521", "reason": "S1 is the record."}]
    result = check(tmp_path, data, Config({"BG521": "off"}))
    assert (result.diagnostics, result.waived) == ([], [])


def test_waived_finding_takes_the_configured_severity(tmp_path: Path) -> None:
    data = single_sourced_high_confidence()
    data["key_judgments"][0]["waivers"] = [{"check": "BG521", "reason": "S1 is the record."}]
    result = check(tmp_path, data, Config({"BG521": "error"}))
    assert [w.diagnostic.severity for w in result.waived] == ["error"]


# --- Settings ------------------------------------------------------------------------------------


def repository(tmp_path: Path, data: dict[str, Any]) -> Path:
    """A repository of briefs: a `.git` folder at its top and the brief in briefs/b/."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    return write(tmp_path / "repo" / "briefs" / "b", data)


def test_pyproject_settings_by_code_and_name(tmp_path: Path) -> None:
    path = repository(tmp_path, single_sourced_high_confidence())
    (tmp_path / "repo" / "pyproject.toml").write_text(
        "[project]\nname = 'briefs'\n\n[tool.briefgen]\nindicator-review-days = 30\n\n"
        '[tool.briefgen.severity]\nsingle-source-high-confidence = "error"\nBG526 = "off"\n',
        encoding="utf-8",
    )
    result = validate_brief(path)
    assert [(d.code, d.severity) for d in result.diagnostics] == [("BG521", "error")]
    assert result.context is not None
    assert result.context.config.indicator_review_days == 30
    assert result.context.config.file == tmp_path / "repo" / "pyproject.toml"


def test_briefgen_toml_wins_over_pyproject_at_the_top(tmp_path: Path) -> None:
    path = repository(tmp_path, single_sourced_high_confidence())
    (tmp_path / "repo" / "pyproject.toml").write_text('[tool.briefgen.severity]\nBG521 = "error"\n', "utf-8")
    (tmp_path / "repo" / "briefgen.toml").write_text('[severity]\nBG521 = "off"\n', "utf-8")
    assert validate_brief(path).diagnostics == []


@pytest.mark.parametrize("folder", ["briefs", "briefs/b"])
def test_settings_below_the_top_of_the_repository_do_not_apply(tmp_path: Path, folder: str) -> None:
    """A brief's folder, or the folder of briefs, can come from a change nobody reviewed yet."""
    path = repository(tmp_path, single_sourced_high_confidence())
    (tmp_path / "repo" / folder / "briefgen.toml").write_text('[severity]\nBG521 = "off"\n', "utf-8")
    assert [d.code for d in validate_brief(path).diagnostics] == ["BG521"]


def test_settings_above_the_repository_do_not_apply(tmp_path: Path) -> None:
    path = repository(tmp_path, single_sourced_high_confidence())
    (tmp_path / "briefgen.toml").write_text('[severity]\nBG521 = "off"\n', "utf-8")
    assert [d.code for d in validate_brief(path).diagnostics] == ["BG521"]


def test_configs_read_the_settings_at_the_top_once_for_every_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefgen.check import settings as config

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    for folder in ("briefs/a", "briefs/b", "briefs/own/c", "other/d"):
        (repo / folder).mkdir(parents=True)
    (repo / "briefgen.toml").write_text("indicator-review-days = 30\n", "utf-8")
    (repo / "briefs" / "own" / "briefgen.toml").write_text("indicator-review-days = 7\n", "utf-8")
    read: list[Path] = []
    reader = config.read_config
    monkeypatch.setattr(config, "read_config", lambda path: read.append(path) or reader(path))
    configs = config.Configs()
    folders = ("briefs/a", "briefs/b", "briefs/own/c", "other/d", "briefs/a")
    days = [configs.load(repo / folder).indicator_review_days for folder in folders]
    assert days == [30] * 5
    assert read == [repo / "briefgen.toml"]
    assert days == [config.load_config(repo / folder).indicator_review_days for folder in folders]


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        (
            '[severity]\nBG5211 = "off"\n',
            "briefgen.toml:2:1: BG121 settings-invalid: unknown code 'BG5211' in [severity]",
            "did you mean 'BG521'?",
        ),
        (
            '[severity]\n  BG5211 = "off"\n',
            "briefgen.toml:2:3: BG121 settings-invalid: unknown code 'BG5211' in [severity]",
            "did you mean 'BG521'?",
        ),
        (
            '[severity]\nsingle-source = "off"\n',
            "briefgen.toml:2:1: BG121 settings-invalid: unknown code 'single-source' in [severity]",
            "did you mean 'single-source-brief'?",
        ),
        (
            '\n[severity]\nBG521 = "warn"\n',
            "briefgen.toml:3:1: BG121 settings-invalid: BG521 = 'warn' is not a severity",
            'use "off", "warning" or "error"',
        ),
        (
            '[severity]\nBG203 = "off"\n',
            "briefgen.toml:2:1: BG121 settings-invalid: BG203 (invalid-value) cannot be configured",
            "loading (BG1xx) and shape (BG2xx) problems always stop a brief from being checked",
        ),
        (
            '[severity]\nBG521 = "off"\nsingle-source-high-confidence = "error"\n',
            "briefgen.toml:3:1: BG121 settings-invalid: BG521 is set twice in [severity]",
            "keep one setting",
        ),
        (
            "indicator-review-day = 30\n",
            "briefgen.toml:1:1: BG121 settings-invalid: unknown setting 'indicator-review-day'",
            "did you mean 'indicator-review-days'?",
        ),
        (
            "indicator-review-days = 0\n",
            "briefgen.toml:1:1: BG121 settings-invalid: indicator-review-days must be a whole number of days, not 0",
            "e.g. indicator-review-days = 90",
        ),
        (
            'indicator-review-days = 30\n[severity]\nBG521 = "off',
            "briefgen.toml:3:13: BG120 settings-syntax: Unterminated string",
            "a string is not closed: add its closing quote",
        ),
        (
            "[severity\n",
            "briefgen.toml:1:10: BG120 settings-syntax: Expected ']' at the end of a table declaration",
            "fix the TOML syntax",
        ),
    ],
)
def test_bad_settings_stop_the_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    message: str,
    hint: str,
) -> None:
    repository(tmp_path, brief())
    (tmp_path / "repo" / "briefgen.toml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    assert main(["validate"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == (settings_report(message, hint), "")


def test_validate_command_uses_the_repository_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repository(tmp_path, single_sourced_high_confidence())
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "repo/briefs", "--strict"]) == 1
    assert "warning BG521 single-source-high-confidence" in capsys.readouterr().out
    (tmp_path / "repo" / "briefgen.toml").write_text('[severity]\nBG521 = "off"\n', "utf-8")
    assert main(["validate", "repo/briefs", "--strict"]) == 0
    assert capsys.readouterr().out == "1 brief valid\n"


# --- The bottom line against its judgments --------------------------------------------------------


def test_bottom_line_estimate_against_the_judgment_it_restates(tmp_path: Path) -> None:
    data = brief()
    data["bottom_line"] = "Russian patrols will almost certainly continue [@S1]."
    assert found(tmp_path, data) == [
        (
            "BG531",
            "error",
            "the bottom line says \"almost certainly\" ('almost certain' (95–99%)) restating KJ1 (sharing 3 of its "
            "words), but KJ1's likelihood is 'likely' (55–80%)",
        )
    ]
    data["bottom_line"] = "Russian patrols will probably continue [@S1]."  # 'probable' is the range of 'likely'
    assert codes(tmp_path, data) == ["BG502"]  # only the rows mixed


def test_bottom_line_sentences_tied_by_reference_and_left_alone(tmp_path: Path) -> None:
    data = brief()
    data["bottom_line"] = 'Moscow will very likely stay (SC1). Officials say it is "almost certain" [@S1].'
    assert [(code, message.split(",")[0]) for code, _, message in found(tmp_path, data)] == [
        ("BG531", "the bottom line says \"very likely\" ('very likely' (80–95%)) of SC1")
    ]
    data["bottom_line"] = "Moscow may stay, and its likely priority is the bases [@S1]."  # no estimate of its own
    assert codes(tmp_path, data) == []


def test_bottom_line_estimate_restating_nothing(tmp_path: Path) -> None:
    data = brief()
    data["bottom_line"] = "A ceasefire in Idlib is unlikely [@S1]."
    [(code, severity, message)] = found(tmp_path, data)
    assert (code, severity) == ("BG532", "warning")
    assert message.startswith("the bottom line states \"unlikely\" ('unlikely' (20–45%)), but the sentence")
    hint = check(tmp_path, data).diagnostics[0].hint
    assert hint is not None and hint.startswith("SC2 is of that likelihood: if the sentence restates it, name it")


def test_bottom_line_checks_are_configured_and_waived_like_the_others(tmp_path: Path) -> None:
    data = brief()
    data["bottom_line"] = "Russian patrols will almost certainly continue [@S1]. Idlib is very likely calm."
    assert codes(tmp_path, data, Config({"BG531": "warning", "BG532": "off"})) == ["BG531"]
    data["waivers"] = [{"check": "BG531", "reason": "The bottom line states the upper bound on purpose."}]
    result = check(tmp_path, data)
    assert [d.code for d in result.diagnostics] == ["BG532"]
    assert [w.code for w in result.waived] == ["BG531"]


def test_bottom_line_sentence_is_tied_to_the_judgment_before_a_scenario(tmp_path: Path) -> None:
    """The tutorial's brief: the bottom line shares more words with SC1's description than with
    KJ1's statement, but it states the key judgments; KJ1 moved to unlikely is found."""
    data = brief()
    data["key_judgments"][0]["statement"] = "The Hesk ferry service will be running again by the end of June 2026."
    data["key_judgments"][0]["likelihood"] = "unlikely"
    data["scenarios"][0]["description"] = "The propulsion unit arrives in the spring and both ferries sail by June."
    data["bottom_line"] = (
        "The ferry link to Hesk is likely to reopen by the end of June 2026, once the new propulsion unit "
        "arrives [@S1; @S2]."
    )
    assert [(code, message.split(" (sharing")[0]) for code, _, message in found(tmp_path, data)] == [
        ("BG531", "the bottom line says \"likely\" ('likely' (55–80%)) restating KJ1")
    ]
