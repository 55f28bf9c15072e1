"""Word (.docx) of an OfficialDocument, in the Decree 30/2020 layout, with python-docx.

The Word file is the one offices edit, sign and send, so it is built from ordinary Word parts:
the two-column header is a borderless table, rules are paragraph borders, the page number is a
PAGE field in a header that Word hides on page 1 ("different first page"), and an issued
document's QR code, code and verification address sit in page 1's own footer, in the bottom
margin where the PDF prints them. Every run names Times
New Roman for all four of Word's font slots (ASCII, high ANSI, East Asian, complex script):
otherwise Word substitutes another font for the Vietnamese letters outside Latin-1.
"""

from copy import deepcopy
from functools import lru_cache
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from thidua.documents import layout
from thidua.documents.content import (
    Certificate,
    Heading,
    Image,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Table,
)
from thidua.documents.layout import Align, TextStyle
from thidua.documents.render.fonts import balanced_lines, text_width_pt
from thidua.documents.render.qr import qr_png

_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@lru_cache(maxsize=64)
def _run_properties(style: TextStyle) -> Any:
    """The <w:rPr> of a run in `style`: Times New Roman in every font slot, the size, bold and
    italic. Built once per style and copied into each run (setting them one by one through
    python-docx was a third of a one-page document's rendering time)."""
    half_points = round(style.size_pt * 2)
    font = layout.WORD_FONT
    return parse_xml(
        f"<w:rPr {nsdecls('w')}>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'<w:b w:val="{"1" if style.bold else "0"}"/>'
        f'<w:i w:val="{"1" if style.italic else "0"}"/>'
        + (f'<w:color w:val="{style.color}"/>' if style.color else "")
        + f'<w:sz w:val="{half_points}"/>'
        "</w:rPr>"
    )


def _set_font(run: Any, style: TextStyle) -> None:
    element = run._element
    existing = element.rPr
    if existing is not None:
        element.remove(existing)
    element.insert(0, deepcopy(_run_properties(style)))


def _format(
    paragraph: Any,
    style: TextStyle,
    *,
    spacing: float = 1.0,
    first_line_indent: bool = False,
    space_after: float = 0.0,
    align: Align | None = None,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align or style.align]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = spacing
    fmt.first_line_indent = Mm(layout.FIRST_LINE_INDENT_MM) if first_line_indent else None


def _write(container: Any, text: str, style: TextStyle, **options: Any) -> Any:
    """A paragraph of one run at the end of `container` (the document or a table cell)."""
    paragraph = container.add_paragraph()
    _format(paragraph, style, **options)
    _set_font(paragraph.add_run(layout.upper(text) if style.caps else text), style)
    return paragraph


def _first_paragraph(cell: Any, text: str, style: TextStyle, **options: Any) -> Any:
    """Write into a cell's first (empty) paragraph, which Word requires to exist."""
    paragraph = cell.paragraphs[0]
    _format(paragraph, style, **options)
    _set_font(paragraph.add_run(layout.upper(text) if style.caps else text), style)
    return paragraph


