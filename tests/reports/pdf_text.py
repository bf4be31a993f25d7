"""A small PDF reader for the tests: structure, pages and the text actually drawn.

Enough of PDF for what Qt's ``QPdfWriter`` writes: the cross-reference table, indirect
objects, dictionaries and arrays, ``FlateDecode`` streams, Type0 fonts with a
``ToUnicode`` CMap, and the text operators of page content streams. It works on any
machine (no poppler), and it reads the glyphs the pages really show: a string that is
only in the document's metadata is not found.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any


class PdfError(ValueError):
    """The bytes are not a PDF this reader understands."""


@dataclass(frozen=True)
class Ref:
    number: int


class Name(str):
    """A PDF name (``/Font``), without the slash."""


class String(bytes):
    """A PDF string (literal or hexadecimal); operators are plain ``bytes``."""


_DELIMITERS = b"()<>[]{}/%"
_WHITESPACE = b" \t\r\n\f\x00"
_NUMBER = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)")


class _Lexer:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def skip(self) -> None:
        data = self.data
        while self.pos < len(data):
            char = data[self.pos : self.pos + 1]
            if char in (b"",) or (char not in _WHITESPACE and char != b"%"):
                return
            if char == b"%":
                end = data.find(b"\n", self.pos)
                self.pos = len(data) if end < 0 else end + 1
            else:
                self.pos += 1

    def token(self) -> Any:
        """The next object or operator (operators as ``bytes``); ``None`` at the end."""
        self.skip()
        data = self.data
        if self.pos >= len(data):
            return None
        char = data[self.pos : self.pos + 1]
        if data.startswith(b"<<", self.pos):
            self.pos += 2
            result: dict[str, Any] = {}
            while True:
                self.skip()
                if data.startswith(b">>", self.pos):
                    self.pos += 2
                    return result
                key = self.token()
                if not isinstance(key, Name):
                    raise PdfError(f"dictionary key is not a name at {self.pos}")
                result[str(key)] = self.value()
        if data.startswith(b">>", self.pos) or char in (b"]", b"}", b"{", b")"):
            # Closing delimiters seen by a look-ahead: returned as operators.
            width = 2 if char == b">" else 1
            self.pos += width
            return data[self.pos - width : self.pos]
        if char == b"[":
            self.pos += 1
            items: list[Any] = []
            while True:
                self.skip()
                if data.startswith(b"]", self.pos):
                    self.pos += 1
                    return items
                items.append(self.value())
        if char == b"<":
            end = data.index(b">", self.pos)
            digits = re.sub(rb"\s", b"", data[self.pos + 1 : end])
            self.pos = end + 1
            if len(digits) % 2:
                digits += b"0"
            return String(bytes.fromhex(digits.decode("ascii")))
        if char == b"(":
            return self._literal()
        if char == b"/":
            start = self.pos + 1
            self.pos = start
            while self.pos < len(data) and data[self.pos] not in _WHITESPACE + _DELIMITERS:
                self.pos += 1
            return Name(data[start : self.pos].decode("latin-1"))
        match = _NUMBER.match(data, self.pos)
        if match:
            self.pos = match.end()
            text = match.group(0)
            return float(text) if b"." in text else int(text)
        start = self.pos
        while self.pos < len(data) and data[self.pos] not in _WHITESPACE + _DELIMITERS:
            self.pos += 1
        if self.pos == start:
            raise PdfError(f"unexpected byte {char!r} at {start}")
        return data[start : self.pos]

    def _literal(self) -> String:
        data = self.data
        self.pos += 1
        depth = 1
        out = bytearray()
        escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
        while depth:
            char = data[self.pos : self.pos + 1]
            if not char:
                raise PdfError("unterminated string")
            self.pos += 1
            if char == b"\\":
                nxt = data[self.pos : self.pos + 1]
                self.pos += 1
                if nxt in escapes:
                    out += escapes[nxt]
                elif nxt.isdigit():
                    digits = nxt
                    while len(digits) < 3 and data[self.pos : self.pos + 1].isdigit():
                        digits += data[self.pos : self.pos + 1]
                        self.pos += 1
                    out.append(int(digits, 8) & 0xFF)
                elif nxt not in (b"\n", b"\r"):
                    out += nxt
                continue
            if char == b"(":
                depth += 1
            elif char == b")":
                depth -= 1
                if not depth:
                    break
            out += char
        return String(out)

    def value(self) -> Any:
        """An object, with ``N G R`` read as a :class:`Ref`."""
        first = self.token()
        if isinstance(first, int):
            save = self.pos
            second = self.token()
            if isinstance(second, int):
                third = self.token()
                if third == b"R":
                    return Ref(first)
            self.pos = save
        return first


@dataclass
class PdfObject:
    value: Any
    stream: bytes | None = None


class Pdf:
    """A parsed PDF: objects by number (via the cross-reference table), pages, text."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(b"%PDF-"):
            raise PdfError("no %PDF header")
        if b"%%EOF" not in data[-64:]:
            raise PdfError("no %%EOF at the end (truncated?)")
        self.data = data
        start = data.rindex(b"startxref")
        lexer = _Lexer(data, start + len(b"startxref"))
        xref_at = lexer.token()
        if not isinstance(xref_at, int) or not data.startswith(b"xref", xref_at):
            raise PdfError("startxref does not point at an xref table")
        self.offsets: dict[int, int] = {}
        lexer = _Lexer(data, xref_at + 4)
        while True:
            first = lexer.token()
            if first == b"trailer":
                break
            count = lexer.token()
            if not isinstance(first, int) or not isinstance(count, int):
                raise PdfError("malformed xref subsection")
            for number in range(first, first + count):
                offset, _generation, kind = lexer.token(), lexer.token(), lexer.token()
                if kind == b"n":
                    self.offsets[number] = offset
        self.trailer = lexer.token()
        if not isinstance(self.trailer, dict):
            raise PdfError("no trailer dictionary")
        self._cache: dict[int, PdfObject] = {}

    def object(self, number: int) -> PdfObject:
        if number in self._cache:
            return self._cache[number]
        offset = self.offsets[number]
        lexer = _Lexer(self.data, offset)
        if lexer.token() != number or not isinstance(lexer.token(), int):
            raise PdfError(f"xref offset of object {number} does not point at it")
        if lexer.token() != b"obj":
            raise PdfError(f"object {number} has no 'obj'")
        value = lexer.value()
        stream = None
        lexer.skip()
        if self.data.startswith(b"stream", lexer.pos):
            begin = lexer.pos + len(b"stream")
            if self.data.startswith(b"\r\n", begin):
                begin += 2
            elif self.data.startswith(b"\n", begin):
                begin += 1
            length = self.resolve(value["Length"])
            raw = self.data[begin : begin + length]
            if (
                not self.data[begin + length : begin + length + 20]
                .lstrip()
                .startswith(b"endstream")
            ):
                raise PdfError(f"stream of object {number} does not end at its /Length")
            filters = value.get("Filter")
            names = filters if isinstance(filters, list) else [filters] if filters else []
            for name in names:
                if name != "FlateDecode":
                    raise PdfError(f"unsupported filter {name}")
                raw = zlib.decompress(raw)
            stream = raw
        result = PdfObject(value, stream)
        self._cache[number] = result
        return result

    def resolve(self, value: Any) -> Any:
        while isinstance(value, Ref):
            value = self.object(value.number).value
        return value

    def pages(self) -> list[dict[str, Any]]:
        root = self.resolve(self.trailer["Root"])
        if root.get("Type") != "Catalog":
            raise PdfError("the root is not a catalog")
        found: list[dict[str, Any]] = []

        def walk(node: Any) -> None:
            node = self.resolve(node)
            if node.get("Type") == "Pages":
                for kid in node["Kids"]:
                    walk(kid)
            elif node.get("Type") == "Page":
                found.append(node)

        pages_root = self.resolve(root["Pages"])
        walk(root["Pages"])
        if pages_root.get("Count") != len(found):
            raise PdfError("the page count does not match the page tree")
        return found

    def _cmap(self, font_ref: Any) -> dict[bytes, str]:
        font = self.resolve(font_ref)
        to_unicode = font.get("ToUnicode")
        if not isinstance(to_unicode, Ref):
            return {}
        text = self.object(to_unicode.number).stream or b""
        mapping: dict[bytes, str] = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                mapping[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode(
                    "utf-16-be"
                )
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            lexer = _Lexer(block)
            while True:
                low = lexer.token()
                if low is None:
                    break
                high, target = lexer.token(), lexer.value()
                width = len(low)
                start, end = int.from_bytes(low, "big"), int.from_bytes(high, "big")
                for offset, code in enumerate(range(start, end + 1)):
                    key = code.to_bytes(width, "big")
                    if isinstance(target, list):
                        mapping[key] = target[offset].decode("utf-16-be")
                    else:
                        value = int.from_bytes(target, "big") + offset
                        mapping[key] = value.to_bytes(len(target), "big").decode("utf-16-be")
        return mapping

    def page_lines(self, page: dict[str, Any]) -> list[str]:
        """The text of each BT...ET block of a page, in drawing order."""
        resources = self.resolve(page.get("Resources", {}))
        fonts = self.resolve(resources.get("Font", {}))
        cmaps = {name: self._cmap(ref) for name, ref in fonts.items()}
        contents = page.get("Contents")
        parts = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(self.object(p.number).stream or b"" for p in parts)
        lines: list[str] = []
        current: list[str] = []
        cmap: dict[bytes, str] = {}
        operands: list[Any] = []
        lexer = _Lexer(data)
        while True:
            token = lexer.token()
            if token is None:
                break
            if not isinstance(token, bytes) or isinstance(token, String):
                operands.append(token)
                continue
            if token == b"BT":
                current = []
            elif token == b"ET":
                lines.append("".join(current))
            elif token == b"Tf" and operands:
                cmap = cmaps.get(str(operands[-2]), {}) if len(operands) >= 2 else {}
            elif token in (b"Tj", b"'", b'"') and operands:
                current.append(_decode(operands[-1], cmap))
            elif token == b"TJ" and operands:
                current.extend(_decode(x, cmap) for x in operands[-1] if isinstance(x, bytes))
            operands = []
        return lines

    def text_lines(self) -> list[list[str]]:
        """Each page's lines, normalised: ligature glyphs (ﬁ) as letters, and the blank
        glyph, which Qt's fonts map to a tab, as a space."""
        return [[normalise(line) for line in self.page_lines(page)] for page in self.pages()]

    def text(self) -> str:
        return "\n".join("\n".join(lines) for lines in self.text_lines())


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\t", " ").split())


def _decode(raw: Any, cmap: dict[bytes, str]) -> str:
    if not isinstance(raw, bytes):
        return ""
    if not cmap:
        return raw.decode("latin-1")
    return "".join(cmap.get(raw[i : i + 2], "\ufffd") for i in range(0, len(raw) - 1, 2))
