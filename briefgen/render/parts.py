"""A page rendered in parts: each template a page includes (`{% include "_summary.html.j2" %}`)
is rendered once for what it reads, and written again as it was while its templates and every
input it reads are the same. A process that renders a brief again after each save (`serve`)
renders again only the parts the edit reaches: a judgment's statement is in the summary and the
discussion, not in the annex of sources.

What a part reads is known from its source (`uses`): the parts of the page's view it reads by
name, compared by their content (pickled), or, for a section of the view kept from the render
before (`kept`), by its serial number; the macros it calls, by the template they come from. A part that may do anything else (call something of the view, change a
namespace, reach a template by a computed name) is rendered every time, as Jinja would.

A page and each part kept carry their characters (`Written`), each part's counted when it is
made: the characters of a page rendered again after a save are those of its new text alone and
of the parts it reuses, not a read of the whole page (its fonts are cut to them).
"""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from functools import cached_property
from typing import Any

from jinja2 import Environment, Template, meta, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.utils import Namespace

from briefgen.render import uses
from briefgen.render.kept import forget, marked
from briefgen.render.webfonts import characters


class Written(str):
    """What a template wrote, with the set of its characters."""

    characters: frozenset[str]
    _pieces: list[str] | None
    _utf8: bytes | None

    def utf8(self) -> bytes:
        """The text in UTF-8, each part it holds encoded once: a page that writes again the parts
        of the page before is encoded in its new pieces alone (a page is some 250 KB)."""
        if self._utf8 is None:
            self._utf8 = b"".join(self.utf8_pieces())
            self._pieces = None
        return self._utf8

    def utf8_pieces(self) -> list[bytes]:
        """The text in UTF-8 in pieces, without joining them: the pieces written, each part's
        whole (once joined, the text whole)."""
        if self._pieces is None:
            return [self._utf8 if self._utf8 is not None else self.encode("utf-8")]
        return _utf8_pieces(self._pieces)


class Unjoined:
    """What a page wrote, its pieces not joined (a page put together in UTF-8 need not be: its
    text is some 250 KB, made twice over by `written`), with the set of its characters."""

    def __init__(self, pieces: list[str]):
        self.pieces = pieces

    @cached_property
    def characters(self) -> frozenset[str]:
        """The set of its characters, counted only when asked for (a page's fallback counts its text)."""
        return _characters_of(self.pieces)

    def holds(self, text: str) -> bool:
        """Whether one of the pieces holds `text` (a stand-in, written whole by one expression)."""
        return any(text in piece for piece in self.pieces)

    def text(self) -> str:
        return "".join(self.pieces)

    def utf8_pieces(self) -> list[bytes]:
        """The text in UTF-8 in pieces: each part's whole, encoded once."""
        return _utf8_pieces(self.pieces)


def _utf8_pieces(pieces: list[str]) -> list[bytes]:
    return [piece.utf8() if type(piece) is Written else piece.encode("utf-8") for piece in pieces]


def written(pieces: Iterable[str]) -> Written:
    """The text of `pieces` joined, its characters those of the pieces that are not parts
    already counted (`Written`) and those of the parts."""
    made = list(pieces)
    text = Written("".join(made))
    text.characters = _characters_of(made, text)
    text._pieces, text._utf8 = made, None
    return text


def _characters_of(made: list[str], text: str | None = None) -> frozenset[str]:
    """The characters of the pieces `made` (joined: `text`, when it is made already)."""
    counted = [piece.characters for piece in made if type(piece) is Written]
    own = [piece for piece in made if type(piece) is not Written]
    long = [_long_characters(piece) for piece in own if len(piece) >= _LONG]
    if long:
        own = [piece for piece in own if len(piece) < _LONG]
    whole = text if text is not None and not counted and not long else "".join(own)
    return characters(whole).union(*counted, *long)


# A piece this long (a page's stylesheets, written into its head) has its characters kept, by
# its text: the same stylesheets are written into every page, and reading their characters again
# (a search of the text for each ASCII character) was most of making a page from its parts.
_LONG = 4096
_LONG_KEPT = 32
_LONG_CHARACTERS: OrderedDict[str, frozenset[str]] = OrderedDict()


