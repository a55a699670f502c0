"""The skeleton of a new brief: every section, `"<…>"` placeholders, and a comment per field.

The skeleton validates with warnings only: placeholders are BG901 warnings, and every field that
takes one of a fixed set of values (marking, scale, likelihood, confidence, …) holds a valid one,
with a comment listing the others to choose from.
"""

from __future__ import annotations

import datetime as dt
import typing
from string import Template

from pydantic import BaseModel

from briefgen.brief.models import Assumption, Indicator, KeyJudgment, Source
from briefgen.brief.scales import CREDIBILITY, RELIABILITY, SCALES, TLP_LABELS

SCHEMA_FILE = "schemas/brief.schema.json"

_NO_SCHEMA = f"""\
# Editor completion: no {SCHEMA_FILE} was found in this repository. Write it with
# `briefgen schema` at the repository's top, then replace this comment with the line
# `# yaml-language-server: $schema=<path of {SCHEMA_FILE} relative to this file>`."""

_SKELETON = Template("""\
$schema_line
#
# A new brief, scaffolded by `briefgen new`. Replace each "<…>" placeholder with your text
# (`briefgen validate` lists those left as BG901 warnings), keep or change each value marked
# "choose", copy an item to add another, and delete the optional items you do not need.
# Free text is Markdown; cite a source inline as [@S1]. Archive each source's text, as UTF-8,
# in this brief's sources/ folder.

schema_version: 1
id: $slug  # the brief's slug: names its folder and its output files
title: "<Title: the subject or question, in a few words>"
# subtitle: "<Optional subtitle>"
version: "0.1"  # version of this assessment; keep the quotes
date: $today  # date of this version, YYYY-MM-DD
information_cutoff: $today  # latest date of the information taken into account
authors:
  - "<Author or authoring team>"
marking: TLP:AMBER  # choose: $tlp
# marking: {tlp: TLP:AMBER, classification: "<Classification or caveat line>"}
likelihood_scale: ICD-203  # choose: $scales

bottom_line: "<The main message, up front: the answer to the reader's question in two or three sentences>"
scope_note: "<What the brief covers and what it leaves out: subject, region, period, sources>"

# Likelihood terms, from least to most likely:
$terms
# Confidence rates the basis of a judgment, not the event: low, moderate or high.
key_judgments:
  - id: KJ1
    statement: "<The judgment, in one or two sentences>"
    likelihood: roughly even chance  # choose a term of the brief's scale (above)
    # probability: 50  # optional point probability in percent, inside the term's range
    confidence: moderate  # choose: $confidence
    rationale: "<Why you judge so: the reasoning and the sources it rests on>"
    evidence:
      - source: S1
        quote: "<A passage copied verbatim from S1's archived text; ... marks an omission>"
        # locator: "<Where in the source: paragraph, section or page>"
        # credibility: 2  # choose: $credibility
        # note: "<A short comment on this piece of evidence>"
    # Any item may waive a tradecraft check with a written reason:
    # waivers:
    #   - check: "<Code of the check, e.g. BG503>"
    #     reason: "<Why the check does not apply here>"

# Mutually exclusive alternative futures; each needs an indicator that tells it apart: an
# indicator whose `signals` (below) name it. The signals are the one place this is written.
scenarios:
  - id: SC1
    title: "<A short name for the scenario>"
    description: "<What the world looks like if this scenario holds>"
    likelihood: likely  # choose a term of the brief's scale (above)
    timeframe: "<The period it speaks of, e.g. through 2026>"
    drivers:
      - "<A force that would bring it about>"
  - id: SC2
    title: "<A short name for the alternative scenario>"
    description: "<What the world looks like if this scenario holds>"
    likelihood: unlikely  # choose a term of the brief's scale (above)
    timeframe: "<The period it speaks of, e.g. through 2026>"
    drivers:
      - "<A force that would bring it about>"

implications:
  - id: IM1
    party: "<The party concerned, e.g. a government or an organisation>"
    statement: "<What the assessment means for that party>"
    follows_from: [KJ1]  # ids of the key judgments or scenarios it follows from

# Signposts to watch: something observable that tells the scenarios apart.
indicators:
  - id: IND1
    # title: "<Optional short label for tables>"
    description: "<What would be observed, where and by whom>"
    # threshold: "<The level at which it counts as observed>"
    signals:  # the scenarios it tells apart; direction: choose raises or lowers
      - {scenario: SC1, direction: raises}
      - {scenario: SC2, direction: lowers}
    status: not_observed  # choose: $status
    last_reviewed: $today  # when the status was last checked
    evidence:
      - source: S1
        quote: "<A passage copied verbatim from S1's archived text>"

# Key assumptions check.
assumptions:
  - id: A1
    statement: "<An assumption the line of analysis rests on>"
    rating: caveated  # choose: $rating
    rationale: "<Why it is rated so>"
    indicators: [IND1]  # ids of the indicators that would show it failing

# Intelligence gaps.
gaps:
  - id: G1
    statement: "<What you do not know and would like to>"
    affects: [KJ1]  # ids of the judgments, scenarios or indicators it weakens
    collection: "<What would close the gap>"

source_summary: "<Which sources carry the judgments, their strengths and weaknesses, and where they agree or conflict>"

sources:
  - id: S1  # cite it as [@S1] or as `source: S1` in evidence
    title: "<The title as in the document>"
    # title_supplied: true  # if the document has no title and you wrote one
    author: "<Author; null when the text does not say>"
    publisher: "<Publisher; null when the text does not say>"
    # published: 2026-01-15  # YYYY, YYYY-MM or YYYY-MM-DD; an estimate: {date: 2026-01, estimated: true, basis: "<how>"}
    accessed: $today  # when you retrieved the text
    # url: https://example.org/article  # where the original is published
    # language: ru  # the text's language, when it is not English (a BCP 47 tag)
    kind: news_report  # choose: $kinds
    archive: "<Path of the archived text in this brief's folder, e.g. sources/s1.txt>"
    reliability: F  # choose: $reliability
    reliability_note: "<One line on why the source gets that grade>"
    summary: "<What the source is and what it contributes>"
""")


