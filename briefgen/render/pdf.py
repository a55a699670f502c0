"""The brief's page as a PDF, by WeasyPrint, with a fetcher that can reach only packaged assets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from briefgen.errors import BriefgenError

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"

# What `briefgen build --pdf-variant` offers: every one is tagged (see briefgen.render.tagging).
# PDF/UA-1 is the default: PDF 1.7, which every reader and screen reader handles; WeasyPrint 70's
# PDF/UA-2 is the same tree in PDF 2.0, whose 1.7 structure types (Art, BlockQuote) it does not
# map to the 2.0 namespace. The PDF/A "a" levels are tagged too, for records retention.
PDF_VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-2a", "pdf/a-3a")
DEFAULT_PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF and its page count."""

    data: bytes
    pages: int


def render_pdf(html: str, fonts_css: str, variant: str | None = DEFAULT_PDF_VARIANT) -> Pdf:
    """Lay out `html` for print and write the PDF (metadata from its <title> and <meta> tags) as
    `variant`, tagged for assistive technology; `None` writes an untagged PDF (bench/ compares)."""
    document = lay_out(html, fonts_css)
    return Pdf(write(document, variant), len(document.pages))


def lay_out(html: str, fonts_css: str) -> Any:
    """WeasyPrint's laid-out document of `html` with briefgen's fonts (reached only through the
    asset fetcher)."""
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
    return HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[fonts], font_config=font_config, presentational_hints=False
    )


def write(document: Any, variant: str | None = DEFAULT_PDF_VARIANT) -> bytes:
    """The PDF of a laid-out document as `variant`, its tags completed (briefgen.render.tagging);
    `None`: untagged."""
    from briefgen.render.tagging import complete, traced_structure

    with _fixed_font_timestamps():
        if variant is None:
            return bytes(document.write_pdf())
        with traced_structure() as origins:
            return bytes(
                document.write_pdf(
                    pdf_variant=variant, pdf_tags=True, finisher=lambda doc, pdf: complete(doc, pdf, origins)
                )
            )


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
