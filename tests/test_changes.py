"""The semantic diff of two briefs, on models (no git): every kind of change record."""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.brief.models import Brief
from briefgen.versions import alignment as alignment_module
from briefgen.versions import changes as changes_module
from briefgen.versions.alignment import opcodes
from briefgen.versions.changes import _TOKEN, Change, Segment, WorkBudget, compare, diff_briefs, diffed, word_diff
from linear import assert_linear
from versions_support import BASE, brief_from, edit, extended

KJ1_LIKELIHOOD = ("    likelihood: likely\n    confidence: moderate", "    likelihood: {}\n    confidence: {}")


def changes(before: str, after: str) -> list[Change]:
    return compare(brief_from(before), brief_from(after))


def judgment(likelihood: str = "likely", confidence: str = "moderate") -> str:
    return edit(BASE, (KJ1_LIKELIHOOD[0], KJ1_LIKELIHOOD[1].format(likelihood, confidence)))


def test_identical_briefs_have_no_changes() -> None:
    assert changes(BASE, BASE) == []


def test_reflowing_text_and_raising_the_version_are_not_changes() -> None:
    after = edit(
        BASE,
        ('version: "1.0"', 'version: "1.1"'),
        ("statement: Russian patrols will continue.", "statement: >-\n      Russian patrols\n      will continue."),
    )
    assert changes(BASE, after) == []
    diff = diff_briefs(brief_from(BASE), brief_from(after))
    assert (diff.status, diff.before.version, diff.after.version) == ("unchanged", "1.0", "1.1")


def test_likelihood_moves_with_its_direction_on_the_scale() -> None:
    assert changes(BASE, judgment("very likely")) == [
        Change("likelihood", "key_judgments", "KJ1", "likelihood", "likely", "very likely", "up")
    ]
    assert changes(BASE, judgment("roughly even chance"))[0].direction == "down"
    # ICD 203's two rows name the same ranges: a move from one row to the other is no move.
    assert changes(BASE, judgment("probable"))[0].direction == "same"


def test_likelihood_across_scales_compares_the_ranges() -> None:
    phia = edit(judgment("highly likely"), ("marking: TLP:CLEAR\n", "marking: TLP:CLEAR\nlikelihood_scale: PHIA\n"))
    found = changes(BASE, phia)
    assert found[0] == Change("value", "brief", None, "likelihood_scale", "ICD-203", "PHIA")
    assert found[1] == Change("likelihood", "key_judgments", "KJ1", "likelihood", "likely", "highly likely", "up")


def test_confidence_and_probability_move_up_or_down() -> None:
    after = edit(judgment("likely", "low"), ("    confidence: low", "    probability: 70\n    confidence: low"))
    assert changes(BASE, after) == [
        Change("probability", "key_judgments", "KJ1", "probability", None, 70, None),
        Change("confidence", "key_judgments", "KJ1", "confidence", "moderate", "low", "down"),
    ]
    higher = edit(after, ("probability: 70", "probability: 75"))
    assert changes(after, higher) == [Change("probability", "key_judgments", "KJ1", "probability", 70, 75, "up")]


def test_indicator_status_change() -> None:
    after = edit(BASE, ("status: observed", "status: receding"))
    assert changes(BASE, after) == [Change("status", "indicators", "IND1", "status", "observed", "receding")]


def test_wording_change_is_a_word_level_diff() -> None:
    after = edit(BASE, ("Russian patrols will continue.", "Russian patrols will expand north."))
    assert changes(BASE, after) == [
        Change(
            "reworded",
            "key_judgments",
            "KJ1",
            "statement",
            words=(
                Segment("equal", "Russian patrols will "),
                Segment("delete", "continue"),
                Segment("insert", "expand north"),
                Segment("equal", "."),
            ),
        )
    ]


def test_word_diff_groups_a_rewritten_phrase_and_keeps_edge_spaces_out() -> None:
    assert word_diff("a b c d e", "x y z d e") == (
        Segment("delete", "a b c"),
        Segment("insert", "x y z"),
        Segment("equal", " d e"),
    )
    assert word_diff("patrol [@S1].", "patrol [@S1] and more [@S2].") == (
        Segment("equal", "patrol [@S1]"),
        Segment("insert", " and more [@S2]"),
        Segment("equal", "."),
    )
    assert word_diff("", "new") == (Segment("insert", "new"),)
    assert word_diff("same  text\n here", "same text here") == (Segment("equal", "same text here"),)


