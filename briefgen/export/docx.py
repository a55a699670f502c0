"""The brief as a Word document, for coordination: reviewers comment and track changes in Word.

The document is made from the very HTML page the PDF is laid out from, so its sections stand in
the same order as the PDF's and say the same words: headings become Word's heading styles (its
navigation pane and table of contents work), tables keep their header rows (repeated on every
page), links inside the brief become links to bookmarks (citations lead to the sourcing annex),
and what only a screen shows (archive links, marking banners, the contents list) is left out.
The TLP marking stands in every page's header and footer in its colours on black; the build
stamp and the brief's metadata go into the document properties. python-docx writes the parts;
the package is then written again with fixed timestamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from briefgen.errors import BriefgenError

EXTRA = "docx"
DRAFT = "Draft for coordination"

# TLP 2.0's colours: each label in its colour on black (FIRST's definition).
TLP_COLOURS = {"RED": "FF2B2B", "AMBER": "FFC000", "GREEN": "33FF00", "CLEAR": "FFFFFF"}

_SKIPPED_TAGS = {"head", "script", "style", "svg", "template", "nav"}
_SKIPPED_CLASSES = {"marking-banner", "screen-only"}
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "figure", "figcaption", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "h1", "h2", "h3",
    "h4", "h5", "h6", "body", "html",
}  # fmt: skip
_HEADINGS = {
    "h1": "Title",
    "h2": "Heading 1",
    "h3": "Heading 2",
    "h4": "Heading 3",
    "h5": "Heading 4",
    "h6": "Heading 5",
}
_VOID = {"meta", "link", "br", "img", "hr", "input", "col", "source", "wbr"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class Node:
    """An element of the page (or, with `tag` None, a piece of text)."""

    tag: str | None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find(self, tag: str) -> Node | None:
        for child in self.children:
            if child.tag == tag:
                return child
            found = child.find(tag)
            if found:
                return found
        return None

    def all(self, tag: str) -> list[Node]:
        found = [child for child in self.children if child.tag == tag]
        for child in self.children:
            found.extend(child.all(tag))
        return found

    def plain(self) -> str:
        if self.tag is None:
            return self.text
        return "".join(child.plain() for child in self.children if not hidden_in_print(child))


class _TreeBuilder(HTMLParser):
    """The page as a tree of Nodes (the page is briefgen's own, well-formed HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Node(None, text=data))


def parse_page(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def hidden_in_print(node: Node, classes: frozenset[str] = frozenset()) -> bool:
    """What the printed page does not show: the page's print stylesheet hides these `classes`."""
    return (
        node.tag in _SKIPPED_TAGS
        or bool(node.classes & (_SKIPPED_CLASSES | classes))
        or node.attrs.get("aria-hidden") == "true"
    )


# A rule starts where its run of characters other than braces starts (the look-behind): from
# each character of a long run, a search would read the rest of the run.
_RULE = re.compile(r"(?<![^{}])([^{}]+)\{([^{}]*)\}")


def print_hidden_classes(page: Node) -> frozenset[str]:
    """The classes the page's print stylesheet (`<style media="print">`) sets to `display: none`:
    the Word document leaves out what the PDF leaves out."""
    hidden: set[str] = set()
    for style in page.all("style"):
        if "print" not in style.attrs.get("media", ""):
            continue
        for selectors, body in _RULE.findall(style.plain()):
            if re.search(r"display\s*:\s*none", body):
                hidden.update(s.strip()[1:] for s in selectors.split(",") if re.fullmatch(r"\.[\w-]+", s.strip()))
    return frozenset(hidden)


def render_docx(html: str, marking: str, stamp: str, review: bool = False) -> bytes:
    """The Word document of the brief page `html`, marked `marking` (a TLP label) on every page,
    and, for a review build, "Draft for coordination" in every header."""
    try:
        import docx  # noqa: F401
    except ImportError as error:
        raise BriefgenError(
            "building --format docx needs python-docx, which is not installed",
            f"install briefgen's '{EXTRA}' extra: pip install 'briefgen[{EXTRA}]'",
        ) from error
    page = parse_page(html)
    writer = _Writer(page, marking, stamp, review)
    return writer.document()


class _Writer:
    """Walks the page and writes Word paragraphs, runs, tables, bookmarks and links."""

    def __init__(self, page: Node, marking: str, stamp: str, review: bool = False):
        from docx import Document
        from docx.shared import Pt, RGBColor

        self.page = page
        self.marking = marking
        self.stamp = stamp
        self.review = review
        self.doc = Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = "Source Serif Pro"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(5)
        normal.paragraph_format.line_spacing = 1.15
        for level in range(1, 5):
            heading = self.doc.styles[f"Heading {level}"]
            heading.font.name = "Source Sans Pro"
            heading.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
            heading.paragraph_format.keep_with_next = True
        self.doc.styles["Title"].font.name = "Source Sans Pro"
        self.bookmarks: dict[str, str] = {}
        self.bookmark_id = 0
        self.pending_ids: list[str] = []
        self.paragraph: Any = None
        # An empty paragraph (a list item's, a table cell's) that the next block fills.
        self.fresh: Any = None
        self.container: Any = self.doc
        self.hidden_classes = print_hidden_classes(page)
        self._collect_bookmarks(page)

    def _hidden(self, node: Node) -> bool:
        return hidden_in_print(node, self.hidden_classes)

    def _has_blocks(self, node: Node) -> bool:
        return any(child.tag in _BLOCKS and not self._hidden(child) for child in node.children if child.tag)

    # The document ------------------------------------------------------------------------
    def document(self) -> bytes:
        body = self.page.find("body") or self.page
        self._blocks(body, style=None)
        self._marking()
        self._properties()
        stream = io.BytesIO()
        self.doc.save(stream)
        return _fixed_zip(stream.getvalue())

    def _properties(self) -> None:
        meta = {node.attrs.get("name"): node.attrs.get("content", "") for node in self.page.all("meta")}
        title = self.page.find("title")
        core = self.doc.core_properties
        core.title = title.plain().strip() if title else ""
        core.author = meta.get("author") or ""
        core.subject = meta.get("description") or ""
        core.keywords = meta.get("keywords") or ""
        core.comments = f"Built by {meta.get('generator') or 'briefgen'}: {self.stamp}"
        core.category = "Intelligence assessment"
        core.content_status = f"{DRAFT}, {self.marking}" if self.review else self.marking
        core.last_modified_by = meta.get("generator") or "briefgen"
        core.revision = 1
        created = _date(meta.get("dcterms.created"))
        core.created = created
        core.modified = _date(meta.get("dcterms.modified")) or created
        core.last_printed = created

    def _marking(self) -> None:
        """The TLP label centred in every page's header; the footer adds 'page N of M'."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        section = self.doc.sections[0]
        for part, with_pages in ((section.header, False), (section.footer, True)):
            paragraph = part.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._tlp_run(paragraph)
            if self.review and not with_pages:
                draft = paragraph.add_run("   " + DRAFT)
                draft.bold = True
            if with_pages:
                paragraph.add_run("   page ")
                _field(paragraph, "PAGE")
                paragraph.add_run(" of ")
                _field(paragraph, "NUMPAGES")

    def _tlp_run(self, paragraph: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        label = self.marking.split(":", 1)[-1].split("+", 1)[0].strip().upper()
        run = paragraph.add_run(f" {self.marking} ")
        run.bold = True
        run.font.size = Pt(9)
        run.font.name = "Source Sans Pro"
        run.font.color.rgb = RGBColor.from_string(TLP_COLOURS.get(label, "FFFFFF"))
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "000000")
        run._r.get_or_add_rPr().append(shading)

    # Blocks ------------------------------------------------------------------------------
    def _collect_bookmarks(self, node: Node) -> None:
        for child in node.children:
            if child.tag is None or self._hidden(child):
                continue
            element_id = child.attrs.get("id")
            if element_id and element_id not in self.bookmarks:
                name = "b_" + re.sub(r"\W", "_", element_id)[:36]
                while name in self.bookmarks.values():
                    name = name[:36] + f"_{len(self.bookmarks)}"
                self.bookmarks[element_id] = name
            self._collect_bookmarks(child)

    def _blocks(self, node: Node, style: str | None) -> None:
        for child in node.children:
            if child.tag is None:
                if child.text.strip():
                    self._inline(child, {})
                continue
            if self._hidden(child):
                continue
            if child.attrs.get("id"):
                self.pending_ids.append(child.attrs["id"])
            if child.tag in _HEADINGS:
                self._new_paragraph(_HEADINGS[child.tag])
                self._inlines(child, {})
                self.paragraph = None
            elif child.tag == "table":
                self.paragraph = None
                self._table(child)
            elif child.tag in ("ul", "ol"):
                self.paragraph = None
                self._list(child)
            elif child.tag == "blockquote":
                self.paragraph = None
                self._blocks_as(child, "Quote")
            elif child.tag == "dl":
                self.paragraph = None
                self._pairs(child)
            elif child.tag in ("p", "dt", "dd", "figcaption", "li"):
                self._new_paragraph(style or ("Caption" if child.tag == "figcaption" else None))
                if child.tag == "dt":
                    self._inlines(child, {"bold": True})
                else:
                    self._inlines(child, {}) if not self._has_blocks(child) else self._blocks(child, style)
                self.paragraph = None
            elif child.tag in _BLOCKS:
                self.paragraph = None
                self._blocks(child, style)
                self.paragraph = None
            else:
                self._inline(child, {})

    def _blocks_as(self, node: Node, style: str) -> None:
        if self._has_blocks(node):
            self._blocks(node, style)
        else:
            self._new_paragraph(style)
            self._inlines(node, {})
        self.paragraph = None

    def _list(self, node: Node) -> None:
        for item in node.children:
            if item.tag != "li" or self._hidden(item):
                continue
            if item.attrs.get("id"):
                self.pending_ids.append(item.attrs["id"])
            self.fresh = None
            self.paragraph = None
            self.fresh = self._new_paragraph("List Number" if node.tag == "ol" else "List Bullet")
            if self._has_blocks(item):
                self.paragraph = None
                self._blocks(item, "List Continue")
            else:
                self.fresh = None
                self._inlines(item, {})
            self.fresh = None
            self.paragraph = None

    def _pairs(self, node: Node) -> None:
        """A definition list as 'term: description' lines."""
        for child in node.children:
            if child.tag == "dt" and not self._hidden(child):
                self._new_paragraph(None)
                self._inlines(child, {"bold": True})
                self._run(": ", {"bold": True})
            elif child.tag == "dd" and not self._hidden(child):
                if self.paragraph is None:
                    self._new_paragraph(None)
                self._inlines(child, {})
                self.paragraph = None
        self.paragraph = None

    def _table(self, node: Node) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rows: list[tuple[Node, bool]] = []
        for part in node.children:
            if part.tag in ("thead", "tbody", "tfoot"):
                rows += [(row, part.tag == "thead") for row in part.children if row.tag == "tr"]
            elif part.tag == "tr":
                rows.append((part, False))
        rows = [(row, head) for row, head in rows if not self._hidden(row)]
        # A table without a <thead> whose first row is all header cells has its header row there.
        if rows and not any(head for _, head in rows):
            cells = [cell for cell in rows[0][0].children if cell.tag in ("td", "th")]
            rows[0] = (rows[0][0], bool(cells) and all(cell.tag == "th" for cell in cells))
        width = max((len([c for c in row.children if c.tag in ("td", "th")]) for row, _ in rows), default=0)
        if not rows or not width:
            return
        table = self.container.add_table(rows=0, cols=width)
        table.style = self.doc.styles["Table Grid"]
        for row, head in rows:
            cells = [cell for cell in row.children if cell.tag in ("td", "th")]
            if row.attrs.get("id"):
                self.pending_ids.append(row.attrs["id"])
            word_row = table.add_row()
            if head:
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                word_row._tr.get_or_add_trPr().append(header)
            cant_split = OxmlElement("w:cantSplit")
            word_row._tr.get_or_add_trPr().append(cant_split)
            for index, cell in enumerate(cells):
                word_cell = word_row.cells[index]
                outer, self.container = self.container, word_cell
                self.paragraph = None
                self.fresh = word_cell.paragraphs[0]
                if self._has_blocks(cell):
                    self._blocks(cell, None)
                else:
                    self._inlines(cell, {"bold": True} if head or cell.tag == "th" else {})
                self.container = outer
                self.paragraph = self.fresh = None

    def _new_paragraph(self, style: str | None) -> Any:
        if self.fresh is not None:
            paragraph, self.fresh = self.fresh, None
            if style in _HEADINGS.values():  # a heading that opens a list item or a cell stays a heading
                paragraph.style = self.doc.styles[style]
        else:
            paragraph = self.container.add_paragraph(style=style)
        self.paragraph = paragraph
        for element_id in self.pending_ids:
            self._bookmark(paragraph, self.bookmarks.get(element_id))
        self.pending_ids = []
        return paragraph

    def _bookmark(self, paragraph: Any, name: str | None) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if name is None:
            return
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    # Inlines -----------------------------------------------------------------------------
    def _inlines(self, node: Node, fmt: dict[str, Any]) -> None:
        previous: Node | None = None
        for child in node.children:
            if previous is not None and previous.tag and child.tag and self.paragraph is not None:
                # Two elements side by side that the page's layout sets apart (a chart's label and
                # its value, a grid's cells): in running text they need a space between them.
                before = "".join(self.paragraph._p.itertext())
                after = child.plain()
                if before[-1:].isalnum() and after[:1].isalnum():
                    self._run(" ", fmt)
            self._inline(child, fmt)
            if child.tag is not None or child.text.strip():
                previous = child

    def _inline(self, node: Node, fmt: dict[str, Any]) -> None:
        if node.tag is not None and self._hidden(node):
            return
        if node.tag is not None and node.attrs.get("id"):
            self.pending_ids.append(node.attrs["id"])
        if self.paragraph is None:
            self._new_paragraph(None)
        if node.tag is None:
            text = re.sub(r"\s+", " ", node.text)
            if text:
                self._run(text, fmt)
            return
        tag = node.tag
        if tag == "br":
            self.paragraph.add_run().add_break()
            return
        if tag in _BLOCKS and tag not in ("td", "th"):
            self._inlines(node, fmt)
            self._run(" ", fmt)
            return
        inner = dict(fmt)
        if tag in ("strong", "b") or node.classes & {"likelihood-term", "statement-lead"}:
            inner["bold"] = True
        if tag in ("em", "i", "cite"):
            inner["italic"] = True
        if tag == "code":
            inner["code"] = True
        if tag == "del":
            inner["strike"] = True
        if tag == "ins":
            inner["underline"] = True
        if tag in ("sup", "sub"):
            inner[tag] = True
        if tag == "a":
            self._link(node, inner)
            return
        self._inlines(node, inner)

    def _run(self, text: str, fmt: dict[str, Any]) -> Any:
        from docx.shared import RGBColor

        paragraph = self.paragraph
        # A paragraph's text so far, links included (python-docx's `runs` leaves hyperlinks out).
        if not "".join(paragraph._p.itertext()):
            text = text.lstrip()
            if not text:
                return None
        target = fmt.get("_into")
        run = paragraph.add_run(text) if target is None else _hyperlink_run(paragraph, target, text)
        run.bold = fmt.get("bold") or None
        run.italic = fmt.get("italic") or None
        run.font.strike = fmt.get("strike") or None
        run.underline = fmt.get("underline") or None
        run.font.superscript = fmt.get("sup") or None
        run.font.subscript = fmt.get("sub") or None
        if fmt.get("code"):
            run.font.name = "Source Code Pro"
        if target is not None:
            run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
            run.underline = True
        return run

    def _link(self, node: Node, fmt: dict[str, Any]) -> None:
        href = node.attrs.get("href", "")
        target: tuple[str, str] | None = None
        if href.startswith("#") and href[1:] in self.bookmarks:
            target = ("anchor", self.bookmarks[href[1:]])
        elif href.startswith(("https://", "http://", "mailto:")):
            target = ("url", href)
        if target is None:  # a link to an archived page: only the HTML output has those
            self._inlines(node, fmt)
            return
        self._inlines(node, {**fmt, "_into": target})


def _hyperlink_run(paragraph: Any, target: tuple[str, str], text: str) -> Any:
    """A run inside a w:hyperlink to a bookmark or a URL."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.run import Run

    kind, where = target
    last = paragraph._p[-1] if len(paragraph._p) else None
    link = None
    if last is not None and last.tag == qn("w:hyperlink"):
        same = last.get(qn("w:anchor")) == where if kind == "anchor" else last.get("_url") == where
        link = last if same else None
    if link is None:
        link = OxmlElement("w:hyperlink")
        if kind == "anchor":
            link.set(qn("w:anchor"), where)
        else:
            link.set(qn("r:id"), paragraph.part.relate_to(where, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        paragraph._p.append(link)
    run_element = OxmlElement("w:r")
    link.append(run_element)
    run = Run(run_element, paragraph)
    run.text = text
    return run


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text and text.strip() != "1":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text or ""


def _date(value: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _fixed_zip(data: bytes) -> bytes:
    """The package again, each part with a fixed timestamp and the same order: reproducible bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
