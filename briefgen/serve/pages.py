"""Preview pages: a built page with the preview's chrome added (the bar, the diagnostics laid
over it, the reload script), and the pages of its own that `serve` shows (a brief never valid,
one removed, a PDF being made).

The chrome is added to a copy of what `build` renders, when it is served, never to the files
themselves: published outputs carry no script. Each response gets a fresh CSP nonce, which the
page's own policy is widened by for exactly the chrome's <style> and <script>, and for the
event stream (`connect-src 'self'`).
"""

from __future__ import annotations

import re
import secrets
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from briefgen.diagnostics import Diagnostic
from briefgen.render.html import render
from briefgen.serve.briefs import Brief

_CSP_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.IGNORECASE)
_BASE_CSP = "default-src 'none'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def widen_csp(policy: str, nonce: str) -> str:
    """`policy` allowing also the chrome's nonce'd <style> and <script>, and the event stream."""
    directives: dict[str, str] = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            directives[name.lower()] = value.strip()
    style = directives.get("style-src", "")
    directives["style-src"] = f"{style} 'nonce-{nonce}'".strip()
    directives["script-src"] = f"'nonce-{nonce}'"
    directives["connect-src"] = "'self'"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def decorate(html: str, chrome: str, nonce: str) -> str:
    """A built page with the chrome before its </body>, and its policy widened for it."""
    html = _CSP_META.sub(
        lambda found: found[1] + str(escape(widen_csp(unescape(found[2]), nonce))) + found[3], html, count=1
    )
    end = html.rfind("</body>")
    return html[:end] + chrome + html[end:] if end >= 0 else html + chrome


def standalone(title: str, message: list[str], chrome: str, nonce: str) -> str:
    """A page of the preview's own."""
    return render(
        "preview.html.j2",
        None,
        {"title": title, "message": message, "chrome": Markup(chrome), "csp": widen_csp(_BASE_CSP, nonce)},
    )


def chrome(
    nonce: str,
    watch: str,
    *,
    file: str | None = None,
    pdf_href: str | None = None,
    listing: bool = False,
    overlay: dict[str, Any] | None = None,
    warnings: list[dict[str, Any]] | None = None,
) -> str:
    """The bar, the overlay and the script that reloads the page when `watch` is announced."""
    context = {
        "nonce": nonce,
        "watch": watch,
        "css": Markup(render("preview.css.j2", None, {})),
        "file": file,
        "pdf_href": pdf_href,
        "listing": listing,
        "overlay": overlay,
        "warnings": warnings or [],
    }
    return render("_preview.html.j2", None, context)


def shown(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], editor: str | None) -> list[dict[str, Any]]:
    """Diagnostics as `validate` prints them, each with its editor link when one is set up."""
    from briefgen.report import printable

    return [
        {
            "location": printable(d.location),
            "href": editor_href(editor, d) if editor else None,
            "severity": d.severity,
            "code": d.code,
            "name": d.name,
            "message": printable(d.message),
            "hint": printable(d.hint) if d.hint else None,
        }
        for d in diagnostics
    ]


def editor_href(template: str, found: Diagnostic) -> str:
    """`template` (`vscode://file{path}:{line}:{column}`) filled in for a diagnostic."""
    path = quote(str(Path(found.file).absolute()), safe="/:")
    return template.format(path=path, line=found.line or 1, column=found.column or 1)


def brief_overlay(entry: Brief, editor: str | None) -> dict[str, Any] | None:
    """What to lay over a brief's page: None when it is valid."""
    if entry.removed:
        return {
            "title": f"{entry.file} was removed",
            "lead": "Its folder or its file is gone.",
            "found": [],
            "notes": [],
            "links": [],
        }
    if entry.generation == 0:
        return None
    if entry.problem is not None:
        lead = entry.problem.message + (f" (hint: {entry.problem.hint})" if entry.problem.hint else "")
        return {"title": f"{entry.file} could not be rendered", "lead": lead, "found": [], "notes": [], "links": []}
    errors = [d for d in entry.diagnostics if d.severity == "error"]
    if not errors:
        return None
    counts = f"{len(errors)} error{'s' * (len(errors) != 1)}"
    warnings = len(entry.diagnostics) - len(errors)
    if warnings:
        counts += f", {warnings} warning{'s' * (warnings != 1)}"
    lead = "This is its last valid render." if entry.listed else "It has not been valid since the preview started."
    from briefgen.check.pipeline import stopped_early
    from briefgen.report import format_notes

    return {
        "title": f"{entry.file} is not valid: {counts}",
        "lead": lead,
        "found": shown(entry.diagnostics, editor),
        "notes": [format_notes([entry.file])] if stopped_early(list(entry.diagnostics)) else [],
        "links": [],
    }


def warnings_of(entry: Brief, editor: str | None) -> list[dict[str, Any]]:
    """A valid brief's warnings (an invalid one's are in its overlay)."""
    if brief_overlay(entry, editor) is not None:
        return []
    return shown([d for d in entry.diagnostics if d.severity != "error"], editor)