# Texts of few distinct words and marks, so that most tokens recur and runs compete, with any
# whitespace between them (tabs, line breaks, non-breaking spaces), and edits of one another.
_PIECES = st.sampled_from(["the", "a", "patrols", "S1", ",", ".", "[", "@", "]", "—", "’", "é"])
_SPACES = st.sampled_from(["", " ", "  ", "\n", "\t ", "\u00a0"])
_TEXTS = st.lists(st.tuples(_PIECES, _SPACES), max_size=60).map(lambda parts: "".join(p + s for p, s in parts))


@st.composite
def _text_pairs(draw: st.DrawFn) -> tuple[str, str]:
    before = draw(_TEXTS)
    if draw(st.booleans()):
        return before, draw(_TEXTS)
    after = before
    for _ in range(draw(st.integers(0, 4))):  # an edit: a piece of text put in at a place, or a span taken out
        start = draw(st.integers(0, len(after)))
        end = draw(st.integers(start, min(len(after), start + 12)))
        after = after[:start] + draw(_TEXTS.map(lambda text: text[:15])) + after[end:]
    return before, after


@settings(max_examples=300, deadline=None)
@given(_text_pairs())
def test_word_diff_reconstructs_both_texts(pair: tuple[str, str]) -> None:
    before, after = pair
    found = word_diff(before, after)
    assert "".join(s.text for s in found if s.op != "insert") == " ".join(before.split())
    assert "".join(s.text for s in found if s.op != "delete") == " ".join(after.split())
    assert all(s.text for s in found)
    assert all(x.op != y.op for x, y in zip(found[:-1], found[1:], strict=True))  # runs of one kind are one segment


@settings(max_examples=300, deadline=None)
@given(_text_pairs())
def test_word_alignment_is_difflibs(pair: tuple[str, str]) -> None:
    """The fast alignment is SequenceMatcher's, opcode for opcode, so no diff reads differently."""
    old, new = (_TOKEN.findall(" ".join(text.split())) for text in pair)
    assert opcodes(old, new) == SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


@settings(max_examples=300, deadline=None)
@given(_text_pairs(), st.integers(0, 3_000))
def test_a_diff_within_what_is_left_is_the_diff_on_its_own(pair: tuple[str, str], budget: int) -> None:
    """Whatever budget is left, a diff that fits in it is the field's own diff, at the same cost
    (what lets a remembered diff be charged its steps), and the quick test on space-separated
    pieces never calls a diff over budget that its tokens would fit."""
    before, after = (" ".join(text.split()) for text in pair)
    alone = diffed(before, after)
    within = diffed(before, after, budget)
    if alone.exact and alone.spent <= budget:
        assert (within.segments, within.spent) == (alone.segments, alone.spent)
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    if changes_module._surely_over(before, after, budget):
        assert alignment_module.first_pass(old, new) > budget


def _rebuilds(a: list[str], b: list[str], found: list[tuple[str, int, int, int, int]]) -> None:
    """The opcodes cover both lists in order, and what they call equal is."""
    i = j = 0
    for tag, i1, i2, j1, j2 in found:
        assert (i1, j1) == (i, j) and i1 <= i2 and j1 <= j2 and (i1 < i2 or j1 < j2)
        assert (a[i1:i2] == b[j1:j2]) == (tag == "equal")
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


@settings(max_examples=300, deadline=None)
@given(_text_pairs(), st.integers(0, 400))
def test_an_alignment_over_its_budget_still_rebuilds_both_texts(pair: tuple[str, str], budget: int) -> None:
    """Past its budget the alignment is coarser (difflib's as far as it went), never wrong."""
    old, new = (_TOKEN.findall(" ".join(text.split())) for text in pair)
    found = opcodes(old, new, budget=budget)
    _rebuilds(old, new, found)


@settings(max_examples=300, deadline=None)
@given(_text_pairs())
def test_a_word_diff_of_texts_too_long_to_align_rebuilds_both(pair: tuple[str, str]) -> None:
    before, after = pair
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(changes_module, "MAX_ALIGNED_CHARS", 0)
        found = changes_module.diffed(before, after).segments
    assert "".join(s.text for s in found if s.op != "insert") == " ".join(before.split())
    assert "".join(s.text for s in found if s.op != "delete") == " ".join(after.split())
    assert all(s.text for s in found)
    assert all(x.op != y.op for x, y in zip(found[:-1], found[1:], strict=True))


