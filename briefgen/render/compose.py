"""Turn a validated brief into the data its templates render (pure: no I/O, no clock)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from briefgen import __version__
from briefgen.brief.index import CitationUse
from briefgen.brief.models import PartialDate, Waiver
from briefgen.brief.models import Source as SourceModel
from briefgen.brief.scales import (
    CONFIDENCE_LEVELS,
    CONFIDENCE_MEANING,
    CREDIBILITY,
    RELIABILITY,
    SCALES,
    TLP_LABELS,
    Scale,
    grade_label,
)
from briefgen.brief.sections import PROSE_FIELDS, SECTIONS
from briefgen.check.context import BriefContext
from briefgen.codes import CODES, resolve_code
from briefgen.render import views
from briefgen.render.kept import kept
from briefgen.render.markdown import Prose, SourceRef
from briefgen.render.sources import original_link, source_page_name
from briefgen.render.typography import quotation, typographic
from briefgen.versions.stamp import Stamp

if TYPE_CHECKING:  # the changes and the panel are built by modules that import this one
    from briefgen.render.timeline import ChangesView
    from briefgen.render.tradecraft import Panel

_ID_PARTS = re.compile(r"^(\D*)(\d+)")
T = TypeVar("T")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Section anchors of the brief's page, in reading order, with their headings.
SECTION_TITLES: dict[str, str] = {
    "summary": "Key judgments",
    "changes": "What changed since the previous version",
    "scope": "Scope note",
    "discussion": "Discussion of the key judgments",
    "scenarios": "Scenarios",
    "indicators": "Indicators",
    "matrix": "Indicators and scenarios",
    "implications": "Implications",
    "assumptions": "Key assumptions",
    "gaps": "Intelligence gaps",
    "annex": "Annex A: Sourcing",
    "changelog": "Annex B: Changes in full",
    "scale": "Appendix: estimative language and analytic standards",
    "tradecraft": "Tradecraft review",
}

# The running head holds this many characters on one line of its margin box.
RUNNING_TITLE_CHARS = 52

# Parts of a section that the contents list under it.
SUBSECTIONS: frozenset[str] = frozenset()

STATUS_LABELS = {
    "not_observed": "Not observed",
    "emerging": "Emerging",
    "observed": "Observed",
    "receding": "Receding",
}

KIND_LABELS = {
    "news_report": "News report",
    "analysis": "Analysis",
    "official_statement": "Official statement",
    "academic_paper": "Academic paper",
    "historical_analysis": "Historical analysis",
    "dataset": "Dataset",
    "social_media": "Social media",
    "interview": "Interview",
    "other": "Other",
}


def date_label(day: dt.date) -> str:
    """`1 February 2026`, the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def partial_date_label(date: PartialDate) -> str:
    """`2026`, `March 2026` or `3 March 2026`, marked when estimated."""
    parts = [int(part) for part in date.date.split("-")]
    text = str(parts[0])
    if len(parts) >= 2:
        text = f"{MONTHS[parts[1] - 1]} {text}"
    if len(parts) == 3:
        text = f"{parts[2]} {text}"
    if date.estimated:
        basis = f": {typographic(date.basis)}" if date.basis else ""
        text += f" (estimated{basis})"
    return text


