"""The wording of the council's and the decisions' documents, as templates a department officer
may adjust (registered with the documents engine in `AwardsConfig.ready`).

Every wording is a field with its default in the usual administrative Vietnamese; what comes
from the data is a {{placeholder}}. The legal references are wording too (LEGAL.md §0: they
change, e.g. when the city issues its regulation under NĐ 152/2025/NĐ-CP).
"""

from dataclasses import replace

from thidua.documents.placeholders import SIGNER_FIELDS, TemplateField, TemplateSpec

DECISION_KEY = "awards.decision"
CERTIFICATE_KEY = "awards.certificate"
TALLY_KEY = "awards.tally"
MINUTES_KEY = "awards.minutes"
BALLOT_KEY = "awards.ballot"


def _signer(**defaults: str) -> tuple[TemplateField, ...]:
    """The shared signer fields with this kind's defaults."""
    return tuple(
        replace(item, default=defaults[item.name]) if item.name in defaults else item
        for item in SIGNER_FIELDS
    )


# Biên bản are signed for the council by its chair (TM. HỘI ĐỒNG / CHỦ TỊCH); the secretary's
# name is printed under the table as the one who recorded them.
_COUNCIL_SIGNER = _signer(
    signer_authority="TM.",
    signer_titles="Hội đồng Thi đua - Khen thưởng\nChủ tịch",
    recipients="Thành viên Hội đồng;\nThường trực Hội đồng;",
    archive_note="VT, HĐTĐKT",
)

_SESSION_PLACEHOLDERS = {
    "ten_don_vi": "Tên cơ quan, đơn vị có Hội đồng",
    "ten_hoi_dong": "Tên Hội đồng Thi đua - Khen thưởng",
    "ten_dot": "Tên đợt xét khen thưởng",
    "nam": "Năm xét khen thưởng",
    "ngay_hop": "Ngày họp, viết đầy đủ (ngày 10 tháng 12 năm 2026)",
    "dia_diem": "Địa điểm họp",
    "tong_thanh_vien": "Tổng số thành viên Hội đồng",
    "so_du_hop": "Số thành viên dự họp",
    "so_vang_mat": "Số thành viên vắng mặt",
    "so_phieu_van_ban": "Số thành viên vắng mặt gửi phiếu bằng văn bản",
    "chu_tri": "Họ tên người chủ trì (Chủ tịch Hội đồng)",
    "thu_ky": "Họ tên thư ký Hội đồng",
}
_SESSION_SAMPLE = {
    "ten_don_vi": "Sở Y tế Hà Nội",
    "ten_hoi_dong": "Hội đồng Thi đua - Khen thưởng Sở Y tế",
    "ten_dot": "Đợt xét khen thưởng năm 2026",
    "nam": "2026",
    "ngay_hop": "ngày 10 tháng 12 năm 2026",
    "dia_diem": "Phòng họp tầng 3, Sở Y tế",
    "tong_thanh_vien": "9",
    "so_du_hop": "8",
    "so_vang_mat": "1",
    "so_phieu_van_ban": "1",
    "chu_tri": "Trần Văn Hùng",
    "thu_ky": "Nguyễn Thị Mai",
}

BALLOT_SPEC = TemplateSpec(
    key=BALLOT_KEY,
    name="Phiếu bầu danh hiệu thi đua, hình thức khen thưởng",
    kind_name="Phiếu bầu",
    kind_code="PB",
    fields=(
        TemplateField(
            "summary",
            "Tiêu đề phiếu",
            "Bầu danh hiệu thi đua, hình thức khen thưởng {{ten_dot}}",
        ),
        TemplateField(
            "intro",
            "Lời dẫn",
            "Kỳ họp {{ten_hoi_dong}} {{ngay_hop}}. Phiếu bầu kín: không ghi tên người bầu.",
        ),
        TemplateField(
            "instructions",
            "Hướng dẫn (mỗi dòng một đoạn)",
            "Đồng ý thì đánh dấu (X) vào cột “Đồng ý”, không đồng ý thì đánh dấu (X) vào cột "
            "“Không đồng ý”.\n"
            "Đánh dấu cả hai cột hoặc không đánh dấu cột nào ở một dòng thì phiếu không hợp lệ "
            "đối với cá nhân, tập thể ở dòng đó.\n"
            "Tỷ lệ phiếu đồng ý tính trên tổng số thành viên Hội đồng ({{tong_thanh_vien}} thành "
            "viên), theo Điều 30 khoản 7 Nghị định số 98/2023/NĐ-CP.",
            lines=True,
        ),
        TemplateField(
            "list_caption", "Tiêu đề danh sách", "Danh sách cá nhân, tập thể được đề nghị"
        ),
        *_signer(
            signer_authority="TM.",
            signer_titles="Hội đồng Thi đua - Khen thưởng\nChủ tịch",
            recipients="",
            archive_note="HĐTĐKT",
        ),
    ),
    placeholders=_SESSION_PLACEHOLDERS,
    sample=_SESSION_SAMPLE,
)

