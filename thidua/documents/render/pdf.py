"""PDF of an OfficialDocument, in the Decree 30/2020 layout, with reportlab's platypus.

The fonts are Liberation Serif (Times New Roman's metrics, every Vietnamese glyph), embedded as
subsets: the file prints and reads the same everywhere. Tables split across pages with their
header row repeated. Page numbers are centred in the top margin from page 2 on.

An issued document (one with `verification`) carries its QR code, the short code and "Xác thực
tại: <url>" in the **bottom margin of the first page**: always at the same place, whatever the
length of the document, where the reader sees it first, and never pushing the signature onto a
page of its own.
"""

import re
from collections.abc import Callable
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Image as PdfImage
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle as PdfTableStyle

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
from thidua.documents.render.fonts import (
    balanced_lines,
    font_name,
    register_fonts,
    text_width_pt,
)
from thidua.documents.render.qr import qr_modules

_ALIGN = {Align.LEFT: TA_LEFT, Align.CENTER: TA_CENTER, Align.RIGHT: TA_RIGHT}
_ALIGN[Align.JUSTIFY] = TA_JUSTIFY

_SPACE_RUN = re.compile(r" {2,}")


def _style(
    style: TextStyle,
    *,
    spacing: float = 1.0,
    first_line_indent: bool = False,
    space_after: float = 0.0,
    align: Align | None = None,
) -> ParagraphStyle:
    return ParagraphStyle(
        name=f"s{style.size_pt}{style.bold}{style.italic}{spacing}{first_line_indent}",
        textColor=colors.HexColor(f"#{style.color}") if style.color else colors.black,
        fontName=font_name(bold=style.bold, italic=style.italic),
        fontSize=style.size_pt,
        leading=layout.leading_pt(style.size_pt, spacing),
        alignment=_ALIGN[align or style.align],
        firstLineIndent=layout.FIRST_LINE_INDENT_MM * mm if first_line_indent else 0,
        spaceAfter=space_after,
    )


def _markup(text: str) -> str:
    """`text` as paragraph markup. Runs of spaces are kept (as no-break spaces), as a draft's
    "Số:      /QĐ-SYT" and "ngày      tháng" need: a paragraph would fold them into one."""
    return _SPACE_RUN.sub(lambda run: "\u00a0" * len(run.group()), escape(text))


def _para(text: str, style: TextStyle, **options: Any) -> PdfParagraph:
    shown = layout.upper(text) if style.caps else text
    return PdfParagraph(_markup(shown), _style(style, **options))


def _rule(width_pt: float) -> HRFlowable:
    return HRFlowable(
        width=width_pt, thickness=0.6, color=colors.black, hAlign="CENTER", spaceBefore=2.5
    )


def _borderless(rows: list[list[Any]], widths: list[float], *, valign: str = "TOP") -> PdfTable:
    table = PdfTable(rows, colWidths=widths)
    pad = layout.CELL_PADDING_MM * mm
    table.setStyle(
        PdfTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font_name()),  # not Helvetica, even unused
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the rules under the agency and motto
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _header(doc: OfficialDocument, text_width: float) -> list[Flowable]:
    """The two columns of page 1: agency and number on the left, Quốc hiệu, Tiêu ngữ and date
    on the right; the number and the date share a row so they line up."""
    left_width = layout.HEADER_LEFT_MM * mm
    column = left_width - 2 * layout.CELL_PADDING_MM * mm
    left: list[Flowable] = []
    for name, style in ((doc.issuer.superior, layout.SUPERIOR), (doc.issuer.name, layout.ISSUER)):
        if name:
            lines = balanced_lines(layout.upper(name), style, column)
            left.append(PdfParagraph("<br/>".join(_markup(line) for line in lines), _style(style)))
    left.append(_rule(layout.AGENCY_RULE_MM * mm))
    right: list[Flowable] = [
        _para(layout.NATIONAL_TITLE_TEXT, layout.NATIONAL_TITLE),
        _para(layout.MOTTO_TEXT, layout.MOTTO),
        _rule(text_width_pt(layout.MOTTO_TEXT, layout.MOTTO)),
    ]
    number: list[Flowable] = [_para(doc.number_line, layout.NUMBER)]
    if doc.summary_under_number:
        number.append(_para(doc.summary, layout.TextStyle(12)))
    widths = [left_width, text_width - left_width]
    table = _borderless(
        [[left, right], [number, _para(layout.place_date_line(doc), layout.PLACE_DATE)]], widths
    )
    table.setStyle(PdfTableStyle([("TOPPADDING", (0, 1), (-1, 1), 2 * mm)]))
    return [table]