def build_view(
    ctx: BriefContext,
    stamp: Stamp,
    changes: ChangesView | None = None,
    tradecraft: Panel | None = None,
    review: bool = False,
) -> views.BriefView:
    """Everything the brief's templates need, numbered and linked; `changes` and `tradecraft`
    fill optional sections (their partial templates render nothing when they are None). A
    `review` build adds the full tradecraft panel and marks every page as a draft.

    The sections of items and the citations are kept from one render to the next (`kept`), by
    the frame they are all made of (`_frame`) and the prose of their own items: after an edit of
    a judgment's statement only the judgments are built again."""
    brief = ctx.brief
    scale = SCALES[brief.likelihood_scale]
    # The changes name what they compare with ("since version 1.0"): the contents say the same.
    titles = dict(SECTION_TITLES)
    if changes is not None:
        titles.update(changes=changes["title"], changelog=f"Annex B: {changes['log_title']}")
    present = _present_sections(ctx, titles, changes, tradecraft if review else None)
    anchors = {item_id: anchor_for(item_id) for item_id in ctx.index.items}
    anchors.update({section["id"]: section["id"] for section in present})
    refs = {source.id: source_ref(number, source) for number, source in enumerate(brief.sources, 1)}
    prose = Prose(anchors, refs)
    originals = _originals(ctx, refs)
    # The frame as kept first: the keys of the sections built from it share that copy.
    frame = _frame(ctx, present, originals)
    frame = kept(("frame", frame), lambda: frame)

    def section(name: str, build: Callable[[], T], *made_of: str) -> T:
        """A section of the view, kept while the frame and the prose of its items are the same."""
        return kept((name, frame, *(_prose_of(ctx, of) for of in (name, *made_of))), build)

    citations, by_owner = kept(("citations", frame), lambda: _citations(ctx, refs, prose, originals))
    tlp = TLP_LABELS[brief.marking.tlp]
    description = brief.subtitle or prose.plain(brief.bottom_line)
    return views.BriefView(
        id=brief.id,
        title=typographic(brief.title),
        running_title=_running_title(typographic(brief.title)),
        subtitle=typographic(brief.subtitle) if brief.subtitle else None,
        version=brief.version,
        date=brief.date.isoformat(),
        date_label=date_label(brief.date),
        cutoff_label=date_label(brief.information_cutoff),
        authors=[typographic(author) for author in brief.authors],
        marking=views.Marking(
            tlp=tlp.label,
            colour=tlp.colour,
            sharing=typographic(tlp.sharing),
            classification=brief.marking.classification,
        ),
        stamp=stamp,
        description=description,
        keywords=[tlp.label, brief.id, stamp.label],
        generator=f"briefgen {__version__}",
        bottom_line=prose.html(brief.bottom_line),
        scope_note=prose.html(brief.scope_note),
        key_judgments=section("key_judgments", lambda: _judgments(ctx, prose, scale, by_owner)),
        scenarios=section("scenarios", lambda: _scenarios(ctx, prose, scale)),
        indicators=section("indicators", lambda: _indicators(ctx, prose, by_owner)),
        matrix=section("matrix", lambda: _matrix(ctx, prose), "indicators", "scenarios"),
        implications=section("implications", lambda: _implications(ctx, prose)),
        assumptions=section("assumptions", lambda: _assumptions(ctx, prose)),
        gaps=section("gaps", lambda: _gaps(ctx, prose)),
        source_summary=prose.html(brief.source_summary),
        sources=section("sources", lambda: [_source(ctx, refs[s.id], s, citations, prose) for s in brief.sources]),
        scale=_scale(scale, {kj.likelihood for kj in brief.key_judgments} | {s.likelihood for s in brief.scenarios}),
        confidence_levels=[_confidence(level) for level in CONFIDENCE_LEVELS],
        reliability_grades=[views.Grade(code=code, meaning=text) for code, text in RELIABILITY.items()],
        credibility_grades=[views.Grade(code=str(code), meaning=text) for code, text in CREDIBILITY.items()],
        sections=present,
        titles=titles,
        waivers=_waivers(brief.waivers),
        changes=changes,
        tradecraft=tradecraft,
        review=review,
    )


# The brief without its prose (`PROSE_FIELDS`): what every section of its view may read of it.
_WITHOUT_PROSE: dict[str, Any] = {name: True for name in PROSE_FIELDS[""]} | {
    section: {"__all__": set(PROSE_FIELDS[section])} for section in SECTIONS
}


