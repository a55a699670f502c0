"""The built page in a real browser: headless Chromium (Debian's package) driven by Playwright.

Skipped, with the reason, where /usr/bin/chromium is missing; `.ci/run` installs it, so CI runs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from render_support import RICH_ID, rich_build

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip("needs headless Chromium at /usr/bin/chromium (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def open_page(browser: Any, path: Path, width: int, height: int) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(path.as_uri())
    return page, problems


def test_an_indicators_citation_leads_to_its_highlighted_passage(browser: Any) -> None:
    folder = rich_build().out / RICH_ID
    page, problems = open_page(browser, folder / "index.html", 1280, 900)
    link = page.locator("#item-IND2 .col-evidence a.via", has_text="passage").first
    assert link.get_attribute("href") == "sources/S1.html#passage-6"
    link.click()
    page.wait_for_url("**/sources/S1.html#passage-6")
    mark = page.locator("#passage-6")
    assert mark.evaluate("node => node.tagName") == "MARK"
    assert mark.inner_text() == (
        "two trucks carrying crated equipment left the port on 11 March heading north, toward the Halvik plateau"
    )
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 900
    assert mark.evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(255, 213, 74)"
    back = page.locator("a.backref", has_text="IND2").first
    back.click()
    page.wait_for_url("**/index.html#item-IND2")
    assert problems == []


def test_the_page_fits_a_phone_and_its_tables_become_cards(browser: Any) -> None:
    folder = rich_build().out / RICH_ID
    page, problems = open_page(browser, folder / "index.html", 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("#item-IND1").evaluate("node => getComputedStyle(node).display") == "block"
    assert page.locator("#item-KJ1 .likelihood").is_visible()
    assert problems == []


def test_the_page_carries_the_pdfs_fonts_and_shows_the_bottom_line_in_a_phones_first_screen(browser: Any) -> None:
    from render_support import build_once
    from support import REFERENCE_BRIEF

    built = build_once(str(REFERENCE_BRIEF), "--format", "html")
    assert built.done.returncode == 0, built.done.stdout + built.done.stderr
    page, problems = open_page(browser, built.out / "russia-syria-security" / "index.html", 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.getElementById('bottom-line').getBoundingClientRect().top") < 844 - 120
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)")
    assert {"Source Serif Pro 400", "Source Sans Pro 400"} <= {name.replace('"', "") for name in loaded}
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Source Serif Pro"')
    assert problems == []  # the policy allowed the fonts: a refused font is a console error
