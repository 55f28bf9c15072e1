"""Realistic sample documents, for the renderers' tests and the benchmarks. Pure.

`decision_recognising_initiatives()` is a full decision of a department under the city (three
articles and a list of 25 initiatives running over two pages); `one_page_document()` is the size
of a certificate or a short notice, the unit of the batch benchmark.
"""

from dataclasses import replace
from datetime import date

from thidua.documents.content import (
    Authority,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)

HEALTH_DEPARTMENT = Issuer(
    name="Sở Y tế",
    superior="Ủy ban nhân dân thành phố Hà Nội",
    abbreviation="SYT",
    place="Hà Nội",
)

DEPUTY_DIRECTOR = Signer(
    authority=Authority.DEPUTY,
    titles=("Giám đốc", "Phó Giám đốc"),
    name="Nguyễn Văn An",
)

_UNITS = (
    "Bệnh viện Bạch Mai",
    "Bệnh viện Đa khoa Đống Đa",
    "Bệnh viện Thanh Nhàn",
    "Trung tâm Y tế quận Hoàn Kiếm",
    "Bệnh viện Tim Hà Nội",
)
_TOPICS = (
    "Ứng dụng phần mềm quản lý hồ sơ bệnh án điện tử tại khoa Nội",
    "Cải tiến quy trình tiếp đón người bệnh ngoại trú",
    "Giải pháp giảm thời gian chờ xét nghiệm máu",
    "Xây dựng bộ công cụ đánh giá nguy cơ té ngã ở người cao tuổi",
    "Tối ưu hóa quy trình cấp phát thuốc nội trú",
)
_AUTHORS = (
    "Trần Thị Bích Ngọc",
    "Lê Văn Đức",
    "Phạm Thị Hường",
    "Đỗ Quốc Khánh",
    "Vũ Thị Thu Hà",
)


def initiative_rows(count: int = 25) -> tuple[tuple[str, ...], ...]:
    """`count` rows of the list: STT, initiative, authors, unit, effectiveness."""
    return tuple(
        (
            str(i + 1),
            f"{_TOPICS[i % len(_TOPICS)]} (đợt {i // len(_TOPICS) + 1})",
            _AUTHORS[i % len(_AUTHORS)],
            _UNITS[(i * 2) % len(_UNITS)],
            "Cấp cơ sở" if i % 3 else "Cấp thành phố",
        )
        for i in range(count)
    )


def decision_recognising_initiatives(
    *, number: str = "15", issued_on: date | None = date(2026, 2, 5), rows: int = 25
) -> OfficialDocument:
    """ "Quyết định về việc công nhận sáng kiến năm 2026" of the Sở Y tế, signed KT. GIÁM ĐỐC."""
    return OfficialDocument(
        issuer=HEALTH_DEPARTMENT,
        kind_name="Quyết định",
        kind_code="QĐ",
        summary="Về việc công nhận sáng kiến năm 2026",
        body=(
            Paragraph("GIÁM ĐỐC SỞ Y TẾ", bold=True, align="center", indent_first_line=False),
            Paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True),
            Paragraph(
                "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành "
                "Điều lệ Sáng kiến;",
                italic=True,
            ),
            Paragraph(
                "Căn cứ Quyết định số 2345/QĐ-UBND ngày 10 tháng 4 năm 2024 của Ủy ban nhân dân "
                "thành phố Hà Nội quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của "
                "Sở Y tế;",
                italic=True,
            ),
            Paragraph(
                "Theo đề nghị của Hội đồng sáng kiến Sở Y tế tại Biên bản họp ngày 20 tháng 01 "
                "năm 2026 và của Trưởng phòng Tổ chức cán bộ.",
                italic=True,
            ),
            Paragraph("QUYẾT ĐỊNH:", bold=True, align="center", indent_first_line=False),
            Paragraph(
                f"Công nhận {rows} sáng kiến năm 2026 của các đơn vị trực thuộc Sở Y tế "
                "(có danh sách kèm theo).",
                lead="Điều 1.",
            ),
            Table(
                caption="Danh sách sáng kiến được công nhận năm 2026",
                header=("STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Phạm vi ảnh hưởng"),
                rows=initiative_rows(rows),
                widths=(0.07, 0.38, 0.19, 0.21, 0.15),
                numeric_columns=frozenset({0}),
            ),
            Paragraph(
                "Tác giả sáng kiến được hưởng các quyền lợi theo quy định của Điều lệ Sáng kiến "
                "và Quy chế thi đua, khen thưởng của Sở Y tế.",
                lead="Điều 2.",
            ),
            Paragraph(
                "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng phòng Tổ "
                "chức cán bộ, Thủ trưởng các đơn vị có liên quan và các cá nhân có tên tại Điều 1 "
                "chịu trách nhiệm thi hành Quyết định này./.",
                lead="Điều 3.",
            ),
        ),
        signer=DEPUTY_DIRECTOR,
        recipients=(
            "Như Điều 3;",
            "Giám đốc Sở (để báo cáo);",
            "Ban Thi đua - Khen thưởng thành phố;",
        ),
        archive_note="VT, TCCB",
        number=number,
        issued_on=issued_on,
        verification="7KQ2-M9XA" if number else "",
        verification_url="https://thiduaso.example.vn/xac-thuc/7KQ2-M9XA" if number else "",
    )


def one_page_document(index: int = 1) -> OfficialDocument:
    """A one-page decision (a certificate-size document): three short articles, no list."""
    full = decision_recognising_initiatives(number=str(100 + index), rows=0)
    author = _AUTHORS[index % len(_AUTHORS)]
    topic = _TOPICS[index % len(_TOPICS)]
    article_1 = Paragraph(
        f"Công nhận sáng kiến “{topic}” của ông (bà) {author}, {_UNITS[index % len(_UNITS)]}.",
        lead="Điều 1.",
    )
    body = tuple(
        article_1 if isinstance(b, Paragraph) and b.lead == "Điều 1." else b
        for b in full.body
        if not isinstance(b, Table)
    )
    return replace(
        full,
        summary=f"Về việc công nhận sáng kiến của ông (bà) {author}",
        body=body,
        verification=f"C{index:04d}-TEST",
        verification_url=f"https://thiduaso.example.vn/xac-thuc/C{index:04d}-TEST",
    )
