"""The wording of the movements app's documents, as templates a department officer may adjust
(registered with the documents engine in `MovementsConfig.ready`)."""

from thidua.documents.placeholders import TemplateField, TemplateSpec, signer_fields
from thidua.documents.services.templates import register_template


def _head_signs(*, titles: str, recipients: str, archive: str) -> tuple[TemplateField, ...]:
    """The signer fields with this kind's defaults: the head signs directly (no prefix)."""
    return signer_fields(
        signer_authority="", signer_titles=titles, recipients=recipients, archive_note=archive
    )


PLAN = "movements.plan"
REGISTRATIONS = "movements.registrations"


PLAN_SPEC = TemplateSpec(
    key=PLAN,
    name="Kế hoạch phong trào thi đua",
    kind_name="Kế hoạch",
    kind_code="KH",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Tổ chức phong trào thi đua “{{phong_trao}}” năm {{nam}}",
        ),
        TemplateField(
            "preamble",
            "Căn cứ và lời mở đầu (mỗi dòng một đoạn)",
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;\n"
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
            "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
            "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;\n"
            "{{can_cu_phong_trao}}\n"
            "{{don_vi}} ban hành Kế hoạch tổ chức phong trào thi đua “{{phong_trao}}” năm {{nam}} "
            "như sau:",
            lines=True,
        ),
        TemplateField(
            "purpose",
            "I. Mục đích, yêu cầu (mỗi dòng một đoạn)",
            "1. Mục đích: {{muc_tieu}}\n"
            "2. Yêu cầu: Phong trào thi đua được tổ chức thiết thực, hiệu quả, gắn với nhiệm vụ "
            "chuyên môn của từng đơn vị; nội dung, tiêu chí, chỉ tiêu thi đua cụ thể, lượng hóa "
            "được; việc đánh giá, chấm điểm, xếp hạng bảo đảm công khai, dân chủ, chính xác, "
            "công bằng, đúng quy định.",
            lines=True,
        ),
        TemplateField(
            "content_intro",
            "Lời dẫn phần II. Nội dung, tiêu chí và chỉ tiêu thi đua",
            "Các đơn vị thi đua thực hiện {{so_noi_dung}} nội dung thi đua và nhóm giải pháp với "
            "các tiêu chí, chỉ tiêu năm {{nam}} dưới đây; tổng điểm tối đa {{tong_diem}} điểm.",
        ),
        TemplateField(
            "organisation",
            "IV. Tổ chức thực hiện (mỗi dòng một đoạn)",
            "1. Phòng Tổ chức cán bộ (Thường trực Hội đồng Thi đua - Khen thưởng) chủ trì, "
            "hướng dẫn, theo dõi, tổng hợp kết quả thực hiện phong trào; tham mưu sơ kết, tổng "
            "kết và khen thưởng theo quy định.\n"
            "2. Thủ trưởng các đơn vị xây dựng kế hoạch triển khai tại đơn vị, tổ chức đăng ký "
            "thi đua, báo cáo kết quả thực hiện các chỉ tiêu theo từng kỳ báo cáo đúng thời hạn "
            "trên hệ thống Thi Đua Số, kèm theo minh chứng.\n"
            "3. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về "
            "Phòng Tổ chức cán bộ để tổng hợp, báo cáo Giám đốc Sở xem xét, giải quyết./.",
            lines=True,
        ),
        *_head_signs(
            titles="Giám đốc",
            recipients="Các đơn vị trực thuộc (để thực hiện);\n"
            "Ban Thi đua - Khen thưởng thành phố (để báo cáo);\n"
            "Giám đốc, các Phó Giám đốc Sở;",
            archive="VT, TCCB",
        ),
    ),
    placeholders={
        "phong_trao": "Tên phong trào thi đua",
        "nam": "Năm của kế hoạch",
        "don_vi": "Tên đơn vị ban hành (đơn vị tổ chức phong trào)",
        "muc_tieu": "Mục tiêu, yêu cầu ghi trong phong trào",
        "can_cu_phong_trao": "Các căn cứ ghi trong phong trào (mỗi dòng một căn cứ; có thể trống)",
        "so_noi_dung": "Số nội dung thi đua và nhóm giải pháp",
        "tong_diem": "Tổng điểm tối đa của các tiêu chí",
    },
    sample={
        "phong_trao": "Chuyển đổi số ngành Y tế",
        "nam": "2026",
        "don_vi": "Sở Y tế",
        "muc_tieu": "Đẩy mạnh chuyển đổi số toàn diện trong các cơ sở y tế.",
        "can_cu_phong_trao": "Căn cứ Kế hoạch số 190/KH-UBND ngày 18 tháng 7 năm 2025 của Ủy ban "
        "nhân dân thành phố Hà Nội;",
        "so_noi_dung": "5",
        "tong_diem": "100",
    },
)

REGISTRATIONS_SPEC = TemplateSpec(
    key=REGISTRATIONS,
    name="Báo cáo đăng ký thi đua (kèm danh sách)",
    kind_name="Báo cáo",
    kind_code="BC",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Kết quả đăng ký thi đua năm {{nam}}",
        ),
        TemplateField(
            "intro",
            "Nội dung báo cáo (mỗi dòng một đoạn)",
            "Thực hiện phong trào thi đua “{{phong_trao}}”, {{don_vi}} báo cáo kết quả đăng ký "
            "thi đua năm {{nam}} như sau:\n"
            "Tổng số đăng ký: {{so_luong}} ({{doi_tuong}}), chi tiết tại danh sách dưới đây.",
            lines=True,
        ),
        TemplateField(
            "closing",
            "Kết luận, đề nghị",
            "Trên đây là kết quả đăng ký thi đua năm {{nam}} của {{don_vi}}./.",
        ),
        *_head_signs(
            titles="Giám đốc",
            recipients="Hội đồng Thi đua - Khen thưởng Sở Y tế;\nPhòng Tổ chức cán bộ Sở Y tế;",
            archive="VT",
        ),
    ),
    placeholders={
        "phong_trao": "Tên phong trào thi đua",
        "nam": "Năm đăng ký",
        "don_vi": "Tên đơn vị báo cáo",
        "so_luong": "Số đăng ký trong danh sách",
        "doi_tuong": "Đối tượng đăng ký: “tập thể” hoặc “cá nhân”",
    },
    sample={
        "phong_trao": "Chuyển đổi số ngành Y tế",
        "nam": "2026",
        "don_vi": "Bệnh viện Thanh Nhàn",
        "so_luong": "42",
        "doi_tuong": "cá nhân",
    },
)


def register_templates() -> None:
    register_template(PLAN_SPEC)
    register_template(REGISTRATIONS_SPEC)
