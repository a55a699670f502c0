"""briefgen's packaged assets for the PDF: the open-licence fonts installed with it.

Assets are named by a private URL scheme (`briefgen-asset:fonts/SourceSerifPro-Regular.ttf`)
so that the PDF renderer's fetcher can serve them and refuse every other URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

SCHEME = "briefgen-asset:"
_FONT_NAME = re.compile(r"^fonts/([A-Za-z0-9-]+\.(?:ttf|otf))$")


@dataclass(frozen=True)
class FontFace:
    """One `@font-face` rule: a family, its file and the weight and style it provides."""

    family: str
    file: str
    weight: int
    style: str

    @property
    def url(self) -> str:
        return f"{SCHEME}fonts/{self.file}"


def _faces(family: str, stem: str, styles: dict[str, tuple[int, str]]) -> list[FontFace]:
    return [FontFace(family, f"{stem}-{suffix}.ttf", weight, style) for suffix, (weight, style) in styles.items()]


FONT_FACES: tuple[FontFace, ...] = (
    *_faces(
        "Source Serif Pro",
        "SourceSerifPro",
        {
            "Regular": (400, "normal"),
            "It": (400, "italic"),
            "Semibold": (600, "normal"),
            "SemiboldIt": (600, "italic"),
            "Bold": (700, "normal"),
            "BoldIt": (700, "italic"),
        },
    ),
    *_faces(
        "Source Sans Pro",
        "SourceSansPro",
        {
            "Regular": (400, "normal"),
            "It": (400, "italic"),
            "Semibold": (600, "normal"),
            "Bold": (700, "normal"),
        },
    ),
)

FONT_DIRECTORIES: tuple[Path, ...] = (
    Path(font_source_serif_pro.font_directory),
    Path(font_source_sans_pro.font_directory),
)


class AssetRefused(ValueError):
    """A URL that is not one of briefgen's packaged assets."""


def asset_path(url: str) -> Path:
    """The installed file a `briefgen-asset:` URL names; anything else is refused."""
    if not url.startswith(SCHEME):
        raise AssetRefused(f"briefgen serves only its own packaged assets, not {url[:200]!r}")
    match = _FONT_NAME.match(url[len(SCHEME) :])
    if match is None:
        raise AssetRefused(f"no packaged asset is named {url[:200]!r}")
    for directory in FONT_DIRECTORIES:
        candidate = directory / match.group(1)
        if candidate.is_file():
            return candidate
    raise AssetRefused(f"packaged font {match.group(1)!r} is not installed")
