"""Markdown (parsed with markdown-it, CommonMark plus pipe tables) and plain text."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from kefu.knowledge.readers.model import Block, BlockKind, Outline

_PARSER = MarkdownIt("commonmark").enable("table")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_LINE_END = re.compile(r"\r\n?")
# Top-level block tokens kept, and what they become; each keeps its source text (markers included).
_KINDS: dict[str, BlockKind] = {
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "fence": "paragraph",
    "code_block": "paragraph",
    "blockquote_open": "paragraph",
    "html_block": "paragraph",
}


def read_markdown(text: str) -> list[Block]:
    """Headings with their path; paragraphs, whole lists, whole tables and code as blocks."""
    text = _FRONT_MATTER.sub("", _LINE_END.sub("\n", text))
    lines = text.split("\n")  # as markdown-it counts lines
    outline = Outline()
    tokens = _PARSER.parse(text)
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None:
            continue
        if token.type == "heading_open":
            outline.heading(tokens[index + 1].content, int(token.tag[1:]))
        elif token.type in _KINDS:
            start, end = token.map
            outline.add("\n".join(lines[start:end]), _KINDS[token.type])
    return outline.blocks


def read_text(text: str) -> list[Block]:
    """Plain text: one paragraph per run of lines between blank lines."""
    paragraphs = _BLANK_LINES.split(_LINE_END.sub("\n", text))
    return [Block(p.strip(), "paragraph") for p in paragraphs if p.strip()]
