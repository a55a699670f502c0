"""`briefgen export stix|misp BRIEF`: the brief for the platforms intelligence teams run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXAMPLE = """examples:
  briefgen export stix briefs/russia-syria-security --out russia-syria.stix.json
  briefgen export misp briefs/russia-syria-security > russia-syria.misp.json

Nothing is sent anywhere: pushing the file to a platform stays with you (see the README)."""

FORMATS = ("stix", "misp")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="the brief as a STIX 2.1 bundle or a MISP event, for threat-intelligence platforms",
        description="Write a valid brief as a STIX 2.1 bundle (stix: a report, a note per key judgment and "
        "scenario with its likelihood in an extension and its confidence on STIX's scale, the authors as "
        "identities, the sources as external references with the SHA-256 of their archived text, the TLP 2.0 "
        "marking) or as a MISP event (misp: an event report in Markdown, an attribute per judgment, scenario "
        "and source, tagged with MISP's tlp, estimative-language and admiralty-scale taxonomies). Ids are "
        "derived from the brief's and items' ids and dates from the brief, so the same brief gives the same "
        "file and a new version updates the same objects. An invalid brief is reported as `validate` "
        "reports it (exit 1). Needs the stix or misp extra.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("format", choices=FORMATS, metavar="FORMAT", help="stix (STIX 2.1 bundle) or misp (MISP event)")
    parser.add_argument(
        "brief",
        type=Path,
        nargs="?",
        default=Path("."),
        metavar="BRIEF",
        help="the brief: its folder or its brief.yaml (default: the brief whose folder you are in)",
    )
    parser.add_argument("--out", "-o", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.build.atomic import write_atomic
    from briefgen.check.pipeline import validate_brief
    from briefgen.codes import PLACEHOLDER
    from briefgen.errors import UsageError
    from briefgen.load.paths import BRIEF_FILE, brief_for
    from briefgen.report import format_text, summary_line

    brief: Path = args.brief
    path = brief / BRIEF_FILE if brief.is_dir() else brief
    if not path.is_file() and brief == Path("."):
        path = brief_for(Path.cwd() / BRIEF_FILE) or path
    if not path.is_file():
        raise UsageError(f"no brief at {brief}", "give a brief's folder or its brief.yaml")
    validated = validate_brief(path)
    if validated.context is None or validated.errors:
        shown = format_text(validated.diagnostics)
        print(
            shown + "\n" + summary_line(1, validated.diagnostics) if shown else summary_line(1, validated.diagnostics)
        )
        print("not exported: fix the errors first", file=sys.stderr)
        return 1
    placeholders = [d for d in validated.diagnostics if d.code == PLACEHOLDER]
    if placeholders:
        print(format_text(placeholders))
        print("not exported: an export is a finished product, and this brief still has placeholders", file=sys.stderr)
        return 1
    if args.format == "stix":
        from briefgen.export.stix import export_stix

        text = export_stix(validated.context, path)
    else:
        from briefgen.export.misp import export_misp

        text = export_misp(validated.context)
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.out, text.encode("utf-8"))
    return 0