TALLY_SPEC = TemplateSpec(
    key=TALLY_KEY,
    name="Biên bản kiểm phiếu bầu danh hiệu thi đua, hình thức khen thưởng",
    kind_name="Biên bản",
    kind_code="BB",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Kiểm phiếu bầu danh hiệu thi đua, hình thức khen thưởng {{ten_dot}}",
        ),
        TemplateField(
            "opening",
            "Mở đầu (mỗi dòng một đoạn)",
            "Hôm nay, {{ngay_hop}}, tại {{dia_diem}}, {{ten_hoi_dong}} tiến hành kiểm phiếu bầu "
            "kín danh hiệu thi đua, hình thức khen thưởng {{ten_dot}}.\n"
            "Tổng số thành viên Hội đồng: {{tong_thanh_vien}}; số thành viên dự họp: "
            "{{so_du_hop}}; số thành viên vắng mặt: {{so_vang_mat}}, trong đó {{so_phieu_van_ban}} "
            "thành viên gửi phiếu bầu bằng văn bản (được tính vào kết quả).",
            lines=True,
        ),
        TemplateField(
            "rule",
            "Quy định tỷ lệ",
            "Tỷ lệ phiếu đồng ý tính trên tổng số thành viên Hội đồng: danh hiệu “Chiến sĩ thi "
            "đua cơ sở”, “Cờ thi đua” từ 80% trở lên; danh hiệu “Chiến sĩ thi đua” cấp Thành "
            "phố từ 90% trở lên; các hình thức khác trên 50% (Nghị định số 98/2023/NĐ-CP, Điều "
            "30 khoản 7; quy chế của Hội đồng).",
        ),
        TemplateField("list_caption", "Tiêu đề bảng kết quả", "Kết quả kiểm phiếu"),
        TemplateField(
            "closing",
            "Kết thúc (mỗi dòng một đoạn)",
            "Biên bản kiểm phiếu được lập thành 02 bản, đọc lại cho Hội đồng nghe và được các "
            "thành viên dự họp thống nhất thông qua./.",
            lines=True,
        ),
        TemplateField("secretary_line", "Dòng thư ký", "Thư ký Hội đồng: {{thu_ky}}"),
        *_COUNCIL_SIGNER,
    ),
    placeholders=_SESSION_PLACEHOLDERS,
    sample=_SESSION_SAMPLE,
)