def _title(doc: OfficialDocument, text_width: float) -> list[Flowable]:
    if doc.summary_under_number:
        return [Spacer(1, 6 * mm)]
    longest = min(text_width_pt(doc.summary, layout.SUMMARY), text_width)
    return [
        Spacer(1, 8 * mm),
        _para(doc.kind_name, layout.KIND, spacing=layout.LINE_SPACING),
        _para(doc.summary, layout.SUMMARY, spacing=layout.LINE_SPACING),
        _rule(longest * layout.SUMMARY_RULE_SHARE),
        Spacer(1, 5 * mm),
    ]


def _paragraph(block: Paragraph) -> PdfParagraph:
    style = _style(
        layout.TextStyle(
            layout.BODY.size_pt, bold=block.bold, italic=block.italic, align=Align(block.align)
        ),
        spacing=layout.LINE_SPACING,
        first_line_indent=block.indent_first_line,
        space_after=layout.PARAGRAPH_SPACE_PT,
    )
    text = escape(block.text)
    if block.lead:
        text = f"<b>{escape(block.lead)}</b> {text}"
    return PdfParagraph(text, style)


def _heading(block: Heading) -> PdfParagraph:
    style = layout.HEADING if block.level <= 1 else layout.SUBHEADING
    return _para(
        block.text,
        style,
        spacing=layout.LINE_SPACING,
        first_line_indent=True,
        space_after=layout.PARAGRAPH_SPACE_PT,
    )


def _table(block: Table, text_width: float) -> list[Flowable]:
    widths = [
        width * mm
        for width in layout.fit_column_widths(
            block.header, block.rows, block.widths, text_width / mm
        )
    ]
    cell = _style(layout.TABLE_TEXT)
    number = _style(layout.TABLE_TEXT, align=Align.RIGHT)
    header = [_para(text, layout.TABLE_HEADER) for text in block.header]
    rows: list[list[Any]] = [header]
    for row in block.rows:
        rows.append(
            [
                PdfParagraph(escape(text), number if i in block.numeric_columns else cell)
                for i, text in enumerate(row)
            ]
        )
    table = PdfTable(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(
        PdfTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font_name()),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), layout.TABLE_CELL_PADDING_MM * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), layout.TABLE_CELL_PADDING_MM * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ]
        )
    )
    flowables: list[Flowable] = []
    if block.caption:
        # A caption never ends a page without its table: it starts a new page unless there is
        # room under it for the header and the first rows.
        flowables.append(CondPageBreak(layout.TABLE_START_ROOM_MM * mm))
        flowables.append(_para(block.caption, layout.CAPTION, space_after=3))
    flowables += [table, Spacer(1, layout.PARAGRAPH_SPACE_PT)]
    return flowables


def _image(block: Image) -> list[Flowable]:
    reader = ImageReader(BytesIO(block.png))
    width_px, height_px = reader.getSize()
    width = block.width_mm * mm
    picture = PdfImage(BytesIO(block.png), width=width, height=width * height_px / width_px)
    if not block.caption:
        return [picture]
    # A chart and its caption go onto the same page: the caption never starts the next one.
    return [KeepTogether([picture, _para(block.caption, layout.CAPTION, space_after=6)])]


def _body(doc: OfficialDocument, text_width: float) -> list[Flowable]:
    flowables: list[Flowable] = []
    for block in doc.body:
        match block:
            case Paragraph():
                flowables.append(_paragraph(block))
            case Heading():
                flowables.append(_heading(block))
            case Table():
                flowables += _table(block, text_width)
            case Image():
                flowables += _image(block)
            case PageBreak():
                flowables.append(PdfPageBreak())
    return flowables