def test_a_long_field_of_one_word_is_diffed_coarsely_and_at_once() -> None:
    """One word repeated has (n/2)² pairs to align: past the budget, the common start and end
    are kept and the middle replaced."""
    before = " ".join(["spam"] * 4_000)
    after = " ".join(["spam"] * 2_000 + ["eggs"] + ["spam"] * 2_000)
    found = diffed(before, after).segments
    assert "".join(s.text for s in found if s.op != "insert") == before
    assert "".join(s.text for s in found if s.op != "delete") == after
    huge = " ".join(["spam"] * 500_000)
    assert diffed(huge, huge[:-4] + "eggs").segments == (
        Segment("equal", huge[:-4]),
        Segment("delete", "spam"),
        Segment("insert", "eggs"),
    )


@pytest.mark.parametrize("words", [("a",), ("a", "b"), ("the", "patrols", ",", ".")])
def test_word_diff_of_few_distinct_words_takes_linear_time(words: tuple[str, ...]) -> None:
    def texts(size: int) -> tuple[str, str]:
        rng = random.Random(size)
        return " ".join(rng.choice(words) for _ in range(size)), " ".join(rng.choice(words) for _ in range(size))

    assert_linear(texts, lambda pair: diffed(*pair).segments, 2_000, f"word_diff of {words} * n")


def test_items_added_and_removed() -> None:
    after = edit(
        extended(),
        ("  - id: SC2\n    title: Patrols stop", "  - id: SC9\n    title: Patrols end"),
        ("title: Patrols end\n    description: They stop.", "title: Patrols end\n    description: Halt."),
    )
    found = changes(BASE, after)
    assert [(c.kind, c.section, c.item) for c in found] == [
        ("added", "key_judgments", "KJ2"),
        ("added", "key_judgments", "KJ3"),
        ("added", "scenarios", "SC9"),
        ("removed", "scenarios", "SC2"),
    ]
    assert found[0].after["statement"] == "Turkey will not contest the patrols."
    assert found[3].before["likelihood"] == "unlikely"


def test_a_renamed_item_is_one_rename_and_references_follow_it() -> None:
    after = edit(
        BASE,
        ("  - id: SC2\n", "  - id: SC3\n"),
        ("{scenario: SC2, direction: lowers}", "{scenario: SC3, direction: lowers}"),
    )
    assert changes(BASE, after) == [Change("renamed", "scenarios", "SC3", before="SC2", after="SC3")]


def test_a_renamed_source_updates_citations_and_inline_citations() -> None:
    after = BASE.replace("S1", "S7")
    assert after.count("S7") == 4
    assert changes(BASE, after) == [Change("renamed", "sources", "S7", before="S1", after="S7")]


def test_renumbering_after_a_removal_is_seen_as_renames() -> None:
    before = edit(extended(), ("follows_from: [KJ1]", "follows_from: [KJ1, KJ2]"))
    # KJ2 goes; KJ3 becomes KJ2. IM1 followed the old KJ2, which is gone.
    after = edit(
        extended(),
        ("  - id: KJ2\n    statement: Turkey will not contest the patrols.\n", "  - id: KJX\n    statement: x\n"),
    )
    after = after[: after.index("  - id: KJX")] + after[after.index("  - id: KJ3") :]
    after = edit(after, ("  - id: KJ3\n", "  - id: KJ2\n"))
    found = changes(before, after)
    assert found == [
        Change("renamed", "key_judgments", "KJ2", before="KJ3", after="KJ2"),
        Change("removed", "key_judgments", "KJ2", before=found[1].before),
        Change("members", "implications", "IM1", "follows_from", removed=("old KJ2",)),
    ]
    assert found[1].before["statement"] == "Turkey will not contest the patrols."


def test_swapped_ids_are_two_renames() -> None:
    swapped = (
        extended().replace("id: KJ2\n", "id: KJ@\n").replace("id: KJ3\n", "id: KJ2\n").replace("id: KJ@\n", "id: KJ3\n")
    )
    assert changes(extended(), swapped) == [
        Change("renamed", "key_judgments", "KJ3", before="KJ2", after="KJ3"),
        Change("renamed", "key_judgments", "KJ2", before="KJ3", after="KJ2"),
    ]


