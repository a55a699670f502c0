"""`briefgen history`: the versions of one brief in git, and its estimates and indicators through time."""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("text", "json")

EXAMPLE = """examples:
  briefgen history                        # in a brief's folder: that brief
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
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="a brief file, or the folder holding its brief.yaml (default: the brief whose folder you are in)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="text for people, json for programs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.load.paths import BRIEF_FILE
    from briefgen.versions.history import history_of
    from briefgen.versions.history_report import format_json, format_text
    from briefgen.versions.revisions import Repository

    path: Path = args.path if args.path is not None else _own_brief()
    if path.is_dir() or not path.suffix:
        path = path / BRIEF_FILE
    repo = Repository.holding(path if path.exists() else Path("."))
    history = history_of(repo, repo.relative(path))
    print(format_json(history) if args.format == "json" else format_text(history))
    return 0


def _own_brief() -> Path:
    """Without a PATH, the brief whose folder the current folder is in (its `sources/` included),
    as validate, build and serve find it; history shows one brief, so elsewhere a PATH is needed."""
    from briefgen.errors import UsageError
    from briefgen.load.paths import BRIEF_FILE
    from briefgen.workspace import find_workspace

    default = find_workspace().briefs[0]
    if (default / BRIEF_FILE).is_file():
        return default
    raise UsageError(
        "history shows one brief: give its PATH, or run it in the brief's folder",
        "e.g. `briefgen history briefs/my-brief`",
    )