def _long_characters(piece: str) -> frozenset[str]:
    found = _LONG_CHARACTERS.get(piece)
    if found is None:
        found = _LONG_CHARACTERS[piece] = characters(piece)
        while len(_LONG_CHARACTERS) > _LONG_KEPT:
            _LONG_CHARACTERS.popitem(last=False)
    else:
        _LONG_CHARACTERS.move_to_end(piece)
    return found


# The parts rendered last (a few briefs' worth: a brief's page has about fifteen), by their
# templates and a digest of what they read.
_PARTS: OrderedDict[tuple[Any, ...], Written] = OrderedDict()
_PARTS_KEPT = 128


class _PartsCodeGenerator(CodeGenerator):
    """Jinja's compiler, with an include of a template named by a constant, with its context,
    rendered through `PartsEnvironment.included` (every other include as Jinja renders it)."""

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        if (
            node.ignore_missing
            or not node.with_context
            or self.environment.is_async
            or not (isinstance(node.template, nodes.Const) and isinstance(node.template.value, str))
        ):
            super().visit_Include(node, frame)
            return
        self.writeline("template = environment.get_template(", node)
        self.visit(node.template, frame)
        self.write(f", {self.name!r})")
        self.writeline(
            f"for event in environment.included(template, context.get_all(), {self.dump_local_context(frame)}):"
        )
        self.indent()
        self.simple_write("event", frame)
        self.outdent()


class PartsEnvironment(Environment):
    """A Jinja environment whose pages are rendered in parts, each reused while its inputs are."""

    code_generator_class = _PartsCodeGenerator
    # While a page is rendered (None between pages): the templates it has loaded, by name, and
    # their analyses. A page's fifteen parts reach the same few templates (the macros), and each
    # was loaded again, its file's time read, by every include and every part's analysis.
    _page: tuple[dict[str, Template], dict[str, uses.Analysis]] | None = None

    def render_written(self, template: Template, values: Mapping[str, Any]) -> Written:
        """`template.render(values)`, with the characters of what it wrote; each template it
        reaches is loaded once (and is the one it had when the page began to load it)."""
        return written(self.render_pieces(template, values))

    def render_pieces(self, template: Template, values: Mapping[str, Any]) -> list[str]:
        """The pieces `template.render(values)` joins."""
        context = template.new_context(dict(values))
        outer, self._page = self._page, ({template.name: template} if template.name else {}, {})
        try:
            if not self._leaves_as_they_are(template, context.get_all()):
                forget()
            return list(template.root_render_func(context))
        except Exception:
            self.handle_exception()
        finally:
            self._page = outer

    def get_template(
        self, name: str | Template, parent: str | None = None, globals: MutableMapping[str, Any] | None = None
    ) -> Template:
        if self._page is None or globals is not None or not isinstance(name, str):
            return super().get_template(name, parent, globals)
        loaded = self._page[0]
        name = name if parent is None else self.join_path(name, parent)
        found = loaded.get(name)
        if found is None:
            found = loaded[name] = super().get_template(name)
        return found

    def _leaves_as_they_are(self, template: Template, values: Mapping[str, Any]) -> bool:
        """Whether rendering `template` leaves the values of its context as they are: all it
        (and every template it reaches) calls is a macro, one of Jinja's globals or a method of
        a value that cannot change (`kept` relies on it)."""
        found = self.analysis(template.name or "")
        if found.templates[0] is not template:
            return False
        if found.templates not in _CALLING:
            calls = found.calls()
            _CALLING[found.templates] = None if calls is None else (calls, uses.macros(found))
            while len(_CALLING) > _PARTS_KEPT:
                del _CALLING[next(iter(_CALLING))]
        calling = _CALLING[found.templates]
        if calling is None:
            return False
        calls, macros = calling
        return all(
            (call.variable in macros and call.variable not in values)
            or _harmless(self, call, values.get(call.variable, _ABSENT))
            for call in calls
        )

    def analysis(self, name: str) -> uses.Analysis:
        """`uses.analyse(self, name)`, once a page."""
        if self._page is None:
            return uses.analyse(self, name)
        analyses = self._page[1]
        found = analyses.get(name)
        if found is None:
            found = analyses[name] = uses.analyse(self, name)
        return found

    def included(self, template: Template, values: Mapping[str, Any], own: Mapping[str, Any]) -> Iterator[str]:
        """What `{% include %}` of `template` writes, given the including template's context
        (`values`) and its local variables (`own`)."""
        context = template.new_context(dict(values), True, dict(own))
        key = _key(self, template, context.get_all())
        if key is None:
            yield from template.root_render_func(context)
            return
        found = _PARTS.get(key)
        if found is None:
            found = _PARTS[key] = written(template.root_render_func(context))
            while len(_PARTS) > _PARTS_KEPT:
                _PARTS.popitem(last=False)
        else:
            _PARTS.move_to_end(key)
        yield found


