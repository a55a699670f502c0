"""`briefgen find` on big archives: one query over 100 MB of archived sources (five of 20 MB),
timed beside `grep -F -i` of the same words over the same files, both as processes, in one run:
the query as it is run once the archives are indexed (the target), and the first query, which
indexes them (for reference)."""

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


def _corpus() -> tuple[Path, str]:
    """A brief with five 20 MB archives (written once), and a phrase of four words from the fourth."""
    brief = OUT / "brief.yaml"
    text, _ = _big_archive(20_000_000)
    words = text.split()
    phrase = " ".join(words[len(words) // 2 : len(words) // 2 + 4]).rstrip(".")
    if not brief.exists():
        shutil.rmtree(OUT, ignore_errors=True)
        (OUT / "sources").mkdir(parents=True)
        sources = []
        for n in range(1, 6):
            # Each archive its own: the same text with its paragraphs in another order.
            paragraphs = text.split("\n\n")
            shifted = paragraphs[n * 1000 :] + paragraphs[: n * 1000] if n != 4 else paragraphs
            (OUT / "sources" / f"s{n}.txt").write_text("\n\n".join(shifted), encoding="utf-8")
            sources.append(
                f"  - id: S{n}\n    title: Report {n}\n    kind: news_report\n    archive: sources/s{n}.txt\n"
                f"    reliability: B\n    reliability_note: A test source.\n    published: 2026-01-0{n}\n"
            )
        brief.write_text("schema_version: 1\nid: find\ntitle: Find\nsources:\n" + "".join(sources), encoding="utf-8")
    return OUT, phrase


def measure(reps: int) -> list[Result]:
    folder, phrase = _corpus()
    files = sorted((folder / "sources").glob("*.txt"))
    size = sum(path.stat().st_size for path in files) / 1e6
    grep = process("grep", "-F", "-i", "--", phrase, *files, expect=(0,))
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-cache-") as cache:
        query = briefgen("find", folder, *phrase.split(), "--limit", "5", env={"BRIEFGEN_CACHE": cache})
        warm, floor = paired(query, grep, reps)
        cold, cold_floor = paired(_emptied(Path(cache), query), grep, max(2, reps // 2))
    return [
        Result(f"find: one query over {size:.0f} MB of archives vs grep -F -i (indexed)", warm, floor, TARGET),
        Result(f"find: the first query, which indexes the {size:.0f} MB, vs grep -F -i", cold, cold_floor, None),
    ]


def _emptied(cache: Path, run: Callable[[], None]) -> Callable[[], None]:
    """`run` with an empty cache: each run indexes the archives again."""

    def emptied() -> None:
        shutil.rmtree(cache / "index", ignore_errors=True)
        run()

    return emptied
