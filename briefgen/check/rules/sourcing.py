"""Sourcing checks (BG521–BG527): corroboration, grading, dates against the cut-off, indicator reviews."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from briefgen.brief.scales import RELIABILITY
from briefgen.check.context import BriefContext
from briefgen.check.rules.placeholders import is_placeholder
from briefgen.diagnostics import Diagnostic

# Fewer graded citations than this say nothing about how grades are given.
MIN_GRADES_FOR_DIAGONAL = 3


def check_high_confidence_sourcing(ctx: BriefContext) -> Iterator[Diagnostic]:
    """A high-confidence judgment rests on more than one source."""
    for item in ctx.index.section("key_judgments"):
        if item.model.confidence != "high":
            continue
        cited = [c.source for c in item.model.evidence if not is_placeholder(c.quote)]
        cited += [use.source for use in ctx.index.inline if use.owner is not None and use.owner.id == item.id]
        origins = _origins(ctx, cited)
        if len(origins) == 1:
            yield ctx.report(
                "BG521",
                f"key judgment {item.id} is held with high confidence but rests on a single source "
                f"({_describe(ctx, origins)})",
                item.path + ("confidence",),
                "high confidence needs consistent reporting from several independent sources: corroborate "
                "it, or lower the confidence to moderate",
            )


def check_single_source_brief(ctx: BriefContext) -> Iterator[Diagnostic]:
    """The brief's evidence does not all come from one source (a quote still to be written is none)."""
    cited = [use.citation.source for use in ctx.index.citations if not is_placeholder(use.citation.quote)]
    cited += [use.source for use in ctx.index.inline]
    origins = _origins(ctx, cited)
    if len(origins) == 1:
        yield ctx.report(
            "BG522",
            f"all of the brief's evidence comes from one source ({_describe(ctx, origins)})",
            ("sources",),
            "find independent sources to corroborate or challenge it",
            key=True,
        )


def check_admiralty_diagonal(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Grades are not all on the Admiralty diagonal (A1, B2, C3 …), a sign of grading both at once."""
    grades = []
    for use in ctx.index.citations:
        source = ctx.index.get(use.citation.source, "sources")
        if source is not None and use.citation.credibility is not None:
            grades.append(f"{source.model.reliability}{use.citation.credibility}")
    if len(grades) < MIN_GRADES_FOR_DIAGONAL or any(not _diagonal(grade) for grade in grades):
        return
    shown = ", ".join(sorted(set(grades)))
    yield ctx.report(
        "BG523",
        f"all {len(grades)} graded citations lie on the Admiralty diagonal ({shown})",
        ("sources",),
        "grade the two independently: reliability rates the source's record, credibility rates each "
        "piece of information (is it confirmed by other sources?)",
        key=True,
    )


def check_source_dates(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Sources predate the information cut-off, and the cut-off does not follow the brief's date."""
    brief = ctx.brief
    if brief.information_cutoff > brief.date:
        yield ctx.report(
            "BG525",
            f"the information cut-off ({brief.information_cutoff}) is later than the brief's date ({brief.date})",
            ("information_cutoff",),
            "the cut-off is the latest information the brief takes into account, so it is on or before its date",
        )
    for item in ctx.index.section("sources"):
        published = item.model.published
        if published is not None and published.earliest > brief.information_cutoff:
            estimated = ", estimated" if published.estimated else ""
            yield ctx.report(
                "BG524",
                f"source {item.id} was published {published.date}{estimated}, after the information cut-off "
                f"({brief.information_cutoff})",
                item.path + ("published",),
                "move the cut-off, or drop the source; if it reports only earlier information, waive BG524 "
                "on the source and say so",
            )


def check_indicator_reviews(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Each indicator's status was reviewed within the review period before the brief's date, not after it."""
    period = ctx.config.indicator_review_days
    for item in ctx.index.section("indicators"):
        age = (ctx.brief.date - item.model.last_reviewed).days
        if age < 0:
            yield ctx.report(
                "BG527",
                f"indicator {item.id} was last reviewed on {item.model.last_reviewed}, after the brief's date "
                f"({ctx.brief.date})",
                item.path + ("last_reviewed",),
                "a brief reports reviews made by its date: correct `last_reviewed`, or move the brief's `date` "
                "to the day of this release",
            )
        elif age > period:
            yield ctx.report(
                "BG526",
                f"indicator {item.id} was last reviewed on {item.model.last_reviewed}, {age} days before the "
                f"brief's date (review period: {period} days)",
                item.path + ("last_reviewed",),
                "check its status and evidence again and update `last_reviewed`; the period is set by "
                "`indicator-review-days` in the repository's briefgen settings",
            )


def _origins(ctx: BriefContext, cited: Iterable[str]) -> dict[str, list[str]]:
    """Cited sources grouped by where they come from: their publisher when known, else each alone."""
    origins: dict[str, list[str]] = {}
    for source_id in dict.fromkeys(cited):
        source = ctx.index.get(source_id, "sources")
        if source is None:
            continue  # an unresolved citation is BG302's or BG303's
        publisher = (source.model.publisher or "").strip().casefold()
        origins.setdefault(f"publisher:{publisher}" if publisher else source_id, []).append(source_id)
    return origins


def _describe(ctx: BriefContext, origins: dict[str, list[str]]) -> str:
    (ids,) = origins.values()
    if len(ids) == 1:
        return ids[0]
    return f"{', '.join(ids)}, all published by {ctx.index.item(ids[0], 'sources').model.publisher}"


def _diagonal(grade: str) -> bool:
    return list(RELIABILITY).index(grade[0]) + 1 == int(grade[1])
