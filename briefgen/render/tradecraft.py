"""The tradecraft panel of the sourcing annex: which checks ran, what they found, what was waived and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

from briefgen.brief.sections import SECTIONS
from briefgen.check.pipeline import Validated
from briefgen.check.settings import PYPROJECT
from briefgen.check.waivers import BRIEF
from briefgen.codes import CODES, TRADECRAFT
from briefgen.diagnostics import Diagnostic
from briefgen.render import views
from briefgen.render.compose import check_label, item_link
from briefgen.render.typography import typographic


class PanelCheck(TypedDict):
    """One tradecraft check: its code, what it looks for, its severity here, and its result."""

    code: str
    name: str
    summary: str
    severity: str
    status: str
    status_label: str
    found: int
    waived: int


class PanelFinding(TypedDict):
    """A finding of a check, standing or waived, with the item it concerns (None: the brief)."""

    code: str
    name: str
    label: str  # the check as a reader would name it: “Single-source high confidence”
    severity: str
    message: str
    item: views.Link | None
    reason: str | None
    whole_brief: bool


class Panel(TypedDict):
    """The panel's data."""

    summary: str
    note: str  # what a published build says of the checks
    settings: str
    checks: list[PanelCheck]
    off: list[PanelCheck]
    findings: list[PanelFinding]
    waived: list[PanelFinding]


def build_tradecraft(validated: Validated) -> Panel:
    """The panel for a validated brief (pure: the same brief and settings give the same panel)."""
    ctx = validated.context
    assert ctx is not None, "only a brief whose shape is valid is rendered"
    config = ctx.config
    findings = [d for d in validated.diagnostics if d.code in TRADECRAFT]
    checks: list[PanelCheck] = []
    off: list[PanelCheck] = []
    for code in TRADECRAFT:
        setting = config.severities.get(code, CODES[code].severity)
        found = sum(1 for d in findings if d.code == code)
        waived = sum(1 for w in validated.waived if w.code == code)
        status = "off" if setting == "off" else "found" if found else "waived" if waived else "passed"
        check = PanelCheck(
            code=code,
            name=CODES[code].name,
            summary=CODES[code].summary,
            severity=setting,
            status=status,
            status_label=_status_label(status, found, waived),
            found=found,
            waived=waived,
        )
        (off if status == "off" else checks).append(check)
    # Any other check the settings turn off (an uncited source, BG305…) is named too: a reader
    # of the brief learns every check that did not run on it.
    for code in sorted(code for code, setting in config.severities.items() if setting == "off"):
        if code not in TRADECRAFT:
            off.append(
                PanelCheck(
                    code=code,
                    name=CODES[code].name,
                    summary=CODES[code].summary,
                    severity="off",
                    status="off",
                    status_label=_status_label("off", 0, 0),
                    found=0,
                    waived=0,
                )
            )
    return Panel(
        summary=_summary(checks, len(findings), len(validated.waived)),
        note=_note(checks, len(findings), len(validated.waived)) + _turned_off(off, config.file),
        settings=_settings(config.file.name if config.file else None),
        checks=checks,
        off=off,
        findings=[_finding(ctx, d, None, False) for d in findings],
        waived=[_finding(ctx, w.diagnostic, w.reason, w.owner == BRIEF) for w in validated.waived],
    )


def _finding(ctx: Any, found: Diagnostic, reason: str | None, whole_brief: bool) -> PanelFinding:
    path = found.path or ()
    item = None
    if len(path) >= 2 and path[0] in SECTIONS and isinstance(path[1], int):
        model = getattr(ctx.brief, path[0])[path[1]]
        item = item_link(ctx, model.id)
    return PanelFinding(
        code=found.code,
        name=CODES[found.code].name,
        label=check_label(found.code),
        severity=found.severity,
        message=found.message,
        item=item,
        reason=typographic(reason) if reason else None,
        whole_brief=whole_brief,
    )


def _status_label(status: str, found: int, waived: int) -> str:
    if status == "off":
        return "turned off"
    parts = []
    if found:
        parts.append(f"{found} finding{'s' * (found != 1)}")
    if waived:
        parts.append(f"{waived} waived")
    return ", ".join(parts) or "passed"


def _summary(checks: list[PanelCheck], found: int, waived: int) -> str:
    ran = f"{len(checks)} checks ran"
    if not found and not waived:
        return f"{ran}; the brief passes all of them."
    parts = []
    if found:
        parts.append(f"{found} finding{'s' * (found != 1)} stand{'s' * (found == 1)}")
    if waived:
        parts.append(f"{waived} {'was' if waived == 1 else 'were'} waived with a written reason")
    return f"{ran}: " + "; ".join(parts) + "."


def _note(checks: list[PanelCheck], found: int, waived: int) -> str:
    """One or two sentences for the published product's note on analytic standards."""
    ran = f"The {len(checks)} tradecraft checks of estimative language, scenarios and sourcing were run on this version"
    if not found and not waived:
        return ran + ", and the assessment passed all of them."
    parts = []
    if found:
        parts.append(f"{found} finding{'s' * (found != 1)} of them {'stand' if found != 1 else 'stands'} for review")
    if waived:
        parts.append(
            f"{waived} {'was' if waived == 1 else 'were'} waived where the standard does not apply, as follows"
        )
    return ran + "; " + ", and ".join(parts) + "."


def _turned_off(off: list[PanelCheck], file: Path | None) -> str:
    """What the published product says of the checks the settings turned off: they did not run."""
    if not off:
        return ""
    named = ", ".join(f"{check['code']} {check['name']}" for check in off)
    where = f"the settings in {file.name}" if file else "the settings"
    return f" Turned off by {where}, so not run on this version: {named}."


def _settings(file: str | None) -> str:
    if file is None:
        return "Severities are briefgen’s defaults."
    table = " ([tool.briefgen])" if file == PYPROJECT else ""
    return f"Severities follow the repository’s settings in {file}{table}."
