"""A hostile brief through `briefgen build` (issue 5): every field that reaches the page carries
raw HTML, script, `javascript:`, `data:` and `file:` links and images, remote images on a local
HTTP server, and attempts to break out of attributes and stylesheets; its prose has endless
words and a giant table. The build must succeed, the server must receive no request, the
build (its workers too) may read no file outside the brief's folder, no output may carry the
content of /etc/passwd, and nothing active may reach the HTML or PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from render_support import Anchors
from support import FIXTURES, audited, reads_outside, recording_server, run_cli, settings_files

PASSWD = Path("/etc/passwd")
Done = subprocess.CompletedProcess[str]
ENDLESS = "Endless" + "x" * 4000 + "word"


def hostile(remote: str) -> dict[str, str]:
    """Hostile text for each kind of field: prose (Markdown), plain text, and URLs."""
    prose = (
        f"<script>fetch('{remote}/script')</script> <img src=\"{remote}/raw-img.png\" onerror=alert(1)> "
        f'<style>body{{background:url({remote}/style.png)}}</style> <iframe src="file:///etc/passwd"></iframe> '
        f"[js](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [file](file:///etc/passwd) "
        f"![remote]({remote}/md-image.png) ![local](file:///etc/passwd) ![inline](data:image/png;base64,iVBORw0) "
        f"[ref][evil] <{remote}/autolink> &#106;avascript:alert(1) [@S1]\n\n"
        "[evil]: javascript:alert(1)\n"
    )
    plain = (
        f"\"><script>alert(1)</script><img src='{remote}/attr.png'> ' onmouseover='alert(1)' "
        f"</style><style>*{{background:url({remote}/css.png)}}</style> file:///etc/passwd"
    )
    return {"prose": prose, "plain": plain}


def hostile_brief(remote: str) -> str:
    text = (FIXTURES / "base" / "brief.yaml").read_text(encoding="utf-8")
    bad = hostile(remote)

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    table = "\n".join(
        ["| a | b | c | d | e | f |", "|---|---|---|---|---|---|"]
        + [f"| row {n} | {ENDLESS[:60]} | cell | cell | cell | {n} |" for n in range(300)]
    )
    url = remote + '/original?q=1&x="><script>alert(1)</script>'
    edits = [
        ("title: A small brief", f"title: {quoted('A small brief ' + bad['plain'])}\nsubtitle: {quoted(bad['plain'])}"),
        ("authors: [Test team]", f"authors: [{quoted(bad['plain'])}]"),
        ("marking: TLP:CLEAR", f"marking: {{tlp: 'TLP:AMBER', classification: {quoted(bad['plain'])}}}"),
        (
            "bottom_line: Russia is back on patrol [@S1; @S2].",
            f"bottom_line: {quoted('Russia is back on patrol [@S1; @S2]. ' + ENDLESS + ' ' + bad['prose'])}",
        ),
        ("scope_note: A test fixture.", f"scope_note: {quoted(bad['prose'] + chr(10) + chr(10) + table)}"),
        (
            "    statement: Russian patrols will continue.",
            f"    statement: {quoted('Patrols will continue. ' + ENDLESS)}",
        ),
        ("    rationale: One source says so.", f"    rationale: {quoted(bad['prose'])}"),
        ("    title: Patrols continue", f"    title: {quoted('Patrols continue ' + bad['plain'])}"),
        ("    drivers: [Interest]", f"    drivers: [{quoted(bad['plain'])}]"),
        (
            '    timeframe: "2026"\n    drivers: [Pressure]',
            f"    timeframe: {quoted(bad['plain'])}\n    drivers: [Pressure]",
        ),
        ("    party: United States", f"    party: {quoted('United States ' + bad['plain'])}"),
        ("    statement: Watch.", f"    statement: {quoted(bad['prose'])}"),
        (
            "    description: Patrols seen near Qamishli.",
            f"    title: {quoted(ENDLESS)}\n    description: {quoted(ENDLESS + ' ' + bad['prose'])}\n"
            f"    threshold: {quoted(bad['plain'])}",
        ),
        (
            '        quote: "a second paragraph about fuel supplies ... Tartus"',
            '        quote: "a second paragraph about fuel supplies ... Tartus"\n'
            f"        locator: {quoted(bad['plain'])}\n        note: {quoted(bad['plain'])}\n"
            "      - source: S1\n        quote: \"<script>alert('archived')</script>\"",
        ),
        (
            "    title: A report\n",
            f"    title: {quoted('A report ' + bad['plain'])}\n"
            f"    author: {quoted(bad['plain'])}\n    publisher: {quoted(bad['plain'])}\n"
            f"    url: {quoted(url)}\n"
            f"    summary: {quoted(bad['prose'])}\n",
        ),
        ("    reliability_note: Single outlet.", f"    reliability_note: {quoted(bad['plain'])}"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + (
        f"    waivers: [{{check: BG503, reason: {quoted(bad['plain'])}}}]\nsource_summary: {quoted(bad['prose'])}\n"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Done, list[str]]]:
    """The hostile brief built to HTML and PDF while a local HTTP server records every request."""
    work = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURES / "base", work / "briefs" / "hostile")
    with recording_server() as (remote, requests):
        (work / "briefs" / "hostile" / "brief.yaml").write_text(hostile_brief(remote), encoding="utf-8")
        with (work / "briefs" / "hostile" / "sources" / "s1.txt").open("a", encoding="utf-8") as archive:
            archive.write(f"\n<script>alert('archived')</script> <img src=\"{remote}/archived.png\"> {ENDLESS}\n")
        done = run_cli(["build", "briefs", "--out", "out"], work, timeout=600, env=audited(work / "opened.log"))
        yield work / "out", done, requests


class Attributes(HTMLParser):
    """Every attribute of every tag of a page: (tag, attribute, value)."""

    def __init__(self, text: str):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend((tag, name.lower(), value or "") for name, value in attrs)


def outputs(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*") if path.is_file()}


def test_the_hostile_brief_is_valid_and_builds(built) -> None:
    out, done, _ = built
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert {"index.html", "base/index.html", "base/base.pdf", "base/sources/S1.html"} <= set(outputs(out))


def test_the_build_makes_no_request_to_the_server_named_in_the_brief(built) -> None:
    _, done, requests = built
    assert done.returncode == 0
    assert requests == []


def test_the_build_reads_nothing_outside_the_briefs_folder(built) -> None:
    out, done, _ = built
    log = out.parent / "opened.log"
    opened = log.read_text(encoding="utf-8")
    assert str(out.parent / "briefs" / "hostile" / "brief.yaml") in opened
    assert "brief.html.j2" in opened  # the workers, which render, are audited too
    assert reads_outside(log, [out.parent / "briefs" / "hostile", out, *settings_files(out.parent)]) == []


def test_no_output_carries_the_content_of_a_local_file(built) -> None:
    secret = next(line for line in PASSWD.read_text(encoding="utf-8").splitlines() if line.strip())
    for name, data in outputs(built[0]).items():
        assert secret.encode() not in data, name
        assert b"root:x:0:0" not in data, name


def test_the_html_pages_carry_nothing_active(built) -> None:
    for name, data in outputs(built[0]).items():
        if not name.endswith(".html"):
            continue
        page = Anchors(data.decode("utf-8"))
        # (briefgen's own charts are inline SVG of rectangles and text: no images, links or scripts.)
        assert not page.tags & {
            "script",
            "img",
            "iframe",
            "object",
            "embed",
            "link",
            "base",
            "form",
            "image",
            "use",
            "foreignobject",
            "video",
            "audio",
            "source",
            "frame",
        }, name
        for tag, attribute, value in Attributes(data.decode("utf-8")).found:
            assert not attribute.startswith("on") and attribute not in ("style", "srcdoc"), (name, tag, attribute)
            if attribute in ("href", "src", "action", "formaction", "xlink:href", "poster", "data"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "file:", "vbscript:")), (
                    name,
                    tag,
                    value,
                )
        assert b"&lt;script&gt;" in data or name == "index.html", name  # the text is shown, escaped


def test_the_stylesheets_are_only_briefgens_own(built) -> None:
    page = Anchors(outputs(built[0])["base/index.html"].decode("utf-8"))
    assert page.styles and all("127.0.0.1" not in css and "</style" not in css for css in page.styles)
    # The only URLs are the page's own fonts, embedded (briefgen.render.webfonts).
    urls = [url for css in page.styles for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", css)]
    assert all(url.startswith("data:font/woff") for url in urls), urls[:3]


def test_the_pdf_has_no_active_content_and_only_safe_links(built) -> None:
    reader = PdfReader(io.BytesIO(outputs(built[0])["base/base.pdf"]))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {}) and "/EmbeddedFiles" not in root.get("/Names", {})
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        assert all(objects[key].get_object().get("/Subtype") != "/Image" for key in objects)  # no image loaded
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A", {})
            assert action.get("/S") in (None, "/URI", "/GoTo"), action
            uri = str(action.get("/URI", ""))
            assert uri == "" or uri.startswith(("http://", "https://", "mailto:")), uri


def test_endless_words_and_a_giant_table_stay_inside_the_page(built, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(outputs(built[0])["base/base.pdf"])
    subprocess.run(["pdftoppm", "-png", "-r", "20", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) > 5  # the table and the endless words took room, and were laid out
    for png in pages:
        image = Image.open(png).convert("L")
        width, height = image.size
        # The right margin (the outer 4% of the page, clear of the header and footer bands) is blank.
        strip = image.crop((int(width * 0.96), int(height * 0.1), width, int(height * 0.9)))
        assert strip.getextrema()[0] > 200, f"{png.name}: something runs into the right margin"


def test_a_pdf_render_that_runs_away_is_stopped_with_a_clear_error(built) -> None:
    """The hostile brief's PDF (dozens of pages of table and endless words) takes far longer
    to lay out than the 2 s allowed here: the worker is stopped and the brief reported."""
    out, _, _ = built
    done = run_cli(["build", "briefs", "--format", "pdf", "--timeout", "2", "--out", "slow"], out.parent, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error BG602 render-failed: rendering took longer than the time limit (2 s)" in done.stdout
    assert done.stdout.splitlines()[-1] == "1 brief: 0 built, 1 not built; 1 error"
    assert not (out.parent / "slow" / "base").exists()