def _closing(doc: OfficialDocument, text_width: float) -> list[Flowable]:
    """Nơi nhận on the left, the signer on the right, kept together on one page."""
    recipients: list[Flowable] = [
        _para(layout.RECIPIENTS_LABEL_TEXT, layout.RECIPIENTS_LABEL),
        *(_para(line, layout.RECIPIENT) for line in layout.recipient_lines(doc)),
    ]
    signer: list[Flowable] = [
        *(_para(line, layout.SIGNER_TITLE) for line in layout.signer_lines(doc.signer)),
        Spacer(1, layout.SIGNATURE_SPACE_MM * mm),
        _para(doc.signer.name, layout.SIGNER_NAME),
    ]
    left_width = text_width - layout.HEADER_RIGHT_MM * mm
    return [
        Spacer(1, 2 * mm),
        KeepTogether(
            [_borderless([[recipients, signer]], [left_width, layout.HEADER_RIGHT_MM * mm])]
        ),
    ]


def _certificate(doc: OfficialDocument, cert: Certificate, text_width: float) -> list[Flowable]:
    """The award layout (LEGAL.md §1.12) of `doc.certificate`, centred on a landscape page."""
    story: list[Flowable] = [
        _para(layout.NATIONAL_TITLE_TEXT, layout.NATIONAL_TITLE),
        _para(layout.MOTTO_TEXT, layout.MOTTO),
        _rule(text_width_pt(layout.MOTTO_TEXT, layout.MOTTO)),
        Spacer(1, 12 * mm),
        _para(cert.presenter, layout.CERT_PRESENTER, spacing=layout.LINE_SPACING),
        Spacer(1, 5 * mm),
        _para(cert.verb, layout.CERT_VERB),
        Spacer(1, 4 * mm),
        _para(cert.title, layout.CERT_TITLE, spacing=layout.LINE_SPACING),
        Spacer(1, 8 * mm),
        _para(cert.recipient, layout.CERT_RECIPIENT, spacing=layout.LINE_SPACING),
        *(_para(line, layout.CERT_DETAIL, spacing=layout.LINE_SPACING) for line in cert.details),
    ]
    if cert.achievement:
        story += [
            Spacer(1, 4 * mm),
            _para(cert.achievement, layout.CERT_ACHIEVEMENT, spacing=layout.LINE_SPACING),
        ]
    left: list[Flowable] = [
        _para(line, layout.CERT_BOTTOM_LEFT, spacing=layout.LINE_SPACING)
        for line in (cert.decision_line, cert.register_line)
        if line
    ]
    left.append(_para(doc.number_line, layout.TextStyle(11, align=Align.LEFT)))
    right: list[Flowable] = [
        _para(layout.place_date_line(doc), layout.CERT_PLACE_DATE),
        Spacer(1, 1.5 * mm),
        *(_para(line, layout.SIGNER_TITLE) for line in layout.signer_lines(doc.signer)),
        Spacer(1, layout.CERT_SIGNATURE_SPACE_MM * mm),
        _para(doc.signer.name, layout.SIGNER_NAME),
    ]
    half = text_width / 2
    bottom = _borderless([[left, right]], [half, half], valign="BOTTOM")
    return [*story, Spacer(1, 10 * mm), KeepTogether([bottom])]


def _certificate_border(canvas: Any, setup: layout.PageSetup) -> None:
    """A double rule around the page, as printed award forms have."""
    inset = layout.CERT_BORDER_MM * mm
    width, height = setup.width_mm * mm, setup.height_mm * mm
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(f"#{layout.CERTIFICATE_RED}"))
    canvas.setLineWidth(1.6)
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset)
    canvas.setLineWidth(0.5)
    gap = 1.8 * mm
    canvas.rect(inset + gap, inset + gap, width - 2 * (inset + gap), height - 2 * (inset + gap))
    canvas.restoreState()


