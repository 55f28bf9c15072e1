"""The wording of the reporting app's documents, as templates a department officer may adjust
(registered with the documents engine in `ReportingConfig.ready`)."""

from thidua.documents.placeholders import TemplateField, TemplateSpec, signer_fields
from thidua.documents.services.templates import register_template


def _head_signs(*, titles: str, recipients: str, archive: str) -> tuple[TemplateField, ...]:
    """The signer fields with this kind's defaults: the head signs directly (no prefix)."""
    return signer_fields(
        signer_authority="", signer_titles=titles, recipients=recipients, archive_note=archive
    )


PERIODIC_REPORT = "reporting.periodic_report"
SCORECARD = "reporting.scorecard"
RANKING = "reporting.ranking"


_UNIT_RECIPIENTS = "Sở Y tế (Phòng Tổ chức cán bộ);\nHội đồng Thi đua - Khen thưởng đơn vị;"
_UNIT_PLACEHOLDERS = {
    "don_vi": "Tên đơn vị báo cáo",
    "ky": "Tên kỳ báo cáo (ví dụ “Quý III/2026”)",
    "phong_trao": "Tên phong trào thi đua",
    "tu_ngay": "Ngày đầu kỳ (dd/mm/yyyy)",
    "den_ngay": "Ngày cuối kỳ (dd/mm/yyyy)",
}
_UNIT_SAMPLE = {
    "don_vi": "Bệnh viện Thanh Nhàn",
    "ky": "Quý III/2026",
    "phong_trao": "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
    "tu_ngay": "01/07/2026",
    "den_ngay": "30/09/2026",
}

PERIODIC_REPORT_SPEC = TemplateSpec(
    key=PERIODIC_REPORT,
    name="Báo cáo định kỳ kết quả thực hiện chỉ tiêu thi đua",
    kind_name="Báo cáo",
    kind_code="BC",
    fields=(
        TemplateField("summary", "Trích yếu", "Kết quả thực hiện phong trào thi đua {{ky}}"),
        TemplateField(
            "intro",
            "Lời mở đầu",
            "Thực hiện phong trào thi đua “{{phong_trao}}”, {{don_vi}} báo cáo kết quả thực "
            "hiện các chỉ tiêu thi đua {{ky}} (từ ngày {{tu_ngay}} đến ngày {{den_ngay}}) như "
            "sau:",
        ),
        TemplateField(
            "proposals",
            "III. Đề xuất, kiến nghị (mỗi dòng một đoạn)",
            "{{don_vi}} tiếp tục duy trì, nâng cao kết quả các chỉ tiêu đã đạt; tập trung khắc "
            "phục các chỉ tiêu chưa đạt trong kỳ tiếp theo.\n"
            "Đề nghị Sở Y tế xem xét, thẩm định kết quả tự chấm điểm của đơn vị./.",
            lines=True,
        ),
        *_head_signs(titles="Giám đốc", recipients=_UNIT_RECIPIENTS, archive="VT"),
    ),
    placeholders=_UNIT_PLACEHOLDERS,
    sample=_UNIT_SAMPLE,
)

SCORECARD_SPEC = TemplateSpec(
    key=SCORECARD,
    name="Báo cáo kết quả chấm điểm thi đua của đơn vị",
    kind_name="Báo cáo",
    kind_code="BC",
    fields=(
        TemplateField("summary", "Trích yếu", "Kết quả chấm điểm thi đua {{ky}}"),
        TemplateField(
            "intro",
            "Lời mở đầu",
            "{{don_vi}} báo cáo kết quả tự chấm điểm và kết quả thẩm định của Sở Y tế theo "
            "bảng điểm thi đua “{{phong_trao}}” {{ky}} như sau:",
        ),
        TemplateField(
            "closing",
            "Kết luận",
            "Trên đây là kết quả chấm điểm thi đua {{ky}} của {{don_vi}}./.",
        ),
        *_head_signs(titles="Giám đốc", recipients=_UNIT_RECIPIENTS, archive="VT"),
    ),
    placeholders=_UNIT_PLACEHOLDERS,
    sample=_UNIT_SAMPLE,
)

RANKING_SPEC = TemplateSpec(
    key=RANKING,
    name="Thông báo kết quả chấm điểm, xếp hạng thi đua của cụm, khối",
    kind_name="Thông báo",
    kind_code="TB",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Kết quả chấm điểm, xếp hạng thi đua {{ky}} của {{cum}}",
        ),
        TemplateField(
            "intro",
            "Lời mở đầu (mỗi dòng một đoạn)",
            "Căn cứ kết quả tự chấm điểm của các đơn vị và kết quả thẩm định của Hội đồng Thi "
            "đua - Khen thưởng Sở Y tế, {{don_vi}} thông báo kết quả chấm điểm, xếp hạng thi đua "
            "phong trào “{{phong_trao}}” {{ky}} của {{cum}} ({{so_don_vi}} đơn vị) như sau:",
            lines=True,
        ),
        TemplateField(
            "closing",
            "Kết luận (mỗi dòng một đoạn)",
            "Kết quả xếp hạng là căn cứ để bình xét, đề nghị khen thưởng theo quy định. Các "
            "đơn vị có ý kiến khác gửi về Phòng Tổ chức cán bộ trong thời hạn 05 ngày làm việc "
            "kể từ ngày nhận được Thông báo này./.",
            lines=True,
        ),
        *_head_signs(
            titles="Giám đốc",
            recipients="Các đơn vị trong cụm, khối;\nThành viên Hội đồng Thi đua - Khen thưởng;",
            archive="VT, TCCB",
        ),
    ),
    placeholders={
        "don_vi": "Tên đơn vị ban hành (đơn vị tổ chức phong trào)",
        "ky": "Kỳ xếp hạng (ví dụ “Quý III/2026”, “Cả năm 2026”)",
        "cum": "Tên cụm, khối thi đua (hoặc “các đơn vị” khi xếp hạng chung)",
        "phong_trao": "Tên phong trào thi đua",
        "so_don_vi": "Số đơn vị được xếp hạng",
    },
    sample={
        "don_vi": "Sở Y tế",
        "ky": "Quý III/2026",
        "cum": "Khối bệnh viện đa khoa",
        "phong_trao": "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
        "so_don_vi": "12",
    },
)


def register_templates() -> None:
    for spec in (PERIODIC_REPORT_SPEC, SCORECARD_SPEC, RANKING_SPEC):
        register_template(spec)
