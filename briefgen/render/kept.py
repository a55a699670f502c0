"""Parts of a brief's view kept from one render to the next (`serve` renders again after each
save), each built once for what it is made of, and known by a serial number while it is kept.

A kept value is never changed: nothing in briefgen changes a view once it is built, and a page
whose templates may (they call something other than a macro, one of Jinja's globals or a method
of a value that cannot change) makes the process forget everything kept before it is rendered
(`briefgen.render.parts`). So a part of a page that reads a kept value can know it by its serial
number instead of by a digest of its content: the same serial, the same content.
"""

from __future__ import annotations

import itertools
import pickle
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# The values built last, by what each is made of (three briefs' worth: a brief's view keeps ten),
# each with the identities of the lists and mappings numbered when it was built.
_BUILT: OrderedDict[Hashable, tuple[Any, list[int]]] = OrderedDict()
_BUILT_KEPT = 32
# The serial number of each list and mapping of a kept value, by identity, with the object (so
# that its identity is not another's while it is here).
_SERIALS: dict[int, tuple[object, int]] = {}
_NEXT = itertools.count(1)
# Kept values pickled, by identity (those of `_SERIALS`).
_PICKLED: dict[int, bytes] = {}


class Kept:
    """A kept value as a part's digest reads it: its serial number."""

    __slots__ = ("serial",)

    def __init__(self, serial: int):
        self.serial = serial

    def __reduce__(self) -> tuple[type[Kept], tuple[int]]:
        return Kept, (self.serial,)


def kept(key: Hashable, build: Callable[[], T]) -> T:
    """The value built for `key` (everything it is made of), built now if it is not kept."""
    found = _BUILT.get(key)
    if found is None:
        made = build()
        found = _BUILT[key] = (made, _numbered(made))
        while len(_BUILT) > _BUILT_KEPT:
            for gone in _BUILT.popitem(last=False)[1][1]:
                del _SERIALS[gone]
                _PICKLED.pop(gone, None)
    else:
        _BUILT.move_to_end(key)
    value: T = found[0]
    return value


def marked(value: object) -> object:
    """`value`, or its serial number (`Kept`) if it is kept."""
    found = _SERIALS.get(id(value))
    return Kept(found[1]) if found is not None and found[0] is value else value


def pickled(value: object) -> bytes:
    """`value` pickled, made once while it is kept (a source's page is known by its source's
    view, pickled, which is the same while the sources are kept)."""
    found = _SERIALS.get(id(value))
    if found is None or found[0] is not value:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    made = _PICKLED.get(id(value))
    if made is None:
        made = _PICKLED[id(value)] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return made


def forget() -> None:
    """Forget every value kept: one may be changed."""
    _BUILT.clear()
    _SERIALS.clear()
    _PICKLED.clear()


def _containers(value: object) -> list[object]:
    """The value, and the lists and mappings of a mapping or tuple in it (the matrix's rows, each
    judgment's evidence among the citations by owner), and the mappings of a list (a source of
    the sources), but not what those hold: a section built again makes its items' lists again,
    which a part reads better by their content."""
    found = [value]
    if isinstance(value, (dict, tuple)):
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, (dict, list, tuple)):
                found.extend(_containers(child))
    elif isinstance(value, list):
        found.extend(item for item in value if isinstance(item, dict))
    return found


def _numbered(value: object) -> list[int]:
    """Number the lists and mappings of a value built, but those numbered already (in another
    kept value too: a citation is in a judgment's evidence and in its source's passages), and
    give their identities."""
    numbered = []
    for container in _containers(value):
        if id(container) not in _SERIALS:
            _SERIALS[id(container)] = (container, next(_NEXT))
            numbered.append(id(container))
    return numbered
