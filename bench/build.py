"""Benchmarks of the build side: PDF vs WeasyPrint alone, -j N, incremental builds, memory.

The PDF measure builds one realistic brief; the measures that build many briefs use small
ones (a few pages each), so that building a hundred of them takes minutes, not an hour.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import Shape, corpus
from bench.measure import BIN, ROOT, Result, briefgen, paired, python

FLOORS = ROOT / "bench" / "floors.py"
# For the measures that build many briefs: two or three pages each.
TINY = Shape(
    key_judgments=2, scenarios=3, indicators=3, implications=1, assumptions=1, gaps=1, sources=2, archive_bytes=3_000
)
_runs = itertools.count()


def _fresh(work: Path) -> Path:
    """A new, empty output folder (each timed build starts from nothing unless said otherwise)."""
    return work / f"out-{next(_runs)}"


def _build(work: Path, *args: str | Path) -> None:
    """Run `briefgen build ARGS --out <fresh folder>`, failing the bench if it fails."""
    briefgen("build", *args, "--out", _fresh(work))()


def pdf_vs_weasyprint(work: Path, reps: int) -> Result:
    """`briefgen build --format pdf` of one realistic brief (the issue's shape: 10 key judgments,
    30 indicators, 8 sources of 50 KB), as a process, vs WeasyPrint alone on its HTML."""
    brief = corpus(1) / "brief-0000"
    page = work / "page"
    briefgen("build", brief, "--format", "html", "--out", page)()
    html = page / "brief-0000" / "index.html"
    # WeasyPrint alone gets the page the PDF is made from: without the fonts the HTML embeds for
    # browsers (the PDF takes them from briefgen's fetcher).
    text = html.read_text(encoding="utf-8")
    html.write_text(re.sub(r"<style>/\* The fonts:.*?</style>\n?", "", text, count=1, flags=re.S), encoding="utf-8")
    fonts = work / "fonts.css"
    from briefgen.render.html import render_fonts_css

    fonts.write_text(render_fonts_css(None), encoding="utf-8")
    ours, floor = paired(lambda: _build(work, brief, "--format", "pdf"), python(FLOORS, "pdf", html, fonts), reps)
    return Result("PDF build of 1 brief vs WeasyPrint alone on its HTML", ours, floor, 1.1)


def jobs_speedup(work: Path, reps: int) -> Result:
    """-j 2 against -j 1 on a folder of briefs (the ratio is -j 1's time over -j 2's)."""
    folder = corpus(16, TINY)
    one, two = paired(lambda: _build(work, folder, "-j", "1"), lambda: _build(work, folder, "-j", "2"), reps)
    return Result("`build -j 2` vs `-j 1`, 16 briefs (speed-up)", one, two, 1.7, at_least=True)


def incremental(work: Path, reps: int) -> list[Result]:
    """A second build with nothing changed, against a full build; and a build after changing one
    brief, against building that brief alone into an empty folder (what it cannot do with less)."""
    source = corpus(8, TINY)
    folder = work / "incremental"
    shutil.copytree(source, folder, dirs_exist_ok=True)
    out = work / "incremental-out"
    full_times, again_times, one_times, alone_times = [], [], [], []
    for rep in range(reps):
        shutil.rmtree(out, ignore_errors=True)
        full_times.append(_timed(folder, out, expect=8))
        again_times.append(_timed(folder, out, expect=0))
        brief = folder / f"brief-{rep % 8:04d}"
        text = (brief / "brief.yaml").read_text(encoding="utf-8")
        (brief / "brief.yaml").write_text(text.replace('version: "1.', f'version: "{rep + 2}.', 1), encoding="utf-8")
        one_times.append(_timed(folder, out, expect=1))
        alone_times.append(_timed(brief, _fresh(work), expect=1))
    return [
        Result(
            "second `build`, nothing changed, vs full build (8 briefs)", _median(again_times), _median(full_times), 0.05
        ),
        Result(
            "`build` of 8 briefs after changing 1 vs building that 1 alone",
            _median(one_times),
            _median(alone_times),
            1.2,
            note="rebuilt only that brief",
        ),
    ]


def _median(times: list[float]) -> float:
    return sorted(times)[len(times) // 2]


def _timed(folder: Path, out: Path, expect: int) -> float:
    """Seconds to build `folder` into `out`; checks that exactly `expect` briefs were (re)built."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "briefgen"), "build", str(folder), "--out", str(out), "-j", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    built = len(re.findall(r"^built ", done.stdout, re.MULTILINE))
    if done.returncode != 0 or built != expect:
        raise SystemExit(
            f"bench: expected {expect} briefs built, got {built} (exit {done.returncode}):\n"
            f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return seconds


def memory(work: Path) -> Result:
    """Peak RSS of the build's processes for 100 briefs against 10: flat, not growing per brief."""
    few, many = _peak_rss(work, corpus(10, TINY)), _peak_rss(work, corpus(100, TINY))
    return Result("peak RSS building 100 briefs vs 10 (-j 2)", many, few, 1.2, unit="MiB")


def _peak_rss(work: Path, folder: Path) -> float:
    """The largest resident set of any process of one `briefgen build` (parent or worker), in MiB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            str(BIN / "briefgen"),
            "build",
            str(folder),
            "--out",
            str(_fresh(work)),
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1]) / 1024


def measure(reps: int) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as temp:
        work = Path(temp)
        # The builds of many briefs take a minute a repetition: three; the incremental ones are
        # short, and a median of two is too easily moved by a noisy neighbour.
        results = [pdf_vs_weasyprint(work, reps), jobs_speedup(work, max(3, reps // 2))]
        results += incremental(work, reps)
        results.append(memory(work))
        return results
