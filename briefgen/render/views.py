"""The typed data the templates receive: everything already numbered, linked and rendered.

Markdown fields arrive as `Markup` (safe HTML made by `briefgen.render.markdown`); every
other string is plain text that Jinja escapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from markupsafe import Markup

from briefgen.versions.stamp import Stamp

if TYPE_CHECKING:  # built from these types by modules that import this one
    from briefgen.render.timeline import ChangesView
    from briefgen.render.tradecraft import Panel


class Link(TypedDict):
    """A link to an item of the brief: `href` is `#item-<id>` (or a page for source pages)."""

    id: str
    href: str
    label: str
    title: str


class Waived(TypedDict):
    check: str
    reason: str


class Citation(TypedDict):
    """One piece of quoted evidence and every place it can be followed to."""

    number: int
    ref: int
    source_id: str
    source_title: str
    language: str | None  # the source's, when it is not the brief's: the quote's `lang`
    quote: str  # typographic, set inside the page's own quotation marks
    verbatim: str  # as the brief quotes it, to find in the archived text
    excerpt: str  # its opening words
    name: str  # what a reader calls it: "the passage of [1] quoted by KJ3" (see compose.passage_names)
    quoted_in_body: bool  # printed in full in the body (a key judgment's evidence), so not again in the annex
    locator: str | None
    credibility: int | None
    credibility_label: str | None
    grade: str  # the Admiralty grade written out: "B2 — usually reliable; probably true"
    note: str | None
    owner: Link
    anchor: str
    annex_href: str
    source_href: str
    archive_href: str
    original_href: str | None


class Likelihood(TypedDict):
    term: str
    low: int
    high: int
    range_label: str
    probability: int | None


class Confidence(TypedDict):
    level: str
    rank: int
    meaning: str


class Judgment(TypedDict):
    id: str
    anchor: str  # its entry on the key-judgments page
    discussion_anchor: str  # its discussion in the body
    statement: Markup
    likelihood: Likelihood
    confidence: Confidence
    rationale: Markup
    evidence: list[Citation]
    waivers: list[Waived]


class Scenario(TypedDict):
    id: str
    anchor: str
    title: str
    description: Markup
    likelihood: Likelihood
    timeframe: str
    drivers: list[str]
    indicators: list[Link]
    waivers: list[Waived]


class Signal(TypedDict):
    scenario: Link
    direction: str


class Indicator(TypedDict):
    id: str
    anchor: str
    title: str | None
    description: Markup
    threshold: str | None
    status: str
    status_label: str
    signals: list[Signal]
    last_reviewed: str
    evidence: list[Citation]
    waivers: list[Waived]


class Implication(TypedDict):
    id: str
    anchor: str
    statement: Markup
    follows_from: list[Link]
    waivers: list[Waived]


class PartyImplications(TypedDict):
    party: str
    entries: list[Implication]


class Assumption(TypedDict):
    id: str
    anchor: str
    statement: Markup
    rating: str
    rationale: Markup | None
    indicators: list[Link]
    waivers: list[Waived]


class Gap(TypedDict):
    id: str
    anchor: str
    statement: Markup
    affects: list[Link]
    collection: Markup | None
    waivers: list[Waived]


class Fact(TypedDict):
    """One line of a source's metadata: a label and its value, or what is not known of it."""

    label: str
    value: str
    unknown: bool  # the value says what is not known ("not named in the text"), not a fact


class Source(TypedDict):
    id: str
    anchor: str
    ref: int
    title: str
    title_supplied: bool
    language: str | None
    facts: list[Fact]
    url: str | None
    page: str
    reliability: str
    reliability_label: str
    grade: str  # the reliability written out: "B — usually reliable"
    reliability_note: str
    summary: Markup | None
    passages: list[Citation]
    cited_by: list[Link]
    waivers: list[Waived]


class MatrixRow(TypedDict):
    indicator: Link
    title: str
    status: str
    status_label: str
    cells: list[str | None]


class Matrix(TypedDict):
    scenarios: list[Link]
    rows: list[MatrixRow]


class ScaleTerm(TypedDict):
    term: str
    used: bool


class ScaleRow(TypedDict):
    low: int
    high: int
    range_label: str
    terms: list[ScaleTerm]


class ScaleView(TypedDict):
    name: str
    title: str
    note: str
    rows: list[ScaleRow]


class Grade(TypedDict):
    code: str
    meaning: str


class Marking(TypedDict):
    tlp: str
    colour: str
    sharing: str
    classification: str | None


class Section(TypedDict):
    """An entry of the contents: 1 for a section, 2 for a part of one (the tradecraft panel)."""

    id: str
    title: str
    level: int


class BriefView(TypedDict):
    """The context of the brief's page (and so of its PDF)."""

    id: str
    title: str
    running_title: str  # the title cut to fit the running head on one line
    subtitle: str | None
    version: str
    date: str
    date_label: str
    cutoff_label: str
    authors: list[str]
    marking: Marking
    stamp: Stamp
    description: str
    keywords: list[str]
    generator: str
    bottom_line: Markup
    scope_note: Markup
    key_judgments: list[Judgment]
    scenarios: list[Scenario]
    indicators: list[Indicator]
    matrix: Matrix
    implications: list[PartyImplications]
    assumptions: list[Assumption]
    gaps: list[Gap]
    source_summary: Markup | None
    sources: list[Source]
    scale: ScaleView
    confidence_levels: list[Confidence]
    reliability_grades: list[Grade]
    credibility_grades: list[Grade]
    sections: list[Section]
    titles: dict[str, str]
    waivers: list[Waived]
    changes: ChangesView | None
    tradecraft: Panel | None
    review: bool  # a review build: the tradecraft panel, and every page marked as a draft


class Segment(TypedDict):
    """A run of an archived text: plain, or highlighted for the citations covering it."""

    text: str
    quoted_by: list[str]  # the items quoting the passages it is part of, in the brief's order
    starts: list[int]
    ends: list[Citation]


class SourcePage(TypedDict):
    """The context of one archived source's page."""

    brief: BriefView
    source: Source
    segments: list[Segment]


class Listed(TypedDict):
    """One brief in the listing page of an output folder."""

    id: str
    title: str
    subtitle: str | None
    date: str  # ISO, for <time datetime>
    date_label: str  # as the brief writes it: "9 February 2026"
    version: str
    marking: Marking
    href: str
    pdf_href: str | None