def _frame(ctx: BriefContext, present: list[views.Section], originals: tuple[str | None, ...]) -> tuple[Any, ...]:
    """What every section of a brief's view is made of but the prose of its items: the brief
    without its prose, the sources its prose cites (in `cited_by`), the sections on its page
    (in links), and each citation's link to its original (read from its archived text)."""
    return (
        ctx.brief.model_dump_json(exclude=_WITHOUT_PROSE),
        tuple((use.source, use.owner.id if use.owner else None) for use in ctx.index.inline),
        tuple(section["id"] for section in present),
        originals,
    )


def _prose_of(ctx: BriefContext, section: str) -> tuple[str | None, ...]:
    """The prose of a section's items, which a section of the view reads of them beside the frame."""
    if section not in PROSE_FIELDS:  # a section of the view made of others (the matrix)
        return ()
    names = PROSE_FIELDS[section]
    return tuple(item.__dict__[name] for item in getattr(ctx.brief, section) for name in names)


def _originals(ctx: BriefContext, refs: dict[str, SourceRef]) -> tuple[str | None, ...]:
    """Each citation's link to its original, with the text fragment of its passage."""
    return tuple(
        original_link(refs[use.citation.source].original_href, ctx.text(use.citation.source), use.citation.quote)
        for use in ctx.index.citations
    )


def _citations(
    ctx: BriefContext, refs: dict[str, SourceRef], prose: Prose, originals: tuple[str | None, ...]
) -> tuple[list[views.Citation], dict[str, list[views.Citation]]]:
    """Every citation of the brief, and each item's by its id."""
    names = passage_names(ctx.index.citations, refs)
    citations = [
        _citation(ctx, use, refs, prose, names[use.number], original)
        for use, original in zip(ctx.index.citations, originals, strict=True)
    ]
    by_owner: dict[str, list[views.Citation]] = {}
    for citation in citations:
        by_owner.setdefault(citation["owner"]["id"], []).append(citation)
    return citations, by_owner


def _judgments(
    ctx: BriefContext, prose: Prose, scale: Scale, by_owner: dict[str, list[views.Citation]]
) -> list[views.Judgment]:
    return [
        views.Judgment(
            id=kj.id,
            anchor=anchor_for(kj.id),
            discussion_anchor=f"discussion-{kj.id}",
            statement=prose.inline(kj.statement),
            likelihood=_likelihood(scale, kj.likelihood, kj.probability),
            confidence=_confidence(kj.confidence),
            rationale=prose.html(kj.rationale),
            evidence=by_owner.get(kj.id, []),
            waivers=_waivers(kj.waivers),
        )
        for kj in ctx.brief.key_judgments
    ]


def _scenarios(ctx: BriefContext, prose: Prose, scale: Scale) -> list[views.Scenario]:
    return [
        views.Scenario(
            id=sc.id,
            anchor=anchor_for(sc.id),
            title=typographic(sc.title),
            description=prose.html(sc.description),
            likelihood=_likelihood(scale, sc.likelihood, sc.probability),
            timeframe=typographic(sc.timeframe),
            drivers=[prose.cited(typographic(driver)) for driver in sc.drivers],
            indicators=_links(ctx, ctx.index.signalling(sc.id)),
            waivers=_waivers(sc.waivers),
        )
        for sc in ctx.brief.scenarios
    ]


def _indicators(ctx: BriefContext, prose: Prose, by_owner: dict[str, list[views.Citation]]) -> list[views.Indicator]:
    return [
        views.Indicator(
            id=ind.id,
            anchor=anchor_for(ind.id),
            title=typographic(ind.title) if ind.title else None,
            description=prose.html(ind.description),
            threshold=prose.cited(typographic(ind.threshold)) if ind.threshold else None,
            status=ind.status,
            status_label=STATUS_LABELS[ind.status],
            signals=[views.Signal(scenario=item_link(ctx, s.scenario), direction=s.direction) for s in ind.signals],
            last_reviewed=date_label(ind.last_reviewed),
            evidence=by_owner.get(ind.id, []),
            waivers=_waivers(ind.waivers),
        )
        for ind in ctx.brief.indicators
    ]