def schema_line(relative: str | None) -> str:
    """The editor's schema comment for a schema file at `relative` (from the brief), or how to get one."""
    if relative is None:
        return _NO_SCHEMA
    return f"# yaml-language-server: $schema={relative}"


def skeleton(slug: str, schema: str | None, today: dt.date) -> str:
    """The text of a new brief with id `slug`; `schema` is the schema file's path relative to it."""
    icd, phia = SCALES["ICD-203"], SCALES["PHIA"]
    return _SKELETON.substitute(
        schema_line=schema_line(schema),
        slug=slug,
        today=today.isoformat(),
        tlp=", ".join(reversed(TLP_LABELS)),
        scales=", ".join(SCALES),
        terms="\n".join(
            [
                "#   ICD-203: " + ", ".join(t.term for t in icd.terms if t.row == "likelihood"),
                "#     (or its probability row: "
                + ", ".join(t.term for t in icd.terms if t.row == "probability")
                + ")",
                "#   PHIA: " + ", ".join(t.term for t in phia.terms),
            ]
        ),
        confidence=_choices(KeyJudgment, "confidence"),
        credibility=", ".join(f"{grade} {meaning.lower()}" for grade, meaning in CREDIBILITY.items()),
        status=_choices(Indicator, "status"),
        rating=_choices(Assumption, "rating"),
        kinds=_choices(Source, "kind"),
        reliability=", ".join(f"{grade} {meaning.lower()}" for grade, meaning in RELIABILITY.items()),
    )


def _choices(model: type[BaseModel], name: str) -> str:
    """The allowed values of a Literal field, as a comment lists them."""
    values = typing.get_args(model.model_fields[name].annotation)
    return ", ".join(str(value) for value in values)