MINUTES_SPEC = TemplateSpec(
    key=MINUTES_KEY,
    name="Biên bản họp Hội đồng Thi đua - Khen thưởng",
    kind_name="Biên bản",
    kind_code="BB",
    fields=(
        TemplateField("summary", "Trích yếu", "Họp xét khen thưởng {{ten_dot}}"),
        TemplateField(
            "opening",
            "Thời gian, địa điểm, thành phần (mỗi dòng một đoạn)",
            "Thời gian: {{ngay_hop}}.\n"
            "Địa điểm: {{dia_diem}}.\n"
            "Chủ trì: ông (bà) {{chu_tri}}, Chủ tịch Hội đồng. Thư ký: ông (bà) {{thu_ky}}.\n"
            "Thành phần: {{so_du_hop}}/{{tong_thanh_vien}} thành viên Hội đồng dự họp (danh sách "
            "dưới đây); {{so_vang_mat}} thành viên vắng mặt, trong đó {{so_phieu_van_ban}} thành "
            "viên gửi phiếu bầu bằng văn bản.",
            lines=True,
        ),
        TemplateField("attendance_caption", "Tiêu đề danh sách thành viên", "Thành viên Hội đồng"),
        TemplateField(
            "content",
            "Nội dung (mỗi dòng một đoạn)",
            "Thường trực Hội đồng báo cáo kết quả thẩm định hồ sơ đề nghị khen thưởng {{ten_dot}} "
            "và kết quả công khai danh sách; các ý kiến phản hồi đã được trả lời trước phiên họp.\n"
            "Hội đồng thảo luận, xem xét từng trường hợp và biểu quyết bằng phiếu kín; tỷ lệ phiếu "
            "đồng ý tính trên tổng số thành viên Hội đồng.",
            lines=True,
        ),
        TemplateField("agenda_caption", "Tiêu đề danh sách xét", "Kết quả biểu quyết"),
        TemplateField(
            "conclusion",
            "Kết luận",
            "Hội đồng thống nhất đề nghị khen thưởng {{so_dat}} cá nhân, tập thể đạt tỷ lệ phiếu "
            "theo quy định (có tên tại bảng trên) và giao Thường trực Hội đồng hoàn thiện hồ sơ, "
            "dự thảo quyết định trình ký.",
        ),
        TemplateField(
            "closing",
            "Kết thúc",
            "Biên bản được đọc lại cho Hội đồng nghe và được các thành viên dự họp thống nhất "
            "thông qua./.",
        ),
        TemplateField("secretary_line", "Dòng thư ký", "Thư ký Hội đồng: {{thu_ky}}"),
        *_COUNCIL_SIGNER,
    ),
    placeholders={**_SESSION_PLACEHOLDERS, "so_dat": "Số cá nhân, tập thể đạt tỷ lệ phiếu"},
    sample={**_SESSION_SAMPLE, "so_dat": "5"},
)

_DECISION_PLACEHOLDERS = {
    "ten_don_vi": "Tên cơ quan, đơn vị ban hành quyết định",
    "ten_hoi_dong": "Tên Hội đồng Thi đua - Khen thưởng",
    "ten_dot": "Tên đợt xét khen thưởng",
    "nam": "Năm khen thưởng",
    "ngay_hop": "Ngày họp Hội đồng, viết đầy đủ",
    "so_ca_nhan": "Số cá nhân được khen thưởng",
    "so_tap_the": "Số tập thể được khen thưởng",
    "luong_co_so": "Mức lương cơ sở áp dụng (đồng, dạng 2.340.000)",
    "tong_tien": "Tổng số tiền thưởng (đồng, dạng 12.340.000)",
}
_DECISION_SAMPLE = {
    "ten_don_vi": "Sở Y tế Hà Nội",
    "ten_hoi_dong": "Hội đồng Thi đua - Khen thưởng Sở Y tế",
    "ten_dot": "Đợt xét khen thưởng năm 2026",
    "nam": "2026",
    "ngay_hop": "ngày 10 tháng 12 năm 2026",
    "so_ca_nhan": "12",
    "so_tap_the": "3",
    "luong_co_so": "2.340.000",
    "tong_tien": "25.740.000",
}

DECISION_SPEC = TemplateSpec(
    key=DECISION_KEY,
    name="Quyết định tặng danh hiệu thi đua, hình thức khen thưởng",
    kind_name="Quyết định",
    kind_code="QĐ",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Về việc tặng danh hiệu thi đua và hình thức khen thưởng năm {{nam}}",
        ),
        TemplateField(
            "authority_line", "Thẩm quyền ban hành (in hoa, giữa trang)", "Giám đốc {{ten_don_vi}}"
        ),
        TemplateField(
            "preamble",
            "Các căn cứ ban hành (mỗi dòng một căn cứ)",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
            "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
            "Luật Thi đua, khen thưởng;\n"
            "Căn cứ Quy chế thi đua, khen thưởng của {{ten_don_vi}};\n"
            "Xét đề nghị của {{ten_hoi_dong}} tại Biên bản họp {{ngay_hop}}.",
            lines=True,
            help="Thêm số, ngày của quy chế thi đua, khen thưởng của đơn vị vào dòng thứ ba.",
        ),
        TemplateField(
            "article_1",
            "Điều 1",
            "Tặng danh hiệu thi đua, hình thức khen thưởng cho {{so_ca_nhan}} cá nhân và "
            "{{so_tap_the}} tập thể đã có thành tích trong {{ten_dot}} (có danh sách kèm theo).",
        ),
        TemplateField(
            "list_caption", "Tiêu đề danh sách", "Danh sách cá nhân, tập thể được khen thưởng"
        ),
        TemplateField(
            "article_2",
            "Điều 2",
            "Tiền thưởng kèm theo danh hiệu thi đua, hình thức khen thưởng tính theo hệ số mức "
            "lương cơ sở (Nghị định số 152/2025/NĐ-CP, Điều 50), mức lương cơ sở "
            "{{luong_co_so}} đồng; tổng số tiền thưởng {{tong_tien}} đồng, chi từ Quỹ thi đua, "
            "khen thưởng của {{ten_don_vi}}.",
        ),
        TemplateField(
            "article_3",
            "Điều 3",
            "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị, phòng, ban có liên "
            "quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
            "này./.",
        ),
        *_signer(recipients="Như Điều 3;\n{{ten_hoi_dong}};", archive_note="VT, TĐKT"),
    ),
    placeholders=_DECISION_PLACEHOLDERS,
    sample=_DECISION_SAMPLE,
)