def _assumptions(ctx: BriefContext, prose: Prose) -> list[views.Assumption]:
    return [
        views.Assumption(
            id=a.id,
            anchor=anchor_for(a.id),
            statement=prose.inline(a.statement),
            rating=a.rating,
            rationale=prose.html(a.rationale),
            indicators=_links(ctx, a.indicators),
            waivers=_waivers(a.waivers),
        )
        for a in ctx.brief.assumptions
    ]


def _gaps(ctx: BriefContext, prose: Prose) -> list[views.Gap]:
    return [
        views.Gap(
            id=g.id,
            anchor=anchor_for(g.id),
            statement=prose.inline(g.statement),
            affects=_links(ctx, g.affects),
            collection=prose.html(g.collection),
            waivers=_waivers(g.waivers),
        )
        for g in ctx.brief.gaps
    ]


def _running_title(title: str, most: int = RUNNING_TITLE_CHARS) -> str:
    """The title for the running head, cut at a word to stay on one line."""
    if len(title) <= most:
        return title
    return title[: most - 1].rsplit(" ", 1)[0].rstrip(",;:–—") + "…"


def anchor_for(item_id: str) -> str:
    return f"item-{item_id}"


def _present_sections(
    ctx: BriefContext, titles: dict[str, str], changes: ChangesView | None, tradecraft: Panel | None
) -> list[views.Section]:
    brief = ctx.brief
    shown = {
        "changes": changes is not None,
        "changelog": bool(changes and changes["groups"]),
        "scenarios": bool(brief.scenarios),
        "indicators": bool(brief.indicators),
        "matrix": bool(brief.indicators and brief.scenarios),
        "implications": bool(brief.implications),
        "assumptions": bool(brief.assumptions),
        "gaps": bool(brief.gaps),
        "tradecraft": tradecraft is not None,
    }
    return [
        views.Section(id=key, title=title, level=2 if key in SUBSECTIONS else 1)
        for key, title in titles.items()
        if shown.get(key, True)
    ]


def item_link(ctx: BriefContext, item_id: str) -> views.Link:
    """A link to an item (a new one each time: the view holds no object twice)."""
    return _known(ctx, item_id)[0].copy()


def _links(ctx: BriefContext, item_ids: list[str]) -> list[views.Link]:
    """Links to items in the order a reader looks them up: by section, then by number."""
    return [item_link(ctx, item_id) for item_id in sorted(set(item_ids), key=lambda item_id: _known(ctx, item_id)[1])]


def _known(ctx: BriefContext, item_id: str) -> tuple[views.Link, tuple[int, str, int, str]]:
    """An item's link and its place in the order of `_links`, worked out once per brief: a
    brief's page links to its items some 270 times."""
    known = ctx.shared(_items_known)
    found = known.get(item_id)
    if found is None:
        found = known[item_id] = (_item_link(ctx, item_id), _id_order(ctx, item_id))
    return found


def _items_known(ctx: BriefContext) -> dict[str, tuple[views.Link, tuple[int, str, int, str]]]:
    return {}


def _item_link(ctx: BriefContext, item_id: str) -> views.Link:
    item = ctx.index.get(item_id)
    model = item.model if item else None
    title = getattr(model, "title", None) or (f"{item.kind} {item_id}" if item else item_id)
    return views.Link(id=item_id, href=f"#{anchor_for(item_id)}", label=item_id, title=typographic(title))


def _id_order(ctx: BriefContext, item_id: str) -> tuple[int, str, int, str]:
    item = ctx.index.get(item_id)
    section = list(SECTIONS).index(item.section) if item and item.section in SECTIONS else len(SECTIONS)
    match = _ID_PARTS.match(item_id)
    prefix, number = (match.group(1), int(match.group(2))) if match else (item_id, 0)
    return section, prefix, number, item_id


def _waivers(waivers: list[Waiver]) -> list[views.Waived]:
    """A waiver as a reader reads it: the check by its name in words, never its code."""
    return [
        views.Waived(check=check_label(resolve_code(w.check) or w.check), reason=typographic(w.reason)) for w in waivers
    ]


