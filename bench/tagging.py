"""What tagging costs: briefgen's PDF of one realistic brief's page, tagged PDF/UA-1 (the default)
and PDF/A-3a, against the untagged PDF of the same HTML.

Tagging happens when the PDF is written, not in the layout: WeasyPrint builds a structure
element for each box and marks the content of each page, and briefgen completes the tree
(briefgen.render.tagging). So one child process (bench/floors.py `tagging`) lays the page out
once a repetition and writes it the three ways in a rotating order; each side's time is the
layout's plus its writing's, and the medians over the repetitions are compared. A machine
busy with other work slows the layout of a repetition for all three sides alike.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.build import FLOORS
from bench.corpus import corpus
from bench.measure import Result, briefgen

TARGET = 1.15  # the tagged PDF may take at most this much longer than the untagged one


def measure(reps: int) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as temp:
        work = Path(temp)
        brief = corpus(1) / "brief-0000"
        briefgen("build", brief, "--format", "html", "--out", work / "page")()
        html = work / "page" / "brief-0000" / "index.html"
        fonts = work / "fonts.css"
        from briefgen.render.html import render_fonts_css

        fonts.write_text(render_fonts_css(None), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(FLOORS), "tagging", str(html), str(fonts), str(reps)],
            capture_output=True,
            text=True,
            check=True,
        )
    runs = [json.loads(line) for line in done.stdout.splitlines()]

    def total(side: str) -> float:
        return statistics.median(run["layout"] + run[side] for run in runs)

    def size(side: str) -> str:
        return f"{runs[0][side + ' bytes'] / 1024:.0f} KB"

    layout = statistics.median(run["layout"] for run in runs)
    untagged = total("untagged")
    return [
        Result(
            "tagged PDF/UA-1 vs untagged PDF, same HTML (1 brief)",
            total("pdf/ua-1"),
            untagged,
            TARGET,
            note=f"layout {layout:.2f} s; writing {statistics.median(r['pdf/ua-1'] for r in runs):.2f} s vs "
            f"{statistics.median(r['untagged'] for r in runs):.2f} s; {size('pdf/ua-1')} vs {size('untagged')}",
        ),
        Result(
            "tagged PDF/A-3a vs untagged PDF, same HTML (1 brief)",
            total("pdf/a-3a"),
            untagged,
            None,
            note=size("pdf/a-3a"),
        ),
    ]
