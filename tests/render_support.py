"""Builds shared by the render tests: each set of briefs is built once per test run, through
the real command line, into a temporary folder removed when the run ends."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from support import FIXTURES, REPOSITORY, run_cli

RICH = FIXTURES / "rich"
RICH_ID = "veland-kostara-radar"

_ROOT = Path(tempfile.mkdtemp(prefix="briefgen-render-tests-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)
_BUILT: dict[tuple[str, ...], Build] = {}


@dataclass(frozen=True)
class Build:
    """An output folder and what the command printed making it."""

    out: Path
    done: subprocess.CompletedProcess[str]


def build_once(*args: str) -> Build:
    """`briefgen build ARGS --out <fresh folder>`, run once per distinct ARGS in a test run."""
    if args not in _BUILT:
        out = _ROOT / f"build-{len(_BUILT)}"
        done = run_cli(["build", *args, "--out", str(out)], cwd=REPOSITORY, timeout=600)
        _BUILT[args] = Build(out, done)
    return _BUILT[args]


def rich_build() -> Build:
    """The rich fixture built to HTML and PDF; fails the test if the build failed."""
    built = build_once(str(RICH))
    assert built.done.returncode == 0, built.done.stdout + built.done.stderr
    return built


def foreign_language_brief() -> Path:
    """The minimal fixture with a second piece of evidence quoted from a French source
    (`language: fr`), written once per test run; its folder."""
    folder = _ROOT / "foreign-language"
    if not folder.exists():
        shutil.copytree(FIXTURES / "minimal", folder)
        brief = folder / "brief.yaml"
        text = brief.read_text(encoding="utf-8").replace("id: minimal", "id: foreign-language")
        text = text.replace(
            '    quote: "Russia\'s military police resumed patrols near Qamishli - officials said - on 3 August"\n',
            '    quote: "Russia\'s military police resumed patrols near Qamishli - officials said - on 3 August"\n'
            "      - source: S2\n"
            '        quote: "La police militaire russe a repris ses patrouilles"\n',
        ).replace("    kind: official_statement", "    language: fr\n    kind: official_statement")
        brief.write_text(text, encoding="utf-8")
        (folder / "sources" / "s2.txt").write_text(
            "Communiqué du 4 août 2025. La police militaire russe a repris ses patrouilles près de Qamichli.\n",
            encoding="utf-8",
        )
    return folder


class Anchors(HTMLParser):
    """Every id and every href of an HTML page, and the tags it uses."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.styles: list[str] = []
        self.metas: dict[str, str] = {}
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.add(tag)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if "href" in found:
            self.hrefs.append(str(found["href"]))
        if tag == "meta" and (found.get("name") or found.get("http-equiv")):
            self.metas[str(found.get("name") or found.get("http-equiv"))] = str(found.get("content"))
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data


def anchors(path: Path) -> Anchors:
    return Anchors(path.read_text(encoding="utf-8"))
