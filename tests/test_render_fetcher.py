"""The PDF renderer can reach briefgen's packaged fonts and nothing else: no local files, no network."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.render.assets import FONT_FACES, AssetRefused, asset_path
from briefgen.render.html import render_fonts_css
from briefgen.render.pdf import render_pdf
from support import PNG, recording_server


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/x.css",
        "https://example.org/font.ttf",
        "data:text/css,p{}",
        "briefgen-asset:fonts/../../../../etc/passwd",
        "briefgen-asset:fonts/%2e%2e/x.ttf",
        "briefgen-asset:/etc/passwd",
        "briefgen-asset:fonts/NotAFont.ttf",
        "briefgen-asset:fonts/LICENSE.txt",
        "BRIEFGEN-ASSET:fonts/x.ttf",
    ],
)
def test_anything_but_a_packaged_font_is_refused(url: str) -> None:
    with pytest.raises(AssetRefused):
        asset_path(url)


def test_every_declared_font_is_installed_and_served() -> None:
    from briefgen.render.fetcher import AssetFetcher

    fetcher = AssetFetcher()
    for face in FONT_FACES:
        response = fetcher.fetch(face.url)
        assert response.read(4) in (b"\x00\x01\x00\x00", b"OTTO")
        assert response.content_type == "font/ttf"
        response.close()
    with pytest.raises(AssetRefused):
        fetcher.fetch("file:///etc/hostname")


def test_a_hostile_page_makes_the_renderer_read_no_file_and_fetch_no_url(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    with recording_server() as (remote, requests):
        html = f"""<!DOCTYPE html><html><head>
            <link rel="stylesheet" href="{remote}/style.css"><link rel="attachment" href="{secret.as_uri()}">
            <style>@import url("{remote}/import.css"); body {{ background: url("{secret.as_uri()}"); }}</style>
            </head><body><img src="{secret.as_uri()}"><img src="{remote}/image.png">
            <object data="{remote}/object.png"></object><p>text</p></body></html>"""
        pdf = render_pdf(html, render_fonts_css(None))
    assert requests == []
    reader = PdfReader(io.BytesIO(pdf.data))
    assert not reader.pages[0]["/Resources"].get("/XObject")
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
