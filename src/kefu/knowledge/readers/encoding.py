"""Decode text files: UTF-8 (with or without BOM) first, then the Chinese legacy encodings."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from kefu.knowledge.readers.model import FileProblem

# GBK and GB2312 are subsets of GB18030; files labelled with them often use its extra characters.
_GB_ALIASES = {"gb2312", "gbk", "gb18030"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> str:
    """The text of a file, never mis-decoding valid UTF-8; raises FileProblem when undecodable."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    if b"\x00" in data:
        raise _undecodable()
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise _undecodable()
    return str(best)


def decode_declared(data: bytes, declared: str) -> str | None:
    """The text decoded with an encoding the file itself declares, or None when that fails."""
    encoding = "gb18030" if _normalize(declared) in _GB_ALIASES else declared
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _normalize(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _undecodable() from None


def _undecodable() -> FileProblem:
    return FileProblem(
        "cannot decode the text (save it as UTF-8 or GBK)",
        "无法识别文件的文字编码（请另存为 UTF-8 或 GBK 编码）",
    )
