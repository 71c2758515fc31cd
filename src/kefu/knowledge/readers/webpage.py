"""HTML pages, parsed with BeautifulSoup and lxml: headings, paragraphs, lists and tables."""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.dammit import EncodingDetector
from bs4.element import NavigableString, PreformattedString, Tag

from kefu.knowledge.readers.encoding import decode_declared, decode_text
from kefu.knowledge.readers.model import Block, Outline
from kefu.knowledge.readers.tables import markdown_table
from kefu.knowledge.readers.whitespace import squash

_DROPPED = ["script", "style", "nav", "footer", "noscript", "template", "iframe", "svg"]
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end the running paragraph; everything else (span, a, b, ...) is inline.
_BLOCKS = {
    *("address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt"),
    *("fieldset", "figcaption", "figure", "form", "header", "hgroup", "hr", "html", "li", "main", "ol"),
    *("p", "pre", "section", "summary", "table", "ul", *_HEADINGS),
}
_BR = "\u2028"  # stands for <br> until whitespace is squashed
_MAX_COLSPAN = 1000  # as browsers clamp it


def read_html(data: bytes) -> list[Block]:
    """Blocks of the page body; the <title> becomes the top heading when the page has no <h1>."""
    soup = BeautifulSoup(_decode(data), "lxml")
    title = squash(soup.title.get_text()) if soup.title else ""
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(_BR)
    walker = _Walker()
    if title and soup.find("h1") is None:
        walker.outline.heading(title, 1)
    walker.walk(soup.body or soup)
    walker.flush()
    return walker.outline.blocks


def _decode(data: bytes) -> str:
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    return (declared and decode_declared(data, declared)) or decode_text(data)


class _Walker:
    """Walks the tree in document order, gathering inline text into paragraphs."""

    def __init__(self) -> None:
        self.outline = Outline()
        self._inline: list[str] = []

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                self._element(child)
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                self._inline.append(str(child))  # PreformattedString: comments, doctype, CDATA

    def flush(self) -> None:
        self.outline.add(_lines("".join(self._inline)), "paragraph")
        self._inline.clear()

    def _element(self, tag: Tag) -> None:
        if tag.name not in _BLOCKS:
            self.walk(tag)
            return
        self.flush()
        if tag.name in _HEADINGS:
            self.outline.heading(squash(tag.get_text().replace(_BR, " ")), _HEADINGS[tag.name])
        elif tag.name == "table":
            self.outline.add(_table(tag), "table")
        elif tag.name in ("ul", "ol"):
            self.outline.add("\n".join(_list_lines(tag, 0)), "list")
        elif tag.name == "pre":
            self.outline.add(tag.get_text().replace(_BR, "\n"), "paragraph")
        else:
            self.walk(tag)
            self.flush()


def _lines(text: str) -> str:
    return "\n".join(line for part in text.split(_BR) if (line := squash(part)))


def _list_lines(tag: Tag, depth: int) -> list[str]:
    lines: list[str] = []
    for number, item in enumerate(tag.find_all("li", recursive=False), start=1):
        nested = [child for child in item.find_all(["ul", "ol"]) if child.find_parent("li") is item]
        for child in nested:
            child.extract()
        marker = f"{number}." if tag.name == "ol" else "-"
        text = squash(item.get_text().replace(_BR, " "))
        if text:
            lines.append(f"{'  ' * depth}{marker} {text}")
        for child in nested:
            lines += _list_lines(child, depth + 1)
    return lines


def _table(table: Tag) -> str:
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = squash(cell.get_text().replace(_BR, " "))
            colspan = min(_span(cell, "colspan"), _MAX_COLSPAN)
            rowspan = _span(cell, "rowspan") or len(rows) - r  # rowspan="0": to the end
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(max(colspan, 1)):
                    grid[(r + dr, c + dc)] = text
            c += max(colspan, 1)
    width = max((c for _, c in grid), default=-1) + 1
    return markdown_table([[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))])


def _span(cell: Tag, attribute: str) -> int:
    try:
        return max(0, int(str(cell.get(attribute, "1"))))
    except ValueError:
        return 1
