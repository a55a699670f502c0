"""WeasyPrint's URL fetcher for briefgen: serve the packaged assets, refuse every other URL.

Brief content is untrusted, so nothing it contains may make the PDF renderer read a local
file or touch the network: `file:`, `http(s):`, `data:` and every other scheme are refused.
Imported only on the PDF path (it imports WeasyPrint).
"""

from __future__ import annotations

from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

from briefgen.render.assets import asset_path

_TYPES = {".ttf": "font/ttf", ".otf": "font/otf"}


class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
    """Serves `briefgen-asset:` URLs from the installed packages and nothing else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = asset_path(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _TYPES[path.suffix]})