CERTIFICATE_SPEC = TemplateSpec(
    key=CERTIFICATE_KEY,
    name="Giấy khen, Bằng khen, bằng chứng nhận danh hiệu thi đua",
    kind_name="Giấy khen",
    kind_code="GK",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu trong sổ văn bản",
            "{{ten_danh_hieu}} năm {{nam}}: {{nguoi_nhan}}",
        ),
        TemplateField(
            "authority_line",
            "Chức vụ người tặng (dòng chữ đỏ trên cùng)",
            "Giám đốc {{ten_don_vi}}",
        ),
        TemplateField(
            "verb_title", "Dòng thứ hai với danh hiệu thi đua (in hoa)", "Tặng danh hiệu"
        ),
        TemplateField("verb_form", "Dòng thứ hai với hình thức khen thưởng (in hoa)", "Tặng"),
        TemplateField("title", "Tên danh hiệu, hình thức (chữ đỏ, cỡ lớn)", "{{ten_danh_hieu}}"),
        TemplateField("holder_person", "Người được tặng (cá nhân)", "Ông (bà) {{nguoi_nhan}}"),
        TemplateField("holder_unit", "Tập thể được tặng", "{{nguoi_nhan}}"),
        TemplateField("workplace", "Chức vụ, đơn vị công tác (cá nhân)", "{{chuc_vu_don_vi}}"),
        TemplateField(
            "achievement_title",
            "Thành tích (danh hiệu thi đua)",
            "Đã đạt danh hiệu “{{ten_danh_hieu}}” năm {{nam}}.",
        ),
        TemplateField(
            "achievement_form",
            "Thành tích (hình thức khen thưởng)",
            "Đã có thành tích xuất sắc trong phong trào thi đua năm {{nam}}.",
        ),
        TemplateField(
            "golden_book",
            "Số quyết định, số sổ vàng (góc trái, cuối giấy)",
            "Quyết định số {{so_quyet_dinh}} ngày {{ngay_quyet_dinh}}\nSố sổ vàng: {{so_so_vang}}",
            lines=True,
        ),
        *_signer(recipients="", archive_note="VT, TĐKT"),
    ),
    placeholders={
        "ten_don_vi": "Tên cơ quan, đơn vị tặng",
        "nam": "Năm khen thưởng",
        "ten_danh_hieu": "Tên danh hiệu, hình thức (Chiến sĩ thi đua cơ sở, Giấy khen)",
        "nguoi_nhan": "Họ tên cá nhân hoặc tên tập thể được tặng",
        "chuc_vu_don_vi": "Chức vụ và đơn vị công tác của cá nhân",
        "so_quyet_dinh": "Số và ký hiệu quyết định khen thưởng (05/QĐ-SYT)",
        "ngay_quyet_dinh": "Ngày quyết định, dạng 05/02/2026",
        "so_so_vang": "Số sổ vàng (số thứ tự trong danh sách của quyết định)",
    },
    sample={
        "ten_don_vi": "Sở Y tế Hà Nội",
        "nam": "2026",
        "ten_danh_hieu": "Chiến sĩ thi đua cơ sở",
        "nguoi_nhan": "Nguyễn Thị Hoa",
        "chuc_vu_don_vi": "Điều dưỡng trưởng, Khoa Nội, Bệnh viện Đa khoa Xanh Pôn",
        "so_quyet_dinh": "05/QĐ-SYT",
        "ngay_quyet_dinh": "05/02/2026",
        "so_so_vang": "3",
    },
)

SPECS = (BALLOT_SPEC, TALLY_SPEC, MINUTES_SPEC, DECISION_SPEC, CERTIFICATE_SPEC)
