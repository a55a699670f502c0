"""Jinja rendering of the brief's page, its source pages, the listing and the stylesheets (pure).

Templates are looked up by name in the `--templates` folder first, then among the built-in
ones (the package `briefgen.templates`). HTML templates are autoescaped; every undefined
variable is an error (StrictUndefined), so a typo in a template fails loudly.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
import re
import secrets
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from markupsafe import Markup, escape

from briefgen.errors import BriefgenError
from briefgen.render import uses, views
from briefgen.render.assets import FONT_FACES
from briefgen.render.parts import PartsEnvironment, Unjoined, Written, written

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
def environment(templates: Path | None) -> PartsEnvironment:
    """The Jinja environment: the override folder (if any) before the built-in templates; a
    page's included templates are rendered as parts, each reused while what it reads is (`parts`)."""
    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(BUILTIN_TEMPLATES)))
    env = PartsEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True, default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["css_colour"] = css_colour
    return env


def render(name: str, templates: Path | None, context: Mapping[str, Any]) -> Written:
    """Render one template by name, with the characters it wrote; a broken template is a
    BriefgenError naming it."""
    return written(_pieces(name, templates, context))


def _pieces(name: str, templates: Path | None, context: Mapping[str, Any]) -> list[str]:
    """What `render` writes, in the pieces it joins."""
    env = environment(templates)
    try:
        return env.render_pieces(env.get_template(name), context)
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


def _stylesheet(
    name: str, templates: Path | None, context: Mapping[str, Any], made_of: Hashable | None = None
) -> Markup:
    """A stylesheet, rendered again only when its templates or its context have changed (a
    brief's marking, the fonts cut for its characters): a page rendered after each save (`serve`)
    uses the same ones again. `made_of` is what the context is made of, when the caller knows it
    (compared instead of the context)."""
    made = pickle.dumps(dict(context)) if made_of is None else made_of
    key = (templates, name, uses.analyse(environment(templates), name).templates, made)
    found = _STYLESHEETS.get(key)
    if found is None:
        found = _STYLESHEETS[key] = _checked_stylesheet(name, render(name, templates, context))
        while len(_STYLESHEETS) > 8:
            _STYLESHEETS.popitem(last=False)
    _STYLESHEETS.move_to_end(key)
    return found


_STYLESHEETS: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()


def _checked_stylesheet(name: str, css: str) -> Markup:
    if "</" in css:
        raise BriefgenError(
            f"stylesheet {name} contains '</', which would end its <style> element",
            "remove the '</' from the stylesheet",
        )
    return Markup(css)


@lru_cache(maxsize=16)
def _csp(*styles: str, fonts: bool = False) -> str:
    """A Content-Security-Policy that allows exactly these inline stylesheets and nothing else
    (with `fonts`, the fonts they embed as data: URIs too). Kept for the stylesheets of the last
    pages rendered (`_stylesheet` gives the same ones again): the fonts' are hundreds of KB."""
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


def render_brief_page(view: views.BriefView, templates: Path | None) -> Written:
    """The brief's page: screen and print styles inline, no scripts, no remote loads (the PDF's
    and the docx's: the PDF gets its fonts from WeasyPrint's fetcher)."""
    return render("brief.html.j2", templates, _brief_context(view, templates))


def render_brief_html(view: views.BriefView, templates: Path | None, without_fonts: Written | None = None) -> bytes:
    """The brief's page as the HTML output (UTF-8), with the PDF's fonts cut to the characters
    it uses; `without_fonts` is the page without them (`render_brief_page`), when the caller
    has rendered it already (the characters are taken from it)."""
    return _with_fonts("brief.html.j2", templates, _brief_context(view, templates), without_fonts)


def _brief_context(view: views.BriefView, templates: Path | None) -> dict[str, Any]:
    return _with_styles(view, templates, view["marking"], paged=True, review=view["review"])


def render_source_page(page: views.SourcePage, templates: Path | None) -> bytes:
    """An archived source's page (UTF-8), its cited passages highlighted, with the brief's fonts."""
    context = _with_styles(page, templates, page["brief"]["marking"], paged=False)
    return _with_fonts("source.html.j2", templates, context)


def _with_fonts(name: str, templates: Path | None, context: Mapping[str, Any], page: Written | None = None) -> bytes:
    """The page of template `name` (UTF-8) with the packaged fonts cut to its characters in a
    stylesheet of their own, and the policy allowing them; the page without them where they
    cannot be cut (no HarfBuzz). `page` is the page without the fonts, when the caller has it
    already.

    Rendered once when the templates only write the fonts' stylesheet and the policy out as they
    are (the built-in ones do: `uses`): with stand-ins for both, which the page's characters are
    read without and which the stylesheet and policy then replace. Otherwise rendered twice:
    without the fonts to learn the characters, then with them."""
    if page is None and _written_as_they_are(environment(templates), name):
        stand_ins = {**context, "css": {**context["css"], "fonts": _FONTS}, "csp": _POLICY}
        made = Unjoined(_pieces(name, templates, stand_ins))
        fonts = _fonts(templates, _characters(made, context["csp"]))
        if fonts is not None:
            css = {**context["css"], "fonts": fonts}
            return _put_encoded(made, fonts, _csp(*css.values(), fonts=True))
    page = render(name, templates, context) if page is None else page
    fonts = _fonts(templates, page.characters)
    if fonts is None:
        return page.encode("utf-8")
    css = {**context["css"], "fonts": fonts}
    return render(name, templates, {**context, "css": css, "csp": _csp(*css.values(), fonts=True)}).encode("utf-8")


