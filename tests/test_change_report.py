"""Change records in plain words: the wording of each kind, and what Markdown and text escape."""

from __future__ import annotations

from briefgen.versions.change_report import as_markdown, as_text, describe, trimmed
from briefgen.versions.changes import Change, Segment, compare, word_diff
from versions_support import BASE, brief_from, edit


def text(change: Change) -> str:
    return as_text(describe(change))


def markdown(change: Change) -> str:
    return as_markdown(describe(change))


def test_each_kind_in_plain_words() -> None:
    cited = {"source": "S1", "quote": "on 3 August", "locator": "para 2", "credibility": 2, "note": None}
    assert [
        text(change)
        for change in (
            Change("likelihood", "scenarios", "SC1", "likelihood", "likely", "probable", "same"),
            Change("likelihood", "key_judgments", "KJ2", "likelihood", "likely", "unlikely", "down"),
            Change("probability", "key_judgments", "KJ2", "probability", None, 60),
            Change("status", "indicators", "IND4", "status", "not_observed", "observed"),
            Change("regraded", "sources", "S1", "reliability", "C", "F"),
            Change("evidence_regraded", "key_judgments", "KJ1", "credibility", None, 2, citation=cited),
            Change("evidence_edited", "key_judgments", "KJ1", "locator", "para 1", "para 2", citation=cited),
            Change("evidence_removed", "indicators", "IND1", "evidence", citation=cited),
            Change("members", "implications", "IM1", "follows_from", added=("KJ2", "SC1"), removed=("old KJ2",)),
            Change("members", "brief", None, "authors", added=("Ann Analyst",)),
            Change("value", "indicators", "IND1", "threshold", None, "three patrols a week"),
            Change("value", "sources", "S1", "title_supplied", False, True),
        )
    ] == [
        "SC1: likely → probable (same range)",
        "KJ2: likely → unlikely ↓",
        "KJ2 probability: (none) → 60%",
        "IND4: not_observed → observed",
        "S1 reliability: C — fairly reliable → F — reliability cannot be judged",
        "KJ1 evidence S1 “on 3 August”: credibility ungraded → 2 — probably true",
        "KJ1 evidence S1 “on 3 August”: locator para 1 → para 2",
        "IND1 evidence removed: S1 “on 3 August”",
        "IM1 follows from: added KJ2, SC1; removed old KJ2",
        'authors: added "Ann Analyst"',
        "IND1 threshold: (none) → three patrols a week",
        "S1 title supplied: no → yes",
    ]


def test_added_and_removed_items_say_what_they_are() -> None:
    after = edit(BASE, ("  - id: IM1\n    party: United States", "  - id: IM2\n    party: Turkey"))
    found = compare(brief_from(BASE), brief_from(after))
    assert [text(change) for change in found] == [
        "added IM2 (Turkey): Watch.",
        "removed IM1 (United States): Watch.",
    ]


def test_long_passages_keep_a_few_words_around_each_change() -> None:
    words = [f"w{n}" for n in range(40)]
    before = " ".join(words)
    after = " ".join(words[:20] + ["NEW"] + words[21:])
    assert as_text(describe(Change("reworded", "brief", None, "scope_note", words=word_diff(before, after)))) == (
        "scope note: … w12 w13 w14 w15 w16 w17 w18 w19 [-w20-]{+NEW+} w21 w22 w23 w24 w25 w26 w27 w28 …"
    )
    short = word_diff("a b c", "a x c")
    assert trimmed(short) == list(short)


def test_markdown_escapes_the_brief_text() -> None:
    change = Change(
        "reworded",
        "key_judgments",
        "KJ1",
        "statement",
        words=word_diff("Patrols [@S1] <b>x</b>.", "Patrols [@S2] <b>x</b> resumed."),
    )
    assert markdown(change) == (
        "**KJ1** statement: Patrols \\[@&#8203;~~S1~~ **S2**\\] &lt;b\\>x&lt;/b\\> **resumed**."
    )


def test_control_and_bidirectional_characters_are_shown_escaped() -> None:
    change = Change("value", "scenarios", "SC1", "timeframe", "2026", "2026\u202e7202")
    assert text(change) == "SC1 timeframe: 2026 → 2026\\u202e7202"
    # (The escape's backslash is itself escaped: the comment shows `\u202e`.)
    assert markdown(change) == "**SC1** timeframe: 2026 → 2026\\\\u202e7202"


def test_word_diff_segments_render_in_both_styles() -> None:
    change = Change(
        "reworded",
        "key_judgments",
        "KJ1",
        "statement",
        words=(
            Segment("equal", "will "),
            Segment("delete", "continue"),
            Segment("insert", " expand "),
            Segment("equal", "."),
        ),
    )
    assert text(change) == "KJ1 statement: will [-continue-]{+ expand +}."
    assert markdown(change) == "**KJ1** statement: will ~~continue~~ **expand** ."


def test_a_change_repeated_across_items_is_one_line() -> None:
    from briefgen.versions.change_report import grouped
    from briefgen.versions.changes import BriefDiff

    brief = brief_from(BASE)
    reviewed = [
        Change("value", "indicators", f"IND{n}", "last_reviewed", "2026-09-01", "2026-12-15") for n in range(1, 9)
    ]
    moved = Change("status", "indicators", "IND4", "status", "emerging", "observed")
    diff = BriefDiff(brief, brief, None, None, (reviewed[0], moved, *reviewed[1:]))
    [group] = grouped(diff)
    assert [as_text(line) for line in group.lines] == [
        "last reviewed: 2026-09-01 → 2026-12-15 on 8 indicators: IND1, IND2, IND3, IND4, IND5, IND6, IND7, IND8",
        "IND4: emerging → observed",
    ]
