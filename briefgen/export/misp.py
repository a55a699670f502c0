"""The brief as a MISP event, in MISP's JSON format (pymisp's data model).

- the event: info from the title, date from the brief, analysis "completed", the TLP tag
  (`tlp:clear` …) and a distribution that follows it (RED and AMBER+STRICT: this organisation
  only; AMBER: this community; GREEN: connected communities; CLEAR: all communities);
- an event report holding the whole brief in Markdown (bottom line, judgments, scenarios,
  indicators, sources with their grades);
- a `text` attribute per key judgment and scenario, tagged with MISP's `estimative-language`
  taxonomy (likelihood and, for judgments, confidence in the analytic judgment);
- a `link` attribute per source with a URL (a `text` attribute otherwise), tagged with the
  `admiralty-scale` source reliability; the credibility of each cited passage is in the report.

Every uuid is UUIDv5 (see `common`) and every timestamp the brief's date, so the same brief gives
the same event and a new version updates the same attributes.
"""

from __future__ import annotations

import json
from typing import Any

from briefgen.brief.scales import credibility_label, grade_label
from briefgen.check.context import BriefContext
from briefgen.errors import BriefgenError
from briefgen.export.common import archive_sha256, day, item_uuid, likelihood, plain

EXTRA = "misp"
DISTRIBUTION = {"TLP:RED": 0, "TLP:AMBER+STRICT": 0, "TLP:AMBER": 1, "TLP:GREEN": 2, "TLP:CLEAR": 3}
_ANALYSIS_COMPLETED = 2
_THREAT_LEVEL_UNDEFINED = 4


def export_misp(ctx: BriefContext) -> str:
    """The event as MISP JSON text (`{"Event": …}`), ending with a newline."""
    try:
        from pymisp import MISPEvent, MISPEventReport
    except ImportError as error:
        raise BriefgenError(
            "`briefgen export misp` needs pymisp, which is not installed",
            f"install briefgen's '{EXTRA}' extra: pip install 'briefgen[{EXTRA}]'",
        ) from error
    brief = ctx.brief
    when = day(brief.date)
    distribution = DISTRIBUTION[brief.marking.tlp]
    event = MISPEvent()
    event.uuid = item_uuid(brief, "misp-event")
    event.info = brief.title
    event.date = brief.date
    event.analysis = _ANALYSIS_COMPLETED
    event.threat_level_id = _THREAT_LEVEL_UNDEFINED
    event.distribution = distribution
    event.timestamp = when
    event.add_tag(brief.marking.tlp.lower())

    for judgment in brief.key_judgments:
        _estimate(
            event,
            ctx,
            "key judgment",
            judgment.id,
            judgment.statement,
            judgment.likelihood,
            judgment.probability,
            judgment.confidence,
            when,
        )
    for scenario in brief.scenarios:
        _estimate(
            event, ctx, "scenario", scenario.id, scenario.title, scenario.likelihood, scenario.probability, None, when
        )
    for source in brief.sources:
        digest = archive_sha256(ctx, source.archive)
        comment = f"Source {source.id}: {source.title}" + (f"; SHA-256 of the archived text {digest}" if digest else "")
        attribute = event.add_attribute(
            "link" if source.url else "text",
            source.url or source.title,
            category="External analysis",
            to_ids=False,
            uuid=item_uuid(brief, "misp-source", source.id),
            comment=comment,
            distribution=5,
            timestamp=when,
        )
        attribute.add_tag(f'admiralty-scale:source-reliability="{source.reliability.lower()}"')

    report = MISPEventReport()
    report.uuid = item_uuid(brief, "misp-event-report")
    report.name = brief.title
    report.content = report_markdown(ctx)
    report.distribution = 5
    report.timestamp = when
    event.event_reports.append(report)
    return json.dumps({"Event": json.loads(event.to_json())}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _estimate(
    event: Any,
    ctx: BriefContext,
    kind: str,
    item_id: str,
    text: str,
    term: str,
    probability: int | None,
    confidence: str | None,
    when: Any,
) -> None:
    """A text attribute for a key judgment or a scenario, tagged with its estimative language."""
    found = likelihood(ctx.brief, term, probability)
    comment = f"{kind[0].upper() + kind[1:]} {item_id}: {found.term} ({found.low}–{found.high}%)"
    attribute = event.add_attribute(
        "text",
        plain(text),
        category="Other",
        to_ids=False,
        uuid=item_uuid(ctx.brief, "misp-" + kind.replace(" ", "-"), item_id),
        comment=comment + (f", {confidence} confidence" if confidence else ""),
        distribution=5,  # the event's own
        timestamp=when,
    )
    attribute.add_tag(f'estimative-language:likelihood-probability="{found.rung}"')
    if confidence:
        attribute.add_tag(f'estimative-language:confidence-in-analytic-judgment="{confidence}"')


def report_markdown(ctx: BriefContext) -> str:
    """The brief as the Markdown of a MISP event report."""
    brief = ctx.brief
    lines = [f"# {_line(brief.title)}", ""]
    if brief.subtitle:
        lines += [f"*{_line(brief.subtitle)}*", ""]
    lines += [
        f"{brief.marking.tlp} · version {brief.version} of {brief.date.isoformat()} · information cut-off "
        f"{brief.information_cutoff.isoformat()} · {', '.join(brief.authors)}",
        "",
        "## Bottom line",
        "",
        plain(brief.bottom_line),
        "",
        "## Key judgments",
        "",
    ]
    for judgment in brief.key_judgments:
        found = likelihood(brief, judgment.likelihood, judgment.probability)
        lines += [
            f"**{judgment.id}. {plain(judgment.statement)}** ({found.term}, {found.low}–{found.high}%; "
            f"{judgment.confidence} confidence)",
            "",
            plain(judgment.rationale),
            "",
        ]
        for citation in judgment.evidence:
            credibility = citation.credibility
            grade = f", credibility {credibility_label(credibility)}" if credibility else ""
            lines.append(f"- {citation.source}: “{_line(citation.quote)}”{grade}")
        lines.append("")
    lines += ["## Scenarios", ""]
    for scenario in brief.scenarios:
        found = likelihood(brief, scenario.likelihood, scenario.probability)
        lines += [f"**{scenario.id}. {plain(scenario.title)}** ({found.term}, {found.low}–{found.high}%)", ""]
        lines += [plain(scenario.description), ""]
    lines += ["## Sources", ""]
    for source in brief.sources:
        where = f" <{source.url}>" if source.url else ""
        lines.append(
            f"- {source.id}: {_line(source.title)}{where}. Reliability {grade_label(source.reliability, None)}: "
            f"{_line(source.reliability_note)}"
        )
    return "\n".join(lines).rstrip() + "\n"


def _line(text: str) -> str:
    return " ".join(text.split())
