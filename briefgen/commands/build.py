"""`briefgen build`: render valid briefs to HTML and PDF, every citation linked to its passage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.build.pipeline import DEFAULT_FORMATS, FORMATS
from briefgen.errors import UsageError
from briefgen.render.pdf import DEFAULT_PDF_VARIANT, PDF_VARIANTS

if TYPE_CHECKING:
    from briefgen.diagnostics import Diagnostic

EXAMPLE = """examples:
  briefgen build                          # every brief under briefs/ into build/
  briefgen build briefs/russia-syria-security --format pdf
  briefgen build --out site --templates my-templates -j 2
  briefgen build --format html,pdf,docx   # a Word copy too, for coordination
  briefgen build --since v1.0             # the changes section lists what changed since tag v1.0
  briefgen build --pdf-variant pdf/a-3a   # a tagged PDF/A-3 for records retention
  briefgen build --review                 # a draft for coordination, with the full tradecraft panel
"""


def formats(text: str) -> tuple[str, ...]:
    """`html,pdf` → ('html', 'pdf'), refusing unknown formats."""
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or repr(text)}; choose from html, pdf, docx"
        )
    return chosen


def positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    """An argparse type: a number of `kind` greater than 0."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
        return value

    return parse


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="render briefs to HTML and PDF",
        description="Validate each brief, then render every valid one into OUT/<brief-id>/: index.html "
        "(one self-contained page), <brief-id>.pdf, and sources/<source-id>.html (each archived source "
        "with its cited passages highlighted), and with --format docx <brief-id>.docx (a Word document "
        "in the PDF's order, for reviewers to comment on); OUT/index.html lists the briefs built. An invalid brief "
        "is reported with its diagnostics and not built. Exit 0 when every brief was built, 1 when a "
        "brief was invalid or could not be rendered, 2 for usage or I/O errors.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="brief files or folders of briefs (default: briefs/)")
    parser.add_argument(
        "--out",
        "-o",
        type=Path,
        default=None,
        metavar="DIR",
        help="output folder (default: build/ beside the briefs/ folder, from any folder of the repository)",
    )
    parser.add_argument(
        "--format",
        dest="formats",
        type=formats,
        default=DEFAULT_FORMATS,
        metavar="html,pdf,docx",
        help="what to render, one or more of html, pdf and docx (a Word document for coordination; needs "
        "the docx extra) (default: html,pdf)",
    )
    from briefgen.check.settings import add_config_option

    add_config_option(parser)
    parser.add_argument(
        "--templates", type=Path, metavar="DIR", help="folder of templates that override the built-in ones by name"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=positive(int),
        default=1,
        metavar="N",
        help="render N briefs at a time, each in its own worker process (default: 1)",
    )
    parser.add_argument(
        "--timeout",
        type=positive(float),
        default=120.0,
        metavar="SECONDS",
        help="stop rendering a brief after this long (default: 120)",
    )
    parser.add_argument(
        "--since",
        metavar="REV",
        help="list the changes since this revision (a tag, branch or commit) rather than since "
        'the previous version found in git; the changes are headed "What changed since REV"; '
        "needs the briefs in a git repository",
    )
    parser.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        default=DEFAULT_PDF_VARIANT,
        metavar="VARIANT",
        help=f"the PDF standard to write, every one tagged for screen readers: {', '.join(PDF_VARIANTS)} "
        f"(default: {DEFAULT_PDF_VARIANT}, accessible PDF; pdf/a-2a and pdf/a-3a are archival PDF/A)",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="build for review before publication: add the full tradecraft panel (every check, its "
        'findings and the waivers) and mark every page "Draft for coordination"',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.check.settings import SettingsError
    from briefgen.report import format_text

    try:
        return _build(args)
    except SettingsError as error:  # reported as every diagnostic is; exit 2: settings are no problem in a brief
        print(format_text([error.diagnostic]))
        print(build_summary(0, 0, 0, 1))
        return 2


def build_summary(briefs: int, built: int, unchanged: int, errors: int) -> str:
    """`2 briefs: 1 built, 1 not built; 3 errors`: what was built, and the errors that kept the rest
    from it (as validate's summary counts them)."""
    skipped = briefs - built - unchanged
    return (
        f"{briefs} brief{'s' * (briefs != 1)}: {built} built"
        + (f", {unchanged} up to date" if unchanged else "")
        + (f", {skipped} not built" if skipped else "")
        + (f"; {errors} error{'s' * (errors != 1)}" if errors else "")
    )


def _build(args: argparse.Namespace) -> int:
    from briefgen.build.pipeline import BuildOptions, Built, build
    from briefgen.check.settings import pin_config
    from briefgen.load.paths import display_path, locate_briefs
    from briefgen.progress import Progress
    from briefgen.report import format_text, printable
    from briefgen.workspace import find_workspace

    pin_config(args.config)
    if args.templates is not None and not args.templates.is_dir():
        raise UsageError(
            f"no such templates folder: {args.templates}", "give a folder of .j2 templates named like the built-in ones"
        )
    workspace = find_workspace()
    paths, unnamed = locate_briefs(args.paths or list(workspace.briefs))
    if unnamed:  # a path that names no brief: said first, the others still built, and exit 2
        print(format_text(unnamed), flush=True)
        if not paths:
            print(build_summary(0, 0, 0, len(unnamed)))
            return 2
    out = args.out if args.out is not None else workspace.top / "build"
    if args.since is not None:
        _require_git(paths, args.since)
    options = BuildOptions(
        out=out,
        formats=args.formats,
        templates=args.templates,
        jobs=args.jobs,
        timeout=args.timeout,
        since=args.since,
        pdf_variant=args.pdf_variant,
        review=args.review,
    )

    shown = 0
    progress = Progress(len(paths))

    def validated(found: list[Diagnostic]) -> None:
        nonlocal shown
        shown = len(found)
        if found:
            print(format_text(found), flush=True)
        progress.total = len(paths) - len({d.file for d in found if d.severity == "error"})
        progress.draw()

    def built(done: Built) -> None:
        pages = f", {done.pages} page{'s' * (done.pages != 1)}" if done.pages is not None else ""
        where = printable(f"{done.file} → {display_path(done.folder)}/")
        progress.line(f"built {where} ({', '.join(args.formats)}{pages}, {done.seconds:.1f} s)")

    def unchanged(done: Built) -> None:
        where = printable(f"{done.file} → {display_path(done.folder)}/")
        progress.line(f"up to date {where} (nothing it is made from has changed)")

    def waiting() -> None:
        print(printable(f"waiting for another build into {args.out} to finish"), file=sys.stderr, flush=True)

    try:
        report = build(paths, options, validated, built, unchanged, waiting)
    finally:
        progress.close()
    late = report.diagnostics[shown:]
    if late:
        print(format_text(late))
    errors = sum(1 for d in unnamed + report.diagnostics if d.severity == "error")
    print(build_summary(report.briefs, len(report.built), len(report.unchanged), errors))
    return 2 if unnamed else 1 if report.failed else 0


def _require_git(paths: list[Path], since: str) -> None:
    """Refuse --since for briefs outside any git repository, which have no versions to compare."""
    from briefgen.load.paths import display_path
    from briefgen.versions.git import repo_root

    for folder in dict.fromkeys(path.absolute().parent for path in paths):
        if repo_root(folder) is None:
            raise UsageError(
                f"--since {since} needs the briefs in a git repository, and {display_path(folder)} is in none",
                "run briefgen inside the repository of briefs, or drop --since",
            )
