"""Complete the structure tree WeasyPrint 70 writes for a tagged PDF, where it falls short of PDF/UA.

WeasyPrint tags the page's boxes (`pdf_tags`), but it leaves seven things undone, and this
module does them while the PDF is still a tree of Python objects (a `write_pdf` finisher):

- the content of page-margin boxes (running heads, the TLP marking, page numbers) is marked
  with ids whose structure elements hang in no tree: it becomes pagination artefacts;
- an SVG marked `aria-hidden="true"` (a decoration that repeats text beside it) is a Figure
  without alternative text: it becomes a layout artefact;
- a <figure> is a NonStruct: it becomes a Figure, whose /Alt is its `aria-label` (an SVG's
  is its <title>, which WeasyPrint reads itself);
- a table's header cells get the /Scope their `scope` attribute gives;
- an element with a `lang` attribute (a quoted passage in its source's language) gets /Lang;
- an anonymous block inside a heading (when the heading holds a float) is tagged as a heading
  again, inside the first: it becomes a NonStruct;
- a link's /Contents (its description for assistive technology) is its target's id or URL:
  it becomes the link's `aria-label`, or its `title`, or its text.

To know which HTML element each structure element comes from, the tree is built with
WeasyPrint's own builder (`weasyprint.pdf.tags._build_box_tree`, the one private name this
relies on) traced for the time of one `write_pdf` call. tests/test_accessibility.py checks
the result, so an upgrade of WeasyPrint that changes it fails the tests, not a reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

# The element each structure element was made for, by the structure element's reference.
Origins = dict[bytes, Any]


@contextmanager
def traced_structure() -> Iterator[Origins]:
    """While in effect, record for each structure element WeasyPrint builds the box it is made for."""
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    origins: Origins = {}

    def traced(box: Any, *args: Any) -> Iterator[Any]:
        for element in build(box, *args):
            # The innermost call sees an element first and knows its box; outer calls pass it on.
            origins.setdefault(element.reference, box)
            yield element

    tags._build_box_tree = traced
    try:
        yield origins
    finally:
        tags._build_box_tree = build


def complete(document: Any, pdf: pydyf.PDF, origins: Origins) -> None:
    """The finisher: make `pdf`'s tags what PDF/UA asks (see the module's docstring)."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = _Tree(pdf)
    reachable = tree.reachable()
    for element_ref in list(origins):
        element = tree.get(element_ref)
        if element_ref not in reachable or element is None:
            continue
        html = getattr(origins[element_ref], "element", None)
        parent = tree.get(element.get("P"))
        if html is None or getattr(origins.get(element.get("P")), "element", None) is html:
            # An anonymous box inside its element's box: the outer one has what it needs, and
            # one heading (or paragraph) must not read as two nested in each other.
            if html is not None and parent is not None and parent.get("S") == element["S"] in _SINGLE:
                element["S"] = "/NonStruct"
            continue
        kind = element["S"]
        if html.tag == "figure":
            # A figure is one picture to a reader; its aria-label says what it shows.
            element["S"] = kind = "/Figure"
        if kind == "/Figure" and html.get("aria-hidden") == "true":
            tree.make_artefact(element, "/Layout")
            continue
        if kind == "/Figure" and html.get("aria-label"):
            element["Alt"] = pydyf.String(html.get("aria-label"))
        if kind == "/TH" and html.get("scope") in _SCOPES:
            element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = _SCOPES[html.get("scope")]
        if html.get("lang"):
            element["Lang"] = pydyf.String(html.get("lang"))
    tree.orphans_to_artefacts(reachable)
    for page in document.pages:
        for _kind, _target, _rectangle, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            if annotation is not None and box.element is not None:
                annotation["Contents"] = pydyf.String(link_description(box.element))


_SINGLE = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/P", "/BlockQuote", "/Caption"}
_SCOPES = {"row": "/Row", "col": "/Column", "rowgroup": "/Row", "colgroup": "/Column"}


def link_description(element: Any) -> str:
    """What a link says of where it leads: its aria-label, its title, else its text."""
    for attribute in ("aria-label", "title"):
        if element.get(attribute):
            return str(element.get(attribute))
    return " ".join("".join(element.itertext()).split()) or str(element.get("href", ""))


class _Tree:
    """The structure tree and the marked content of the pages, as pydyf objects."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.parent_tree = self.get(self.root["ParentTree"])
        # The page streams (and the transparency groups drawn in them) share one dict of marked
        # content per page; an id's BDC operator is found by the property list that holds it.
        self.marks: dict[tuple[int, int], tuple[Any, int]] = {}
        page_numbers = {}
        for number, reference in enumerate(pdf.page_references):
            stream = self.get(self.get(reference)["Contents"])
            page_numbers[id(getattr(stream, "_tags", None))] = number
        for stream in pdf.objects:
            page = page_numbers.get(id(getattr(stream, "_tags", None)))
            if page is None or not isinstance(stream, pydyf.Stream):
                continue
            for index, item in enumerate(stream.stream):
                if isinstance(item, pydyf.Dictionary) and "MCID" in item:
                    self.marks[(page, item["MCID"])] = (stream, index)

    def get(self, reference: Any) -> Any:
        """The object a reference (`b"12 0 R"`) names; None for anything else (an MCID)."""
        if isinstance(reference, bytes) and reference.endswith(b" R"):
            return self.pdf.objects[int(reference.split()[0])]
        return None

    def reachable(self) -> set[bytes]:
        """The references of every structure element under the root."""
        found: set[bytes] = set()
        pending = list(_kids(self.root))
        while pending:
            reference = pending.pop()
            element = self.get(reference)
            if reference in found or not isinstance(element, dict) or element.get("Type") != "/StructElem":
                continue
            found.add(reference)
            pending.extend(_kids(element))
        return found

    def orphans_to_artefacts(self, reachable: set[bytes]) -> None:
        """Marked content whose structure element is in no tree (WeasyPrint's margin boxes) becomes
        a pagination artefact."""
        for page, mcids in self._page_entries():
            for mcid, reference in enumerate(mcids):
                if reference in reachable or reference == "null":
                    continue
                self._unmark(page, mcid, "/Pagination")
                mcids[mcid] = "null"

    def make_artefact(self, element: Any, kind: str) -> None:
        """Turn a structure element's marked content into artefacts and take it out of the tree."""
        page = self.pdf.page_references.index(element["Pg"])
        entries = dict(self._page_entries())[page]
        for kid in _kids(element):
            if isinstance(kid, int):
                self._unmark(page, kid, kind)
                entries[kid] = "null"
        parent = self.get(element["P"])
        parent["K"][:] = [kid for kid in parent["K"] if kid != element.reference]

    def _page_entries(self) -> Iterator[tuple[int, Any]]:
        nums = self.parent_tree["Nums"]
        for key, value in zip(nums[::2], nums[1::2], strict=False):
            if isinstance(value, pydyf.Array) and key < len(self.pdf.page_references):
                yield key, value

    def _unmark(self, page: int, mcid: int, kind: str) -> None:
        found = self.marks.get((page, mcid))
        if found is None:
            return
        stream, index = found
        stream.stream[index - 1] = "/Artifact"
        stream.stream[index] = pydyf.Dictionary({"Type": kind})


def _kids(element: Any) -> list[Any]:
    kids = element.get("K")
    if isinstance(kids, pydyf.Array) or isinstance(kids, list):
        return list(kids)
    return [] if kids is None else [kids]
