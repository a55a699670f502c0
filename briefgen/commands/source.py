"""`briefgen source add`: archive a source from a saved web page, a PDF or a text file."""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLE = """examples:
  briefgen source add briefs/canal-drought ~/Downloads/carriers-surcharge.html
  briefgen source add briefs/canal-drought report.pdf --url https://example.org/report.pdf
  briefgen source add . notes.txt --id S9 --title "Interview notes, 3 March" --published 2026-03-03

It never touches the network: a URL given (or found in the page) is recorded, never fetched."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "source",
        help="archive a source's text beside a brief and add its entry (source add)",
        description="Work with a brief's sources. `source add BRIEF FILE` reads a web page saved from the "
        "browser (.html: the article's text without navigation or menus), a PDF (its text layer) or a text "
        "file (UTF-8, or an encoding that can be told with confidence), writes the text as UTF-8 to "
        "BRIEF/sources/<id>-<title words>.txt with paragraphs whole, and adds a `sources:` entry to "
        "brief.yaml with the next free id and the title, author, publisher, date and URL the file carries "
        "(null where it says nothing). Every other byte of brief.yaml stays as it was. The source's kind and "
        "Admiralty reliability are left for you to choose (marked 'choose'; the reliability note is a "
        "placeholder). Nothing is changed when anything is wrong (exit 2).",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True, help="add: archive a file")
    add = actions.add_parser(
        "add",
        help="archive FILE's text for BRIEF and add its sources: entry",
        description="Archive FILE's text for BRIEF and add its sources: entry (see `briefgen source --help`).",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("brief", type=Path, metavar="BRIEF", help="the brief: its folder or its brief.yaml")
    add.add_argument("file", type=Path, metavar="FILE", help="the saved web page (.html), PDF or text file")
    add.add_argument("--id", metavar="ID", help="the new source's id (default: the next free S<n>)")
    add.add_argument("--url", metavar="URL", help="where the original is published (recorded, never fetched)")
    add.add_argument("--title", metavar="TEXT", help="the title, instead of the one the file carries")
    add.add_argument("--published", metavar="DATE", help="publication date, YYYY, YYYY-MM or YYYY-MM-DD")
    add.add_argument("--kind", metavar="KIND", choices=_kinds(), help=f"what kind of document: {', '.join(_kinds())}")
    add.set_defaults(run=run)


def _kinds() -> list[str]:
    from typing import get_args

    from briefgen.brief.models import SourceKind

    return list(get_args(SourceKind))


def run(args: argparse.Namespace) -> int:
    from briefgen.archiving.add import Overrides, add_source
    from briefgen.errors import UsageError
    from briefgen.load.paths import BRIEF_FILE, display_path

    brief: Path = args.brief
    brief_file = brief / BRIEF_FILE if brief.is_dir() else brief
    if not brief_file.is_file():
        raise UsageError(f"no brief at {brief}", "give a brief's folder or its brief.yaml")
    added = add_source(brief_file, args.file, Overrides(args.id, args.url, args.title, args.published, args.kind))
    source, extracted = added.source, added.extracted
    what = {"html": "web page", "pdf": "PDF", "text": "text file"}[extracted.kind]
    note = f"; {extracted.note}" if extracted.note else ""
    print(
        f"archived the {what} {display_path(args.file)} as {display_path(added.archive)} "
        f"({extracted.paragraphs:,} paragraph{'s' if extracted.paragraphs != 1 else ''}{note})"
    )
    verb = "wrote" if added.filled_placeholder else "added"
    where = " in place of the placeholder source" if added.filled_placeholder else ""
    print(f"{verb} {source.id} to {display_path(brief_file)}{where}:")
    for label, value in (
        ("title", source.title),
        ("author", source.author),
        ("publisher", source.publisher),
        ("published", source.published),
        ("url", source.url),
    ):
        missing = "not in the file: a placeholder to replace" if label == "title" else "not in the file (null)"
        print(f"  {label + ':':<11} {value if value is not None else missing}")
    todo = ([] if source.title else ["the title"]) + ([] if source.kind else ["its kind"])
    todo += ["its Admiralty reliability", "the note on why"]
    print(f"next: choose {', '.join(todo[:-1])} and {todo[-1]} (marked 'choose' or a placeholder),")
    print(f'  then find the passages to quote: briefgen find {display_path(brief_file.parent)} "a few words"')
    return 0
