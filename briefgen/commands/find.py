"""`briefgen find`: search a brief's archived sources for words or a phrase, and print each hit
with an `evidence:` entry ready to paste."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.errors import UsageError

if TYPE_CHECKING:
    from briefgen.load.files import FileProblem
    from briefgen.text.search import Hit

EXAMPLE = """examples:
  briefgen find restore a daily service            # from a brief's folder, or the repository
  briefgen find briefs/hesk-ferry-link daily service --source S2
  briefgen find "six transits a day" --format json --limit 3
  briefgen find briefs/hesk-ferry-link briefs/canal-levels --source S1 daily service

Options may come anywhere among the words. Each leading word that names an existing file or
folder (a brief.yaml, a brief's folder, a folder of briefs) is taken as a PATH, so several briefs
can be searched at once; the last word is always a word to find, and one that names nothing is
a word. PATH defaults to the current folder (from a repository's top, its briefs/). A source
whose archive cannot be read is skipped with a note naming it; searching several briefs, one
line counts them (--verbose names each). Words are matched the way quotes are
(typography, dashes, case, line breaks and `...` elisions as in a quote); a passage that holds
them all in order is an exact hit, others are ranked by how alike they are (rapidfuzz). Exit
status: 0 when something was found, 1 when nothing was, 2 for usage or I/O errors.

An archive of 1 MiB or more is indexed the first time it is searched, in the user's cache
($BRIEFGEN_CACHE, else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen; BRIEFGEN_CACHE= turns
it off), and each later query reads only the paragraphs that hold its words: same hits. The
cache keeps itself tidy: a run that writes there removes what runs killed while writing left,
and what has gone unused for 30 days.
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
        usage="%(prog)s [PATH ...] WORDS ... [--source ID] [--format {text,json}] [--limit N] [--verbose]",
        intermixed=True,  # options anywhere: `find PATH --source S1 WORDS`
    )
    parser.add_argument(
        "words",
        nargs="+",
        metavar="[PATH ...] WORDS",
        help="optional paths (of briefs or folders), then the words to find",
    )
    parser.add_argument("--source", metavar="ID", help="search only this source (e.g. S2)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--limit", type=int, default=5, metavar="N", help="show at most N hits (default: 5)")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="name each source skipped because its archive cannot be read (searching several briefs, a count is shown)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.load.paths import brief_for, display_path, find_briefs

    words = list(args.words)
    # Every leading word that names an existing file or folder is a PATH (the last word is always
    # one to find). Without one: from the top of a repository, its briefs; from a brief's folder,
    # that brief.
    paths: list[Path] = []
    while len(words) > 1 and Path(words[0]).exists():
        paths.append(Path(words.pop(0)))
    if not paths:
        paths = [Path("briefs") if Path("briefs").is_dir() and not Path("brief.yaml").exists() else Path(".")]
    if args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {args.limit}", "give how many hits to show, e.g. --limit 5")
    query = " ".join(words)
    if not any(char.isalnum() for char in query):
        raise UsageError(
            f"nothing to find in {json.dumps(query, ensure_ascii=False)}: no letter or digit",
            'give the words to find, e.g. briefgen find "restore a daily service"',
        )
    briefs = find_briefs(paths)
    if not briefs and len(paths) == 1 and paths[0].is_dir() and (owner := brief_for(paths[0])) is not None:
        briefs = [owner]  # from inside a brief's folder (its sources/, say)
    if not briefs:
        where = " or ".join(str(path) for path in paths)
        raise UsageError(f"no brief.yaml in {where}", "run it in a brief's folder or the repository, or give a PATH")
    archives = [archive for brief in briefs for archive in _archives(brief, args.source)]
    if args.source and not archives:
        where = display_path(briefs[0]) if len(briefs) == 1 else ", ".join(str(path) for path in paths)
        raise UsageError(f"no source {args.source} in {where}", "give the id of one of the brief's sources")
    # First the passages that hold the query as written; only when they are fewer than asked for
    # are the sources searched again for passages like it (which costs more).
    hits: list[dict[str, Any]] = []
    skipped: dict[tuple[Path, str], str] = {}
    for fuzzy in (False, True):
        hits = []
        for brief, source_id, archive in archives:
            found = _search_archive(brief, source_id, archive, query, args.limit, fuzzy, skipped)
            hits.extend(dict(hit, brief=display_path(brief)) for hit in found)
        if len(hits) >= args.limit:
            break
    _report_skipped(skipped, args.verbose or len(briefs) == 1)
    hits.sort(key=lambda hit: (not hit["exact"], -hit["score"]))
    hits = hits[: args.limit]
    if args.format == "json":
        from briefgen.report import json_text

        print(json_text({"query": query, "hits": hits}))
    else:
        print(_text(query, hits, len(briefs) > 1))
    return 0 if hits else 1


def _archives(brief: Path, only: str | None) -> list[tuple[Path, str, str]]:
    """The brief's sources to search (all, or the one asked for) that name an archive: (brief,
    source id, archive path as written). A brief read before, and unchanged since, need not be
    parsed again: its sources are kept in the cache beside the archives' indexes."""
    from briefgen.load import cache as kept

    cache = kept.cache_folder()
    sources = None if cache is None else kept.brief_sources(brief, cache)
    if sources is None:
        try:
            status = os.stat(brief)
        except OSError:
            status = None
        sources = _sources(brief)
        if cache is not None and status is not None:
            kept.keep_brief_sources(brief, status, sources, cache)
    return [(brief, source, archive) for source, archive in sources if not only or source == only]


def _sources(brief: Path) -> list[tuple[str, str]]:
    """The (id, archive) pairs of the brief's sources that name an archive, read from the brief."""
    from briefgen.load.document import load_brief

    loaded = load_brief(brief)
    sources = loaded.data.get("sources") if isinstance(loaded.data, dict) else None
    if not isinstance(sources, list):
        return []
    return [
        (source["id"], source["archive"])
        for source in sources
        if isinstance(source, dict) and isinstance(source.get("id"), str) and isinstance(source.get("archive"), str)
    ]


def _search_archive(
    brief: Path, source_id: str, archive: str, query: str, limit: int, fuzzy: bool, skipped: dict[tuple[Path, str], str]
) -> list[dict[str, Any]]:
    """The hits in one archive; an archive that cannot be read is skipped, and why is kept in
    `skipped` (by brief and source) for the note."""
    from briefgen.load.archives import MAX_ARCHIVE_BYTES, ArchiveProblem, archive_path
    from briefgen.load.files import FileProblem, open_file

    target = archive_path(brief.parent, archive)
    if isinstance(target, ArchiveProblem):
        skipped[brief, source_id] = target.message
        return []
    opened = open_file(target, MAX_ARCHIVE_BYTES)
    if not isinstance(opened, FileProblem):
        fd, status = opened
        try:
            found = _search_file(source_id, target, fd, status, query, limit, fuzzy)
        finally:
            os.close(fd)
    else:
        found = opened
    if isinstance(found, FileProblem):
        skipped[brief, source_id] = f"archive {archive!r} {_PROBLEMS.get(found.kind, 'cannot be read')}"
        return []
    return [_entry(hit, archive) for hit in found]


def _search_file(
    source_id: str, target: Path, fd: int, status: os.stat_result, query: str, limit: int, fuzzy: bool
) -> list[Hit] | FileProblem:
    """The hits in the archive open on `fd`: through its index when it is big and has one; else
    read whole, and indexed for the next query when big. (Or why it cannot be read.)"""
    from briefgen.load import search_index
    from briefgen.load.archives import MAX_ARCHIVE_BYTES
    from briefgen.load.cache import cache_folder
    from briefgen.load.files import FileProblem, read_opened

    cache = cache_folder() if status.st_size >= search_index.INDEXED_FROM else None
    index = None if cache is None else search_index.lookup(target, fd, status, cache)
    if isinstance(index, search_index.ArchiveIndex):
        from briefgen.text.search import search_indexed

        opened = index
        try:
            return search_indexed(source_id, opened, query, limit, fuzzy)
        except search_index.IndexStale:
            index = None  # read it whole, and index it again
        finally:
            opened.close()
    raw = read_opened(fd, status, MAX_ARCHIVE_BYTES)
    if isinstance(raw, FileProblem):
        return raw
    if cache is not None and index is None:
        search_index.store(target, status, raw, cache)
    from briefgen.text.search import search

    return search(source_id, raw, query, limit, fuzzy)


_PROBLEMS = {
    "missing": "does not exist",
    "link": "is a symbolic link",
    "hard-link": "has other names (hard links), which may lie outside the brief's folder",
    "folder": "is a folder",
    "special": "is not a regular file",
    "too-large": "is larger than an archive may be",
}


def _report_skipped(skipped: dict[tuple[Path, str], str], each: bool) -> None:
    """The note on the sources skipped: each named (one brief searched, or --verbose), else one
    line with their count, so that a folder of broken test briefs does not bury the hits."""
    from briefgen.report import printable

    if each:
        for (brief, source_id), why in skipped.items():
            print(printable(f"{brief}: skipped source {source_id}: {why}"), file=sys.stderr)
    elif skipped:
        count, briefs = len(skipped), len({brief for brief, _ in skipped})
        print(
            f"skipped {count} source{'s' if count > 1 else ''} in {briefs} brief{'s' if briefs > 1 else ''}: "
            "the archive cannot be read (--verbose names them; briefgen validate says how to fix them)",
            file=sys.stderr,
        )


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
