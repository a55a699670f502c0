"""Every diagnostic code briefgen reports, in one table: its name, default severity, whether a
settings file may change it, whether an item may waive it, and what it finds.

This is data, read by every command alike (validate, build, the settings, the waivers, the
reference docs and the tradecraft panel): a code exists because it is written here, not because
some module that reports it happens to have been imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """A stable diagnostic code and what may be done with it."""

    code: str
    name: str
    severity: Severity
    summary: str  # what it finds, in one sentence
    configurable: bool = True  # a settings file may change its severity or turn it off
    waivable: bool = False  # an item (or the brief) may waive it with a written reason
    tradecraft: bool = False  # a tradecraft standard: the tradecraft panel reports it
    # For the format reference: a brief's YAML that the check finds, and what it reports there.
    example: tuple[str, str] | None = None


def _fixed(code: str, name: str, summary: str) -> Code:
    """A code no settings file can change: what it finds leaves nothing to check or to build, or
    it is what makes the evidence trustworthy (settings may come from an unreviewed change)."""
    return Code(code, name, "error", summary, configurable=False)


def _standard(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    waivable: bool = True,
    example: tuple[str, str] | None = None,
) -> Code:
    """A tradecraft check."""
    return Code(code, name, severity, summary, waivable=waivable, tradecraft=True, example=example)


_CATALOGUE: tuple[Code, ...] = (
    # Loading (BG1xx): the file itself.
    _fixed("BG101", "file-too-large", "The file (a brief, or a settings file) is larger than its size limit."),
    _fixed("BG102", "not-utf8", "The file (a brief, or a settings file) is not UTF-8 text."),
    _fixed("BG103", "yaml-syntax", "The file is not well-formed YAML."),
    _fixed("BG104", "duplicate-key", "A mapping has the same key twice."),
    _fixed("BG105", "disallowed-tag", "A YAML tag other than the standard ones."),
    _fixed("BG106", "value-limit", "The document, with its aliases expanded, has too many values."),
    _fixed("BG107", "nesting-limit", "Mappings and lists nest deeper than the limit."),
    _fixed("BG108", "not-a-mapping", "The document is not a mapping of fields."),
    _fixed("BG109", "empty-file", "The file holds no YAML document."),
    _fixed("BG110", "multiple-documents", "The file holds more than one YAML document."),
    _fixed(
        "BG111",
        "unreadable-file",
        "The file (a brief, or a settings file) cannot be read: missing, a link, not a regular file.",
    ),
    _fixed("BG112", "list-too-long", "A list holds more items than the limit."),
    _fixed("BG113", "too-many-citations", "The brief cites more pieces of evidence than the limit."),
    _fixed("BG114", "control-character", "A text holds a control character (from an escape such as \\0)."),
    _fixed("BG115", "number-too-long", "A whole number has more digits than the limit."),
    _fixed("BG116", "no-brief-at-path", "A path the command was given is missing, or names no brief."),
    _fixed("BG120", "settings-syntax", "The settings file (briefgen.toml, pyproject.toml) is not well-formed TOML."),
    _fixed(
        "BG121",
        "settings-invalid",
        "The settings file names an unknown setting, code or severity, or a value its setting does not take.",
    ),
    # Shape (BG2xx): the Pydantic models.
    _fixed("BG201", "unknown-field", "A field the format does not have (often a typo)."),
    _fixed("BG202", "missing-field", "A required field is missing."),
    _fixed("BG203", "invalid-value", "A value is not one the field accepts."),
    _fixed("BG204", "wrong-type", "A value has the wrong type (text, number, list, mapping)."),
    # References (BG3xx): ids and links between items, archived files.
    _fixed("BG301", "duplicate-id", "Two items share one id."),
    _fixed("BG302", "unresolved-reference", "A reference names no item of the right kind."),
    _fixed("BG303", "unresolved-inline-citation", "An inline `[@id]` citation names no source."),
    # A tradecraft standard checked with the references: reported, configured and waived with them.
    _standard("BG304", "scenario-without-indicator", "error", "A scenario has no indicator to tell it apart."),
    Code("BG305", "uncited-source", "warning", "A source is listed but never cited."),
    Code("BG306", "likelihood-off-scale", "error", "A likelihood term is not on the brief's scale."),
    Code(
        "BG307",
        "scenario-indicators-disagree",
        "warning",
        "A scenario's optional `indicators` list disagrees with the indicators whose signals name it.",
        example=(
            "scenarios:\n  - id: SC1\n    indicators: [IND1, IND2]   # optional: best left out\n"
            "indicators:\n  - id: IND1\n    signals: [{scenario: SC1, direction: raises}]\n"
            "  - id: IND2\n    signals: [{scenario: SC2, direction: raises}]\n"
            "  - id: IND3\n    signals: [{scenario: SC1, direction: lowers}]",
            "scenario SC1's `indicators` list disagrees with the indicators' signals: it lists IND2, which does "
            "not signal it and leaves out IND3, which signals it",
        ),
    ),
    _fixed("BG310", "archive-outside-folder", "An `archive` path leads outside the brief's folder."),
    _fixed("BG311", "archive-missing", "An archived source file does not exist."),
    _fixed("BG312", "archive-not-text", "An archived source is not UTF-8 text."),
    _fixed("BG313", "archive-too-large", "An archived source is larger than the limit."),
    _fixed("BG314", "archives-too-large", "The brief's archived sources together are larger than the limit."),
    # Evidence (BG4xx): quotes against archived texts.
    _fixed("BG401", "quote-not-found", "A quote is not in its source's archived text."),
    _fixed(
        "BG402",
        "quote-cuts-word",
        "A quote starts or ends in the middle of a word of its source (`xisting` for `existing`).",
    ),
    Code(
        "BG403",
        "quote-cut-by-comment",
        "warning",
        "An unquoted `quote:` holds ` #`: YAML reads the rest of the line as a comment, so the quote is cut short.",
    ),
    Code(
        "BG404",
        "quote-accents-differ",
        "error",
        "A quote differs from its source only in accents (`Gatun` for `Gatún`): the hint gives the corrected quote.",
    ),
    # Tradecraft (BG5xx): estimative language.
    _standard(
        "BG501",
        "likelihood-wording-mismatch",
        "error",
        "A statement's wording carries a likelihood other than its likelihood field.",
    ),
    _standard(
        "BG502",
        "likelihood-rows-mixed",
        "warning",
        "ICD 203's likelihood row and probability row are both used in one brief.",
    ),
    _standard(
        "BG503",
        "likelihood-wording-off-scale",
        "warning",
        "Prose uses a likelihood term of another scale than the brief's.",
    ),
    _standard(
        "BG504",
        "probability-outside-range",
        "error",
        "A numeric probability falls outside the range of its likelihood term.",
    ),
    _standard(
        "BG505",
        "likelihood-with-confidence",
        "error",
        "One sentence carries both a likelihood term and a confidence level.",
    ),
    # Scenarios and indicators.
    _standard(
        "BG511",
        "scenario-likelihoods-impossible",
        "error",
        "The mutually exclusive scenarios' likelihoods cannot add up to about 100%.",
    ),
    _standard(
        "BG512",
        "indicator-not-diagnostic",
        "warning",
        "An indicator signals every scenario the same way, so it tells none apart.",
    ),
    _standard(
        "BG513",
        "scenarios-indistinguishable",
        "warning",
        "Two scenarios are signalled the same way by every indicator.",
    ),
    # Sourcing.
    _standard(
        "BG521", "single-source-high-confidence", "warning", "A high-confidence judgment rests on a single source."
    ),
    _standard("BG522", "single-source-brief", "warning", "All of the brief's evidence comes from one source."),
    _standard(
        "BG523",
        "admiralty-diagonal",
        "warning",
        "Every Admiralty grade in the brief lies on the diagonal (A1, B2, C3 …).",
    ),
    _standard("BG524", "source-after-cutoff", "warning", "A source was published after the information cut-off."),
    # Dates that cannot both be right: no reason makes them so, so they cannot be waived (IMPOSSIBLE).
    _standard(
        "BG525", "cutoff-after-date", "error", "The information cut-off is later than the brief's date.", waivable=False
    ),
    _standard(
        "BG526",
        "indicator-review-stale",
        "warning",
        "An indicator has not been reviewed for longer than the review period.",
    ),
    _standard(
        "BG527", "review-after-date", "error", "An indicator was reviewed after the brief's date.", waivable=False
    ),
    # The bottom line against the judgments it restates.
    _standard(
        "BG531",
        "bottom-line-estimate-mismatch",
        "error",
        "An estimate in the bottom line disagrees with the key judgment or scenario it restates.",
        example=(
            "bottom_line: |\n  Russian patrols will likely continue east of the Euphrates.\n"
            "  Patrols will almost certainly not stop (SC2).\n"
            "key_judgments:\n  - id: KJ1\n"
            "    statement: Russian patrols are unlikely to continue east of the Euphrates.\n"
            "    likelihood: unlikely\nscenarios:\n  - id: SC2\n    title: Patrols stop\n    likelihood: unlikely",
            "the bottom line says \"likely\" ('likely' (55–80%)) restating KJ1 (sharing 5 of its words), but "
            "KJ1's likelihood is 'unlikely' (20–45%); and: the bottom line says \"almost certainly not\" "
            "('almost no chance' (1–5%)) of SC2, which it names, but SC2's likelihood is 'unlikely' (20–45%)",
        ),
    ),
    _standard(
        "BG532",
        "bottom-line-estimate-unsupported",
        "warning",
        "The bottom line states an estimate that restates no key judgment or scenario.",
        example=(
            "bottom_line: A ceasefire in Idlib is very likely.   # no judgment or scenario about Idlib",
            "the bottom line states \"very likely\" ('very likely' (80–95%)), but the sentence restates no key "
            "judgment or scenario: it names none in brackets, and shares too few words with any",
        ),
    ),
    # Waivers: about the waivers themselves, which nothing waives.
    _standard("BG590", "waiver-unknown-check", "warning", "A waiver names no check that can be waived.", False),
    _standard("BG591", "waiver-unused", "warning", "A waiver names a check that finds nothing on its item.", False),
    # Build (BG6xx): what stops a valid brief from being built; a brief that cannot be rendered
    # is never written, so no setting can turn these down.
    _fixed("BG601", "duplicate-brief-id", "Two briefs built together share one id, which names their output folder."),
    _fixed(
        "BG602",
        "render-failed",
        "A brief could not be rendered: it took longer than the time limit or ran out of memory.",
    ),
    _fixed(
        "BG603",
        "archive-not-rendered",
        "A source's archived text was not read (its `archive` is still a placeholder), so the brief "
        "cannot be rendered with its passages.",
    ),
    # Drafting (BG9xx).
    Code("BG901", "placeholder", "warning", 'A value is still a `"<…>"` placeholder to be replaced.'),
)

CODES: dict[str, Code] = {code.code: code for code in _CATALOGUE}

# The codes an item may waive, in code order (a hint lists them so).
WAIVABLE: tuple[str, ...] = tuple(sorted(code.code for code in _CATALOGUE if code.waivable))

# Tradecraft checks that cannot be waived because they find dates that cannot both be right.
IMPOSSIBLE: tuple[str, ...] = ("BG525", "BG527")

# The checks the tradecraft panel of a rendered brief reports.
TRADECRAFT: tuple[str, ...] = tuple(sorted(code.code for code in _CATALOGUE if code.tradecraft))

PLACEHOLDER = "BG901"


# Names a code had before, still understood in settings and waivers.
FORMER_NAMES: dict[str, str] = {"indicator-not-signalling": "BG307"}


def resolve_code(name: str) -> str | None:
    """The code a setting or waiver means: a code (`BG503`) or a code's name (`admiralty-diagonal`)."""
    if name.upper() in CODES:
        return name.upper()
    if name.lower() in FORMER_NAMES:
        return FORMER_NAMES[name.lower()]
    for code in _CATALOGUE:
        if code.name == name.lower():
            return code.code
    return None


def why_fixed(code: str) -> str:
    """Why a settings file cannot change a code that is not configurable."""
    if code.startswith("BG6"):
        return "build (BG6xx) problems stop a brief from being built: fix the brief instead"
    if code.startswith(("BG3", "BG4")):
        return (
            "the reference, archive and evidence checks (BG301-BG303, BG310-BG314, BG401, BG402) show that "
            "each quote really is in its source: no settings file may turn them off or down"
        )
    return "loading (BG1xx) and shape (BG2xx) problems always stop a brief from being checked"