def _fonts(templates: Path | None, characters: frozenset[str]) -> Markup | None:
    """The fonts' stylesheet for a page of these characters, its faces cut to them (None where
    they cannot be cut), kept by the characters: the faces are made of them alone, and a pickle
    of the faces (some 180 KB) was the key."""
    from briefgen.render.webfonts import faces_for

    faces = faces_for(characters)
    return _stylesheet("fonts.css.j2", templates, {"faces": faces}, characters) if faces else None


# Stand-ins for the fonts' stylesheet and the policy in a page rendered once: new for each
# process, so that no brief can hold them (they are replaced wherever they are). Their letters
# are the policy's first word's, so that a page holding the policy has them all (`_characters`).
_STAND_IN_LETTERS = "defaultsrc"
_FONTS = Markup("".join(secrets.choice(_STAND_IN_LETTERS) for _ in range(40)))
_POLICY = "".join(secrets.choice(_STAND_IN_LETTERS) for _ in range(40))
_FONTS_UTF8, _POLICY_UTF8 = _FONTS.encode("ascii"), _POLICY.encode("ascii")


def _characters(written: Written | Unjoined, policy: str) -> frozenset[str]:
    """The characters of a page rendered with the stand-ins once they are replaced, the fonts'
    by nothing (they are not known yet) and the policy's by `policy`. Where the page holds the
    policy, its characters with the policy's: the stand-ins' letters are all in the policy
    (`default-src …`), so no character is added by them; this spares making that page."""
    from briefgen.render.webfonts import characters

    held = written.holds(_POLICY) if isinstance(written, Unjoined) else _POLICY in written
    if held and set(_STAND_IN_LETTERS) <= set(policy):
        return written.characters | characters(str(escape(policy)))
    text = written.text() if isinstance(written, Unjoined) else written
    return characters(_put(text, Markup(""), policy))


def _put(page: str, fonts: Markup, policy: str) -> str:
    """A page rendered with the stand-ins, with the fonts' stylesheet and the policy in their
    place, written as the templates write them (the policy escaped, the stylesheet as it is)."""
    # The policy first: the page is smaller without the fonts (and they cannot hold its stand-in).
    return page.replace(_POLICY, str(escape(policy))).replace(_FONTS, fonts)


def _put_encoded(page: str | Unjoined, fonts: Markup, policy: str) -> bytes:
    """`_put(page, fonts, policy)` in UTF-8, put in after the page is encoded, the stylesheet
    encoded once: the fonts are most of the page, and putting them into the text, then encoding
    it, copied them twice a render. (The stand-ins are ASCII, which UTF-8 writes as it is and
    no other character's bytes hold, so they are where they were; each is written whole by one
    expression, `{{ csp }}` or `{{ css.fonts }}` (`_written_as_they_are`), so in one piece.)"""
    escaped, css = str(escape(policy)).encode("utf-8"), _encoded(fonts)
    pieces = page.utf8_pieces() if isinstance(page, (Written, Unjoined)) else [page.encode("utf-8")]
    return b"".join(
        [
            piece.replace(_POLICY_UTF8, escaped).replace(_FONTS_UTF8, css)
            if _POLICY_UTF8 in piece or _FONTS_UTF8 in piece
            else piece
            for piece in pieces
        ]
    )


@lru_cache(maxsize=8)
def _encoded(css: Markup) -> bytes:
    """A stylesheet in UTF-8, for the last few (`_stylesheet` gives the same ones again)."""
    return css.encode("utf-8")


def _written_as_they_are(env: Environment, name: str) -> bool:
    """Whether template `name` (and all it reaches, each autoescaped) only writes the policy
    (`{{ csp }}`) and the fonts' stylesheet (`{{ css.fonts }}`, and `css.fonts is defined`) out
    as they are, and reads `css` only by its parts, so that stand-ins for both can be replaced."""
    found = uses.analyse(env, name)
    known = _WRITTEN.get(found.templates)
    if known is None:
        known = _WRITTEN[found.templates] = _writes_as_they_are(env, found)
        while len(_WRITTEN) > 16:
            del _WRITTEN[next(iter(_WRITTEN))]
    return known


# Whether the templates (as compiled now) write the policy and the fonts out as they are.
_WRITTEN: dict[tuple[Any, ...], bool] = {}


def _writes_as_they_are(env: Environment, found: uses.Analysis) -> bool:
    if found.uses is None or not all(_autoescaped(env, template.name) for template in found.templates):
        return False
    for use in found.uses:
        if use.variable == "csp" and (use.part is not None or use.how != "output"):
            return False
        if use.variable == "css" and (use.part is None or (use.part == "fonts" and use.how == "read")):
            return False
    return True


def _autoescaped(env: Environment, name: str | None) -> bool:
    return bool(env.autoescape(name) if callable(env.autoescape) else env.autoescape)


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
