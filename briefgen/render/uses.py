"""What a template does with the variables of its context, read from its source (Jinja's syntax
tree) rather than by running it: which parts of a variable it reads, and whether it only writes a
value out as it is. Rendering uses it to reuse a page whose inputs it does not read again (an
archived source's page reads a few fields of the brief's view, not the whole of it) and to put a
value into a page rendered once instead of rendering the page again for it (the fonts).

The reading is cautious: a variable used in any way other than a part of it by a fixed name
(`brief.title`, `brief['title']`) counts as used whole, and a template that reaches another by a
name it computes, or switches autoescaping in a block, is not read at all (None).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from jinja2 import Environment, Template, TemplateNotFound, nodes


@dataclass(frozen=True)
class Use:
    """One use of a context variable: `part` is the attribute or key read (None: the variable
    itself); `how` is "output" (written out as it is: `{{ csp }}`), "defined" (only tested with
    `is defined`), "call" (called, or a part of it called, which may do anything to it: `path`
    is the names from the variable to what is called, `("likelihood",)` for `m.likelihood(x)`,
    None when one is computed) or "read" (anything else)."""

    variable: str
    part: str | None
    how: str
    path: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Analysis:
    """A template and every template it reaches (includes, imports, extends), as compiled now
    (a template changed on disk is compiled again, and so is a new object), and its uses of its
    context's variables, or None when they cannot be known from the source."""

    templates: tuple[Template, ...]
    uses: frozenset[Use] | None

    def calls(self) -> frozenset[Use] | None:
        """The calls of context variables or their parts, or None when they cannot be known."""
        if self.uses is None:
            return None
        return frozenset(use for use in self.uses if use.how == "call")

    def parts(self, variable: str) -> frozenset[str] | None:
        """The parts of `variable` the templates read, or None when they may use all of it."""
        if self.uses is None:
            return None
        found = {use.part for use in self.uses if use.variable == variable}
        if None in found:
            return None
        return frozenset(part for part in found if part is not None)


# Each compiled template's own uses and the templates it names (None: one named by an expression).
_READ: weakref.WeakKeyDictionary[Template, tuple[frozenset[Use] | None, tuple[str, ...]]] = weakref.WeakKeyDictionary()
_DICT_ATTRIBUTES = frozenset(dir(dict))


def analyse(env: Environment, name: str) -> Analysis:
    """The uses of its context's variables by template `name` and every template it reaches."""
    pending, seen, templates = [name], set(), []
    uses: set[Use] | None = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            template = env.get_template(current)
        except TemplateNotFound:
            if current == name:
                raise
            uses = None  # (`include ... ignore missing`, or one of a list of choices): not known
            continue
        templates.append(template)
        if template not in _READ:
            assert env.loader is not None
            tree = env.parse(env.loader.get_source(env, current)[0], current)
            _READ[template], _BINDS[template] = _read(tree), _binds(tree)
        own, named = _READ[template]
        if own is None or uses is None:
            uses = None
        else:
            uses |= own
        pending.extend(named)
    return Analysis(tuple(templates), None if uses is None else frozenset(uses))


# Output inside these is not the page's own: a macro's, a call block's or a block's is a value
# the template may change before writing it (`{{ m()|upper }}`), an assignment's or a filter
# block's is changed or kept.
_CAPTURED = (nodes.Macro, nodes.CallBlock, nodes.AssignBlock, nodes.FilterBlock, nodes.Block)


