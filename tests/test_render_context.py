"""The template data made from a brief: numbering, links, highlights, text fragments, labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefgen.brief.models import PartialDate
from briefgen.check.context import BriefContext
from briefgen.check.pipeline import validate_brief
from briefgen.render import views
from briefgen.render.compose import build_view, date_label, partial_date_label, passage_names
from briefgen.render.sources import build_source_page, original_link, segments, shown
from briefgen.text.quotes import NormalisedText, Span
from briefgen.versions.stamp import Stamp
from support import FIXTURES

STAMP = Stamp("2.1", in_repo=True, commit="abc1234", commit_date="2026-03-21", dirty=False)


def context_of(name: str) -> BriefContext:
    validated = validate_brief(FIXTURES / name / "brief.yaml")
    assert validated.context is not None and not validated.errors
    return validated.context


@pytest.fixture(scope="module")
def rich() -> tuple[BriefContext, views.BriefView]:
    ctx = context_of("rich")
    return ctx, build_view(ctx, STAMP)


def test_dates_read_the_same_in_every_locale() -> None:
    assert date_label(dt.date(2026, 2, 1)) == "1 February 2026"
    assert partial_date_label(PartialDate(date="2025")) == "2025"
    assert partial_date_label(PartialDate(date="2025-08")) == "August 2025"
    assert partial_date_label(PartialDate(date="2025-08-03")) == "3 August 2025"
    assert partial_date_label(PartialDate(date="2025-08", estimated=True, basis="from the text")) == (
        "August 2025 (estimated: from the text)"
    )


def test_a_short_passage_is_its_own_text_fragment() -> None:
    text = NormalisedText("Intro. The ship docked at Port Arlen, officials said.")
    assert original_link("https://example.org/a", text, "The ship docked at Port Arlen") == (
        "https://example.org/a#:~:text=The%20ship%20docked%20at%20Port%20Arlen"
    )


def test_a_long_passage_is_named_by_its_first_and_last_words_and_each_elided_part_apart() -> None:
    text = NormalisedText("One two three four five six seven eight nine ten eleven twelve.")
    assert original_link("https://x.org/p", text, "two three four five six seven eight nine ten") == (
        "https://x.org/p#:~:text=two%20three%20four%20five,seven%20eight%20nine%20ten"
    )
    assert original_link("https://x.org/p", text, "one two ... eleven twelve") == (
        "https://x.org/p#:~:text=One%20two&text=eleven%20twelve"
    )


def test_text_fragment_delimiters_are_escaped_and_an_existing_fragment_is_kept() -> None:
    text = NormalisedText("A well-known fact, & more")
    assert original_link("https://x.org/p#sec", text, "well-known fact, & more") == (
        "https://x.org/p#sec:~:text=well%2Dknown%20fact%2C%20%26%20more"
    )


def test_text_fragment_uses_the_archived_words_not_markdown_residue() -> None:
    text = NormalisedText("Supplies of [fuel](#) reached Tartus.")
    assert original_link("https://x.org", text, "supplies of fuel reached Tartus") == (
        "https://x.org#:~:text=Supplies%20of%20fuel%20reached%20Tartus"
    )


def test_no_url_no_link_and_a_passage_not_found_links_to_the_page() -> None:
    text = NormalisedText("Some text.")
    assert original_link(None, text, "Some text") is None
    assert original_link("https://x.org", text, "absent words") == "https://x.org"


def citation(number: int, owner: str = "KJ1") -> views.Citation:
    link = views.Link(id=owner, href=f"#item-{owner}", label=owner, title=owner)
    return views.Citation(
        number=number,
        ref=1,
        source_id="S1",
        source_title="T",
        language=None,
        quote="q",
        locator=None,
        credibility=None,
        credibility_label=None,
        note=None,
        owner=link,
        anchor=f"cite-{number}",
        annex_href=f"#cite-{number}",
        source_href="#item-S1",
        archive_href=f"sources/S1.html#passage-{number}",
        original_href=None,
    )


def test_overlapping_and_repeated_passages_cut_the_text_into_segments() -> None:
    # passages 2 and 3 are the same words, quoted by two items; 1 and 2 by the same judgment
    passages = [citation(1), citation(2), citation(3, "IND4")]
    spans = {1: [Span(2, 6)], 2: [Span(4, 8)], 3: [Span(4, 8)]}
    cut = segments("abcdefghij", passages, spans)
    assert [(s["text"], s["quoted_by"], s["starts"], [c["number"] for c in s["ends"]]) for s in cut] == [
        ("ab", [], [], []),
        ("cd", ["KJ1"], [1], []),
        ("ef", ["KJ1", "IND4"], [2, 3], [1]),
        ("gh", ["KJ1", "IND4"], [], [2, 3]),
        ("ij", [], [], []),
    ]


def test_an_elided_quote_is_highlighted_in_parts_anchored_at_the_first() -> None:
    cut = segments("a-b-c-d", [citation(4)], {4: [Span(0, 1), Span(4, 5)]})
    assert [(s["text"], s["quoted_by"], s["starts"], len(s["ends"])) for s in cut] == [
        ("a", ["KJ1"], [4], 0),
        ("-b-", [], [], 0),
        ("c", ["KJ1"], [], 1),
        ("-d", [], [], 0),
    ]


def test_every_citation_is_numbered_and_linked_three_ways(rich: tuple[BriefContext, views.BriefView]) -> None:
    _, view = rich
    cited = [c for s in view["sources"] for c in s["passages"]]
    assert sorted(c["number"] for c in cited) == list(range(1, len(cited) + 1))
    first = view["key_judgments"][0]["evidence"][0]
    assert (first["ref"], first["annex_href"], first["source_href"], first["archive_href"]) == (
        1,
        "#cite-1",
        "#item-S1",
        "sources/S1.html#passage-1",
    )
    assert first["original_href"] == (
        "https://news.example.org/2026/03/12/kostaran-survey-ship?ref=rss"
        "#:~:text=allow%20Kostaran%20technicians%20to,renewable%20by%20mutual%20consent%22"
    )
    assert first["owner"]["href"] == "#discussion-KJ1"  # a judgment's evidence is quoted in its discussion
    assert view["indicators"][2]["evidence"][0]["original_href"] is None  # S4 has no URL


def test_every_cited_passage_is_highlighted_in_its_source_page(rich: tuple[BriefContext, views.BriefView]) -> None:
    ctx, view = rich
    for source in view["sources"]:
        page = build_source_page(ctx, view, source)
        started = {n for seg in page["segments"] for n in seg["starts"]}
        ended = {c["number"] for seg in page["segments"] for c in seg["ends"]}
        numbers = {c["number"] for c in source["passages"]}
        assert started == numbers == ended
        assert "".join(seg["text"] for seg in page["segments"]) == "".join(shown(ctx.text(source["id"]).text))


def test_sources_know_who_cites_them(rich: tuple[BriefContext, views.BriefView]) -> None:
    _, view = rich
    by_id = {s["id"]: s for s in view["sources"]}
    assert [link["id"] for link in by_id["S1"]["cited_by"]] == ["KJ1", "IND2", "A2"]
    assert [link["id"] for link in by_id["S3"]["cited_by"]] == ["KJ2", "IND1"]
    assert by_id["S4"]["title_supplied"] is True
    assert [(f["label"], f["value"]) for f in by_id["S3"]["facts"]][:3] == [
        ("Author", "not named"),
        ("Publisher", "Ministry of Defence of the Republic of Veland"),
        ("Published", "March 2026 (estimated: undated; posted between 10 and 14 March)"),
    ]


def test_likelihood_and_confidence_are_separate(rich: tuple[BriefContext, views.BriefView]) -> None:
    _, view = rich
    kj1 = view["key_judgments"][0]
    assert kj1["likelihood"] == {"term": "likely", "low": 55, "high": 80, "range_label": "55–80%", "probability": 70}
    assert (kj1["confidence"]["level"], kj1["confidence"]["rank"]) == ("moderate", 2)


def test_matrix_implications_and_scale(rich: tuple[BriefContext, views.BriefView]) -> None:
    _, view = rich
    assert [s["id"] for s in view["matrix"]["scenarios"]] == ["SC1", "SC2", "SC3"]
    assert [(r["indicator"]["id"], r["cells"]) for r in view["matrix"]["rows"]] == [
        ("IND1", ["raises", None, "raises"]),
        ("IND2", ["raises", "raises", None]),
        ("IND3", ["lowers", "raises", None]),
        ("IND4", [None, "raises", "lowers"]),
    ]
    # Each scenario lists the indicators whose signals name it (the one place that says so).
    assert [[link["id"] for link in s["indicators"]] for s in view["scenarios"]] == [
        ["IND1", "IND2", "IND3"],
        ["IND2", "IND3", "IND4"],
        ["IND1", "IND4"],
    ]
    assert [(g["party"], [i["id"] for i in g["entries"]]) for g in view["implications"]] == [
        ("Veland’s Western partners", ["IM1", "IM2"]),
        ("Shipping companies", ["IM3"]),
    ]
    used = [t["term"] for row in view["scale"]["rows"] for t in row["terms"] if t["used"]]
    assert used == ["very unlikely", "unlikely", "roughly even chance", "likely", "very likely"]


def test_metadata_comes_from_the_brief_and_the_stamp(rich: tuple[BriefContext, views.BriefView]) -> None:
    _, view = rich
    assert view["description"] == "What the radar deal means for access to the Northern Sea"
    assert view["keywords"] == ["TLP:AMBER", "veland-kostara-radar", STAMP.label]
    assert view["stamp"] is STAMP
    assert view["changes"] is None and view["tradecraft"] is None


def test_sections_absent_from_a_brief_are_left_out_of_the_contents() -> None:
    view = build_view(context_of("minimal"), STAMP)
    ids = [s["id"] for s in view["sections"]]
    assert "assumptions" not in ids and "gaps" not in ids and "changes" not in ids
    assert ids[:2] == ["summary", "scope"] and ids[-2:] == ["annex", "scale"]


def test_the_view_holds_nothing_from_the_clock(rich: tuple[BriefContext, views.BriefView]) -> None:
    ctx, view = rich
    assert build_view(ctx, STAMP) == view
    assert Path(ctx.file).name == "brief.yaml"


def test_an_archived_page_shows_link_residue_as_its_text_and_paragraphs_whole() -> None:
    text = "wheat and [fuel](#); a [delegation](https://x.example/a) came, and\n\nwas followed. It ended.\n\nThen"
    assert "".join(shown(text)) == "wheat and fuel; a delegation came, and was followed. It ended.\n\nThen"
    # Offsets are the archive's: a highlight of "fuel" covers the same characters.
    start = text.index("fuel")
    assert "".join(shown(text)[start : start + 4]) == "fuel"
    # A finished sentence before a blank line keeps its paragraph break, whatever follows it.
    assert "".join(shown("It ended.\n\nthen more")) == "It ended.\n\nthen more"


def test_a_passage_is_named_by_its_source_reference_and_quoting_item_never_by_its_number() -> None:
    def use(number: int, source: str, owner: str) -> SimpleNamespace:
        return SimpleNamespace(number=number, citation=SimpleNamespace(source=source), owner=SimpleNamespace(id=owner))

    uses = [use(1, "S2", "KJ1"), use(2, "S1", "IND4"), use(3, "S2", "IND4")]
    uses += [use(n, "S1", "IND4") for n in range(4, 25)]
    refs = {"S1": SimpleNamespace(number=1), "S2": SimpleNamespace(number=2)}
    names = passage_names(uses, refs)  # type: ignore[arg-type]
    assert names[1] == "the passage of [2] quoted by KJ1"
    assert names[3] == "the passage of [2] quoted by IND4"
    assert [names[n] for n in (2, 4, 11, 12, 13, 21, 22, 24)] == [
        f"the {which} passage of [1] quoted by IND4"
        for which in ("first", "second", "ninth", "10th", "11th", "19th", "20th", "22nd")
    ]
    assert len(set(names.values())) == len(names)
