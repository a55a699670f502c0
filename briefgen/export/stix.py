"""The brief as a STIX 2.1 bundle, for OpenCTI, MISP and any TAXII server.

- a `report` for the brief: name, `published` from its date, the bottom line as description, the
  TLP 2.0 marking and `object_refs` to everything below; each source an external reference with its
  URL and the SHA-256 of its archived text;
- a `note` for each key judgment and each scenario: STIX's note "conveys informative text to
  provide further context and/or to provide additional analysis" about the objects it refers to,
  which is what an analytic judgment is (an `opinion` is an assessment of the correctness of
  another producer's STIX object, which a judgment is not);
- `confidence` on STIX's High/Medium/Low scale (appendix A of the specification): low 15,
  moderate 50, high 85;
- the likelihood (term, scale, range, point probability) in a property extension defined by an
  `extension-definition` object in the bundle, not in ad hoc `x_` properties;
- each author an `identity` (the first is the producer, `created_by_ref`).

Ids are UUIDv5 (see `common`); `created` is the brief's first version's date, `modified` this
version's date: a new version updates the same objects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefgen.check.context import BriefContext
from briefgen.errors import BriefgenError
from briefgen.export.common import CONFIDENCE, archive_sha256, day, first_date, item_uuid, likelihood, plain

EXTRA = "stix"
SPEC = "2.1"

# OASIS's TLP 2.0 marking definitions (cti-stix-common-objects): published ids, used as they are.
TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_MARKINGS = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP_CREATED = "2022-10-01T00:00:00.000Z"

# The likelihood extension: its id is fixed (a new version of the definition gets a new id).
LIKELIHOOD_EXTENSION = "extension-definition--" + "3d1a8f0c-52b6-4a7e-8f43-9c2e1b7d6a51"
LIKELIHOOD_SCHEMA = (
    "briefgen estimative likelihood, version 1.0. A property extension on a note (or any SDO) that "
    "states an analytic judgment. Properties: likelihood (string, required): the estimative term as "
    "written, e.g. 'very likely'; likelihood_scale (string, required): the scale the term is taken "
    "from, 'ICD-203' (US Intelligence Community Directive 203) or 'PHIA' (UK Professional Head of "
    "Intelligence Assessment probability yardstick); probability_low and probability_high (integers, "
    "percent, required): the range the term stands for on that scale; probability (integer, percent, "
    "optional): the analyst's point estimate, inside the range; estimative_rung (string, required): the "
    "term's rung on the seven-step ladder of MISP's estimative-language taxonomy (almost-no-chance, "
    "very-unlikely, unlikely, roughly-even-chance, likely, very-likely, almost-certain)."
)


def export_stix(ctx: BriefContext, path: Path) -> str:
    """The bundle as JSON text (UTF-8, sorted as stix2 serialises it), ending with a newline."""
    try:
        import stix2
    except ImportError as error:
        raise BriefgenError(
            "`briefgen export stix` needs the stix2 library, which is not installed",
            f"install briefgen's '{EXTRA}' extra: pip install 'briefgen[{EXTRA}]'",
        ) from error
    brief = ctx.brief
    created = day(first_date(path, brief))
    modified = max(day(brief.date), created)
    stamp = {"created": created, "modified": modified, "spec_version": SPEC}
    marking = TLP_MARKINGS[brief.marking.tlp]
    marked = {"object_marking_refs": [marking]}

    authors = [
        stix2.Identity(
            id=f"identity--{item_uuid(brief, 'author', name)}", name=name, identity_class="unknown", **stamp, **marked
        )
        for name in brief.authors
    ]
    producer = authors[0].id
    extension = stix2.ExtensionDefinition(
        id=LIKELIHOOD_EXTENSION,
        created_by_ref=producer,
        created=created,
        modified=created,
        name="briefgen estimative likelihood",
        description="The likelihood of an analytic judgment, in the estimative terms of a named scale.",
        schema=LIKELIHOOD_SCHEMA,
        version="1.0",
        extension_types=["property-extension"],
    )
    report_id = f"report--{item_uuid(brief, 'report')}"
    notes = [
        _note(stix2, ctx, report_id, producer, stamp, marked, "key judgment", judgment.id, judgment.statement,
              judgment.rationale, judgment.likelihood, judgment.probability, judgment.confidence)
        for judgment in brief.key_judgments
    ] + [
        _note(stix2, ctx, report_id, producer, stamp, marked, "scenario", scenario.id, scenario.title,
              scenario.description, scenario.likelihood, scenario.probability, None)
        for scenario in brief.scenarios
    ]  # fmt: skip
    report = stix2.Report(
        id=report_id,
        created_by_ref=producer,
        name=brief.title,
        description=plain(brief.bottom_line),
        published=day(brief.date),
        report_types=["threat-report"],
        object_refs=[*(note.id for note in notes), *(author.id for author in authors)],
        labels=[f"version {brief.version}", brief.likelihood_scale],
        external_references=[_reference(ctx, source) for source in brief.sources],
        **stamp,
        **marked,
    )
    tlp = stix2.MarkingDefinition(
        id=marking,
        created=TLP_CREATED,
        name=brief.marking.tlp,
        extensions={TLP_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": _tlp_value(brief.marking.tlp)}},
    )
    bundle = stix2.Bundle(
        [tlp, extension, *authors, report, *notes], id=f"bundle--{item_uuid(brief, 'bundle', brief.version)}"
    )
    return json.dumps(json.loads(bundle.serialize()), indent=2, ensure_ascii=False) + "\n"


def _note(
    stix2: Any,
    ctx: BriefContext,
    report_id: str,
    producer: str,
    stamp: dict[str, Any],
    marked: dict[str, Any],
    kind: str,
    item_id: str,
    lead: str,
    body: str,
    term: str,
    probability: int | None,
    confidence: str | None,
) -> Any:
    found = likelihood(ctx.brief, term, probability)
    properties: dict[str, Any] = {
        "extension_type": "property-extension",
        "likelihood": found.term,
        "likelihood_scale": found.scale,
        "probability_low": found.low,
        "probability_high": found.high,
        "estimative_rung": found.rung,
    }
    if probability is not None:
        properties["probability"] = probability
    label = f"{kind} {item_id}: {found.term} ({found.low}–{found.high}%)"
    if confidence:
        label += f", {confidence} confidence"
    return stix2.Note(
        id=f"note--{item_uuid(ctx.brief, kind.replace(' ', '-'), item_id)}",
        created_by_ref=producer,
        abstract=f"{ctx.brief.id} {label}",
        content=plain(lead) + "\n\n" + plain(body),
        authors=list(ctx.brief.authors),
        object_refs=[report_id],
        labels=[kind, item_id],
        extensions={LIKELIHOOD_EXTENSION: properties},
        **({"confidence": CONFIDENCE[confidence]} if confidence else {}),
        **stamp,
        **marked,
    )


def _reference(ctx: BriefContext, source: Any) -> dict[str, Any]:
    from briefgen.brief.scales import grade_label

    reference: dict[str, Any] = {
        "source_name": source.title,
        "external_id": source.id,
        "description": f"Admiralty reliability {grade_label(source.reliability, None)}: {source.reliability_note}",
    }
    if source.url:
        reference["url"] = source.url
    digest = archive_sha256(ctx, source.archive)
    if digest:
        reference["hashes"] = {"SHA-256": digest}
    return reference


def _tlp_value(label: str) -> str:
    return label.split(":", 1)[1].lower()
