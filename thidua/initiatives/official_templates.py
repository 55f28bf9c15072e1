"""The official documents of a decided review round, as templates an officer may reword. Pure.

Three kinds, each a `TemplateSpec` registered with the documents engine (InitiativesConfig.ready):

- "initiatives.decision": the Quyết định công nhận sáng kiến of a round (TT 18/2013/TT-BKHCN,
  Mẫu 07 of the model regulation): one decision for every initiative the council recognised,
  listed in a table;
- "initiatives.certificate": the Giấy chứng nhận sáng kiến (Mẫu 11), one per author of each
  recognised initiative, laid out as the award forms are (LEGAL.md §1.12: the signer's title,
  what is certified, the holder, the achievement; the decision's number and the "số sổ vàng"
  bottom left);
- "initiatives.non_recognition": the Thông báo không công nhận sáng kiến (Mẫu 09), one per
  refused initiative, addressed to its authors with the council's reasons.

Every wording is a field with its default in the usual administrative Vietnamese; what comes
from the data is a {{placeholder}}. The legal references are wording too (LEGAL.md §0: they
change), so an officer updates them without a release.
"""

from dataclasses import replace

from thidua.documents.placeholders import TemplateField, TemplateSpec, signer_fields

DECISION_KEY = "initiatives.decision"
CERTIFICATE_KEY = "initiatives.certificate"
NON_RECOGNITION_KEY = "initiatives.non_recognition"

# The signer of a decision and of a certificate: the Sở's deputy director signing for the
# director (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC). A unit's council whose template keeps these defaults
# has its head sign directly (see official_documents.signer_for).
_HEAD_SIGNER_FIELDS = signer_fields(
    recipients="Như Điều 3;\n{{ten_hoi_dong}};", archive_note="VT, HĐSK"
)

_ROUND_PLACEHOLDERS = {
    "ten_don_vi": "Tên cơ quan, đơn vị ban hành (đơn vị của hội đồng)",
    "ten_hoi_dong": "Tên hội đồng sáng kiến",
    "ten_dot": "Tên đợt chấm",
    "nam": "Năm xét sáng kiến",
    "ngay_hop": "Ngày họp hội đồng, viết đầy đủ (ngày 20 tháng 01 năm 2026)",
}
_ROUND_SAMPLE = {
    "ten_don_vi": "Sở Y tế Hà Nội",
    "ten_hoi_dong": "Hội đồng sáng kiến Sở Y tế năm 2026",
    "ten_dot": "Đợt chấm năm 2026",
    "nam": "2026",
    "ngay_hop": "ngày 20 tháng 01 năm 2026",
}

DECISION_SPEC = TemplateSpec(
    key=DECISION_KEY,
    name="Quyết định công nhận sáng kiến",
    kind_name="Quyết định",
    kind_code="QĐ",
    fields=(
        TemplateField("summary", "Trích yếu", "Về việc công nhận sáng kiến năm {{nam}}"),
        TemplateField(
            "authority_line",
            "Thẩm quyền ban hành (in hoa, giữa trang)",
            "Giám đốc {{ten_don_vi}}",
        ),
        TemplateField(
            "preamble",
            "Các căn cứ ban hành (mỗi dòng một căn cứ)",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
            "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành "
            "Điều lệ Sáng kiến;\n"
            "Căn cứ Quy chế xét, công nhận sáng kiến của {{ten_don_vi}};\n"
            "Xét đề nghị của {{ten_hoi_dong}} tại Biên bản họp {{ngay_hop}}.",
            lines=True,
            help="Thêm số, ngày của quy chế sáng kiến của đơn vị vào dòng thứ ba.",
        ),
        TemplateField(
            "article_1",
            "Điều 1",
            "Công nhận {{so_luong}} sáng kiến năm {{nam}} (có danh sách kèm theo).",
        ),
        TemplateField(
            "list_caption",
            "Tiêu đề danh sách",
            "Danh sách sáng kiến được công nhận năm {{nam}}",
        ),
        TemplateField(
            "article_2",
            "Điều 2",
            "Tác giả, đồng tác giả các sáng kiến có tên tại Điều 1 được hưởng các quyền lợi theo "
            "quy định tại Điều lệ Sáng kiến ban hành kèm theo Nghị định số 13/2012/NĐ-CP và Quy "
            "chế thi đua, khen thưởng của {{ten_don_vi}}; sáng kiến được dùng làm căn cứ xét tặng "
            "danh hiệu thi đua, hình thức khen thưởng theo quy định.",
        ),
        TemplateField(
            "article_3",
            "Điều 3",
            "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị, khoa, phòng có "
            "liên quan và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
            "này./.",
        ),
        *_HEAD_SIGNER_FIELDS,
    ),
    placeholders={**_ROUND_PLACEHOLDERS, "so_luong": "Số sáng kiến được công nhận"},
    sample={**_ROUND_SAMPLE, "so_luong": "12"},
)

