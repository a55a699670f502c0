"""The brief's page as a PDF, by WeasyPrint, with a fetcher that can reach only packaged assets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from briefgen.errors import BriefgenError

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF and its page count."""

    data: bytes
    pages: int


def render_pdf(html: str, fonts_css: str) -> Pdf:
    """Lay out `html` for print and write the PDF (metadata from its <title> and <meta> tags)."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        from briefgen.render.fetcher import AssetFetcher
    except OSError as error:
        raise BriefgenError(
            f"cannot load WeasyPrint's system libraries ({error})",
            f"install Pango: on Debian or Ubuntu, `apt-get install {PANGO_PACKAGES}`",
        ) from error
    fetcher = AssetFetcher()
    font_config = FontConfiguration()
    fonts = CSS(string=fonts_css, url_fetcher=fetcher, font_config=font_config)
    with _fixed_font_timestamps():
        document = HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=[fonts], font_config=font_config, presentational_hints=False
        )
        return Pdf(document.write_pdf(), len(document.pages))


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """fontTools stamps each font subset it writes with the current time unless SOURCE_DATE_EPOCH
    is set; without this, two builds of the same brief a second apart differ in their fonts."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before is None:
        os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
