"""`briefgen find` on big archives: one query over 100 MB of archived sources (five of 20 MB),
timed beside `grep -F -i` of the same words over the same files, both as processes, in one run:
the query as it is run once the archives are indexed (the target), and the first query, which
indexes them (for reference); and the query once indexed over archives of the same words that,
as real ones do, hold typographic punctuation (each paragraph in “ ”), so that they are searched
in their normalised form rather than as lowered bytes (a target too)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.adversarial import _big_archive
from bench.measure import ROOT, Result, briefgen, paired, process

OUT = ROOT / "bench" / "out" / "find"
# The target: one query at most three times grep's time.
TARGET = 3.0


def _corpus(typographic: bool = False) -> tuple[Path, str]:
    """A brief with five 20 MB archives (written once), and a phrase of four words from the fourth."""
    out = OUT.with_name("find-typographic") if typographic else OUT
    brief = out / "brief.yaml"
    text, _ = _big_archive(20_000_000)
    words = text.split()
    phrase = " ".join(words[len(words) // 2 : len(words) // 2 + 4]).rstrip(".")
    if not brief.exists():
        shutil.rmtree(out, ignore_errors=True)
        (out / "sources").mkdir(parents=True)
        sources = []
        for n in range(1, 6):
            # Each archive its own: the same text with its paragraphs in another order.
            paragraphs = text.split("\n\n")
            shifted = paragraphs[n * 1000 :] + paragraphs[: n * 1000] if n != 4 else paragraphs
            if typographic:  # (the last 2% left out, to keep within the archive limit)
                shifted = [f"“{paragraph}”" for paragraph in shifted[: len(shifted) * 49 // 50]]
            (out / "sources" / f"s{n}.txt").write_text("\n\n".join(shifted), encoding="utf-8")
            sources.append(
                f"  - id: S{n}\n    title: Report {n}\n    kind: news_report\n    archive: sources/s{n}.txt\n"
                f"    reliability: B\n    reliability_note: A test source.\n    published: 2026-01-0{n}\n"
            )
        brief.write_text("schema_version: 1\nid: find\ntitle: Find\nsources:\n" + "".join(sources), encoding="utf-8")
    return out, phrase


def measure(reps: int) -> list[Result]:
    folder, phrase = _corpus()
    files = sorted((folder / "sources").glob("*.txt"))
    size = sum(path.stat().st_size for path in files) / 1e6
    grep = process("grep", "-F", "-i", "--", phrase, *files, expect=(0,))
    typographic, _ = _corpus(typographic=True)
    typographic_files = sorted((typographic / "sources").glob("*.txt"))
    typographic_size = sum(path.stat().st_size for path in typographic_files) / 1e6
    typographic_grep = process("grep", "-F", "-i", "--", phrase, *typographic_files, expect=(0,))
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-cache-") as cache:
        env = {"BRIEFGEN_CACHE": cache}
        query = briefgen("find", folder, *phrase.split(), "--limit", "5", env=env)
        warm, floor = paired(query, grep, reps)
        cold, cold_floor = paired(_emptied(Path(cache), query), grep, max(2, reps // 2))
        typographic_query = briefgen("find", typographic, *phrase.split(), "--limit", "5", env=env)
        typographic_warm, typographic_floor = paired(typographic_query, typographic_grep, reps)
    return [
        Result(f"find: one query over {size:.0f} MB of archives vs grep -F -i (indexed)", warm, floor, TARGET),
        Result(f"find: the first query, which indexes the {size:.0f} MB, vs grep -F -i", cold, cold_floor, None),
        Result(
            f"find: one query over {typographic_size:.0f} MB of archives with typographic quotes (indexed) "
            "vs grep -F -i",
            typographic_warm,
            typographic_floor,
            TARGET,
        ),
    ]


def _emptied(cache: Path, run: Callable[[], None]) -> Callable[[], None]:
    """`run` with an empty cache: each run indexes the archives again."""

    def emptied() -> None:
        shutil.rmtree(cache / "index", ignore_errors=True)
        run()

    return emptied
