"""The checks run on every brief, in order; each takes a BriefContext and yields diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from briefgen.check.context import BriefContext
from briefgen.check.rules.bottom_line import check_bottom_line
from briefgen.check.rules.estimative import (
    check_likelihood_rows,
    check_likelihood_with_confidence,
    check_likelihood_wording,
    check_off_scale_wording,
    check_probabilities,
)
from briefgen.check.rules.evidence import check_quotes
from briefgen.check.rules.placeholders import check_placeholders, settle_placeholders
from briefgen.check.rules.references import (
    check_archives,
    check_inline_citations,
    check_likelihood_scale,
    check_references,
    check_scenario_indicators,
    check_uncited_sources,
    check_unique_ids,
)
from briefgen.check.rules.scenarios import (
    check_indicator_diagnosticity,
    check_scenario_distinction,
    check_scenario_likelihoods,
)
from briefgen.check.rules.sourcing import (
    check_admiralty_diagonal,
    check_high_confidence_sourcing,
    check_indicator_reviews,
    check_single_source_brief,
    check_source_dates,
)
from briefgen.check.rules.verbatim import check_quote_comments
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
    check_quote_comments,
    # Tradecraft (BG5xx).
    check_likelihood_wording,
    check_likelihood_rows,
    check_off_scale_wording,
    check_probabilities,
    check_likelihood_with_confidence,
    check_bottom_line,
    check_scenario_likelihoods,
    check_indicator_diagnosticity,
    check_scenario_distinction,
    check_high_confidence_sourcing,
    check_single_source_brief,
    check_admiralty_diagonal,
    check_source_dates,
    check_indicator_reviews,
)


def run_checks(ctx: BriefContext) -> list[Diagnostic]:
    """Every diagnostic of every check, in check order, less what a placeholder value explains."""
    return settle_placeholders([found for check in CHECKS for found in check(ctx)])
