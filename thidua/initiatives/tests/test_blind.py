"""Stripping the author's name from attachments for blind reviews: DOCX and XLSX properties,
PDF information dictionary and XMP, everything else unchanged."""

import io
import re
import unicodedata
import zipfile

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from thidua.initiatives.blind import redact, strip_author_metadata

CORE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Đặt lịch khám trực tuyến</dc:title>"
    "<dc:creator>Nguyễn Thị Hoa</dc:creator>"
    "<cp:lastModifiedBy>Trần Văn Nam</cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-05T08:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Application>Microsoft Office Word</Application>'
    "<Company>Bệnh viện A</Company><Manager>Lê Văn Bình</Manager><Pages>3</Pages></Properties>"
)
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
    'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Nội dung giải pháp</w:t></w:r>'
    "</w:p></w:body></w:document>"
)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", DOCUMENT_XML)
        archive.writestr("docProps/core.xml", CORE_XML)
        archive.writestr("docProps/app.xml", APP_XML)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_strip_docx_empties_creator_last_editor_company_and_manager():
    stripped = strip_author_metadata(_docx(), extension=".docx")

    parts = _parts(stripped)
    core, app = parts["docProps/core.xml"], parts["docProps/app.xml"]
    assert "<dc:creator></dc:creator>" in core
    assert "<cp:lastModifiedBy></cp:lastModifiedBy>" in core
    assert "<Company></Company>" in app
    assert "<Manager></Manager>" in app
    for name in ("Nguyễn Thị Hoa", "Trần Văn Nam", "Bệnh viện A", "Lê Văn Bình"):
        assert name not in stripped.decode("latin-1")
        assert all(name not in text for text in parts.values())


def test_strip_docx_keeps_the_rest_of_the_archive():
    stripped = strip_author_metadata(_docx(), extension=".DOCX")

    parts = _parts(stripped)
    assert list(parts) == [
        "[Content_Types].xml",
        "word/document.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ]
    assert parts["word/document.xml"] == DOCUMENT_XML
    assert "<dc:title>Đặt lịch khám trực tuyến</dc:title>" in parts["docProps/core.xml"]
    assert "<Application>Microsoft Office Word</Application>" in parts["docProps/app.xml"]


def test_strip_xlsx_written_by_openpyxl_opens_without_its_creator():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số liệu trước – sau"
    workbook.properties.creator = "Nguyễn Thị Hoa"
    workbook.properties.lastModifiedBy = "Trần Văn Nam"
    buffer = io.BytesIO()
    workbook.save(buffer)

    stripped = strip_author_metadata(buffer.getvalue(), extension=".xlsx")

    reopened = openpyxl.load_workbook(io.BytesIO(stripped))
    assert reopened.active["A1"].value == "Số liệu trước – sau"
    assert reopened.properties.creator in (None, "")
    assert reopened.properties.lastModifiedBy in (None, "")


def _pdf(info: bytes, xmp: bytes = b"") -> bytes:
    """A small valid PDF with an uncompressed Info dictionary (and an optional XMP stream); the
    cross-reference table gives the true offset of each object."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        info,
    ]
    if xmp:
        objects.append(
            b"<< /Type /Metadata /Subtype /XML /Length "
            + str(len(xmp)).encode()
            + b" >>\nstream\n"
            + xmp
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _object_offsets(pdf: bytes) -> list[int]:
    table = pdf[pdf.rindex(b"xref") :]
    return [int(m.group(1)) for m in re.finditer(rb"(\d{10}) 00000 n", table)]


def test_strip_pdf_blanks_author_creator_producer_offsets_unchanged():
    info = (
        b"<< /Title (Dat lich kham) /Author (Nguyen Thi Hoa \\(BV A\\)) "
        b"/Creator <FEFF004E0067007500790065006E> /Producer (Word for BV A) >>"
    )
    original = _pdf(info)

    stripped = strip_author_metadata(original, extension=".pdf")

    assert len(stripped) == len(original)
    assert b"Nguyen" not in stripped
    assert b"FEFF004E" not in stripped
    assert b"Word for BV A" not in stripped
    assert b"/Title (Dat lich kham)" in stripped
    assert re.search(rb"/Author \( +\)", stripped)
    for offset in _object_offsets(stripped):
        assert re.match(rb"\d+ 0 obj", stripped[offset:])


def test_strip_pdf_blanks_xmp_creator_keeping_its_markup():
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
        "<dc:creator><rdf:Seq><rdf:li>Nguyễn Thị Hoa</rdf:li></rdf:Seq></dc:creator>"
        "<xmp:CreatorTool>Word của Bệnh viện A</xmp:CreatorTool>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    original = _pdf(b"<< /Title (Dat lich kham) >>", xmp)

    stripped = strip_author_metadata(original, extension=".pdf")

    assert len(stripped) == len(original)
    assert "Nguyễn".encode() not in stripped
    assert "Bệnh viện A".encode() not in stripped
    assert re.search(rb"<dc:creator><rdf:Seq><rdf:li> +</rdf:li></rdf:Seq></dc:creator>", stripped)


def test_strip_leaves_other_files_and_damaged_archives_unchanged():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    damaged = b"PK\x03\x04 not really a zip"

    assert strip_author_metadata(png, extension=".png") == png
    assert strip_author_metadata(damaged, extension=".docx") == damaged


@given(st.binary(max_size=400))
def test_strip_never_raises_and_keeps_a_pdf_length(noise):
    data = b"%PDF-1.4\n/Author (" + noise

    stripped = strip_author_metadata(data, extension=".pdf")

    assert len(stripped) == len(data)
    assert strip_author_metadata(b"PK" + noise, extension=".docx") is not None


# -- Redacting names in text --------------------------------------------------------------------


def test_redact_whatever_the_case_and_diacritics_whole_words():
    text = "Tại benh vien A và BỆNH VIỆN A, chị Nguyễn  Thị Hoa; Bệnh viện An vẫn giữ nguyên."

    assert redact(text, ["Bệnh viện A", "Nguyễn Thị Hoa"]) == (
        "Tại [đã ẩn] và [đã ẩn], chị [đã ẩn]; Bệnh viện An vẫn giữ nguyên."
    )


def test_redact_longer_name_first_and_d_with_stroke():
    assert redact("Khoa Nội A1 của Đỗ Minh", ["Khoa Nội A1", "Khoa", "do minh"]) == (
        "[đã ẩn] của [đã ẩn]"
    )


def test_redact_nothing_to_hide_unchanged():
    assert redact("Giải pháp mới", []) == "Giải pháp mới"
    assert redact("", ["A"]) == ""


OTHER_WORDS = ["giải", "pháp", "người", "bệnh", "chờ", "lâu", "khoa", "viện", "An", "Hòa"]
NAMES = ["Nguyễn Thị Hoa", "Bệnh viện A", "Khoa Nội A1", "Đỗ Minh Khoa"]


def _variant(name: str, draw_case: int, strip: bool) -> str:
    text = fold_keep_case(name) if strip else name
    return [text, text.upper(), text.lower()][draw_case]


def fold_keep_case(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@given(
    st.lists(st.sampled_from(OTHER_WORDS), max_size=6),
    st.lists(st.sampled_from(OTHER_WORDS), max_size=6),
    st.sampled_from(NAMES),
    st.integers(0, 2),
    st.booleans(),
)
def test_redact_hides_a_name_written_any_way_between_other_words(before, after, name, case, strip):
    text = " ".join([*before, _variant(name, case, strip), *after])

    redacted = redact(text, [name])

    assert redacted == " ".join([*before, "[đã ẩn]", *after])