def _rule(container: Any, width_mm: float, column_mm: float) -> None:
    """A centred horizontal rule `width_mm` long: the top border of an empty 1 pt paragraph
    indented from both sides of its `column_mm` wide column."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    indent = max((column_mm - width_mm) / 2, 0)
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    fmt.space_before = Pt(1)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    _set_font(paragraph.add_run(), TextStyle(1))
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_margins(table: Any, mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    twips = str(round(mm / 25.4 * 1440))
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), twips)
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _grid(document: Any, rows: int, widths_mm: list[float], *, borders: bool) -> Any:
    table = document.add_table(rows=rows, cols=len(widths_mm))
    if borders:
        table.style = "Table Grid"
    else:
        _no_borders(table)
        _cell_margins(table, layout.CELL_PADDING_MM)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def _page(document: Any, doc: OfficialDocument) -> layout.PageSetup:
    certificate = doc.certificate is not None
    setup = layout.page_setup(landscape=doc.landscape, certificate=certificate)
    section = document.sections[0]
    wide = doc.landscape or certificate
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(setup.width_mm), Mm(setup.height_mm)
    section.top_margin, section.bottom_margin = Mm(setup.top_mm), Mm(setup.bottom_mm)
    section.left_margin, section.right_margin = Mm(setup.left_mm), Mm(setup.right_mm)
    section.header_distance = Mm(layout.PAGE_NUMBER_FROM_TOP_MM)
    # Page 1 gets its own (empty) header; the others show the page number, centred.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    _format(number, layout.PAGE_NUMBER)
    _page_field(number)
    return setup


_QR_DRAWING_ID = 9001


def _verification(document: Any, doc: OfficialDocument, setup: layout.PageSetup) -> None:
    """The QR code, the code and the verification address in the first page's footer (Word's
    "different first page" footer: on page 1 only, at the place the PDF prints them, 4 mm
    above the paper's edge in the bottom margin), as a borderless table: the picture, then the
    two lines of text beside it."""
    section = document.sections[0]
    section.footer_distance = Mm(layout.QR_FROM_BOTTOM_MM)
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    text_mm = setup.text_width_mm - layout.QR_SIZE_MM
    table = footer.add_table(rows=1, cols=2, width=Mm(setup.text_width_mm))
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for i, width in enumerate((layout.QR_SIZE_MM, text_mm)):
        table.columns[i].width = Mm(width)
        table.rows[0].cells[i].width = Mm(width)
    picture_cell, text_cell = table.rows[0].cells
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (("left", 0.0), ("right", 0.0), ("top", 0.0), ("bottom", 0.0)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
    picture = picture_cell.paragraphs[0]
    _format(picture, layout.VERIFICATION)
    shape = picture.add_run().add_picture(
        BytesIO(qr_png(doc.verification_url)), width=Mm(layout.QR_SIZE_MM)
    )
    # Drawing ids are counted per part; one far above the body's keeps them unique in the file.
    shape._inline.docPr.id = _QR_DRAWING_ID
    shape._inline.docPr.name = "Mã QR xác thực"
    # The quiet zone a scanner needs beside the code, as in the PDF: 3 mm before the text.
    for i, line in enumerate(
        (f"Mã xác thực: {doc.verification}", f"Xác thực tại: {doc.verification_url}")
    ):
        paragraph = (
            _first_paragraph(text_cell, line, layout.VERIFICATION)
            if i == 0
            else _write(text_cell, line, layout.VERIFICATION)
        )
        paragraph.paragraph_format.left_indent = Mm(3)
        if i == 0:
            paragraph.paragraph_format.space_before = Pt(2)
    # A footer must end with a paragraph: keep the one Word gave it, as small as possible.
    last = footer.paragraphs[0]
    last.paragraph_format.space_after = Pt(0)
    last.paragraph_format.line_spacing = Pt(1)
    footer._element.append(last._p)


def _page_field(paragraph: Any) -> None:
    """A PAGE field (Word computes it per page), in the page-number style."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("result", "2")):
        run = paragraph.add_run()
        _set_font(run, layout.PAGE_NUMBER)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "result":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    end = paragraph.add_run()
    _set_font(end, layout.PAGE_NUMBER)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


def _header(document: Any, doc: OfficialDocument, setup: layout.PageSetup) -> None:
    right_mm = setup.text_width_mm - layout.HEADER_LEFT_MM
    table = _grid(document, 2, [layout.HEADER_LEFT_MM, right_mm], borders=False)
    agency, national = table.rows[0].cells
    column_mm = layout.HEADER_LEFT_MM - 2 * layout.CELL_PADDING_MM
    names = [
        (n, s)
        for n, s in ((doc.issuer.superior, layout.SUPERIOR), (doc.issuer.name, layout.ISSUER))
        if n
    ]
    for i, (name, style) in enumerate(names):
        paragraph = agency.paragraphs[0] if i == 0 else agency.add_paragraph()
        _format(paragraph, style)
        lines = balanced_lines(layout.upper(name), style, column_mm / 25.4 * 72)
        for j, line in enumerate(lines):
            run = paragraph.add_run(line)
            _set_font(run, style)
            if j < len(lines) - 1:
                run.add_break()
    _rule(agency, layout.AGENCY_RULE_MM, column_mm)
    _first_paragraph(national, layout.NATIONAL_TITLE_TEXT, layout.NATIONAL_TITLE)
    _write(national, layout.MOTTO_TEXT, layout.MOTTO)
    motto_mm = text_width_pt(layout.MOTTO_TEXT, layout.MOTTO) / 72 * 25.4
    _rule(national, motto_mm, right_mm - 2 * layout.CELL_PADDING_MM)
    number, place_date = table.rows[1].cells
    _first_paragraph(number, doc.number_line, layout.NUMBER).paragraph_format.space_before = Pt(6)
    if doc.summary_under_number:
        _write(number, doc.summary, TextStyle(12))
    _first_paragraph(
        place_date, layout.place_date_line(doc), layout.PLACE_DATE
    ).paragraph_format.space_before = Pt(6)


