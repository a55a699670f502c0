"""`briefgen serve` as a writer uses it: the page open in headless Chromium beside the editor,
the YAML edited, and the page following by itself."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from serve_support import Served, serving
from support import REFERENCE_BRIEF
from test_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.browser

KEY = "russia-syria-security"
STATEMENT = "Russia will very likely still operate its naval facility at Tartus and Hmeimim airbase"
QUOTE = "calling their retention a litmus test for the future of the partnership"
WAIT = 30_000  # ms: what "within seconds" allows on a busy machine


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip("needs headless Chromium at /usr/bin/chromium (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    shutil.copytree(REFERENCE_BRIEF, tmp_path / "briefs" / KEY)
    with serving(tmp_path, "briefs") as running:
        yield running


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def open_page(browser: Any, url: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    page.wait_for_function("window.briefgenListening === true || document.readyState === 'complete'")
    return page, problems


def test_the_page_follows_the_yaml_keeping_its_place(browser: Any, served: Served, tmp_path: Path) -> None:
    brief = tmp_path / "briefs" / KEY / "brief.yaml"
    page, problems = open_page(browser, f"{served.url}{KEY}/")
    kj1 = page.locator("#item-KJ1")
    assert STATEMENT in kj1.inner_text()
    page.locator("#item-IND1").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 1000

    edit(brief, "Russia will very likely still operate its naval", "Russia will very likely go on operating its naval")
    page.locator("#item-KJ1", has_text="Russia will very likely go on operating its naval").wait_for(timeout=WAIT)
    assert abs(page.evaluate("window.scrollY") - scrolled) < 5  # where the writer was
    assert problems == []


def test_a_broken_quote_is_laid_over_the_page_and_goes_when_fixed(browser: Any, served: Served, tmp_path: Path) -> None:
    brief = tmp_path / "briefs" / KEY / "brief.yaml"
    line = next(n for n, text in enumerate(brief.read_text(encoding="utf-8").splitlines(), 1) if QUOTE in text)
    page, problems = open_page(browser, f"{served.url}{KEY}/")
    assert page.locator("#briefgen-overlay").count() == 0

    edit(brief, QUOTE, QUOTE.replace("litmus test", "litmus trial"))
    overlay = page.locator("#briefgen-overlay")
    overlay.wait_for(timeout=WAIT)
    text = overlay.inner_text()
    assert f"briefs/{KEY}/brief.yaml:{line}:" in text and "BG401" in text
    assert page.locator("#item-KJ1").is_visible()  # the last good render, under the overlay

    edit(brief, QUOTE.replace("litmus test", "litmus trial"), QUOTE)
    overlay.wait_for(state="detached", timeout=WAIT)
    assert STATEMENT in page.locator("#item-KJ1").inner_text()
    assert problems == []


def test_an_archive_deleted_while_serving_shows_on_the_page(browser: Any, served: Served, tmp_path: Path) -> None:
    folder = tmp_path / "briefs" / KEY
    page, problems = open_page(browser, f"{served.url}{KEY}/")
    (folder / "sources" / "s1-enab-baladi-relay-patrols.txt").unlink()
    overlay = page.locator("#briefgen-overlay")
    overlay.wait_for(timeout=WAIT)
    assert "BG311" in overlay.inner_text() and "s1-enab-baladi-relay-patrols.txt" in overlay.inner_text()
    assert served.process.poll() is None
    listing, _ = open_page(browser, served.url)
    assert "1 brief needs attention" in listing.locator("#briefgen-overlay").inner_text()
    assert problems == []