def _key(env: PartsEnvironment, template: Template, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """What the part of `template` is made of: its templates as compiled now, the macros it
    calls and a digest of the content of every input it reads; None when that cannot be known."""
    found = env.analysis(template.name or "")
    if found.templates[0] is not template:
        return None
    reading = _READINGS.get(found.templates)
    if reading is None:
        reading = _READINGS[found.templates] = _reading(found)
        while len(_READINGS) > _PARTS_KEPT:
            del _READINGS[next(iter(_READINGS))]
    if reading is None or not all(_harmless(env, call, values.get(call.variable, _ABSENT)) for call in reading[1]):
        return None
    modules: list[TemplateModule] = []
    read: list[tuple[str, Any]] = []
    for variable, parts in reading[0]:
        value = values.get(variable, _ABSENT)
        if isinstance(value, TemplateModule):  # its macros: made from its template alone
            if not _self_contained(env, value):
                return None
            modules.append(value)
            continue
        if isinstance(value, Namespace):  # the part may change it
            return None
        if parts is not None and isinstance(value, Mapping):
            read.append((variable, [(part, part in value, marked(value.get(part))) for part in parts]))
        else:
            read.append((variable, marked(value)))
    try:
        data = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return (found.templates, tuple(modules), hashlib.sha256(data).digest())


def _self_contained(env: PartsEnvironment, module: TemplateModule) -> bool:
    """Whether an imported template's macros are made of that template alone: one that includes,
    imports or extends another would write what that other template holds now, which the
    module (kept while its own template is unchanged) does not show."""
    name = getattr(module, "__name__", None)
    if not isinstance(name, str) or env.loader is None:
        return False
    template = env.analysis(name).templates[0]
    found = _SELF_CONTAINED.get(template)
    if found is None:
        source = env.loader.get_source(env, name)[0]
        found = _SELF_CONTAINED[template] = next(meta.find_referenced_templates(env.parse(source)), None) is None
        while len(_SELF_CONTAINED) > _PARTS_KEPT:
            del _SELF_CONTAINED[next(iter(_SELF_CONTAINED))]
    return found


_SELF_CONTAINED: dict[Template, bool] = {}


# The calls of a page's templates (as compiled now) and the names they bind to macros; None when
# the calls cannot be known.
_CALLING: dict[tuple[Template, ...], tuple[frozenset[uses.Use], frozenset[str]] | None] = {}


# What the templates of a part (as compiled now) read: each variable with the parts of it they
# read by name (None: all of it), and their calls; None when that cannot be known.
Reading = tuple[tuple[tuple[str, tuple[str, ...] | None], ...], frozenset[uses.Use]]
_READINGS: dict[tuple[Template, ...], Reading | None] = {}


def _reading(found: uses.Analysis) -> Reading | None:
    calls = found.calls()
    if found.uses is None or calls is None:
        return None
    variables = []
    for variable in sorted({use.variable for use in found.uses}):
        parts = found.parts(variable)
        variables.append((variable, None if parts is None else tuple(sorted(parts))))
    return tuple(variables), calls


# Values whose methods change nothing: a part may call them (`titles.changelog.split(':')`).
_UNCHANGING = (str, bytes, int, float, bool, tuple, frozenset, type(None))


def _harmless(env: Environment, call: uses.Use, value: Any) -> bool:
    """Whether a call leaves the part's inputs as they were, so that the part can be written
    again without it being made: a macro of an imported template's, one of Jinja's own globals
    (`range`), or a method of a value that cannot change (a string's)."""
    if isinstance(value, TemplateModule):
        return True
    if not call.path:
        return value is not _ABSENT and env.globals.get(call.variable) is value
    owner = value
    for name in call.path[:-1]:
        owner = env.getattr(owner, name)
    return value is not _ABSENT and isinstance(owner, _UNCHANGING)


class _Absent:
    """A variable the context does not hold (a name the part binds itself)."""

    def __reduce__(self) -> str:
        return "_ABSENT"


_ABSENT = _Absent()
