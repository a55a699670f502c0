"""Estimative-language checks (BG501–BG505): likelihood wording, scale rows, numbers, confidence."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefgen.brief.index import evidence
from briefgen.brief.scales import ICD_203, SCALES, Scale, Term
from briefgen.brief.sections import HEADLINES, PROSE_FIELDS, PathKey
from briefgen.check.context import BriefContext
from briefgen.diagnostics import Diagnostic
from briefgen.text.wording import (
    Screen,
    Stated,
    Use,
    find_confidence,
    find_denials,
    find_terms,
    screens,
    sentences,
    stated_probabilities,
)

# The analyst's prose, per section: the Markdown fields plus short texts that can carry an estimate.
ESTIMATIVE_FIELDS: dict[str, tuple[str, ...]] = {
    **PROSE_FIELDS,
    "scenarios": ("title",) + PROSE_FIELDS["scenarios"] + ("drivers",),
    "indicators": ("title",) + PROSE_FIELDS["indicators"] + ("threshold",),
    "sources": PROSE_FIELDS["sources"] + ("reliability_note",),
}


ROWS = ("likelihood", "probability")


def check_likelihood_wording(ctx: BriefContext) -> Iterator[Diagnostic]:
    """A judgment's or scenario's headline wording carries no likelihood other than its field's.

    An attributive term ("Russia's likely priority") rates a thing named in the statement, not
    the statement, and is passed over; a negated one may agree in either of its readings.
    """
    scale = _scale(ctx)
    if not _prose(ctx).worded():
        return
    for item, assigned in _estimates(ctx, scale):
        name = HEADLINES[item.section]
        text = getattr(item.model, name)
        for use in _distinct(find_terms(text)):
            readings = use.readings(scale)
            if use.attributive or not readings or any(_same_range(r, assigned) for r in readings):
                continue
            said = readings[0]
            other = f" (or `{readings[1].term}`, if it rates the negated statement)" if len(readings) > 1 else ""
            yield ctx.report(
                "BG501",
                f"the {name} says \"{use.written}\" ('{said.term}', {said.range_label}), "
                f"but the {item.kind}'s likelihood is {_label(assigned)}",
                item.path + (name,),
                f"make them agree: set `likelihood: {said.term}`{other}, or reword the {name}; "
                "a statement with two estimates is two judgments",
            )
        for denial in _distinct(find_denials(text)):
            denied = denial.expression.term(scale)
            if denied is not None and _same_range(denied, assigned):
                yield ctx.report(
                    "BG501",
                    f'the {name} says "{denial.written}", denying {_label(denied)}, '
                    f"but the {item.kind}'s likelihood is {_label(assigned)}",
                    item.path + (name,),
                    f"make them agree: set the likelihood the {name} means, or reword the {name}",
                )


def check_likelihood_rows(ctx: BriefContext) -> Iterator[Diagnostic]:
    """An ICD 203 brief writes one row of the scale: likelihood terms or probability terms."""
    if ctx.brief.likelihood_scale != ICD_203.name:
        return
    fields: list[tuple[PathKey, str, str]] = []
    for item, assigned in _estimates(ctx, ICD_203):
        fields.append((item.path + ("likelihood",), assigned.term, assigned.row))
    prose = [
        (path, use.written, term.row)
        for path, text in _prose(ctx).worded()
        for use in find_terms(text)
        if use.is_own(ICD_203) and (term := use.term(ICD_203))
    ]
    uses = fields + prose
    by_fields, by_all = Counter(row for *_, row in fields), Counter(row for *_, row in uses)
    main = max(ROWS, key=lambda row: (by_fields[row], by_all[row], row == "likelihood"))
    other = ROWS[1 - ROWS.index(main)]
    if not by_all[other]:
        return
    places: dict[PathKey, list[str]] = {}
    for path, written, row in uses:
        if row == other:
            places.setdefault(path, []).append(written)
    for path, words in places.items():
        shown = ", ".join(f"'{w}'" for w in dict.fromkeys(words))
        terms = {w: _other_row(w) for w in dict.fromkeys(words)}
        if path[-1] == "likelihood":
            change = f"set `likelihood: {terms[words[0]]}`" if terms[words[0]] else f"set the {main}-row term"
        else:
            # Terms of the two rows are different parts of speech ("probably not cut" is no "unlikely
            # cut"): say which term to use, and leave the rewording to the analyst.
            pairs = ", ".join(f"'{term}' where it says '{w}'" for w, term in terms.items() if term)
            change = f"reword with the {main} row's term of the same range, in the form the sentence needs" + (
                f" ({pairs})" if pairs else ""
            )
        yield ctx.report(
            "BG502",
            f"{shown} {'is' if len(set(words)) == 1 else 'are'} from ICD 203's {other} row, but this brief "
            f"mostly writes its {main} row ({by_all[main]} of {by_all[main] + by_all[other]} uses)",
            path,
            f"{change}; or, if the brief states that both rows mean the same, waive BG502 on the brief with that reason",
        )


def check_off_scale_wording(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Prose uses the brief's scale, not another's (the `likelihood` fields are BG306's)."""
    scale = _scale(ctx)
    for path, text in _prose(ctx).worded():
        for use in _distinct(find_terms(text)):
            if use.is_own(scale) or not use.expression.own:
                continue
            homes = " and ".join(use.expression.own)
            near = use.term(scale)
            yield ctx.report(
                "BG503",
                f'"{use.written}" is a term of the {homes} scale, not of the brief\'s {scale.name} scale',
                path,
                f"on {scale.name} the term of that range is '{near.term}' ({near.range_label}): reword with it, "
                "in the form the sentence needs"
                if near
                else f"use a term of the {scale.name} scale",
            )


