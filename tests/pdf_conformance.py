"""A PDF/UA checker of our own, with pikepdf: the machine-checkable part of PDF/UA-1 (ISO 14289-1)
that matters for briefgen's PDFs, walked over the structure tree and every page's content.

`problems(path)` returns one line per problem found, empty for a conforming file. It checks:

- the catalogue: /MarkInfo /Marked true, a /Lang, /ViewerPreferences /DisplayDocTitle true, a
  title, and XMP metadata that carries the PDF/UA identifier (pdfuaid:part) and agrees with
  the document information dictionary (title, authors, subject, keywords, producer, creator,
  the days of creation and modification);
- the content of every page (and of the form XObjects drawn on it): every marked-content
  sequence is an artefact or belongs, through the /ParentTree, to a structure element that
  is in the tree; no text is drawn outside marked content;
- the tree: every Figure has alternative text (/Alt); every Table has header cells, and each
  header cell a /Scope; headings start at H1, never skip a level and never hold another; every /Lang is a
  language tag; every link annotation has a /Contents description and a structure parent.

veraPDF checks all of PDF/UA's machine-checkable rules (the Matterhorn protocol); this is
the subset that a change to briefgen's templates or to WeasyPrint could break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
HEADING = re.compile(r"^/H([1-6])$")
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
XMP_NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


@dataclass
class Element:
    """A structure element as the checks see it: its type, page, attributes and children."""

    kind: str
    page: int | None
    alt: str | None
    lang: str | None
    attributes: dict[str, Any]
    children: list[Element] = field(default_factory=list)
    mcids: list[int] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Report:
    """What the checker found: the problems, and the tree it read (for tests that look further)."""

    problems: list[str]
    tree: list[Element]
    headings: list[tuple[int, str]]  # (level, text) in reading order

    def elements(self, kind: str | None = None) -> list[Element]:
        return [e for root in self.tree for e in root.walk() if kind is None or e.kind == kind]


def check(path: Path, ua_part: int | None = 1) -> Report:
    """Check the PDF at `path`; `ua_part` is the PDF/UA part its XMP must claim (None: no claim)."""
    with pikepdf.open(path) as pdf:
        problems = _catalogue(pdf, ua_part)
        if "/StructTreeRoot" not in pdf.Root:
            return Report(problems + ["no structure tree (/StructTreeRoot): the PDF is not tagged"], [], [])
        tree, by_object = _read_tree(pdf)
        problems += _content(pdf, by_object)
        problems += _elements(tree)
        problems += _links(pdf)
        headings = _headings(pdf, tree, by_object)
        problems += _heading_order(headings)
        return Report(problems, tree, headings)


def problems(path: Path, ua_part: int | None = 1) -> list[str]:
    return check(path, ua_part).problems


def _catalogue(pdf: pikepdf.Pdf, ua_part: int | None) -> list[str]:
    found = []
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    if not (isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))):
        found.append("catalogue: /MarkInfo /Marked is not true")
    lang = str(root.get("/Lang", ""))
    if not LANGUAGE_TAG.match(lang):
        found.append(f"catalogue: /Lang is {lang!r}, not a language tag")
    preferences = root.get("/ViewerPreferences")
    if not (isinstance(preferences, pikepdf.Dictionary) and bool(preferences.get("/DisplayDocTitle", False))):
        found.append("catalogue: /ViewerPreferences /DisplayDocTitle is not true (viewers show the file name)")
    info = pdf.docinfo
    if not str(info.get("/Title", "")).strip():
        found.append("document information: no /Title")
    if "/Metadata" not in root:
        return found + ["catalogue: no XMP metadata stream"]
    meta = pdf.open_metadata()
    part = meta.get("pdfuaid:part")
    if ua_part is not None and str(part) != str(ua_part):
        found.append(f"XMP: pdfuaid:part is {part!r}, not {ua_part}")
    pairs = {
        "/Title": "dc:title",
        "/Subject": "dc:description",
        "/Keywords": "pdf:Keywords",
        "/Producer": "pdf:Producer",
        "/Creator": "xmp:CreatorTool",
    }
    for key, name in pairs.items():
        if key in info and str(meta.get(name, "")) != str(info[key]):
            found.append(
                f"XMP: {name} is {meta.get(name)!r} but the document information's {key} is {str(info[key])!r}"
            )
    for key, name in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key in info and _iso_date(str(info[key])) != str(meta.get(name, ""))[:10]:
            found.append(
                f"XMP: {name} is {meta.get(name)!r} but the document information's {key} is {str(info[key])!r}"
            )
    if "/Author" in info:
        creators = meta.get("dc:creator") or []
        if ", ".join(creators) != str(info["/Author"]):
            found.append(f"XMP: dc:creator is {creators!r} but /Author is {str(info['/Author'])!r}")
    return found


def _iso_date(value: str) -> str:
    """`D:20260320…` → `2026-03-20`: the day a PDF date names."""
    digits = value.removeprefix("D:")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def _read_tree(pdf: pikepdf.Pdf) -> tuple[list[Element], dict[tuple[int, int], Element]]:
    """The tree under /StructTreeRoot, and each element by its PDF object id and generation."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    by_object: dict[tuple[int, int], Element] = {}

    def read(node: pikepdf.Dictionary) -> Element:
        page = pages.get(node["/Pg"].objgen) if "/Pg" in node else None
        attributes: dict[str, Any] = {}
        for owned in _as_list(node.get("/A")):
            if isinstance(owned, pikepdf.Dictionary):
                attributes.update({str(k): v for k, v in owned.items()})
        element = Element(
            kind=str(node.get("/S")),
            page=page,
            alt=str(node["/Alt"]) if "/Alt" in node else None,
            lang=str(node["/Lang"]) if "/Lang" in node else None,
            attributes=attributes,
        )
        by_object[node.objgen] = element
        for kid in _as_list(node.get("/K")):
            if isinstance(kid, int):
                element.mcids.append(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                element.mcids.append(int(kid["/MCID"]))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                element.children.append(read(kid))
        return element

    tree = [read(kid) for kid in _as_list(pdf.Root.StructTreeRoot.get("/K")) if isinstance(kid, pikepdf.Dictionary)]
    return tree, by_object


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    """The /ParentTree number tree, flattened: key → value."""
    found: dict[int, Any] = {}

    def read(node: pikepdf.Dictionary) -> None:
        nums = _as_list(node.get("/Nums"))
        for key, value in zip(nums[::2], nums[1::2], strict=False):
            found[int(key)] = value
        for kid in _as_list(node.get("/Kids")):
            read(kid)

    read(pdf.Root.StructTreeRoot.ParentTree)
    return found


def _content(pdf: pikepdf.Pdf, by_object: dict[tuple[int, int], Element]) -> list[str]:
    found = []
    parents = _parent_tree(pdf)
    for number, page in enumerate(pdf.pages, 1):
        key = page.obj.get("/StructParents")
        entries = _as_list(parents.get(int(key))) if key is not None else []
        for tag, mcid, text_outside in _marked_content(page.obj):
            if text_outside:
                found.append(f"page {number}: text drawn outside any marked content")
                continue
            if tag == "/Artifact":
                continue
            if mcid is None:
                found.append(f"page {number}: marked content {tag} without an MCID, and not an artefact")
                continue
            parent = entries[mcid] if mcid < len(entries) else None
            if not isinstance(parent, pikepdf.Dictionary) or parent.objgen not in by_object:
                found.append(
                    f"page {number}: marked content {tag} MCID {mcid} belongs to no structure element in the tree"
                )
    return found


def _marked_content(holder: pikepdf.Object) -> Iterator[tuple[str, int | None, bool]]:
    """(tag, MCID, False) for each outermost marked-content sequence of a page or form XObject
    (an artefact covers what it holds), and ('', None, True) for text drawn outside any."""
    resources = holder.get("/Resources", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    depth = 0
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name in ("BDC", "BMC"):
            if depth == 0:
                tag = str(operands[0])
                mcid = None
                if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcid = int(operands[1]["/MCID"])
                yield tag, mcid, False
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name in TEXT_SHOWING and depth == 0:
            yield "", None, True
        elif name == "Do" and depth == 0:
            xobject = xobjects.get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                yield from _marked_content(xobject)


def _elements(tree: list[Element]) -> list[str]:
    found = []
    for root in tree:
        for element in root.walk():
            where = f"page {element.page + 1}" if element.page is not None else "no page"
            if HEADING.match(element.kind) and any(HEADING.match(e.kind) for e in list(element.walk())[1:]):
                found.append(f"{where}: heading {element.kind} holds another heading")
            if element.kind == "/Figure" and not (element.alt or "").strip():
                found.append(f"{where}: Figure without alternative text (/Alt)")
            if element.kind == "/Table":
                cells = [e for e in element.walk() if e.kind == "/TH"]
                if not cells:
                    found.append(f"{where}: Table without header cells (TH)")
                for cell in cells:
                    if cell.attributes.get("/Scope") not in ("/Row", "/Column", "/Both"):
                        found.append(f"{where}: table header cell (TH) without /Scope")
            if element.lang is not None and not LANGUAGE_TAG.match(element.lang):
                found.append(f"{where}: {element.kind} has /Lang {element.lang!r}, not a language tag")
    return found


def _links(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for number, page in enumerate(pdf.pages, 1):
        for annotation in _as_list(page.obj.get("/Annots")):
            if annotation.get("/Subtype") != "/Link":
                continue
            if not str(annotation.get("/Contents", "")).strip():
                found.append(f"page {number}: link without a description (/Contents)")
            if "/StructParent" not in annotation:
                found.append(f"page {number}: link annotation outside the structure tree (no /StructParent)")
    return found


def _headings(
    pdf: pikepdf.Pdf, tree: list[Element], by_object: dict[tuple[int, int], Element]
) -> list[tuple[int, str]]:
    """Each heading's level and text, in the order of the tree (which is the reading order)."""
    texts = _texts_by_mcid(pdf)
    found = []
    for root in tree:
        for element in root.walk():
            match = HEADING.match(element.kind)
            if match:
                words = [texts.get((e.page, mcid), "") for e in element.walk() for mcid in e.mcids]
                found.append((int(match.group(1)), " ".join(" ".join(words).split())))
    return found


def _heading_order(headings: list[tuple[int, str]]) -> list[str]:
    found = []
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            found.append(f"heading H{level} {text!r} follows H{previous or '(none)'}: a level is skipped")
        previous = level
    if [level for level, _ in headings].count(1) != 1:
        found.append(f"{[level for level, _ in headings].count(1)} H1 headings, not one")
    return found


def _texts_by_mcid(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page index, MCID), as the fonts' /ToUnicode maps read it."""
    found: dict[tuple[int, int], str] = {}
    for number, page in enumerate(pdf.pages):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        maps = {str(name): _unicode_map(font) for name, font in fonts.items()}
        current: list[int] = []
        font: dict[bytes, str] = {}
        for operands, operator in pikepdf.parse_content_stream(page.obj):
            name = str(operator)
            if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                current.append(int(operands[1]["/MCID"]))
            elif name in ("BDC", "BMC"):
                current.append(-1)
            elif name == "EMC" and current:
                current.pop()
            elif name == "Tf":
                font = maps.get(str(operands[0]), {})
            elif name in TEXT_SHOWING and current and current[-1] >= 0:
                strings = operands[0] if name == "TJ" else [operands[-1]]
                text = "".join(_decode(bytes(s), font) for s in strings if isinstance(s, pikepdf.String))
                key = (number, current[-1])
                found[key] = found.get(key, "") + text
    return found


def _unicode_map(font: pikepdf.Object) -> dict[bytes, str]:
    """A font's /ToUnicode CMap as {glyph code: text} (WeasyPrint writes two-byte codes)."""
    found: dict[bytes, str] = {}
    if "/ToUnicode" not in font:
        return found
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first, last, base = int(start, 16), int(end, 16), int(text, 16)
            for offset in range(last - first + 1):
                found[(first + offset).to_bytes(len(start) // 2, "big")] = chr(base + offset)
    return found


def _decode(data: bytes, font: dict[bytes, str]) -> str:
    if not font:
        return data.decode("latin-1")
    width = len(next(iter(font)))
    return "".join(font.get(data[i : i + width], "\ufffd") for i in range(0, len(data), width))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]