def test_an_edited_item_keeps_its_id_even_when_a_copy_appears() -> None:
    after = edit(extended(), ("Turkey will not contest the patrols.", "Turkey will contest the patrols."))
    found = changes(extended(), after)
    assert [(c.kind, c.item, c.field) for c in found] == [("reworded", "KJ2", "statement")]


def test_evidence_added_removed_regraded_and_edited() -> None:
    before = edit(extended(), ('quote: "Tartus"', 'quote: "Tartus"\n        credibility: 3\n        locator: para 2'))
    after = edit(
        before,
        ("credibility: 3", "credibility: 2"),
        ("locator: para 2", "locator: para 3"),
        ('quote: "officials said"', 'quote: "on 3 August"'),
    )
    found = changes(before, after)
    tartus = {"source": "S1", "quote": "Tartus", "locator": "para 3", "credibility": 2, "note": None}
    assert found == [
        Change("evidence_regraded", "key_judgments", "KJ2", "credibility", 3, 2, citation=tartus),
        Change("evidence_edited", "key_judgments", "KJ2", "locator", "para 2", "para 3", citation=tartus),
        Change(
            "evidence_added",
            "key_judgments",
            "KJ3",
            "evidence",
            citation={"source": "S1", "quote": "on 3 August", "locator": None, "credibility": None, "note": None},
        ),
        Change(
            "evidence_removed",
            "key_judgments",
            "KJ3",
            "evidence",
            citation={"source": "S1", "quote": "officials said", "locator": None, "credibility": None, "note": None},
        ),
    ]


def test_sources_added_removed_and_regraded() -> None:
    second = (
        "  - id: S2\n    title: Another report\n    kind: analysis\n    archive: sources/s1.txt\n"
        "    reliability: A\n    reliability_note: Long record.\n"
    )
    before = BASE + second
    third = second.replace("S2", "S3").replace("Another", "A third").replace("analysis", "dataset")
    after = edit(BASE, ("reliability: C", "reliability: B")) + third.replace("reliability: A", "reliability: D")
    found = changes(before, after)
    assert found[0] == Change("regraded", "sources", "S1", "reliability", "C", "B")
    assert [(c.kind, c.item) for c in found[1:]] == [("added", "S3"), ("removed", "S2")]
    assert (found[1].after["title"], found[2].before["title"]) == ("A third report", "Another report")


def test_lists_gain_and_lose_members() -> None:
    after = edit(
        BASE,
        ("drivers: [Interest]", "drivers: [Interest, Oil revenue]"),
        ("{scenario: SC2, direction: lowers}", "{scenario: SC2, direction: raises}"),
        ("authors: [Test team]", "authors: [Other team]"),
    )
    assert changes(BASE, after) == [
        Change("members", "brief", None, "authors", added=("Other team",), removed=("Test team",)),
        Change("members", "scenarios", "SC1", "drivers", added=("Oil revenue",)),
        Change("members", "indicators", "IND1", "signals", added=("raises SC2",), removed=("lowers SC2",)),
    ]


def test_brief_level_fields() -> None:
    after = edit(
        BASE,
        ("date: 2026-02-01", "date: 2026-03-01"),
        ("marking: TLP:CLEAR", "marking: TLP:GREEN"),
        ("bottom_line: Russia is back on patrol [@S1].", "bottom_line: Russia is back [@S1]."),
        ("published: {date: 2025-08, estimated: true", "published: {date: 2025-08-04, estimated: false"),
    )
    found = changes(BASE, after)
    # The date, like the version, names the versions compared (the headings show it): no change.
    assert found[:2] == [
        Change("value", "brief", None, "marking", "TLP:CLEAR", "TLP:GREEN"),
        Change(
            "reworded",
            "brief",
            None,
            "bottom_line",
            words=(Segment("equal", "Russia is back "), Segment("delete", "on patrol "), Segment("equal", "[@S1].")),
        ),
    ]
    assert found[2] == Change("value", "sources", "S1", "published", "2025-08 (estimated)", "2025-08-04")
    assert changes(BASE, edit(BASE, ("date: 2026-02-01", "date: 2026-03-01"))) == []


