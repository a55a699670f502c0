"""Scenario checks (BG511–BG513): likelihoods that can add up, indicators that tell scenarios apart."""

from __future__ import annotations

from collections.abc import Iterator

from briefgen.brief.scales import SCALES
from briefgen.check.context import BriefContext
from briefgen.diagnostics import Diagnostic

# "About 100%": how far, in percentage points, the scenarios' total may stray from 100.
ABOUT = 5


def check_scenario_likelihoods(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Mutually exclusive scenarios have likelihoods whose ranges can add up to about 100%."""
    scale = SCALES[ctx.brief.likelihood_scale]
    scenarios = ctx.index.section("scenarios")
    parts: list[tuple[str, int, int]] = []
    for item in scenarios:
        term = scale.find(item.model.likelihood)
        if term is None:
            return  # BG306 reports the term; no sum can be made without it
        given = item.model.probability
        if given is not None:
            parts.append((f"{item.id} {given}%", given, given))
        else:
            parts.append((f"{item.id} '{term.term}' ({term.range_label})", term.low, term.high))
    if not parts:
        return
    low, high = sum(p[1] for p in parts), sum(p[2] for p in parts)
    if low <= 100 + ABOUT and high >= 100 - ABOUT:
        return
    total = f"{low}%" if low == high else f"{low}–{high}%"
    if len(parts) > 1:
        adds_up = f"the {len(parts)} scenarios' likelihoods add up to {total}"
    else:
        adds_up = f"the brief's one scenario has a likelihood of {total}"
    if low > 100 + ABOUT:
        hint = "mutually exclusive scenarios share 100% between them: lower the likelihood of some"
    else:
        hint = (
            "the scenarios should cover what can happen: raise some likelihoods or add the missing "
            "alternative; if the set is deliberately partial, waive BG511 on the brief saying so"
        )
    yield ctx.report(
        "BG511",
        f"{adds_up}, which cannot be about 100%: " + ", ".join(p[0] for p in parts),
        ("scenarios",),
        hint,
        key=True,
    )


def check_indicator_diagnosticity(ctx: BriefContext) -> Iterator[Diagnostic]:
    """An indicator that moves every scenario the same way tells none of them apart."""
    scenario_ids = {item.id for item in ctx.index.section("scenarios")}
    if len(scenario_ids) < 2:
        return
    for item in ctx.index.section("indicators"):
        directions = {signal.scenario: signal.direction for signal in item.model.signals}
        if scenario_ids <= directions.keys() and len({directions[s] for s in scenario_ids}) == 1:
            direction = directions[next(iter(scenario_ids))]
            yield ctx.report(
                "BG512",
                f"indicator {item.id} {direction} every scenario alike, so observing it tells none apart",
                item.path + ("signals",),
                "a good indicator points toward one scenario more than the others: say which scenarios it "
                "does not move, or replace it with a more specific one",
                key=True,
            )


def check_scenario_distinction(ctx: BriefContext) -> Iterator[Diagnostic]:
    """No two scenarios are signalled the same way by every indicator."""
    columns: dict[str, frozenset[tuple[str, str]]] = {item.id: frozenset() for item in ctx.index.section("scenarios")}
    for item in ctx.index.section("indicators"):
        for signal in item.model.signals:
            if signal.scenario in columns:
                columns[signal.scenario] |= {(item.id, signal.direction)}
    groups: dict[frozenset[tuple[str, str]], list[str]] = {}
    for scenario_id, column in columns.items():
        if column:  # a scenario no indicator signals is BG304's
            groups.setdefault(column, []).append(scenario_id)
    for column, alike in groups.items():
        if len(alike) < 2:
            continue
        first = ctx.index.item(alike[0], "scenarios")
        signs = ", ".join(f"{ind} {direction}" for ind, direction in sorted(column))
        yield ctx.report(
            "BG513",
            f"scenarios {' and '.join(alike)} are signalled the same way by every indicator ({signs} each), "
            "so no indicator tells them apart",
            first.path + ("id",),
            "add an indicator that raises one of them and not the other, or merge the scenarios",
        )
