"""The checks run on every brief, in order; each takes a BriefContext and yields diagnostics."""

from __future__ import annotations

from typing import Callable, Iterator

from briefgen.checks.evidence import check_quotes
from briefgen.checks.placeholders import check_placeholders, settle_placeholders
from briefgen.checks.references import (
    check_archives,
    check_inline_citations,
    check_likelihood_scale,
    check_references,
    check_scenario_indicators,
    check_uncited_sources,
    check_unique_ids,
)
from briefgen.context import BriefContext
from briefgen.diagnostics import Diagnostic

Check = Callable[[BriefContext], Iterator[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    check_placeholders,
    check_unique_ids,
    check_references,
    check_inline_citations,
    check_scenario_indicators,
    check_uncited_sources,
    check_likelihood_scale,
    check_archives,
    check_quotes,
)


def run_checks(ctx: BriefContext) -> list[Diagnostic]:
    """Every diagnostic of every check, in check order, less what a placeholder value explains."""
    return settle_placeholders(ctx, [found for check in CHECKS for found in check(ctx)])