CERTIFICATE_SPEC = TemplateSpec(
    key=CERTIFICATE_KEY,
    name="Giấy chứng nhận sáng kiến",
    kind_name="Giấy chứng nhận",
    kind_code="GCN",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu trong sổ văn bản",
            "Sáng kiến {{cap_cong_nhan}} năm {{nam}} của {{ho_ten}}",
        ),
        TemplateField(
            "authority_line",
            "Chức vụ người cấp (dòng chữ đỏ trên cùng)",
            "Giám đốc {{ten_don_vi}}",
        ),
        TemplateField("verb", "Dòng thứ hai (in hoa)", "Cấp"),
        TemplateField(
            "title", "Tên giấy (chữ đỏ, cỡ lớn)", "Giấy chứng nhận sáng kiến {{cap_cong_nhan}}"
        ),
        TemplateField("holder", "Người được chứng nhận", "Ông (bà) {{ho_ten}}"),
        TemplateField("workplace", "Chức vụ, đơn vị công tác", "{{chuc_vu_don_vi}}"),
        TemplateField(
            "achievement",
            "Thành tích",
            "Là {{vai_tro}} sáng kiến “{{ten_sang_kien}}”, được công nhận là sáng kiến "
            "{{cap_cong_nhan}} theo Quyết định số {{so_quyet_dinh}} {{ngay_quyet_dinh}} "
            "của {{nguoi_quyet_dinh}}.",
        ),
        TemplateField(
            "golden_book",
            "Số quyết định, số sổ vàng (góc trái, cuối giấy)",
            "Quyết định số {{so_quyet_dinh}} ngày {{ngay_quyet_dinh_so}}\n"
            "Số sổ vàng: {{so_so_vang}}",
            lines=True,
        ),
        *(
            replace(item, default="") if item.name == "recipients" else item
            for item in _HEAD_SIGNER_FIELDS
        ),
    ),
    placeholders={
        **_ROUND_PLACEHOLDERS,
        "ho_ten": "Họ và tên tác giả",
        "chuc_vu_don_vi": "Chức vụ và đơn vị công tác của tác giả",
        "vai_tro": "“tác giả”, hoặc “đồng tác giả (tỷ lệ đóng góp 30%)”",
        "ten_sang_kien": "Tên sáng kiến",
        "cap_cong_nhan": "Cấp công nhận, chữ thường (cấp cơ sở)",
        "so_quyet_dinh": "Số và ký hiệu quyết định công nhận (05/QĐ-SYT)",
        "ngay_quyet_dinh": "Ngày quyết định, viết đầy đủ (ngày 05 tháng 02 năm 2026)",
        "ngay_quyet_dinh_so": "Ngày quyết định, dạng 05/02/2026",
        "nguoi_quyet_dinh": "Người ký quyết định công nhận (Giám đốc Sở Y tế Hà Nội)",
        "so_so_vang": "Số thứ tự của sáng kiến trong danh sách của quyết định",
    },
    sample={
        **_ROUND_SAMPLE,
        "ho_ten": "Nguyễn Thị Hoa",
        "chuc_vu_don_vi": "Điều dưỡng trưởng, Khoa Nội, Bệnh viện Đa khoa Xanh Pôn",
        "vai_tro": "đồng tác giả (tỷ lệ đóng góp 70%)",
        "ten_sang_kien": "Đặt lịch khám trực tuyến qua ứng dụng di động",
        "cap_cong_nhan": "cấp cơ sở",
        "so_quyet_dinh": "05/QĐ-SYT",
        "ngay_quyet_dinh": "ngày 05 tháng 02 năm 2026",
        "ngay_quyet_dinh_so": "05/02/2026",
        "nguoi_quyet_dinh": "Giám đốc Sở Y tế Hà Nội",
        "so_so_vang": "3",
    },
)

