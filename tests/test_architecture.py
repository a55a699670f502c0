"""The package's architecture, read from the source with `ast` (nothing is imported): no import
cycle, no module reaching into another's `_private` names, and each room (folder) importing only
the rooms below it.

Every import counts, at the top of a module or inside a function, and so does
`importlib.import_module("briefgen.commands." + name)`, which stands for every module under that
prefix. An import under `if TYPE_CHECKING:` runs only in the type checker, so it cannot make a
cycle; it must still respect the layering.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import briefgen

PACKAGE = Path(briefgen.__file__).parent

# Which room may import which: a room is a folder of briefgen (`check`, `render`, …) or a module
# at the top of the package (`cli`, `codes`, …); "briefgen" is the package itself (its version).
# A room may always import its own modules. Read it from the bottom up: the data flow is
# find -> load -> shape -> index -> check -> render -> build/write, with the command line on top.
_BASE = {
    "briefgen",
    "codes",
    "diagnostics",
    "errors",
    "report",
    "progress",
    "collector",
    "workers",
    "generated",
    "workspace",
}
_BRIEF = _BASE | {"brief"}
_TEXT = _BRIEF | {"text"}
_LOAD = _TEXT | {"load"}
_CHECK = _LOAD | {"check"}
_VERSIONS = _CHECK | {"versions"}
_RENDER = _VERSIONS | {"render"}
_EXPORT = _RENDER | {"export"}
_BUILD = _EXPORT | {"build"}
_COMMANDS = _BUILD | {"archiving", "serve", "reference"}
LAYERS: dict[str, set[str]] = {
    "__main__": {"cli"},
    "cli": _BASE | {"commands"},  # the one place that knows every command
    "commands": _COMMANDS,  # one module per command, on top of every room
    "serve": _BUILD,  # the live preview, beside build: it renders as build does
    "archiving": _BUILD,  # `source add`: writes archives as build writes outputs
    "reference": {"codes", "brief"},  # the reference docs, generated from the models and codes
    "build": _EXPORT,
    "export": _RENDER,
    "render": _VERSIONS,
    "versions": _CHECK,  # versions in git, each validated
    "check": _LOAD,
    "load": _TEXT,
    "text": _BRIEF,  # quote matching and wording: what a text says
    "brief": _BASE,  # what a brief is: models, scales, index
    "generated": {"errors"},
    "report": {"diagnostics", "codes"},
    "diagnostics": {"codes"},
    "progress": set(),
    "codes": set(),
    "errors": set(),
    "collector": set(),
    "workers": set(),
    "workspace": set(),  # where a command works when not told: the repository of briefs
    "briefgen": set(),
}


@dataclass(frozen=True)
class Import:
    """One import in a module: what it imports, the names it takes, and where it is."""

    module: str  # importer
    target: str  # the briefgen module imported
    names: tuple[str, ...]
    line: int
    typing_only: bool


def _name_of(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_name_of(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _typing_only_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _dynamic_prefix(call: ast.Call) -> str | None:
    """The module prefix of `importlib.import_module("briefgen.x." …)`, if this is such a call."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "import_module") or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    if isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
        return str(first.values[0].value)
    if isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant):
        return str(first.left.value)
    return None


def _imports(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _typing_only_lines(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []

    def add(target: str, names: tuple[str, ...], node: ast.AST) -> None:
        line = getattr(node, "lineno", 0)
        found.append(Import(module, target, names, line, line in typing_only))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    add(alias.name, (), node)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            if not base.startswith("briefgen"):
                continue
            names = []
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:  # `from briefgen.render import views`
                    add(f"{base}.{alias.name}", (), node)
                else:
                    names.append(alias.name)
            if names and base in MODULES:
                add(base, tuple(names), node)
        elif isinstance(node, ast.Call) and (prefix := _dynamic_prefix(node)):
            for name in MODULES:
                if name.startswith(prefix) and name != module:
                    add(name, (), node)
    return found


IMPORTS: list[Import] = [found for module, path in MODULES.items() for found in _imports(module, path)]


def room(module: str) -> str:
    """`briefgen.check.rules.estimative` → `check`; `briefgen.cli` → `cli`; `briefgen` → `briefgen`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "briefgen"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _edges(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for found in imports:
        if not found.typing_only and found.target != found.module and not _is_parent(found.target, found.module):
            edges.setdefault(found.module, set()).add(found.target)
    return edges


def _is_parent(package: str, module: str) -> bool:
    """Importing a submodule runs its package's `__init__` first: that is no cycle (briefgen's
    `__init__`s hold a docstring or the version, and import nothing of their own)."""
    return module.startswith(package + ".") and MODULES[package].name == "__init__.py"


def test_the_package_has_no_import_cycle() -> None:
    edges = _edges(IMPORTS)
    cycles = _cycles(edges)
    shown = [
        " / ".join(f"{a} -> {b}" for a in cycle for b in sorted(edges.get(a, ())) if b in cycle) for cycle in cycles
    ]
    assert shown == []


def test_the_cycle_finder_finds_cycles_direct_and_through_importlib() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    cli = [found for found in IMPORTS if found.module == "briefgen.cli"]
    assert {"briefgen.commands.validate", "briefgen.commands.build"} <= {found.target for found in cli}


def test_no_module_imports_another_modules_private_names() -> None:
    private = [
        f"{found.module}:{found.line} takes {name} from {found.target}"
        for found in IMPORTS
        for name in found.names
        if name.startswith("_") and not name.startswith("__")
    ]
    private += [f"{module}:{line} reads {name}" for module, line, name in _private_attributes()]
    assert private == []


def _private_attributes() -> list[tuple[str, int, str]]:
    """`views._thing` where `views` is a briefgen module imported under that name."""
    found = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefgen"):
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in MODULES:
                        aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in MODULES and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != module
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append((module, node.lineno, f"{aliases[node.value.id]}.{node.attr}"))
    return found


def test_every_room_is_in_the_layering() -> None:
    assert {room(module) for module in MODULES} - {"__init__"} <= set(LAYERS)
    assert set(LAYERS) <= {room(module) for module in MODULES}, "a room that no longer exists"


@pytest.mark.parametrize("importer", sorted(LAYERS))
def test_each_room_imports_only_the_rooms_below_it(importer: str) -> None:
    wrong = sorted(
        f"{found.module}:{found.line} imports {found.target}"
        for found in IMPORTS
        if room(found.module) == importer
        and room(found.target) != importer
        and room(found.target) not in LAYERS[importer]
    )
    assert wrong == []


def test_the_layering_has_no_cycle_of_its_own() -> None:
    assert _cycles({name: set(allowed) - {name} for name, allowed in LAYERS.items()}) == []