def test_change_as_json_leaves_out_what_does_not_apply() -> None:
    assert Change("likelihood", "key_judgments", "KJ1", "likelihood", "likely", "very likely", "up").to_json() == {
        "kind": "likelihood",
        "section": "key_judgments",
        "item": "KJ1",
        "field": "likelihood",
        "before": "likely",
        "after": "very likely",
        "direction": "up",
    }
    assert Change("value", "indicators", "IND1", "threshold", None, "3").to_json() == {
        "kind": "value",
        "section": "indicators",
        "item": "IND1",
        "field": "threshold",
        "before": None,
        "after": "3",
    }
    assert Change("reworded", "brief", None, "scope_note", words=(Segment("insert", "x"),)).to_json() == {
        "kind": "reworded",
        "section": "brief",
        "item": None,
        "field": "scope_note",
        "words": [{"op": "insert", "text": "x"}],
    }


def test_a_scenario_list_of_indicators_is_no_change_the_signals_are() -> None:
    """A scenario's indicators are stated by the indicators' signals: dropping the old duplicated
    list changes nothing, and a signal that changes is reported on its indicator."""
    without = edit(BASE, ("    drivers: [Interest]\n    indicators: [IND1]\n", "    drivers: [Interest]\n"))
    assert changes(BASE, without) == []
    lowered = edit(without, ("{scenario: SC1, direction: raises}", "{scenario: SC1, direction: lowers}"))
    assert changes(without, lowered) == [
        Change("members", "indicators", "IND1", "signals", added=("lowers SC1",), removed=("raises SC1",))
    ]


def test_an_item_renamed_and_changed_a_little_is_still_the_same_item() -> None:
    """IND1 renamed IND9 while its review date moved: one rename and what changed, not an
    addition and a removal; an item changed much under a new id is a new item."""
    after = edit(BASE, ("  - id: IND1\n", "  - id: IND9\n"), ("last_reviewed: 2026-01-30", "last_reviewed: 2026-02-01"))
    after = after.replace("indicators: [IND1]", "indicators: [IND9]")
    assert changes(BASE, after) == [
        Change("renamed", "indicators", "IND9", before="IND1", after="IND9"),
        Change("value", "indicators", "IND9", "last_reviewed", "2026-01-30", "2026-02-01"),
    ]
    reworded = edit(after, ("Patrols seen near Qamishli.", "Patrols seen near Qamishli and Kobani."))
    assert [change.kind for change in changes(BASE, reworded)][:3] == ["renamed", "reworded", "value"]
    other = edit(
        reworded,
        ("status: observed", "status: emerging"),
        ("{scenario: SC1, direction: raises}", "{scenario: SC1, direction: lowers}"),
    )
    assert [change.kind for change in changes(BASE, other)] == ["added", "removed"]


def test_an_estimated_date_whose_basis_alone_changed_is_a_reworded_basis() -> None:
    (found,) = changes(BASE, edit(BASE, ("basis: written after the events", "basis: written after the July events")))
    assert (found.kind, found.item, found.field) == ("reworded", "S1", "published_basis")
    assert [s for s in found.words if s.op != "equal"] == [Segment("insert", "July ")]


def _many_rationales(count: int, text: Callable[[int, bool], str]) -> tuple[Brief, Brief]:
    """The base brief with `count` key judgments, judgment n's rationale `text(n, changed)`."""
    block = BASE[BASE.index("  - id: KJ1") : BASE.index("scenarios:")]

    def version(changed: bool) -> Brief:
        judgments = "".join(
            block.replace("id: KJ1", f"id: KJ{n + 1}").replace("One source says so.", text(n, changed))
            for n in range(count)
        )
        return brief_from(BASE.replace(block, judgments))

    return version(False), version(True)


def _spam(words: int, changed: bool, *at: int) -> str:
    found = ["spam"] * words
    for position in at if changed else ():
        found[position] = "eggs"
    return " ".join(found)