def _read(tree: nodes.Template) -> tuple[frozenset[Use] | None, tuple[str, ...]]:
    found: set[Use] = set()
    named: list[str] = []
    known = True
    bound = _callables(tree)

    def walk(node: nodes.Node, parent: nodes.Node | None, above: nodes.Node | None, captured: bool) -> None:
        nonlocal known
        if isinstance(node, (nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
            known = False
        if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                named.append(node.template.value)
            else:
                known = False
            if captured:  # what the template it reaches writes is not written as it is
                known = False
        if isinstance(node, nodes.Name):
            found.add(_use(node, parent, above, captured))
        if isinstance(node, nodes.NSRef):  # `{% set ns.x = … %}` changes the namespace `ns`
            found.add(Use(node.name, None, "read"))
        if isinstance(node, nodes.Call):
            callee = _callee(node.node)
            if callee is None:
                known = False
            elif isinstance(callee[0], nodes.Name) and callee[0].name not in bound:
                found.add(Use(callee[0].name, None, "call", callee[1]))
        inside = captured or isinstance(node, _CAPTURED)
        for child in node.iter_child_nodes():
            walk(child, node, parent, inside)

    walk(tree, None, None, False)
    return (frozenset(found) if known else None), tuple(named)


def _callables(tree: nodes.Template) -> frozenset[str]:
    """The names the template binds only to its own macros and imported templates: calling
    them runs template code, which the analysis reads (a name also bound otherwise is not one)."""
    own, stored = _binds(tree)
    return own - stored


def macros(found: Analysis) -> frozenset[str]:
    """The names the templates of `found` bind only to their macros and imported templates, in
    all of them: one template imports the macros (`m`) that the parts it includes call."""
    binds = [_BINDS.get(template) for template in found.templates]
    if any(bind is None for bind in binds):
        return frozenset()
    own = frozenset().union(*(bind[0] for bind in binds if bind))
    return own - frozenset().union(*(bind[1] for bind in binds if bind))


# Each compiled template's names bound to its macros and imported templates, and its names bound
# otherwise (assigned, looped over, a macro's parameters).
_BINDS: weakref.WeakKeyDictionary[Template, tuple[frozenset[str], frozenset[str]]] = weakref.WeakKeyDictionary()


def _binds(tree: nodes.Template) -> tuple[frozenset[str], frozenset[str]]:
    own = {node.name for node in tree.find_all(nodes.Macro)}
    own |= {node.target for node in tree.find_all(nodes.Import)}
    for node in tree.find_all(nodes.FromImport):
        own |= {name if isinstance(name, str) else name[1] for name in node.names}
    return frozenset(own), frozenset(node.name for node in tree.find_all(nodes.Name) if node.ctx != "load")


def _callee(node: nodes.Node) -> tuple[nodes.Name | nodes.Const, tuple[str, ...] | None] | None:
    """What a call's callee is a part of, a variable (`m.likelihood`, `brief.sources.append`) or
    a constant (`', '.join`), and the attributes from it to the callee (None: it is reached by
    a key, `brief['sources'].append`); None when it is anything else (a filter's result, a call's)."""
    path: list[str] | None = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if path is not None and isinstance(node, nodes.Getattr):
            path.insert(0, node.attr)
        else:
            path = None
        node = node.node
    if not isinstance(node, (nodes.Name, nodes.Const)):
        return None
    return node, None if path is None else tuple(path)


def _use(name: nodes.Name, parent: nodes.Node | None, above: nodes.Node | None, captured: bool) -> Use:
    """How the variable `name` is used, from the nodes around it."""
    if name.ctx != "load":  # assigned, or a macro's parameter: the name means another value
        return Use(name.name, None, "read")
    part = _part(name, parent)
    if part is None:
        written = isinstance(parent, nodes.Output) and not captured
        return Use(name.name, None, "output" if written else "read")
    if isinstance(above, nodes.Output) and not captured:
        return Use(name.name, part, "output")
    if isinstance(above, nodes.Test) and above.name == "defined" and above.node is parent:
        return Use(name.name, part, "defined")
    return Use(name.name, part, "read")


def _part(name: nodes.Name, parent: nodes.Node | None) -> str | None:
    """The part of the variable `name` that `parent` reads by a fixed name, if it does."""
    if isinstance(parent, nodes.Getattr) and parent.node is name:
        # `x.items` is dict's own method (Jinja looks attributes up first), not a key.
        return None if parent.attr in _DICT_ATTRIBUTES else parent.attr
    if (
        isinstance(parent, nodes.Getitem)
        and parent.node is name
        and isinstance(parent.arg, nodes.Const)
        and isinstance(parent.arg.value, str)
    ):
        return parent.arg.value
    return None