def check_probabilities(ctx: BriefContext) -> Iterator[Diagnostic]:
    """A probability given as a number lies inside the range of the term it goes with."""
    scale = _scale(ctx)
    numbered = bool(_prose(ctx).numbered())
    for item, assigned in _estimates(ctx, scale):
        value = item.model.probability
        if value is not None and not assigned.low <= value <= assigned.high:
            yield ctx.report(
                "BG504",
                f"probability {value}% is outside {_label(assigned)}",
                item.path + ("probability",),
                _where(scale, value, value),
            )
        headline = HEADLINES[item.section]
        for stated in stated_probabilities(getattr(item.model, headline)) if numbered else ():
            if stated.after is None and not _inside(stated, assigned):
                yield ctx.report(
                    "BG504",
                    f'the {headline} gives "{stated.written}", outside its likelihood {_label(assigned)}',
                    item.path + (headline,),
                    _where(scale, stated.low, stated.high),
                )
    for path, text in _prose(ctx).numbered():
        for stated in stated_probabilities(text):
            after = stated.after
            readings = after.readings(scale) if after else ()
            if after and readings and not any(_inside(stated, term) for term in readings):
                yield ctx.report(
                    "BG504",
                    f'"{text[after.start : stated.end]}": the number is outside {_label(readings[0])}',
                    path,
                    _where(scale, stated.low, stated.high),
                )


def check_likelihood_with_confidence(ctx: BriefContext) -> Iterator[Diagnostic]:
    """No sentence carries both a likelihood term and a confidence level (ICD 203)."""
    for path, text in _prose(ctx).rated():
        terms, levels = find_terms(text), find_confidence(text)
        if not terms or not levels:
            continue
        # Both lists are in the order of the text: the first of each in a sentence is found by a
        # binary search, not by reading both lists once for every sentence.
        terms = sorted(terms, key=lambda use: use.start)
        term_starts, level_starts = [use.start for use in terms], [level.start() for level in levels]
        for start, end in sentences(text):
            said = _first_from(term_starts, start, end)
            rated = _first_from(level_starts, start, end)
            if said is not None and rated is not None:
                yield ctx.report(
                    "BG505",
                    f'one sentence carries both a likelihood ("{terms[said].written}") and a confidence level '
                    f'("{levels[rated].group(0)}"): "{_excerpt(text[start:end])}"',
                    path,
                    "state likelihood and confidence in separate sentences; a judgment's `confidence` "
                    "field already carries its confidence level",
                )


def _first_from(starts: list[int], start: int, end: int) -> int | None:
    """The index of the first of the ascending `starts` within [start, end), if any."""
    at = bisect_left(starts, start)
    return at if at < len(starts) and starts[at] < end else None


def _scale(ctx: BriefContext) -> Scale:
    return SCALES[ctx.brief.likelihood_scale]


def _estimates(ctx: BriefContext, scale: Scale) -> Iterator[tuple[Any, Term]]:
    """Key judgments and scenarios with their likelihood term (those off the scale are BG306's)."""
    for section in HEADLINES:
        for item in ctx.index.section(section):
            term = scale.find(item.model.likelihood)
            if term is not None:
                yield item, term