@pytest.fixture
def alignment_steps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The steps every search for a common run takes from here on (see alignment), as a list to sum."""
    spent: list[int] = []
    search = alignment_module._longest

    def counted(*args: Any) -> tuple[int, int, int, int] | None:
        found = search(*args)
        spent.append(args[-1] if found is None else found[3])  # over its budget: all of the budget
        return found

    monkeypatch.setattr(alignment_module, "_longest", counted)
    monkeypatch.setattr(changes_module, "_remembered", OrderedDict())
    return spent


def test_the_fields_of_one_comparison_share_one_budget_of_work(alignment_steps: list[int]) -> None:
    """400 rationales of 100 words of one word, two changed in each: each alone is within a
    field's budget (about 15,000 steps of its 50,000), so a budget per field let them take 6
    million steps together; the comparison's budget bounds them all, in proportion to the text."""
    before, after = _many_rationales(400, lambda n, changed: _spam(100, changed, 5 + n % 40, 90 - n % 7))
    budget = WorkBudget.of(before, after).left
    assert budget < 400 * 15_000 / 10
    found = compare(before, after)
    assert [change.kind for change in found] == ["reworded"] * 400
    assert 0 < sum(alignment_steps) <= budget
    pairs = [(old.rationale, new.rationale) for old, new in zip(before.key_judgments, after.key_judgments, strict=True)]
    # difflib's alignment while the budget lasts, then the common start and end of each field
    # kept and the rest replaced whole
    assert found[0].words == diffed(*pairs[0]).segments != diffed(*pairs[0], budget=0).segments
    assert found[-1].words == diffed(*pairs[-1], budget=0).segments != diffed(*pairs[-1]).segments
    assert [segment.op for segment in found[-1].words] == ["equal", "delete", "insert", "equal"]
    for change, (old, new) in zip(found, pairs, strict=True):  # every diff, exact or coarse, rebuilds both texts
        assert "".join(s.text for s in change.words if s.op != "insert") == old
        assert "".join(s.text for s in change.words if s.op != "delete") == new


def test_a_comparison_says_the_same_whether_its_diffs_were_remembered(alignment_steps: list[int]) -> None:
    """A remembered diff is charged the steps it took: diffs remembered from another comparison
    (those past the budget here, computed exactly on their own) change nothing in this one."""
    before, after = _many_rationales(400, lambda n, changed: _spam(100, changed, 5 + n % 40, 90 - n % 7))
    cold = compare(before, after)
    assert cold[0].words != cold[-1].words
    for old, new in zip(before.key_judgments, after.key_judgments, strict=True):
        word_diff(old.rationale, new.rationale)  # each alone: within its field's budget, exact
    assert compare(before, after) == cold
    assert compare(before, after) == cold


def test_the_changes_annex_diffs_plain_prose_once_and_the_rest_within_one_budget(
    alignment_steps: list[int],
) -> None:
    """The annex diffs the texts a reader sees: plain prose reads as it is written, so its diff is
    the comparison's; text with citations or Markdown is diffed again, within one budget."""
    from briefgen.render.changelog import log, prose_for

    plain = diff_briefs(*_many_rationales(300, lambda n, changed: _spam(100, changed, 5 + n % 40, 90 - n % 7)))
    spent = sum(alignment_steps)
    log(plain, prose_for(plain.brief))
    assert sum(alignment_steps) == spent
    cited = diff_briefs(
        *_many_rationales(300, lambda n, changed: _spam(100, changed, 5 + n % 40, 90 - n % 7) + " [@S1].")
    )
    alignment_steps.clear()
    log(cited, prose_for(cited.brief))
    assert 0 < sum(alignment_steps) <= cited.budget().left


def test_a_brief_read_again_shares_the_plain_items_it_did_not_change() -> None:
    """`plain` is the whole dump, normalised, in its fields' order; read again after an edit of one
    judgment, every other item is the very object it was (its content is not worked out again)."""
    from briefgen.versions.matching import _normal, plain

    before = brief_from(BASE)
    after = brief_from(edit(BASE, ("statement: Russian patrols will continue.", "statement: Patrols will go on.")))
    whole = before.model_dump(mode="json")
    for scenario in whole["scenarios"]:
        del scenario["indicators"]
    assert plain(before) == _normal(whole) and list(plain(before)) == list(whole)
    old, new = plain(before), plain(after)
    kept = [
        (section, item["id"])
        for section in ("key_judgments", "scenarios", "indicators", "sources")
        for item, again in zip(old[section], new[section], strict=True)
        if item is again
    ]
    changed = [item["id"] for item in new["key_judgments"] if item["statement"] == "Patrols will go on."]
    assert len(changed) == 1
    every = [
        (section, item["id"])
        for section in ("key_judgments", "scenarios", "indicators", "sources")
        for item in old[section]
    ]
    assert kept == [found for found in every if found != ("key_judgments", changed[0])]