def _title(document: Any, doc: OfficialDocument, setup: layout.PageSetup) -> None:
    if doc.summary_under_number:
        _write(document, "", layout.BODY)
        return
    kind = _write(document, doc.kind_name, layout.KIND, spacing=layout.LINE_SPACING)
    kind.paragraph_format.space_before = Pt(18)
    _write(document, doc.summary, layout.SUMMARY, spacing=layout.LINE_SPACING)
    summary_mm = text_width_pt(doc.summary, layout.SUMMARY) / 72 * 25.4
    longest = min(summary_mm, setup.text_width_mm)
    _rule(document, longest * layout.SUMMARY_RULE_SHARE, setup.text_width_mm)
    _write(document, "", layout.BODY)


def _paragraph(document: Any, block: Paragraph) -> None:
    style = TextStyle(
        layout.BODY.size_pt, bold=block.bold, italic=block.italic, align=Align(block.align)
    )
    paragraph = document.add_paragraph()
    _format(
        paragraph,
        style,
        spacing=layout.LINE_SPACING,
        first_line_indent=block.indent_first_line,
        space_after=layout.PARAGRAPH_SPACE_PT,
    )
    if block.lead:
        lead = TextStyle(style.size_pt, bold=True, italic=block.italic)
        _set_font(paragraph.add_run(f"{block.lead} "), lead)
    _set_font(paragraph.add_run(block.text), style)


def _table(document: Any, block: Table, setup: layout.PageSetup) -> None:
    if block.caption:
        caption = _write(document, block.caption, layout.CAPTION, space_after=3)
        caption.paragraph_format.keep_with_next = True  # never a page's last line alone
    widths = layout.fit_column_widths(block.header, block.rows, block.widths, setup.text_width_mm)
    table = _grid(document, 1 + len(block.rows), widths, borders=True)
    header = table.rows[0]
    # Word repeats a header row at the top of each page the table runs onto.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, block.header, strict=True):
        _first_paragraph(cell, text, layout.TABLE_HEADER)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            align = Align.RIGHT if i in block.numeric_columns else None
            _first_paragraph(cell, text, layout.TABLE_TEXT, align=align)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _image(document: Any, block: Image) -> None:
    document.add_picture(BytesIO(block.png), width=Mm(block.width_mm))
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The chart keeps its caption (printed under it) on the same page.
    picture.paragraph_format.keep_with_next = bool(block.caption)
    if block.caption:
        _write(document, block.caption, layout.CAPTION, space_after=6)


def _body(document: Any, doc: OfficialDocument, setup: layout.PageSetup) -> None:
    for block in doc.body:
        match block:
            case Paragraph():
                _paragraph(document, block)
            case Heading():
                style = layout.HEADING if block.level <= 1 else layout.SUBHEADING
                _write(
                    document,
                    block.text,
                    style,
                    spacing=layout.LINE_SPACING,
                    first_line_indent=True,
                    space_after=layout.PARAGRAPH_SPACE_PT,
                )
            case Table():
                _table(document, block, setup)
            case Image():
                _image(document, block)
            case PageBreak():
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _closing(document: Any, doc: OfficialDocument, setup: layout.PageSetup) -> None:
    """Nơi nhận on the left, the signer on the right (a borderless table that does not split)."""
    left_mm = setup.text_width_mm - layout.HEADER_RIGHT_MM
    table = _grid(document, 1, [left_mm, layout.HEADER_RIGHT_MM], borders=False)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients, signer = table.rows[0].cells
    _first_paragraph(recipients, layout.RECIPIENTS_LABEL_TEXT, layout.RECIPIENTS_LABEL)
    for line in layout.recipient_lines(doc):
        _write(recipients, line, layout.RECIPIENT)
    titles = layout.signer_lines(doc.signer)
    _first_paragraph(signer, titles[0] if titles else "", layout.SIGNER_TITLE)
    for line in titles[1:]:
        _write(signer, line, layout.SIGNER_TITLE)
    name = _write(signer, doc.signer.name, layout.SIGNER_NAME)
    name.paragraph_format.space_before = Mm(layout.SIGNATURE_SPACE_MM)