@dataclass(frozen=True)
class _Prose:
    """A brief's estimative prose, in order, with what kinds of wording each text may hold."""

    texts: list[tuple[PathKey, str]]
    screens: list[Screen]

    def worded(self) -> list[tuple[PathKey, str]]:
        """The texts to scan for likelihood terms (those that may hold one)."""
        return [text for text, screen in zip(self.texts, self.screens, strict=True) if screen.terms]

    def numbered(self) -> list[tuple[PathKey, str]]:
        """The texts to scan for probabilities stated as numbers."""
        return [text for text, screen in zip(self.texts, self.screens, strict=True) if screen.probabilities]

    def rated(self) -> list[tuple[PathKey, str]]:
        """The texts to scan for a likelihood and a confidence level in one sentence."""
        return [
            text for text, screen in zip(self.texts, self.screens, strict=True) if screen.terms and screen.confidence
        ]


def _prose(ctx: BriefContext) -> _Prose:
    """The brief's prose, read once for all the checks here."""
    return ctx.shared(_read_prose)


def _read_prose(ctx: BriefContext) -> _Prose:
    texts = _prose_texts(ctx)
    return _Prose(texts, screens([text for _, text in texts]))


def _prose_texts(ctx: BriefContext) -> list[tuple[PathKey, str]]:
    found: list[tuple[PathKey, str]] = []
    for section, names in ESTIMATIVE_FIELDS.items():
        models = [((), ctx.brief)] if not section else [(item.path, item.model) for item in ctx.index.section(section)]
        for path, model in models:
            values = model.__dict__
            for name in names:
                value = values[name]
                if isinstance(value, list):
                    found.extend((path + (name, i), text) for i, text in enumerate(value) if text)
                elif value:
                    found.append((path + (name,), value))
            for i, citation in enumerate(evidence(model)):
                if citation.note:
                    found.append((path + ("evidence", i, "note"), citation.note))
    return found


def _distinct(uses: list[Use]) -> list[Use]:
    """One use per wording, so that a phrase repeated in one text is reported once."""
    return list({use.written.lower(): use for use in reversed(uses)}.values())[::-1]


def _same_range(one: Term, other: Term) -> bool:
    return (one.low, one.high) == (other.low, other.high)


def _inside(stated: Stated, term: Term) -> bool:
    return term.low <= stated.low and stated.high <= term.high


def _label(term: Term) -> str:
    return f"'{term.term}' ({term.range_label})"


def _other_row(written: str) -> str | None:
    """The ICD 203 term of the same range in the other row, for a term as written."""
    found = [use.term(ICD_203) for use in find_terms(written)]
    if not found or found[0] is None:
        return None
    term = found[0]
    return next((t.term for t in ICD_203.terms if _same_range(t, term) and t.row != term.row), None)


def _where(scale: Scale, low: float, high: float) -> str:
    """Which of the scale's terms a number (or range) belongs to, or the gap it falls in."""
    shown = f"{low:g}%" if low == high else f"{low:g}–{high:g}%"
    fitting = [t.term for t in scale.terms if t.low <= low and high <= t.high]
    if fitting:
        named = " or ".join(f"'{t}'" for t in fitting)
        return f"on {scale.name}, {shown} is {named}; change the term or the number"
    if any(t.low <= high and low <= t.high for t in scale.terms):
        return f"{shown} spans more than one {scale.name} term; give a number inside one term's range"
    below = [t for t in scale.terms if t.high < low]
    above = [t for t in scale.terms if t.low > high]
    if not below:
        return f"{shown} is below every {scale.name} term; the lowest is {_label(above[0])}"
    if not above:
        return f"{shown} is above every {scale.name} term; the highest is {_label(below[-1])}"
    return (
        f"{shown} falls in a gap of the {scale.name} scale, between {_label(below[-1])} and "
        f"{_label(above[0])}: the gaps are deliberate, so choose the term the evidence supports"
    )


def _excerpt(sentence: str) -> str:
    """The sentence on one line, cut to 160 characters. Flattening a prefix gives a prefix of the
    flattened sentence, so a long sentence is flattened only as far as the excerpt needs."""
    flat = " ".join(sentence[:_EXCERPT_READ].split())
    if len(flat) <= 160:
        flat = " ".join(sentence.split())
    return flat if len(flat) <= 160 else flat[:157] + "…"


_EXCERPT_READ = 400
