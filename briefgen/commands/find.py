"""`briefgen find`: search a brief's archived sources for words or a phrase, and print each hit
with an `evidence:` entry ready to paste."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from briefgen.errors import UsageError

EXAMPLE = """examples:
  briefgen find restore a daily service            # from a brief's folder, or the repository
  briefgen find briefs/hesk-ferry-link daily service --source S2
  briefgen find "six transits a day" --format json --limit 3

The first word is taken as PATH when it names a file or folder (a brief.yaml, a brief's folder,
a folder of briefs); PATH defaults to the current folder. Words are matched the way quotes are
(typography, dashes, case, line breaks and `...` elisions as in a quote); a passage that holds
them all in order is an exact hit, others are ranked by how alike they are (rapidfuzz). Exit
status: 0 when something was found, 1 when nothing was, 2 for usage or I/O errors.
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "find",
        help="search a brief's archived sources for words, with an evidence entry to paste",
        description="Search the archived sources of a brief (or of every brief under a folder) for "
        "words or a phrase, matched as quotes are matched, and print each passage found with its "
        "source, paragraph, context and an `evidence:` entry ready to paste.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("words", nargs="+", metavar="[PATH] WORDS", help="an optional path, then the words to find")
    parser.add_argument("--source", metavar="ID", help="search only this source (e.g. S2)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--limit", type=int, default=5, metavar="N", help="show at most N hits (default: 5)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.load.paths import brief_for, display_path, find_briefs

    words = list(args.words)
    # From the top of a repository, its briefs; from a brief's folder, that brief.
    path = Path("briefs") if Path("briefs").is_dir() and not Path("brief.yaml").exists() else Path(".")
    if len(words) > 1 and Path(words[0]).exists():
        path = Path(words.pop(0))
    if args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {args.limit}", "give how many hits to show, e.g. --limit 5")
    query = " ".join(words)
    briefs = find_briefs([path])
    if not briefs and path.is_dir() and (owner := brief_for(path)) is not None:
        briefs = [owner]  # from inside a brief's folder (its sources/, say)
    if not briefs:
        raise UsageError(f"no brief.yaml in {path}", "run it in a brief's folder or the repository, or give a PATH")
    # First the passages that hold the query as written; only when they are fewer than asked for
    # are the sources searched again for passages like it (which costs more).
    hits: list[dict[str, Any]] = []
    known = False
    for fuzzy in (False, True):
        hits = []
        for brief in briefs:
            found, has_source = _search_brief(brief, query, args.source, args.limit, fuzzy)
            known = known or has_source
            hits.extend(dict(hit, brief=display_path(brief)) for hit in found)
        if args.source and not known:
            raise UsageError(f"no source {args.source} in {path}", "give the id of one of the brief's sources")
        if len(hits) >= args.limit:
            break
    hits.sort(key=lambda hit: (not hit["exact"], -hit["score"]))
    hits = hits[: args.limit]
    if args.format == "json":
        from briefgen.report import json_text

        print(json_text({"query": query, "hits": hits}))
    else:
        print(_text(query, hits, len(briefs) > 1))
    return 0 if hits else 1


def _search_brief(
    brief: Path, query: str, only: str | None, limit: int, fuzzy: bool
) -> tuple[list[dict[str, Any]], bool]:
    """The hits in one brief's sources, and whether it has the source asked for."""
    from briefgen.load.archives import MAX_ARCHIVE_BYTES, ArchiveProblem, archive_path
    from briefgen.load.document import FileProblem, load_brief, read_file
    from briefgen.text.search import search

    loaded = load_brief(brief)
    sources = loaded.data.get("sources") if isinstance(loaded.data, dict) else None
    if not isinstance(sources, list):
        return [], False
    found: list[dict[str, Any]] = []
    known = False
    for source in sources:
        if not isinstance(source, dict) or not isinstance(source.get("id"), str):
            continue
        source_id, archive = source["id"], source.get("archive")
        if (only and source_id != only) or not isinstance(archive, str):
            continue
        known = True
        target = archive_path(brief.parent, archive)
        if isinstance(target, ArchiveProblem):
            _skipped(brief, source_id, target.message)
            continue
        raw = read_file(target, MAX_ARCHIVE_BYTES)
        if isinstance(raw, FileProblem):
            _skipped(brief, source_id, f"archive {archive!r} {_PROBLEMS.get(raw.kind, 'cannot be read')}")
            continue
        hits = search(source_id, raw, query, limit, fuzzy)
        found.extend(_entry(hit, archive) for hit in hits)
    return found, known


_PROBLEMS = {
    "missing": "does not exist",
    "link": "is a symbolic link",
    "hard-link": "has other names (hard links), which may lie outside the brief's folder",
    "folder": "is a folder",
    "special": "is not a regular file",
    "too-large": "is larger than an archive may be",
}


def _skipped(brief: Path, source_id: str, why: str) -> None:
    from briefgen.report import printable

    print(printable(f"{brief}: skipped source {source_id}: {why}"), file=sys.stderr)


def _entry(hit: Any, archive: str) -> dict[str, Any]:
    return {
        "source": hit.source,
        "archive": archive,
        "paragraph": hit.paragraph,
        "exact": hit.exact,
        "score": round(hit.score, 1),
        "passage": hit.passage,
        "before": hit.before,
        "after": hit.after,
        "evidence": {"source": hit.source, "quote": hit.passage, "locator": f"paragraph {hit.paragraph}"},
    }


def _text(query: str, hits: list[dict[str, Any]], many: bool) -> str:
    from briefgen.report import printable

    if not hits:
        return f"no passage like {json.dumps(query, ensure_ascii=False)} in the archived sources"
    lines: list[str] = []
    for hit in hits:
        how = "exact" if hit["exact"] else f"{hit['score']:.0f}% alike"
        where = f"{hit['brief']}: " if many else ""
        lines.append(printable(f"{where}{hit['source']} ({hit['archive']}), paragraph {hit['paragraph']}, {how}:"))
        lines.append("    " + printable(f"{hit['before']}«{hit['passage']}»{hit['after']}"))
        evidence = hit["evidence"]
        lines.append(f"      - source: {evidence['source']}")
        lines.append(f"        quote: {printable(json.dumps(evidence['quote'], ensure_ascii=False))}")
        lines.append(f"        locator: {evidence['locator']}")
        lines.append("")
    return "\n".join(lines).rstrip("\n")