def _page_border(document: Any) -> None:
    """The certificate's double border (red), measured from the paper's edge."""
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    points = str(round(layout.CERT_BORDER_MM / 25.4 * 72))
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "double"),
            ("w:sz", "12"),
            ("w:space", points),
            ("w:color", layout.CERTIFICATE_RED),
        ):
            element.set(qn(key), value)
        borders.append(element)
    # In a section's properties the page borders follow the page margins.
    document.sections[0]._sectPr.find(qn("w:pgMar")).addnext(borders)


def _certificate(
    document: Any, doc: OfficialDocument, cert: Certificate, setup: layout.PageSetup
) -> None:
    """The award layout (LEGAL.md §1.12) of `doc.certificate`: centred lines, then a
    borderless two-column table with the decision bottom left and the signer bottom right."""
    _page_border(document)
    width = setup.text_width_mm
    _write(document, layout.NATIONAL_TITLE_TEXT, layout.NATIONAL_TITLE)
    _write(document, layout.MOTTO_TEXT, layout.MOTTO)
    _rule(document, text_width_pt(layout.MOTTO_TEXT, layout.MOTTO) / 72 * 25.4, width)
    lines: list[tuple[str, TextStyle, float]] = [
        (cert.presenter, layout.CERT_PRESENTER, 12),
        (cert.verb, layout.CERT_VERB, 5),
        (cert.title, layout.CERT_TITLE, 4),
        (cert.recipient, layout.CERT_RECIPIENT, 8),
        *((line, layout.CERT_DETAIL, 0) for line in cert.details),
    ]
    if cert.achievement:
        lines.append((cert.achievement, layout.CERT_ACHIEVEMENT, 4))
    for text, style, before_mm in lines:
        paragraph = _write(document, text, style, spacing=layout.LINE_SPACING)
        paragraph.paragraph_format.space_before = Mm(before_mm)
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Mm(6)
    table = _grid(document, 1, [width / 2, width / 2], borders=False)
    left, right = table.rows[0].cells
    number_style = TextStyle(11, align=Align.LEFT)
    left_lines = [
        (line, layout.CERT_BOTTOM_LEFT) for line in (cert.decision_line, cert.register_line) if line
    ] + [(doc.number_line, number_style)]
    for i, (line, style) in enumerate(left_lines):
        (_first_paragraph if i == 0 else _write)(left, line, style)
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    _first_paragraph(right, layout.place_date_line(doc), layout.CERT_PLACE_DATE)
    for line in layout.signer_lines(doc.signer):
        _write(right, line, layout.SIGNER_TITLE)
    name = _write(right, doc.signer.name, layout.SIGNER_NAME)
    name.paragraph_format.space_before = Mm(layout.CERT_SIGNATURE_SPACE_MM)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes: A4, the Decree 30/2020 margins, Times New Roman, the page
    number from page 2, and on an issued document its verification QR code and code at the
    foot of page 1; editable in Word and LibreOffice."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = layout.WORD_FONT
    normal.font.size = Pt(layout.BODY.size_pt)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), layout.WORD_FONT)
    properties = document.core_properties
    properties.title = f"{doc.kind_name} {doc.summary}"
    properties.author = doc.issuer.name
    properties.subject = doc.number_line
    setup = _page(document, doc)
    if doc.verification:
        _verification(document, doc, setup)
    if doc.certificate is not None:
        _certificate(document, doc, doc.certificate, setup)
    else:
        _header(document, doc, setup)
        _title(document, doc, setup)
        _body(document, doc, setup)
        _closing(document, doc, setup)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