def check_label(code: str) -> str:
    """A tradecraft check by its name in words: `BG511` is “Single-source high confidence”."""
    if code not in CODES:
        return code
    text = " ".join(CODES[code].name.split("-"))
    for compound in ("single source", "off scale"):
        text = text.replace(compound, compound.replace(" ", "-", 1))
    return f"“{text[:1].upper()}{text[1:]}”"


def _likelihood(scale: Scale, term: str, probability: int | None) -> views.Likelihood:
    found = scale.find(term)
    low, high = (found.low, found.high) if found else (0, 100)
    label = found.range_label if found else "range not on the scale"
    return views.Likelihood(term=term, low=low, high=high, range_label=label, probability=probability)


def _confidence(level: str) -> views.Confidence:
    return views.Confidence(level=level, rank=CONFIDENCE_LEVELS.index(level) + 1, meaning=CONFIDENCE_MEANING[level])


def source_ref(number: int, source: SourceModel) -> SourceRef:
    return SourceRef(
        number=number,
        title=source.title,
        annex_href=f"#{anchor_for(source.id)}",
        archive_href=source_page_name(source.id),
        original_href=source.url,
    )


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def passage_names(uses: list[CitationUse], refs: dict[str, SourceRef]) -> dict[int, str]:
    """What a reader calls each quoted passage, in the scheme the brief cites it by: the source's
    reference and the item that quotes it ("the passage of [1] quoted by KJ3"); where one item
    quotes several passages of one source, which of them ("the second passage of [1] quoted by
    IND14"). Passage numbers stay in anchors, never in what a reader sees or hears."""
    groups: dict[tuple[str, str], list[int]] = {}
    for use in uses:
        groups.setdefault((use.citation.source, use.owner.id), []).append(use.number)
    names: dict[int, str] = {}
    for (source_id, owner_id), numbers in groups.items():
        for position, number in enumerate(numbers):
            which = f"{_ordinal(position)} passage" if len(numbers) > 1 else "passage"
            names[number] = f"the {which} of [{refs[source_id].number}] quoted by {owner_id}"
    return names


def _ordinal(position: int) -> str:
    """ "first" for position 0 … "ninth", then "10th", "21st", "112th"."""
    if position < len(_ORDINALS):
        return _ORDINALS[position]
    n = position + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _citation(
    ctx: BriefContext, use: CitationUse, refs: dict[str, SourceRef], prose: Prose, name: str, original: str | None
) -> views.Citation:
    cited = use.citation
    ref = refs[cited.source]
    sources, judgments = ctx.shared(_sources_and_judgments)
    source = sources[cited.source]
    return views.Citation(
        number=use.number,
        ref=ref.number,
        source_id=cited.source,
        source_title=typographic(ref.title),
        language=source.language,
        quote=quotation(cited.quote),
        verbatim=cited.quote,
        excerpt=_excerpt(quotation(cited.quote)),
        name=name,
        quoted_in_body=use.owner.id in judgments,
        locator=typographic(cited.locator) if cited.locator else None,
        credibility=cited.credibility,
        credibility_label=CREDIBILITY[cited.credibility] if cited.credibility else None,
        grade=grade_label(source.reliability, cited.credibility),
        note=prose.cited(typographic(cited.note)) if cited.note else None,
        owner=_owner_link(ctx, use.owner.id),
        anchor=f"cite-{use.number}",
        annex_href=f"#cite-{use.number}",
        source_href=ref.annex_href,
        archive_href=f"{ref.archive_href}#passage-{use.number}",
        original_href=original,
    )


def _sources_and_judgments(ctx: BriefContext) -> tuple[dict[str, SourceModel], frozenset[str]]:
    """The brief's sources by id (the first of an id) and its key judgments' ids, for each of
    its citations (some sixty in the reference brief)."""
    sources: dict[str, SourceModel] = {}
    for source in ctx.brief.sources:
        sources.setdefault(source.id, source)
    return sources, frozenset(kj.id for kj in ctx.brief.key_judgments)


