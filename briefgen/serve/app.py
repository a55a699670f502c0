"""The HTTP side of `serve` (Starlette): the listing, each brief's pages with the preview's
chrome, its PDF on demand, and the event stream the pages reload on.

Nothing here writes a file the user has, and every response is read-only (GET and HEAD alone).
It answers only requests whose Host header names the address it serves (a page elsewhere that
rebinds its own name to 127.0.0.1 gets 403), and serves only files under the preview folder:
a path with `..`, `.` or a hidden part (encoded or not: Starlette decodes the path first), one
that leads out by a symlink, or a folder without its index.html, is not found.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from briefgen import __version__
from briefgen.serve import pages
from briefgen.serve.briefs import Brief

if TYPE_CHECKING:  # server imports this module to start the app it builds
    from briefgen.serve.server import Previews

_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class HostCheck:
    """Refuse any request whose Host header is not one the server answers to (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: set[str]):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if not host_allowed(host, self.allowed):
                response = PlainTextResponse(
                    f"briefgen serve answers only to {', '.join(sorted(self.allowed))}, not to Host {host[:100]!r}\n",
                    status_code=403,
                    headers=_HEADERS,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def host_allowed(host: str, allowed: set[str]) -> bool:
    if host in allowed:
        return True
    if "*ip" not in allowed:
        return False
    name, _, port = host.rpartition(":")
    ports = {item.rpartition(":")[2] for item in allowed if item != "*ip"}
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return port in ports


def build_app(previews: Previews, allowed: set[str]) -> ASGIApp:
    site = _Site(previews)
    routes = [
        Route("/_serve/events", site.events, methods=["GET"]),
        Route("/_serve/state", site.state, methods=["GET"]),
        Route("/_serve/pdf/{key:path}", site.pdf, methods=["GET"]),
        Route("/{path:path}", site.page, methods=["GET"]),
    ]
    return HostCheck(Starlette(routes=routes), allowed)


class _Site:
    def __init__(self, previews: Previews):
        self.previews = previews
        self.root = previews.preview.resolve()

    @property
    def editor(self) -> str | None:
        return self.previews.options.editor

    async def events(self, request: Request) -> Response:
        hub = self.previews.hub
        queue = hub.join()

        async def stream() -> AsyncIterator[str]:
            try:
                yield "retry: 1000\n\n"
                while True:
                    names = await queue.get()
                    if names is None:
                        return
                    yield f"data: {json.dumps(names)}\n\n"
            finally:
                hub.leave(queue)

        return StreamingResponse(stream(), media_type="text/event-stream", headers=_HEADERS)

    async def state(self, request: Request) -> Response:
        return JSONResponse(self.previews.state(), headers=_HEADERS)

    async def page(self, request: Request) -> Response:
        path = request.url.path
        if path in ("/", "/index.html"):
            return self._listing()
        parts = [part for part in path.split("/") if part]
        if any(_refused(part) for part in parts):
            return _not_found()
        entry = self._entry(parts)
        if entry is not None and entry.removed:
            return self._own_page(entry, entry.file, ["This brief was removed while the preview ran."])
        target = self.root.joinpath(*parts)
        top = entry is not None and parts == entry.key.split("/")  # a brief's own folder
        if top or target.is_dir():
            if not top and not (target / "index.html").is_file():
                return _not_found()  # no listing of a folder
            if not path.endswith("/"):
                return RedirectResponse(quote(path) + "/", status_code=307, headers=_HEADERS)
            target = target / "index.html"
        if entry is not None and not entry.files and target == self.root.joinpath(*entry.key.split("/"), "index.html"):
            return self._never_valid(entry)
        found = _inside(self.root, target)
        if found is None:
            return _not_found()
        if found.suffix != ".html":
            return FileResponse(found, headers=_HEADERS)
        nonce = pages.new_nonce()
        html = found.read_text(encoding="utf-8")
        chrome = self._chrome(entry, nonce) if entry is not None else pages.chrome(nonce, "")
        return HTMLResponse(pages.decorate(html, chrome, nonce), headers=_HEADERS)

    def _entry(self, parts: list[str]) -> Brief | None:
        """The brief whose pages `parts` leads to (the longest key that starts it)."""
        best: Brief | None = None
        for key, entry in self.previews.briefs.entries.items():
            segments = key.split("/")
            if parts[: len(segments)] == segments and (best is None or len(segments) > len(best.key.split("/"))):
                best = entry
        return best

    def _chrome(self, entry: Brief, nonce: str) -> str:
        return pages.chrome(
            nonce,
            entry.key,
            file=entry.file,
            pdf_href="/_serve/pdf/" + quote(entry.key) if entry.valid and entry.files else None,
            overlay=pages.brief_overlay(entry, self.editor),
            warnings=pages.warnings_of(entry, self.editor),
        )

    def _never_valid(self, entry: Brief) -> Response:
        if entry.generation == 0:
            return self._own_page(
                entry, entry.file, ["briefgen is rendering this brief; the page reloads when it is done."]
            )
        return self._own_page(entry, entry.file, [])

    def _own_page(self, entry: Brief, title: str, message: list[str], watch: str | None = None) -> Response:
        nonce = pages.new_nonce()
        chrome = pages.chrome(
            nonce,
            entry.key if watch is None else watch,
            file=entry.file,
            overlay=pages.brief_overlay(entry, self.editor),
            warnings=pages.warnings_of(entry, self.editor),
        )
        return HTMLResponse(pages.standalone(title, message, chrome, nonce), headers=_HEADERS)

    def _listing(self) -> Response:
        from briefgen.render.html import render_listing

        briefs = self.previews.briefs
        html = render_listing(briefs.listing(), f"briefgen {__version__}", self.previews.options.templates)
        links = []
        for entry in sorted(briefs.entries.values(), key=lambda item: item.file):
            if entry.removed:
                links.append({"href": None, "file": entry.file, "text": "removed while the preview ran"})
            elif entry.generation and not entry.valid:
                text = "could not be rendered" if entry.problem else "not valid"
                links.append({"href": entry.href, "file": entry.file, "text": text})
        overlay: dict[str, Any] | None = None
        if briefs.missing:
            overlay = {"title": briefs.missing, "lead": "", "found": [], "notes": [], "links": links}
        elif links:
            noun = "brief needs" if len(links) == 1 else "briefs need"
            overlay = {"title": f"{len(links)} {noun} attention", "lead": "", "found": [], "notes": [], "links": links}
        nonce = pages.new_nonce()
        chrome = pages.chrome(nonce, "", listing=True, overlay=overlay)
        return HTMLResponse(pages.decorate(html, chrome, nonce), headers=_HEADERS)

    async def pdf(self, request: Request) -> Response:
        key = request.path_params["key"].strip("/")
        entry = self.previews.briefs.entries.get(key)
        if entry is None or entry.removed:
            return _not_found()
        status, found = self.previews.pdf_state(entry)
        if status == "ready":
            name = f"{entry.listed['id'] if entry.listed else 'brief'}.pdf"
            return FileResponse(
                found,
                media_type="application/pdf",
                headers={**_HEADERS, "Content-Disposition": f'inline; filename="{name}"'},
            )
        watch = f"pdf:{key}"
        if status == "making":
            message = ["Making the PDF… it takes a few seconds; this page shows it when it is ready."]
        elif status == "failed":
            message = [f"The PDF could not be made: {found.message}", *([f"hint: {found.hint}"] if found.hint else [])]
            watch = key
        else:
            message = ["The brief is not valid as it is now: fix the errors on its page, and the PDF can be made."]
            watch = key
        return self._own_page(entry, f"PDF of {entry.file}", message, watch)


def _refused(part: str) -> bool:
    return part in (".", "..") or part.startswith(".") or "\\" in part or "\x00" in part


def _inside(root: Path, target: Path) -> Path | None:
    """`target`, when it is a file that is really under `root` (no symlink out of it)."""
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(root) and real.is_file() else None


def _not_found() -> Response:
    return PlainTextResponse("not found\n", status_code=404, headers=_HEADERS)
