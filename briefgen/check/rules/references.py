"""Reference checks: unique ids, resolvable references, scales, archived files."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import replace

from briefgen.brief.scales import SCALES
from briefgen.brief.sections import ESTIMATES, SECTIONS
from briefgen.check.context import BriefContext
from briefgen.diagnostics import Diagnostic
from briefgen.load.archives import ArchiveProblem


def check_unique_ids(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Ids are unique within the brief, across all sections."""
    for first, again in ctx.index.duplicates:
        line, _ = ctx.lines.value(first.path + ("id",))
        yield ctx.report(
            "BG301",
            f"id '{again.id}' is used twice: by {_a(first.kind)} (line {line}) and by {_a(again.kind)}",
            again.path + ("id",),
            "give each item its own id",
        )


def check_references(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Every id that a field names resolves to an item of the right kind."""
    for ref in ctx.index.references:
        if ctx.index.get(ref.target, *ref.sections):
            continue
        kinds = " or ".join(SECTIONS[s] for s in ref.sections)
        elsewhere = ctx.index.get(ref.target)
        if elsewhere:
            message = f"'{ref.target}' is {_a(elsewhere.kind)}, but {_a(kinds)} is expected here"
        else:
            message = f"no {kinds} has the id '{ref.target}'"
        yield ctx.report("BG302", message, ref.path, _did_you_mean(ctx, ref.target, ref.sections))


def check_inline_citations(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Every inline `[@id]` citation in prose names a source."""
    for use in ctx.index.inline:
        if not ctx.index.get(use.source, "sources"):
            found = ctx.report(
                "BG303",
                f"inline citation [@{use.source}] names no source",
                use.path,
                _did_you_mean(ctx, use.source, ("sources",)),
            )
            line, column = ctx.lines.char(use.path, use.offset)
            yield replace(found, line=line, column=column)


def check_scenario_indicators(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Each scenario has an indicator: one whose `signals` name it (the one place a scenario's
    indicators are stated). A scenario's own `indicators` list, where written, names exactly those."""
    for item in ctx.index.section("scenarios"):
        signalling = ctx.index.signalling(item.id)
        listed = item.model.indicators
        known = [target for target in listed or () if ctx.index.get(target, "indicators")]  # others: BG302
        if not signalling:
            whose = f"{_series(known)} (which {item.id} lists)" if known else "the indicators that would tell it apart"
            yield ctx.report(
                "BG304",
                f"scenario {item.id} has no indicator: no indicator's `signals` name it",
                item.path + ("id",),
                f"add `{{scenario: {item.id}, direction: raises}}` (or `lowers`) to the signals of {whose}",
            )
            continue
        extra = [target for target in known if target not in signalling]
        missing = [target for target in signalling if target not in (listed or ())]
        if listed is None or not extra and not missing:
            continue
        differences = []
        if extra:
            differences.append(f"lists {_series(extra)}, which {_verb(extra, 'does', 'do')} not signal it")
        if missing:
            differences.append(f"leaves out {_series(missing)}, which {_verb(missing, 'signals', 'signal')} it")
        hint = (
            f"delete the `indicators:` list of {item.id}: the indicators' signals already say which indicators "
            f"tell it apart ({_series(signalling)})"
        )
        if extra:
            hint += (
                f"; if {_series(extra)} should signal it, add `{{scenario: {item.id}, direction: raises}}` "
                f"(or `lowers`) to {'its' if len(extra) == 1 else 'their'} signals"
            )
        yield ctx.report(
            "BG307",
            f"scenario {item.id}'s `indicators` list disagrees with the indicators' signals: it "
            + " and ".join(differences),
            item.path + ("indicators",),
            hint,
            key=True,
        )


def _series(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _verb(ids: list[str], one: str, many: str) -> str:
    return one if len(ids) == 1 else many


def check_uncited_sources(ctx: BriefContext) -> Iterator[Diagnostic]:
    """A source that nothing cites is probably a leftover."""
    cited_in_prose = {use.source for use in ctx.index.inline}  # the bottom line too, which no item owns
    for item in ctx.index.section("sources"):
        if item.id not in cited_in_prose and not ctx.index.cited_by(item.id):
            yield ctx.report(
                "BG305",
                f"source {item.id} is never cited",
                item.path + ("id",),
                "cite it as evidence or inline as [@" + item.id + "], or remove it",
            )


def check_likelihood_scale(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Every likelihood term belongs to the brief's scale."""
    scale = SCALES[ctx.brief.likelihood_scale]
    terms = [term.term for term in scale.terms]
    for section in ESTIMATES:
        for item in ctx.index.section(section):
            if scale.find(item.model.likelihood) is None:
                guess = difflib.get_close_matches(item.model.likelihood, terms, n=1, cutoff=0.5)
                hint = f"did you mean '{guess[0]}'? " if guess else ""
                yield ctx.report(
                    "BG306",
                    f"'{item.model.likelihood}' is not a term of the {scale.name} scale",
                    item.path + ("likelihood",),
                    hint + f"{scale.name} terms: {', '.join(terms)}",
                )


def check_archives(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Every source's archive is a readable text file inside the brief's folder."""
    for item in ctx.index.section("sources"):
        problem = ctx.archives.get(item.id)
        if isinstance(problem, ArchiveProblem):
            yield ctx.report(problem.code, problem.message, item.path + ("archive",), problem.hint)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _did_you_mean(ctx: BriefContext, target: str, sections: tuple[str, ...]) -> str:
    candidates = [item.id for item in ctx.index.items.values() if item.section in sections]
    guess = difflib.get_close_matches(target, candidates, n=1, cutoff=0.5)
    if guess:
        return f"did you mean '{guess[0]}'?"
    if candidates:
        shown = ", ".join(candidates[:12]) + (" …" if len(candidates) > 12 else "")
        return f"known ids: {shown}"
    return f"add {_a(' or '.join(SECTIONS[s] for s in sections))} first"
