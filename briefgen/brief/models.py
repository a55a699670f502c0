"""The brief format: Pydantic models of a brief's shape.

Only the shape of each item is checked here; rules that span items (references,
scales, evidence) live in `briefgen.check.rules`.
"""

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from briefgen.brief.scales import ALL_TERMS, TLP_LABELS

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="An identifier: a letter, then up to 39 letters, digits, `_`, `.` or `-`."),
]
# A text holds at least one character other than white space (`\\S` is searched for, not anchored).
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=r"\S")]
Markdown = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50_000, pattern=r"\S"),
    Field(description="Markdown (CommonMark, raw HTML off). Cite a source inline as `[@S3]`."),
]
Likelihood = Literal[ALL_TERMS]  # type: ignore[valid-type]
Confidence = Literal["low", "moderate", "high"]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
if TYPE_CHECKING:  # a Literal built from the table at run time is beyond a type checker
    TlpLabel = str
else:
    TlpLabel = Literal[tuple(TLP_LABELS)]


def _written_as_a_whole_number(value: Any) -> Any:
    """Refuse what Pydantic's lax mode would take for a whole number: YAML's `true` is not 1, nor
    `1.0` a whole number, nor the text "1" a number. (Every numeric field of the format is whole.)"""
    if isinstance(value, (bool, float)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# Every numeric field's type is one of these two: a whole number, or one of a few.
WholeNumber = BeforeValidator(_written_as_a_whole_number)
Percent = Annotated[int, Field(ge=0, le=100, strict=True), WholeNumber]
Credibility = Annotated[Literal[1, 2, 3, 4, 5, 6], WholeNumber]


def _not_a_number(value: Any) -> Any:
    """Refuse a number where a date belongs: Pydantic would read it as seconds since 1970."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("date_number", "a date must be written YYYY-MM-DD, not as a number")
    return value


Day = Annotated[dt.date, BeforeValidator(_not_a_number)]


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Waiver(Strict):
    """A written reason to waive one tradecraft check for one item."""

    check: Annotated[Text, Field(description="Code of the check to waive, e.g. `BG503`.")]
    reason: Annotated[Text, Field(description="Why the check does not apply; shown in the rendered brief.")]


Waivers = Annotated[
    list[Waiver],
    Field(default=[], description="Tradecraft checks waived for this item, each with a reason."),
]


class Citation(Strict):
    """A piece of evidence: a verbatim quote from one archived source."""

    source: Annotated[Id, Field(description="Id of the source quoted (one of `sources`).")]
    quote: Annotated[
        Text,
        Field(
            description=(
                "Verbatim text from the source's archived copy. `...` or `[...]` marks an elision, "
                "`[words]` (up to four) an insertion of your own; typographic quotes, dash styles, "
                "line breaks and ligatures need not match exactly, accents must."
            )
        ),
    ]
    locator: Annotated[Text | None, Field(default=None, description="Where in the source: paragraph, section or page.")]
    credibility: Annotated[
        Credibility | None,
        Field(
            default=None,
            description="Admiralty credibility of this piece of information: 1 confirmed … 6 cannot be judged.",
        ),
    ]
    note: Annotated[Text | None, Field(default=None, description="A short comment on this piece of evidence.")]


Evidence = Annotated[list[Citation], Field(min_length=1, description="Citations: at least one.")]


class KeyJudgment(Strict):
    """An estimative judgment, with its likelihood and, separately, the confidence in it."""

    id: Annotated[Id, Field(description="Id of the judgment, e.g. `KJ1`.")]
    statement: Annotated[Markdown, Field(description="The judgment, in one or two sentences (Markdown).")]
    likelihood: Annotated[Likelihood, Field(description="A term of the brief's likelihood scale.")]
    probability: Annotated[
        Percent | None,
        Field(default=None, description="Optional point probability in percent; must fall in the term's range."),
    ]
    confidence: Annotated[
        Confidence, Field(description="Confidence in the basis of the judgment: low, moderate or high.")
    ]
    rationale: Annotated[Markdown, Field(description="Why the analyst judges so: reasoning and sources (Markdown).")]
    evidence: Evidence
    waivers: Waivers


class Scenario(Strict):
    """One of a set of mutually exclusive alternative futures."""

    id: Annotated[Id, Field(description="Id of the scenario, e.g. `SC1`.")]
    title: Annotated[Text, Field(description="A short name for the scenario.")]
    description: Annotated[Markdown, Field(description="What the world looks like if this scenario holds (Markdown).")]
    likelihood: Annotated[Likelihood, Field(description="A term of the brief's likelihood scale.")]
    probability: Annotated[
        Percent | None,
        Field(default=None, description="Optional point probability in percent; must fall in the term's range."),
    ]
    timeframe: Annotated[Text, Field(description="The period the scenario speaks of, e.g. `through 2026`.")]
    drivers: Annotated[list[Text], Field(min_length=1, description="The forces that would bring it about.")]
    indicators: Annotated[
        list[Id] | None,
        Field(
            default=None,
            description="Optional, and best left out: the indicators whose `signals` name this scenario are its "
            "indicators. Where written, the list must name exactly those (BG307).",
        ),
    ]
    waivers: Waivers


class Implication(Strict):
    """What the assessment means for one party."""

    id: Annotated[Id, Field(description="Id of the implication, e.g. `IM1`.")]
    party: Annotated[Text, Field(description="The party concerned, e.g. `United States`, `Israel`.")]
    statement: Annotated[Markdown, Field(description="The implication for that party (Markdown).")]
    follows_from: Annotated[
        list[Id],
        Field(min_length=1, description="Ids of the key judgments or scenarios it follows from."),
    ]
    waivers: Waivers


class Signal(Strict):
    """Which way an indicator moves one scenario when it is observed."""

    scenario: Annotated[Id, Field(description="Id of the scenario signalled.")]
    direction: Annotated[
        Literal["raises", "lowers"],
        Field(description="`raises` if observing the indicator makes the scenario more likely, else `lowers`."),
    ]


class Indicator(Strict):
    """A signpost to watch: something observable that tells the scenarios apart."""

    id: Annotated[Id, Field(description="Id of the indicator, e.g. `IND4`.")]
    title: Annotated[Text | None, Field(default=None, description="Optional short label for tables.")]
    description: Annotated[Markdown, Field(description="What would be observed, where and by whom (Markdown).")]
    threshold: Annotated[
        Text | None, Field(default=None, description="Optional: the level at which it counts as observed.")
    ]
    signals: Annotated[
        list[Signal], Field(min_length=1, description="The scenarios it signals, and in which direction.")
    ]
    status: Annotated[
        Literal["not_observed", "emerging", "observed", "receding"],
        Field(description="Status as of the information cut-off."),
    ]
    last_reviewed: Annotated[Day, Field(description="When the status was last checked (YYYY-MM-DD).")]
    evidence: Evidence
    waivers: Waivers


class Assumption(Strict):
    """A key assumption the line of analysis rests on, rated in a key assumptions check."""

    id: Annotated[Id, Field(description="Id of the assumption, e.g. `A1`.")]
    statement: Annotated[Markdown, Field(description="The assumption (Markdown).")]
    rating: Annotated[
        Literal["solid", "caveated", "unsupported"],
        Field(description="How well it holds up: solid, caveated or unsupported."),
    ]
    rationale: Annotated[Markdown | None, Field(default=None, description="Why it is rated so (Markdown).")]
    indicators: Annotated[
        list[Id],
        Field(default=[], description="Ids of the indicators that would show it failing."),
    ]
    waivers: Waivers


class Gap(Strict):
    """An intelligence gap: what the analyst does not know and would like to."""

    id: Annotated[Id, Field(description="Id of the gap, e.g. `G1`.")]
    statement: Annotated[Markdown, Field(description="What is not known (Markdown).")]
    affects: Annotated[
        list[Id],
        Field(default=[], description="Ids of the judgments, scenarios or indicators it weakens."),
    ]
    collection: Annotated[Markdown | None, Field(default=None, description="What would close the gap (Markdown).")]
    waivers: Waivers


def _on_calendar(value: str) -> str:
    """Refuse a partial date the pattern allows but the calendar does not (year 0000, 30 February)."""
    parts = [int(part) for part in value.split("-")]
    if parts[0] == 0:
        raise PydanticCustomError("partial_date_year", "there is no year 0000")
    if len(parts) == 3 and parts[2] > calendar.monthrange(parts[0], parts[1])[1]:
        raise PydanticCustomError(
            "partial_date_day",
            "{month} has {days} days",
            {"month": f"{calendar.month_name[parts[1]]} {parts[0]}", "days": calendar.monthrange(*parts[:2])[1]},
        )
    return value


class PartialDate(Strict):
    """A date that may be only a year or a year and month, and may be an estimate."""

    date: Annotated[
        str,
        StringConstraints(pattern=PARTIAL_DATE_PATTERN),
        AfterValidator(_on_calendar),
        Field(description="`YYYY`, `YYYY-MM` or `YYYY-MM-DD`."),
    ]
    estimated: Annotated[bool, Field(default=False, description="True if the date is the analyst's estimate.")]
    basis: Annotated[Text | None, Field(default=None, description="How the date was established or estimated.")]

    @property
    def precision(self) -> str:
        return ("year", "month", "day")[self.date.count("-")]

    @property
    def latest(self) -> dt.date:
        """The last day the date may stand for (a year-month ends on its last day)."""
        parts = [int(part) for part in self.date.split("-")]
        year, month = parts[0], parts[1] if len(parts) > 1 else 12
        return dt.date(year, month, parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1])

    @property
    def earliest(self) -> dt.date:
        parts = [int(part) for part in self.date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


def _scalar_date(value: Any) -> Any:
    # YAML reads an unquoted year as a number: a year is welcome, any other number is no date.
    if isinstance(value, float) or isinstance(value, int) and not isinstance(value, bool) and not 1000 <= value <= 9999:
        raise PydanticCustomError("date_number", "a date must be written YYYY, YYYY-MM or YYYY-MM-DD, not as a number")
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return {"date": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


SourceKind = Literal[
    "news_report",
    "analysis",
    "official_statement",
    "academic_paper",
    "historical_analysis",
    "dataset",
    "social_media",
    "interview",
    "other",
]


class Source(Strict):
    """A source document, with its archived text beside the brief."""

    id: Annotated[Id, Field(description="Id of the source, e.g. `S1`; cited as `[@S1]`.")]
    title: Annotated[Text, Field(description="The title as in the document, or one the analyst supplies.")]
    title_supplied: Annotated[
        bool,
        Field(default=False, description="True if the document has no title and `title` is the analyst's."),
    ]
    author: Annotated[Text | None, Field(default=None, description="Author, or null when the text does not say.")]
    publisher: Annotated[Text | None, Field(default=None, description="Publisher, or null when the text does not say.")]
    published: Annotated[
        PartialDate | None,
        BeforeValidator(
            _scalar_date,
            json_schema_input_type=Annotated[str, StringConstraints(pattern=PARTIAL_DATE_PATTERN)] | PartialDate | None,
        ),
        Field(
            default=None,
            description=(
                "Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a mapping "
                "`{date, estimated, basis}` for an estimate; null when unknown."
            ),
        ),
    ]
    accessed: Annotated[
        Day | None, Field(default=None, description="When the analyst retrieved the text (YYYY-MM-DD).")
    ]
    url: Annotated[
        str | None,
        StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000),
        Field(default=None, description="Where the original is published (http or https)."),
    ]
    language: Annotated[
        str | None,
        StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$", max_length=35),
        Field(
            default=None,
            description=(
                "Language of the archived text and its quotes as a BCP 47 tag (`ru`, `ar`, `fr-CA`), "
                "when it is not the brief's English: screen readers read the quoted passages in it."
            ),
        ),
    ]
    kind: Annotated[SourceKind, Field(description="What kind of document it is.")]
    archive: Annotated[
        Text,
        Field(description="Path of the archived text, relative to the brief's folder, e.g. `sources/s1.txt`."),
    ]
    reliability: Annotated[
        Reliability,
        Field(description="Admiralty reliability of the source: A completely reliable … F cannot be judged."),
    ]
    reliability_note: Annotated[Text, Field(description="One line on why the source gets that grade.")]
    summary: Annotated[
        Markdown | None, Field(default=None, description="What the source is and what it contributes (Markdown).")
    ]
    waivers: Waivers


class Marking(Strict):
    """Handling marking: a TLP 2.0 label and, optionally, a classification line."""

    tlp: Annotated[TlpLabel, Field(description="Traffic Light Protocol 2.0 label, e.g. `TLP:CLEAR`.")]
    classification: Annotated[Text | None, Field(default=None, description="Optional classification or caveat line.")]


def _scalar_marking(value: Any) -> Any:
    return {"tlp": value} if isinstance(value, str) else value


class Brief(Strict):
    """An intelligence brief: bottom line, judgments, scenarios, indicators and sources."""

    schema_version: Annotated[
        Literal[1], WholeNumber, Field(description="Version of the brief format; this is version 1.")
    ]
    id: Annotated[
        str,
        StringConstraints(pattern=SLUG_PATTERN, max_length=80),
        Field(description="Slug of the brief: lower-case words joined by `-`; names its output folder."),
    ]
    title: Annotated[Text, Field(description="Title of the brief.")]
    subtitle: Annotated[Text | None, Field(default=None, description="Optional subtitle.")]
    version: Annotated[
        str,
        StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$"),
        Field(description='Version of this assessment, e.g. `"1.2"` (quote it in YAML).'),
    ]
    date: Annotated[Day, Field(description="Date of this version (YYYY-MM-DD).")]
    information_cutoff: Annotated[
        Day, Field(description="Latest date of the information the brief takes into account.")
    ]
    authors: Annotated[list[Text], Field(min_length=1, description="Authors or the authoring team.")]
    marking: Annotated[
        Marking,
        BeforeValidator(_scalar_marking, json_schema_input_type=TlpLabel | Marking),
        Field(description="A TLP 2.0 label such as `TLP:CLEAR`, or `{tlp, classification}`."),
    ]
    likelihood_scale: Annotated[
        Literal["ICD-203", "PHIA"],
        Field(default="ICD-203", description="The likelihood scale whose terms the brief uses."),
    ]
    bottom_line: Annotated[Markdown, Field(description="The main message, up front (Markdown).")]
    scope_note: Annotated[Markdown, Field(description="What the brief covers and does not (Markdown).")]
    key_judgments: Annotated[list[KeyJudgment], Field(min_length=1, description="The key judgments.")]
    scenarios: Annotated[list[Scenario], Field(default=[], description="Mutually exclusive alternative scenarios.")]
    implications: Annotated[list[Implication], Field(default=[], description="Implications for each party concerned.")]
    indicators: Annotated[list[Indicator], Field(default=[], description="Indicators to watch.")]
    assumptions: Annotated[list[Assumption], Field(default=[], description="Key assumptions check.")]
    gaps: Annotated[list[Gap], Field(default=[], description="Intelligence gaps.")]
    source_summary: Annotated[
        Markdown | None,
        Field(
            default=None,
            description="Source summary statement: which sources carry the judgments, their strengths, "
            "weaknesses, and where they agree or conflict (Markdown).",
        ),
    ]
    sources: Annotated[list[Source], Field(min_length=1, description="The sources the brief rests on.")]
    waivers: Waivers
