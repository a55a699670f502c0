"""The HTML pages meet WCAG 2.2 AA as axe-core checks it, in Debian's Chromium driven by Playwright:
the brief's page at desktop and phone widths, every archived source page and the listing, for the
reference brief and the fixtures; and what axe cannot see: a skip link, visible focus, link names
that say where they lead. axe-core comes from npm (`make axe`, run by `make test`; see
tests/axe/package.json); without it, or without Chromium, these tests are skipped with the
reason, and on CI (`CI` set) they fail instead, so that the check cannot silently go missing."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from render_support import RICH, RICH_ID, build_once, foreign_language_brief
from support import FIXTURES, REFERENCE_BRIEF, REPOSITORY, TESTS, run_cli

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = TESTS / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = (1280, 390)


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: on CI the accessibility checks must run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        unavailable("needs headless Chromium at /usr/bin/chromium (Debian: apt-get install chromium)")
    if not AXE.is_file():
        unavailable("needs axe-core: run `make axe` (npm ci --prefix tests/axe)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def audit(browser: Any, path: Path, width: int = 1280) -> list[str]:
    """axe-core's violations on the page at `path`, one line per rule: `rule (impact): n × target …`."""
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    finally:
        context.close()
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} × {' '.join(v['nodes'][0]['target'])}"
        for v in result["violations"]
    ]


def pages_of(out: Path) -> list[Path]:
    return [out / "index.html", *sorted(out.glob("*/index.html")), *sorted(out.glob("*/sources/*.html"))]


def built(*paths: Path) -> Path:
    done = build_once(*map(str, paths), "--format", "html")
    assert done.done.returncode == 0, done.done.stdout + done.done.stderr
    return done.out


@pytest.fixture(scope="module")
def everything() -> Path:
    """The reference brief, every fixture and a brief quoting a French source, built together (so
    the listing has them all)."""
    briefs = [FIXTURES / name for name in ("rich", "minimal", "base", "real-text")] + [foreign_language_brief()]
    if (REFERENCE_BRIEF / "brief.yaml").is_file():
        briefs.insert(0, REFERENCE_BRIEF)
    return built(*briefs)


def test_no_axe_violations_on_any_page_at_desktop_and_phone_widths(browser: Any, everything: Path) -> None:
    found = {}
    for path in pages_of(everything):
        widths = WIDTHS if path.name == "index.html" and path.parent != everything else (1280,)
        for width in widths:
            violations = audit(browser, path, width)
            if violations:
                found[f"{path.relative_to(everything)} at {width} px"] = violations
    assert len(pages_of(everything)) >= 15
    assert found == {}


# Each link's accessible name as axe computes it (its virtual tree set up first), its visible text and target.
LINKS = """() => {
    // The links that prose citations show on hover or focus are shown, to be named too.
    document.querySelectorAll('.cite .via-links').forEach(links => { links.style.display = 'inline'; });
    axe.setup(document);
    const links = [...document.querySelectorAll('a[href]')].map(a => ({
        name: axe.commons.text.accessibleText(a).replace(/\\s+/g, ' ').trim(),
        text: a.innerText.replace(/\\s+/g, ' ').trim(),
        href: a.href,
    }));
    axe.teardown();
    return links;
}"""


def links_of(browser: Any, path: Path) -> list[dict[str, str]]:
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        return list(page.evaluate(LINKS))
    finally:
        context.close()


def test_links_of_the_same_name_lead_to_the_same_place_and_contain_their_visible_words(
    browser: Any, everything: Path
) -> None:
    for path in [everything / RICH_ID / "index.html", *sorted((everything / RICH_ID / "sources").glob("*.html"))]:
        targets: dict[str, set[str]] = {}
        for link in links_of(browser, path):
            assert link["name"], f"{path.name}: a link to {link['href']} has no name"
            assert link["text"].lower() in link["name"].lower(), link  # WCAG 2.5.3, label in name
            targets.setdefault(link["name"], set()).add(link["href"])
        shared = {name: sorted(hrefs) for name, hrefs in targets.items() if len(hrefs) > 1}
        assert shared == {}, path.name


def test_a_passage_link_names_its_passage_source_and_citing_item(browser: Any, everything: Path) -> None:
    names = {link["name"] for link in links_of(browser, everything / RICH_ID / "index.html")}
    assert "the passage of [1] quoted by IND2, highlighted in the archived copy" in names
    assert (
        "the passage of [1] quoted by IND2 (Veland harbour authority confirms Kostaran survey ship in Port Arlen), "
        "in the sourcing annex"
    ) in names


def test_the_skip_link_comes_first_shows_on_focus_and_leads_to_the_main_content(browser: Any, everything: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((everything / RICH_ID / "index.html").as_uri())
    skip = page.locator("a.skip-link")
    assert skip.evaluate("node => node.getBoundingClientRect().bottom") <= 0  # out of sight until focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and skip.inner_text() == "Skip to the key judgments"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    page.keyboard.press("Tab")  # the next stop is inside the main content
    assert page.evaluate("!!document.activeElement.closest('main')")
    page.close()


def test_keyboard_focus_is_visible_on_every_kind_of_link(browser: Any, everything: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((everything / RICH_ID / "index.html").as_uri())
    kinds = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [document.activeElement.className, s.outlineStyle, s.outlineWidth]; }"""
        )
        kinds.add(style[0])
        assert style[1] == "solid" and style[2] == "3px", style
    assert {"skip-link", "ref", "via", "item-link"} <= kinds
    page.close()


def test_key_judgments_are_headings_and_the_markings_are_in_landmarks(browser: Any, everything: Path) -> None:
    page = browser.new_page()
    page.goto((everything / RICH_ID / "index.html").as_uri())
    headings = page.locator("#summary h3").all_inner_texts()
    assert headings[0].startswith("KJ1 Kostara will keep technicians")
    assert page.locator(".marking-top").get_attribute("role") == "region"
    assert page.locator("footer.marking-bottom").count() == 1
    page.close()


def test_a_low_contrast_colour_in_an_override_fails_the_check(browser: Any, tmp_path: Path) -> None:
    """The check can fail: a --templates override of the stylesheet that pales the muted notes
    makes axe report exactly that, and nothing else."""
    overrides = tmp_path / "templates"
    overrides.mkdir()
    style = (REPOSITORY / "templates" / "style.css.j2").read_text(encoding="utf-8")
    style = re.sub(r"--faint: #[0-9a-f]{6};", "--faint: #8a939c;", style)
    (overrides / "style.css.j2").write_text(style, encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(
        ["build", str(RICH), "--format", "html", "--templates", str(overrides), "--out", str(out)], cwd=REPOSITORY
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert audit(browser, out / RICH_ID / "index.html") == [
        "color-contrast (serious): 7 × .chart-axis > span:nth-child(1)"
    ]


@pytest.mark.skipif(shutil.which("npm") is None, reason="needs npm")
def test_axe_core_is_pinned_by_the_lock_file() -> None:
    lock = (TESTS / "axe" / "package-lock.json").read_text(encoding="utf-8")
    assert re.search(r'"node_modules/axe-core": \{\s*"version": "4\.\d+\.\d+"', lock)
