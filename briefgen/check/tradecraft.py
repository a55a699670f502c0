"""The tradecraft checks' catalogue: their codes, default severities, and which can be waived.

Kept apart from the checks themselves so that configuration can name every code
without importing the checking machinery.
"""

from __future__ import annotations

from briefgen.diagnostics import CODES, Code, register

TRADECRAFT_CODES: tuple[Code, ...] = (
    # Estimative language.
    Code(
        "BG501",
        "likelihood-wording-mismatch",
        "error",
        "A statement's wording carries a likelihood other than its likelihood field.",
    ),
    Code(
        "BG502",
        "likelihood-rows-mixed",
        "warning",
        "ICD 203's likelihood row and probability row are both used in one brief.",
    ),
    Code(
        "BG503",
        "likelihood-wording-off-scale",
        "warning",
        "Prose uses a likelihood term of another scale than the brief's.",
    ),
    Code(
        "BG504",
        "probability-outside-range",
        "error",
        "A numeric probability falls outside the range of its likelihood term.",
    ),
    Code(
        "BG505",
        "likelihood-with-confidence",
        "error",
        "One sentence carries both a likelihood term and a confidence level.",
    ),
    # Scenarios and indicators.
    Code(
        "BG511",
        "scenario-likelihoods-impossible",
        "error",
        "The mutually exclusive scenarios' likelihoods cannot add up to about 100%.",
    ),
    Code(
        "BG512",
        "indicator-not-diagnostic",
        "warning",
        "An indicator signals every scenario the same way, so it tells none apart.",
    ),
    Code(
        "BG513",
        "scenarios-indistinguishable",
        "warning",
        "Two scenarios are signalled the same way by every indicator.",
    ),
    # Sourcing.
    Code("BG521", "single-source-high-confidence", "warning", "A high-confidence judgment rests on a single source."),
    Code("BG522", "single-source-brief", "warning", "All of the brief's evidence comes from one source."),
    Code(
        "BG523",
        "admiralty-diagonal",
        "warning",
        "Every Admiralty grade in the brief lies on the diagonal (A1, B2, C3 …).",
    ),
    Code("BG524", "source-after-cutoff", "warning", "A source was published after the information cut-off."),
    Code("BG525", "cutoff-after-date", "error", "The information cut-off is later than the brief's date."),
    Code(
        "BG526",
        "indicator-review-stale",
        "warning",
        "An indicator has not been reviewed for longer than the review period.",
    ),
    Code("BG527", "review-after-date", "error", "An indicator was reviewed after the brief's date."),
    # Waivers.
    Code("BG590", "waiver-unknown-check", "warning", "A waiver names no check that can be waived."),
    Code("BG591", "waiver-unused", "warning", "A waiver names a check that finds nothing on its item."),
)

register(*TRADECRAFT_CODES)

# Dates that cannot both be right: no reason makes them so, and one of them is to be corrected.
IMPOSSIBLE: tuple[str, ...] = ("BG525", "BG527")

# "A scenario with no distinguishing indicator" is checked with the references (BG304);
# it is a tradecraft standard, so it is reported, configured and waived with these.
WAIVABLE: tuple[str, ...] = ("BG304",) + tuple(
    code.code for code in TRADECRAFT_CODES if not code.code.startswith("BG59") and code.code not in IMPOSSIBLE
)

# How many days an indicator may go unreviewed, counted back from the brief's date.
DEFAULT_REVIEW_DAYS = 90


def resolve_code(name: str) -> str | None:
    """The code a setting or waiver means: a code (`BG503`) or a code's name (`admiralty-diagonal`)."""
    if name.upper() in CODES:
        return name.upper()
    for code in CODES.values():
        if code.name == name.lower():
            return code.code
    return None