def _owner_link(ctx: BriefContext, item_id: str) -> views.Link:
    """The item that cites a passage: a key judgment's evidence is in its discussion."""
    link = item_link(ctx, item_id)
    if ctx.index.get(item_id, "key_judgments"):
        link["href"] = f"#discussion-{item_id}"
        link["title"] = f"the discussion of {link['title']}"
    return link


def _excerpt(quote: str, words: int = 12) -> str:
    """The opening words of a passage, for a table cell or for a passage quoted in full elsewhere."""
    parts = quote.split()
    return quote if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:.") + " …"


def _source(
    ctx: BriefContext, ref: SourceRef, source: SourceModel, citations: list[views.Citation], prose: Prose
) -> views.Source:
    # What the brief leaves null is shown as unknown, so that a reader can tell "the text does
    # not say" from a field nobody filled in.
    facts = [
        ("Author", typographic(source.author) if source.author else None, "not named"),
        ("Publisher", typographic(source.publisher) if source.publisher else None, "not named"),
        ("Published", prose.cited(partial_date_label(source.published)) if source.published else None, "date unknown"),
        ("Accessed", date_label(source.accessed) if source.accessed else None, "not recorded"),
        ("Kind", KIND_LABELS[source.kind], ""),
    ]
    return views.Source(
        id=source.id,
        anchor=anchor_for(source.id),
        ref=ref.number,
        title=typographic(source.title),
        title_supplied=source.title_supplied,
        language=source.language,
        facts=[views.Fact(label=label, value=value or unknown, unknown=not value) for label, value, unknown in facts],
        url=source.url,
        page=ref.archive_href,
        reliability=source.reliability,
        reliability_label=RELIABILITY[source.reliability],
        grade=grade_label(source.reliability, None),
        reliability_note=prose.cited(typographic(source.reliability_note)),
        summary=prose.html(source.summary),
        passages=[c for c in citations if c["source_id"] == source.id],
        cited_by=_links(ctx, [item.id for item in ctx.index.cited_by(source.id)]),
        waivers=_waivers(source.waivers),
    )


def _matrix(ctx: BriefContext, prose: Prose) -> views.Matrix:
    brief = ctx.brief
    rows = []
    for ind in brief.indicators:
        directions = {signal.scenario: signal.direction for signal in ind.signals}
        rows.append(
            views.MatrixRow(
                indicator=item_link(ctx, ind.id),
                title=typographic(ind.title) if ind.title else prose.plain(ind.description),
                status=ind.status,
                status_label=STATUS_LABELS[ind.status],
                cells=[directions.get(sc.id) for sc in brief.scenarios],
            )
        )
    return views.Matrix(scenarios=[item_link(ctx, sc.id) for sc in brief.scenarios], rows=rows)


def _implications(ctx: BriefContext, prose: Prose) -> list[views.PartyImplications]:
    groups: dict[str, list[views.Implication]] = {}
    for im in ctx.brief.implications:
        groups.setdefault(typographic(im.party), []).append(
            views.Implication(
                id=im.id,
                anchor=anchor_for(im.id),
                statement=prose.html(im.statement),
                follows_from=_links(ctx, im.follows_from),
                waivers=_waivers(im.waivers),
            )
        )
    return [views.PartyImplications(party=party, entries=items) for party, items in groups.items()]


def _scale(scale: Scale, used: set[str]) -> views.ScaleView:
    rows = []
    for low, high in scale.ranges():
        terms = [t for t in scale.terms if (t.low, t.high) == (low, high)]
        rows.append(
            views.ScaleRow(
                low=low,
                high=high,
                range_label=terms[0].range_label,
                terms=[views.ScaleTerm(term=t.term, used=t.term in used) for t in terms],
            )
        )
    return views.ScaleView(name=scale.name, title=scale.title, note=scale.note, rows=rows)