def _draw_qr(canvas: Any, modules: list[list[bool]], x: float, y: float, size: float) -> None:
    """Draw the modules as vector squares (one rectangle per horizontal run): sharp at any
    printer resolution, and no picture to encode and decode for each of a thousand files."""
    step = size / len(modules)
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        top = y + size - (r + 1) * step
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            path.rect(x + start * step, top, (c - start) * step, step)
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)


def _decorations(
    doc: OfficialDocument, setup: layout.PageSetup
) -> tuple[Callable[[Any, Any], None], Callable[[Any, Any], None]]:
    page_width, page_height = setup.width_mm * mm, setup.height_mm * mm
    qr = qr_modules(doc.verification_url) if doc.verification else None

    def first_page(canvas: Any, _template: Any) -> None:
        if doc.certificate is not None:
            _certificate_border(canvas, setup)
        if qr is None:
            return
        size = layout.QR_SIZE_MM * mm
        x, y = setup.left_mm * mm, layout.QR_FROM_BOTTOM_MM * mm
        if doc.certificate is not None:  # inside the border, in the bottom margin
            x, y = (layout.CERT_BORDER_MM + 4) * mm, (layout.CERT_BORDER_MM + 3) * mm
            size = 12 * mm
        text_x = x + size + 3 * mm  # the quiet zone a scanner needs beside the code
        canvas.saveState()
        _draw_qr(canvas, qr, x, y, size)
        canvas.setFont(font_name(), layout.VERIFICATION.size_pt)
        canvas.drawString(text_x, y + size - 5 * mm, f"Mã xác thực: {doc.verification}")
        canvas.drawString(text_x, y + size - 10 * mm, f"Xác thực tại: {doc.verification_url}")
        canvas.restoreState()

    def later_pages(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(font_name(), layout.PAGE_NUMBER.size_pt)
        baseline = page_height - layout.PAGE_NUMBER_FROM_TOP_MM * mm - 1.5 * mm
        canvas.drawCentredString(page_width / 2, baseline, str(template.page))
        canvas.restoreState()

    return first_page, later_pages


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes (A4, Decree 30/2020 layout, fonts embedded). Deterministic:
    the same document gives the same bytes (no timestamp), so its content hash is stable."""
    register_fonts()
    setup = layout.page_setup(landscape=doc.landscape, certificate=doc.certificate is not None)
    out = BytesIO()
    template = BaseDocTemplate(
        out,
        pagesize=(setup.width_mm * mm, setup.height_mm * mm),
        leftMargin=setup.left_mm * mm,
        rightMargin=setup.right_mm * mm,
        topMargin=setup.top_mm * mm,
        bottomMargin=setup.bottom_mm * mm,
        title=f"{doc.kind_name} {doc.summary[:1].lower()}{doc.summary[1:]}",
        author=doc.issuer.name,
        subject=doc.number_line,
        creator="Thi Đua Số",
        invariant=True,
        # Otherwise the canvas declares Helvetica (unembedded) before anything is drawn.
        initialFontName=font_name(),
        initialFontSize=layout.BODY.size_pt,
    )
    text_width = setup.text_width_mm * mm
    if doc.certificate is not None:
        story = _certificate(doc, doc.certificate, text_width)
    else:
        story = [
            *_header(doc, text_width),
            *_title(doc, text_width),
            *_body(doc, text_width),
            *_closing(doc, text_width),
        ]
    first_page, later_pages = _decorations(doc, setup)
    # Frames without ReportLab's default 6 pt padding: the text block is exactly the page less
    # the Decree's margins, and tables as wide as the text line up with it.
    frame = Frame(
        template.leftMargin,
        template.bottomMargin,
        template.width,
        template.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="normal",
    )
    template.addPageTemplates(
        [
            PageTemplate(
                id="First", frames=[frame], onPage=first_page, autoNextPageTemplate="Later"
            ),
            PageTemplate(id="Later", frames=[frame], onPage=later_pages),
        ]
    )
    template.build(story)
    return out.getvalue()
