"""Jinja rendering of the brief's page, its source pages, the listing and the stylesheets (pure).

Templates are looked up by name in the `--templates` folder first, then among the built-in
ones (the package `briefgen.templates`). HTML templates are autoescaped; every undefined
variable is an error (StrictUndefined), so a typo in a template fails loudly.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from markupsafe import Markup

from briefgen.errors import BriefgenError
from briefgen.render import views
from briefgen.render.assets import FONT_FACES

BUILTIN_TEMPLATES = Path(str(files("briefgen.templates")))
_CSS_UNSAFE = re.compile(r"[^A-Za-z0-9 :+./_-]+")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def css_string(value: str) -> Markup:
    """A quoted CSS string with every character outside a small safe set escaped. (By runs, not
    a character at a time: the page's fonts are strings of hundreds of kilobytes.)"""
    escaped = _CSS_UNSAFE.sub(lambda found: "".join(f"\\{ord(c):06x}" for c in found.group()), str(value))
    return Markup(f'"{escaped}"')


def css_colour(value: str) -> Markup:
    """A `#rrggbb` colour, refused if it is anything else."""
    if not _COLOUR.match(str(value)):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return Markup(value)


@lru_cache(maxsize=8)
def environment(templates: Path | None) -> Environment:
    """The Jinja environment: the override folder (if any) before the built-in templates."""
    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(BUILTIN_TEMPLATES)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True, default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["css_colour"] = css_colour
    return env


def render(name: str, templates: Path | None, context: Mapping[str, Any]) -> str:
    """Render one template by name; a broken template is a BriefgenError naming it."""
    try:
        return environment(templates).get_template(name).render(context)
    except TemplateError as error:
        failed, line = _where(error, name)
        where = f" (line {line})" if line else ""
        raise BriefgenError(
            f"template {failed}{where}: {error.message or error}",
            f"fix the template in {templates}" if templates else "this is a bug in briefgen's templates",
        ) from error


def _where(error: TemplateError, name: str) -> tuple[str, int | None]:
    """The template and line an error comes from: a syntax error says so itself; for an error
    while rendering, Jinja's traceback has a frame for each template line it ran."""
    own = getattr(error, "name", None)  # a TemplateSyntaxError's
    if own:
        return str(own), getattr(error, "lineno", None)
    found: tuple[str, int | None] = (name, None)
    frame = error.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename).name, frame.tb_lineno)
        frame = frame.tb_next
    return found


def _stylesheet(name: str, templates: Path | None, context: Mapping[str, Any]) -> Markup:
    css = render(name, templates, context)
    if "</" in css:
        raise BriefgenError(
            f"stylesheet {name} contains '</', which would end its <style> element",
            "remove the '</' from the stylesheet",
        )
    return Markup(css)


def _csp(*styles: str, fonts: bool = False) -> str:
    """A Content-Security-Policy that allows exactly these inline stylesheets and nothing else
    (with `fonts`, the fonts they embed as data: URIs too)."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(css.encode('utf-8')).digest()).decode('ascii')}'" for css in styles
    )
    font_src = "data:" if fonts else "'none'"
    return (
        f"default-src 'none'; style-src {hashes}; img-src 'none'; font-src {font_src}; base-uri 'none'; "
        "form-action 'none'"
    )


def _with_styles(
    context: Mapping[str, Any], templates: Path | None, marking: views.Marking, paged: bool, review: bool = False
) -> dict[str, Any]:
    css = {"screen": _stylesheet("style.css.j2", templates, {"marking": marking, "review": review})}
    if paged:
        css["print"] = _stylesheet("print.css.j2", templates, {"marking": marking, "review": review})
    return {**context, "css": css, "csp": _csp(*css.values())}


def render_brief_page(
    view: views.BriefView, templates: Path | None, fonts: bool = False, without_fonts: str | None = None
) -> str:
    """The brief's page: screen and print styles inline, no scripts, no remote loads. With
    `fonts`, the PDF's fonts come with it, cut to the characters it uses (the HTML output; the
    PDF gets its fonts from WeasyPrint's fetcher); `without_fonts` is the page without them,
    when the caller has rendered it already (the characters are taken from it)."""
    context = _with_styles(view, templates, view["marking"], paged=True, review=view["review"])
    page = without_fonts if without_fonts is not None and fonts else render("brief.html.j2", templates, context)
    return _with_fonts("brief.html.j2", templates, context, page) if fonts else page


def render_source_page(page: views.SourcePage, templates: Path | None) -> str:
    """An archived source's page, its cited passages highlighted, with the brief's fonts."""
    context = _with_styles(page, templates, page["brief"]["marking"], paged=False)
    return _with_fonts("source.html.j2", templates, context, render("source.html.j2", templates, context))


def _with_fonts(name: str, templates: Path | None, context: Mapping[str, Any], page: str) -> str:
    """`page` again with the packaged fonts cut to its characters in a stylesheet of their own,
    and the policy allowing them; `page` itself where they cannot be cut (no HarfBuzz)."""
    from briefgen.render.webfonts import web_faces

    faces = web_faces(page)
    if not faces:
        return page
    css = dict(context["css"])
    css["fonts"] = _stylesheet("fonts.css.j2", templates, {"faces": faces})
    return render(name, templates, {**context, "css": css, "csp": _csp(*css.values(), fonts=True)})


def render_listing(briefs: list[views.Listed], generator: str, templates: Path | None) -> str:
    """The index of an output folder: every brief built, with date, version and marking."""
    marking = (
        briefs[0]["marking"]
        if briefs
        else views.Marking(tlp="TLP:CLEAR", colour="#FFFFFF", sharing="", classification=None)
    )
    context = {"briefs": briefs, "generator": generator}
    return render("listing.html.j2", templates, _with_styles(context, templates, marking, paged=False))


def render_fonts_css(templates: Path | None) -> str:
    """The `@font-face` rules that give the PDF its packaged fonts."""
    return render("fonts.css.j2", templates, {"faces": FONT_FACES})
