"""`briefgen history`: the versions of one brief in git, and its estimates and indicators through time."""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("text", "json")

EXAMPLE = """examples:
  briefgen history briefs/russia-syria-security
  briefgen history briefs/russia-syria-security/brief.yaml --format json

Lists every commit that changed the brief (following renames of its folder), newest first:
the brief's own version and date, then the commit, its date, tags, author and message, and
uncommitted changes when there are some. Then, oldest first, wherever it appeared, moved or
went: each key judgment's likelihood and confidence, each scenario's likelihood, and each
indicator's status. A version that is not a valid brief is listed with its first problem
and left out of the tracks. Exit 0, or 2 when the path is outside any repository or git has
no version of it.
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "history",
        help="the versions of one brief in git, and its estimates and indicators through time",
        description="List the versions of one brief (its version and date, then the commit, its date, tags, "
        "author and message), and through them each key judgment's likelihood and confidence, each "
        "scenario's likelihood and each indicator's status.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="a brief file, or the folder holding its brief.yaml")
    parser.add_argument("--format", choices=FORMATS, default="text", help="text for people, json for programs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.load.paths import BRIEF_FILE
    from briefgen.versions.history import history_of
    from briefgen.versions.history_report import format_json, format_text
    from briefgen.versions.revisions import Repository

    path: Path = args.path
    if path.is_dir() or not path.suffix:
        path = path / BRIEF_FILE
    repo = Repository.holding(path if path.exists() else Path("."))
    history = history_of(repo, repo.relative(path))
    print(format_json(history) if args.format == "json" else format_text(history))
    return 0
