"""Removing the author's name from an attachment's metadata for a blind review, where possible.
Pure bytes manipulation: no Django, no third-party package.

What is removed, and what cannot be:

- **Office Open XML** (.docx, .xlsx, .pptx — ZIP archives): in `docProps/core.xml` the creator
  (`dc:creator`), the last editor (`cp:lastModifiedBy`); in `docProps/app.xml` the company
  (`Company`) and the manager (`Manager`). They are emptied; every other part of the archive is
  copied unchanged. Names typed in the document's text, headers or tracked changes stay: the
  council asks authors not to sign the body of a blind submission.
- **PDF**: in an uncompressed document information dictionary, the `/Author`, `/Creator` and
  `/Producer` strings are blanked with spaces of the same length (so the cross-reference offsets
  stay right); so are `dc:creator`, `xmp:CreatorTool` and `pdf:Producer` in an uncompressed XMP
  metadata stream. A dictionary inside a compressed object stream is left as it is.
- Any other file (images, a damaged archive) is returned unchanged.

`redact` hides given names (authors, units) in a text the reviewer reads, whatever the case and
the diacritics ("Bệnh viện A", "benh vien a"), whole words only.

`strip_author_metadata` never raises on a malformed file: a blind reviewer still gets the
document, at worst with its metadata intact.
"""

import io
import re
import unicodedata
import zipfile
import zlib

OOXML_EXTENSIONS = frozenset({".docx", ".xlsx", ".pptx"})

# Elements emptied in each OOXML part: (part name, element qualified names).
_OOXML_PARTS: dict[str, tuple[str, ...]] = {
    "docProps/core.xml": ("dc:creator", "cp:lastModifiedBy"),
    "docProps/app.xml": ("Company", "Manager"),
}


def strip_author_metadata(data: bytes, *, extension: str) -> bytes:
    """The file without its author metadata where the format allows (see the module); the
    extension (".docx", ".pdf" …, any case) says what the file is."""
    extension = extension.lower()
    try:
        if extension in OOXML_EXTENSIONS and data.startswith(b"PK"):
            return strip_ooxml(data)
        if extension == ".pdf" and data.startswith(b"%PDF-"):
            return strip_pdf(data)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        ValueError,
        KeyError,
        OSError,
        EOFError,
        RuntimeError,  # an encrypted archive
        NotImplementedError,  # a compression method zipfile does not know
    ):
        return data
    return data


# -- Office Open XML ----------------------------------------------------------------------------


def _empty_elements(xml: bytes, names: tuple[str, ...]) -> bytes:
    for name in names:
        escaped = re.escape(name.encode())
        # <dc:creator>…</dc:creator> (with any attributes) becomes <dc:creator/> … empty.
        xml = re.sub(
            rb"<(" + escaped + rb")(\s[^>]*)?>.*?</" + escaped + rb"\s*>",
            rb"<\1\2></\1>",
            xml,
            flags=re.DOTALL,
        )
    return xml


def strip_ooxml(data: bytes) -> bytes:
    """A copy of the archive with the author elements of its property parts emptied."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            names = _OOXML_PARTS.get(info.filename)
            if names is not None:
                content = _empty_elements(content, names)
            target.writestr(info, content, compress_type=info.compress_type)
    return output.getvalue()


# -- PDF ----------------------------------------------------------------------------------------

_INFO_KEYS = (b"/Author", b"/Creator", b"/Producer")
_XMP_ELEMENTS = (b"dc:creator", b"xmp:CreatorTool", b"pdf:Producer")
_WHITESPACE = b" \t\r\n\x0c\x00"


def strip_pdf(data: bytes) -> bytes:
    """The PDF with its author strings blanked in place (the same length: offsets unchanged)."""
    buffer = bytearray(data)
    for key in _INFO_KEYS:
        for match in re.finditer(re.escape(key) + rb"(?![A-Za-z0-9])", data):
            _blank_string_at(buffer, match.end())
    for name in _XMP_ELEMENTS:
        escaped = re.escape(name)
        pattern = rb"<" + escaped + rb"(?:\s[^>]*)?>(.*?)</" + escaped + rb">"
        for match in re.finditer(pattern, data, flags=re.DOTALL):
            _blank_xml_text(buffer, match.start(1), match.end(1))
    return bytes(buffer)


def _blank_string_at(buffer: bytearray, position: int) -> None:
    """Blank the PDF string object that follows `position` (after whitespace), if one does."""
    while position < len(buffer) and buffer[position] in _WHITESPACE:
        position += 1
    if position >= len(buffer):
        return
    if buffer[position : position + 1] == b"(":
        end = _literal_end(buffer, position)
        if end is not None:
            buffer[position + 1 : end] = b" " * (end - position - 1)
    elif buffer[position : position + 1] == b"<" and buffer[position + 1 : position + 2] != b"<":
        end = buffer.find(b">", position)
        if end != -1:
            # Whitespace inside a hexadecimal string is ignored: "<   >" is the empty string.
            buffer[position + 1 : end] = b" " * (end - position - 1)


def _literal_end(buffer: bytearray, start: int) -> int | None:
    """The index of the parenthesis closing the literal string opened at `start`."""
    depth = 0
    index = start
    while index < len(buffer):
        char = buffer[index]
        if char == 0x5C:  # backslash: the next byte is escaped
            index += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _blank_xml_text(buffer: bytearray, start: int, end: int) -> None:
    """Blank the text inside an XMP element, keeping its markup (rdf:Seq, rdf:li …)."""
    inside_tag = False
    for index in range(start, end):
        char = buffer[index]
        if char == 0x3C:
            inside_tag = True
        elif char == 0x3E:
            inside_tag = False
        elif not inside_tag and char not in _WHITESPACE:
            buffer[index] = 0x20


# -- Redacting names in text --------------------------------------------------------------------

REDACTED = "[đã ẩn]"


def _fold_char(char: str) -> str:
    """One character lower-cased without its diacritics (đ → d), still one character."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def _fold_same_length(text: str) -> str:
    return "".join(_fold_char(char) for char in text)


def redact(text: str, names: list[str] | tuple[str, ...] | set[str]) -> str:
    """`text` (NFC) with every whole-word occurrence of each name replaced by "[đã ẩn]",
    matched without regard to case, diacritics or the amount of whitespace between words;
    longer names first (a unit's full name before a shorter one inside it)."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    folded = _fold_same_length(text)
    spans: list[tuple[int, int]] = []
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        words = _fold_same_length(unicodedata.normalize("NFC", name)).split()
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"
        for match in re.finditer(pattern, folded):
            start, end = match.span()
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + REDACTED + text[end:]
    return text