NON_RECOGNITION_SPEC = TemplateSpec(
    key=NON_RECOGNITION_KEY,
    name="Thông báo không công nhận sáng kiến",
    kind_name="Thông báo",
    kind_code="TB",
    fields=(
        TemplateField("summary", "Trích yếu", "Về việc không công nhận sáng kiến năm {{nam}}"),
        TemplateField("addressee", "Kính gửi", "Kính gửi: {{tac_gia}} ({{don_vi_tac_gia}})."),
        TemplateField(
            "preamble",
            "Các căn cứ (mỗi dòng một đoạn)",
            "Căn cứ Điều lệ Sáng kiến ban hành kèm theo Nghị định số 13/2012/NĐ-CP ngày 02 "
            "tháng 3 năm 2012 của Chính phủ;\n"
            "Căn cứ kết quả xem xét, biểu quyết của {{ten_hoi_dong}} tại phiên họp {{ngay_hop}},",
            lines=True,
        ),
        TemplateField(
            "outcome",
            "Kết quả",
            "{{ten_hoi_dong}} thông báo: sáng kiến “{{ten_sang_kien}}” (mã {{ma_sang_kien}}) "
            "không được công nhận là sáng kiến. Kết quả biểu quyết: {{so_dong_y}}/"
            "{{tong_thanh_vien}} thành viên hội đồng đồng ý, chưa đạt tỷ lệ từ {{ty_le}} tổng số "
            "thành viên hội đồng theo quy định.",
        ),
        TemplateField("reasons_intro", "Dẫn vào lý do", "Lý do không công nhận:"),
        TemplateField(
            "closing",
            "Đoạn kết",
            "Tác giả có thể hoàn thiện giải pháp, bổ sung minh chứng về hiệu quả áp dụng và đề "
            "nghị xem xét lại trong đợt xét tiếp theo./.",
        ),
        *(
            replace(item, default="TM.")
            if item.name == "signer_authority"
            else replace(
                item,
                default="Hội đồng sáng kiến\nChủ tịch",
                help="Với TM.: dòng 1 “Hội đồng sáng kiến”, dòng 2 “Chủ tịch”.",
            )
            if item.name == "signer_titles"
            else replace(item, default="Như trên;\n{{don_vi_tac_gia}};")
            if item.name == "recipients"
            else item
            for item in _HEAD_SIGNER_FIELDS
        ),
    ),
    placeholders={
        **_ROUND_PLACEHOLDERS,
        "tac_gia": "Họ tên tác giả, đồng tác giả",
        "don_vi_tac_gia": "Đơn vị có sáng kiến",
        "ten_sang_kien": "Tên sáng kiến",
        "ma_sang_kien": "Mã sáng kiến",
        "so_dong_y": "Số thành viên đồng ý công nhận",
        "tong_thanh_vien": "Tổng số thành viên hội đồng",
        "ty_le": "Tỷ lệ phải đạt (2/3)",
    },
    sample={
        **_ROUND_SAMPLE,
        "tac_gia": "Nguyễn Thị Hoa, Trần Văn Minh",
        "don_vi_tac_gia": "Bệnh viện Đa khoa Xanh Pôn",
        "ten_sang_kien": "Đặt lịch khám trực tuyến qua ứng dụng di động",
        "ma_sang_kien": "SK-2026-0012",
        "so_dong_y": "3",
        "tong_thanh_vien": "7",
        "ty_le": "2/3",
    },
)

SPECS = (DECISION_SPEC, CERTIFICATE_SPEC, NON_RECOGNITION_SPEC)
