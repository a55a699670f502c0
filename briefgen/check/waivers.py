"""Waivers: an item (or the brief) waives a tradecraft check with a written reason.

Applied after the checks: a finding whose item, or the brief, waives its code is set
aside with the reason, for the rendered brief's tradecraft panel. A waiver that names
no waivable check, or that waives nothing, is reported, so stale waivers are found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefgen.brief.models import Waiver
from briefgen.brief.sections import SECTIONS
from briefgen.check.context import BriefContext
from briefgen.codes import CODES, IMPOSSIBLE, WAIVABLE, resolve_code
from briefgen.diagnostics import Diagnostic

# The owner of a waiver written on the brief itself.
BRIEF = "the brief"


@dataclass(frozen=True)
class Waived:
    """A finding set aside by a waiver, with the waiver's reason and the id of what waived it."""

    diagnostic: Diagnostic
    reason: str
    owner: str

    @property
    def code(self) -> str:
        return self.diagnostic.code


@dataclass(frozen=True)
class _Holder:
    """An item (or the brief) that can carry waivers."""

    label: str
    path: tuple[Any, ...]
    waivers: list[Waiver]


def apply_waivers(ctx: BriefContext, found: list[Diagnostic]) -> tuple[list[Diagnostic], list[Waived]]:
    """Split findings into those that stand and those waived; add findings about the waivers themselves."""
    brief = _Holder(BRIEF, (), ctx.brief.waivers)
    used: set[tuple[tuple[Any, ...], int]] = set()
    kept, waived = [], []
    for item in found:
        match = _waiver_for(ctx, item, brief) if item.code in WAIVABLE and item.path is not None else None
        if match is None:
            kept.append(item)
            continue
        holder, position = match
        used.add((holder.path, position))
        waived.append(Waived(item, holder.waivers[position].reason, holder.label))
    return kept + list(_audit(ctx, [brief, *_holders(ctx)], used)), waived


def _waiver_for(ctx: BriefContext, item: Diagnostic, brief: _Holder) -> tuple[_Holder, int] | None:
    """The waiver that covers a finding: its own item's first, then the brief's."""
    owner = _owner(ctx, item.path or ())
    for holder in ([owner] if owner else []) + [brief]:
        for position, waiver in enumerate(holder.waivers):
            if resolve_code(waiver.check) == item.code:
                return holder, position
    return None


def _owner(ctx: BriefContext, path: tuple[Any, ...]) -> _Holder | None:
    if len(path) < 2 or path[0] not in SECTIONS or not isinstance(path[1], int):
        return None
    models = getattr(ctx.brief, path[0])
    if not 0 <= path[1] < len(models):
        return None
    model = models[path[1]]
    return _Holder(model.id, tuple(path[:2]), model.waivers)


def _holders(ctx: BriefContext) -> list[_Holder]:
    return [
        _Holder(model.id, (section, i), model.waivers)
        for section in SECTIONS
        for i, model in enumerate(getattr(ctx.brief, section))
    ]


def _audit(ctx: BriefContext, holders: list[_Holder], used: set[tuple[tuple[Any, ...], int]]) -> list[Diagnostic]:
    problems = []
    for holder in holders:
        for position, waiver in enumerate(holder.waivers):
            where = holder.path + ("waivers", position, "check")
            code = resolve_code(waiver.check)
            if code not in WAIVABLE:
                what = (
                    f"{code} ({CODES[code].name}) finds dates that cannot both be right, so it cannot be waived"
                    if code in IMPOSSIBLE
                    else f"{code} ({CODES[code].name}) is not a tradecraft check"
                    if code
                    else "names no check"
                )
                problems.append(
                    ctx.report(
                        "BG590",
                        f"the waiver of '{waiver.check}' on {holder.label}: {what}",
                        where,
                        "correct the dates instead"
                        if code in IMPOSSIBLE
                        else "only tradecraft checks can be waived: " + ", ".join(WAIVABLE),
                    )
                )
            elif (holder.path, position) not in used:
                problems.append(
                    ctx.report(
                        "BG591",
                        f"the waiver of {code} ({CODES[code].name}) on {holder.label} waives nothing: "
                        "the check finds no problem there",
                        where,
                        "remove the waiver (it may be left over from a problem since fixed)",
                    )
                )
    return problems
