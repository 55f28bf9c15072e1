"""The wording of the nomination documents, as templates an officer may adjust (registered with
the documents engine in `AwardsConfig.ready`). Legal references are wording: they change."""

from thidua.documents.placeholders import TemplateField, TemplateSpec, signer_fields
from thidua.documents.services.templates import register_template

PROPOSAL = "awards.proposal"
ACHIEVEMENT_REPORT = "awards.achievement_report"


def _head_signs(*, recipients: str, archive: str) -> tuple[TemplateField, ...]:
    """The signer fields, the unit's head signing directly."""
    return signer_fields(
        signer_authority="", signer_titles="Giám đốc", recipients=recipients, archive_note=archive
    )


PROPOSAL_SPEC = TemplateSpec(
    key=PROPOSAL,
    name="Tờ trình đề nghị xét tặng danh hiệu thi đua, hình thức khen thưởng (Mẫu số 01)",
    kind_name="Tờ trình",
    kind_code="TTr",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Về việc đề nghị xét tặng danh hiệu thi đua, hình thức khen thưởng năm {{nam}}",
        ),
        TemplateField(
            "addressee",
            "Kính gửi",
            "Hội đồng Thi đua - Khen thưởng {{don_vi_to_chuc}}",
        ),
        TemplateField(
            "preamble",
            "Các căn cứ (mỗi dòng một căn cứ)",
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;\n"
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
            "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
            "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;\n"
            "Căn cứ kết quả bình xét thi đua, khen thưởng của {{don_vi}};",
            lines=True,
        ),
        TemplateField(
            "request",
            "Nội dung đề nghị",
            "Thực hiện {{dot_xet}}, {{don_vi}} kính trình {{don_vi_to_chuc}} xem xét, đề nghị "
            "xét tặng danh hiệu thi đua, hình thức khen thưởng cho {{doi_tuong}} có thành tích "
            "năm {{nam}} (có danh sách và hồ sơ kèm theo).",
        ),
        TemplateField(
            "list_caption",
            "Tiêu đề danh sách",
            "Danh sách đề nghị khen thưởng năm {{nam}} của {{don_vi}}",
        ),
        TemplateField(
            "closing",
            "Kết thúc",
            "Kính trình {{don_vi_to_chuc}} xem xét, quyết định./.",
        ),
        *_head_signs(recipients="Như trên;", archive="VT, TCCB"),
    ),
    placeholders={
        "don_vi": "Tên đơn vị trình (đơn vị đề nghị)",
        "don_vi_to_chuc": "Tên đơn vị tổ chức đợt xét",
        "dot_xet": "Tên đợt xét khen thưởng",
        "nam": "Năm xét",
        "so_tap_the": "Số tập thể được đề nghị",
        "so_ca_nhan": "Số cá nhân được đề nghị",
        "doi_tuong": "Số tập thể, cá nhân được đề nghị, ví dụ “1 tập thể và 15 cá nhân”",
    },
    sample={
        "don_vi": "Bệnh viện Thanh Nhàn",
        "don_vi_to_chuc": "Sở Y tế Hà Nội",
        "dot_xet": "Đợt xét khen thưởng năm 2026",
        "nam": "2026",
        "so_tap_the": "2",
        "so_ca_nhan": "15",
        "doi_tuong": "2 tập thể và 15 cá nhân",
    },
)

ACHIEVEMENT_SPEC = TemplateSpec(
    key=ACHIEVEMENT_REPORT,
    name="Báo cáo thành tích đề nghị khen thưởng",
    kind_name="Báo cáo",
    kind_code="BC",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Thành tích đề nghị tặng “{{danh_hieu}}” năm {{nam}} của {{doi_tuong}}",
        ),
        TemplateField(
            "intro",
            "Lời dẫn",
            "{{don_vi}} báo cáo thành tích của {{doi_tuong}} đề nghị xét tặng “{{danh_hieu}}” "
            "năm {{nam}} như sau:",
        ),
        TemplateField(
            "closing",
            "Kết luận",
            "{{don_vi}} xác nhận nội dung báo cáo trên là đúng sự thật và đề nghị "
            "{{don_vi_to_chuc}} xem xét./.",
        ),
        *_head_signs(recipients="{{don_vi_to_chuc}};", archive="VT"),
    ),
    placeholders={
        "don_vi": "Tên đơn vị báo cáo (đơn vị đề nghị)",
        "don_vi_to_chuc": "Tên đơn vị tổ chức đợt xét",
        "doi_tuong": "Cá nhân, tập thể được đề nghị",
        "danh_hieu": "Danh hiệu, hình thức đề nghị",
        "nam": "Năm xét",
    },
    sample={
        "don_vi": "Bệnh viện Thanh Nhàn",
        "don_vi_to_chuc": "Sở Y tế Hà Nội",
        "doi_tuong": "bà Nguyễn Thị Hoa",
        "danh_hieu": "Chiến sĩ thi đua cơ sở",
        "nam": "2026",
    },
)


def register_templates() -> None:
    register_template(PROPOSAL_SPEC)
    register_template(ACHIEVEMENT_SPEC)
