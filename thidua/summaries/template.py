"""The wording of a phase report (sơ kết of a phase, tổng kết of a movement) as a document
template: its six narrative sections, its trích yếu, signer and recipients, and the
placeholders the wording may use. Pure: no Django.

The officer edits the sections of each report (their defaults come from here, or from the
version the department saved on the templates page); the figures behind each placeholder are
read from reporting and initiatives when the report is built (`selectors.figures`).
"""

from dataclasses import dataclass

from thidua.documents.placeholders import TemplateField, TemplateSpec, signer_fields

KEY = "summaries.phase_report"


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # the TemplateField's name and PhaseReportSection.key
    numeral: str  # "I"
    title: str  # "Đặc điểm tình hình" (the heading prints it in capitals)


SECTIONS: tuple[Section, ...] = (
    Section("dac_diem", "I", "Đặc điểm tình hình"),
    Section("ket_qua", "II", "Kết quả đạt được"),
    Section("han_che", "III", "Hạn chế, nguyên nhân"),
    Section("bai_hoc", "IV", "Bài học kinh nghiệm"),
    Section("phuong_huong", "V", "Phương hướng, nhiệm vụ giai đoạn tới"),
    Section("de_xuat", "VI", "Đề xuất, kiến nghị"),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)

PLACEHOLDERS: dict[str, str] = {
    "hinh_thuc": "“Sơ kết” hoặc “Tổng kết”",
    "giai_doan": "Giai đoạn báo cáo, ví dụ “giai đoạn 1 (2025–2027)”",
    "ten_phong_trao": "Tên phong trào thi đua",
    "tu_nam": "Năm bắt đầu của giai đoạn",
    "den_nam": "Năm kết thúc của giai đoạn",
    "so_don_vi": "Số đơn vị có kết quả chấm điểm trong giai đoạn",
    "so_cum": "Số cụm, khối thi đua",
    "so_bao_cao": "Số báo cáo định kỳ đã được phê duyệt",
    "so_chi_tieu": "Số chỉ tiêu được theo dõi",
    "ty_le_dat": "Tỷ lệ lượt chỉ tiêu đạt hoặc vượt kế hoạch (%)",
    "diem_binh_quan": "Điểm bình quân của các đơn vị",
    "don_vi_dan_dau": "Tên đơn vị xếp thứ nhất",
    "diem_cao_nhat": "Điểm của đơn vị xếp thứ nhất",
    "noi_dung_dat_cao": "Nội dung thi đua có tỷ lệ đạt cao nhất",
    "noi_dung_dat_thap": "Nội dung thi đua có tỷ lệ đạt thấp nhất",
    "so_sang_kien": "Số sáng kiến được công nhận",
    "so_sang_kien_cap_tp": "Số sáng kiến được công nhận cấp thành phố trở lên",
    "so_sang_kien_nhan_rong": "Số sáng kiến được nhân rộng",
    "so_luot_nhan_rong": "Số lượt đơn vị áp dụng sáng kiến (nhân rộng)",
    "so_danh_hieu": "Số danh hiệu thi đua được tặng trong giai đoạn (cá nhân và tập thể)",
    "so_khen_thuong": "Số hình thức khen thưởng (giấy khen, bằng khen, …) trong giai đoạn",
    "so_khen_thuong_chuyen_de": "Số khen thưởng theo chuyên đề của phong trào",
}

SAMPLE: dict[str, str] = {
    "hinh_thuc": "Sơ kết",
    "giai_doan": "giai đoạn 1 (2025–2027)",
    "ten_phong_trao": "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
    "tu_nam": "2025",
    "den_nam": "2027",
    "so_don_vi": "150",
    "so_cum": "8",
    "so_bao_cao": "1.350",
    "so_chi_tieu": "24",
    "ty_le_dat": "78,5",
    "diem_binh_quan": "82,40",
    "don_vi_dan_dau": "Bệnh viện Xanh Pôn",
    "diem_cao_nhat": "96,75",
    "noi_dung_dat_cao": "Bảo đảm an ninh mạng, an toàn thông tin, an ninh số",
    "noi_dung_dat_thap": "Hợp tác quốc tế về khoa học, công nghệ",
    "so_sang_kien": "124",
    "so_sang_kien_cap_tp": "18",
    "so_sang_kien_nhan_rong": "32",
    "so_luot_nhan_rong": "57",
    "so_danh_hieu": "3.812",
    "so_khen_thuong": "426",
    "so_khen_thuong_chuyen_de": "35",
}

_DEFAULTS: dict[str, str] = {
    "dac_diem": (
        "Thực hiện Kế hoạch phát động phong trào thi đua “{{ten_phong_trao}}”, Sở Y tế đã "
        "triển khai phong trào đến {{so_don_vi}} đơn vị trực thuộc, tổ chức thành {{so_cum}} "
        "cụm, khối thi đua. Trong {{giai_doan}}, các đơn vị đã xây dựng kế hoạch, đăng ký thi "
        "đua, nhận chỉ tiêu và thực hiện chế độ báo cáo định kỳ; toàn ngành có {{so_bao_cao}} "
        "báo cáo định kỳ được thẩm định, phê duyệt trên hệ thống.\n"
        "Phong trào được triển khai thuận lợi nhờ sự quan tâm chỉ đạo của Thành ủy, Ủy ban "
        "nhân dân Thành phố và sự vào cuộc của các đơn vị; bên cạnh đó, hạ tầng công nghệ thông "
        "tin, nhân lực và kinh phí tại một số đơn vị còn gặp khó khăn."
    ),
    "ket_qua": (
        "Qua theo dõi, đánh giá {{so_chi_tieu}} chỉ tiêu, {{ty_le_dat}}% lượt chỉ tiêu của các "
        "đơn vị đạt hoặc vượt kế hoạch được giao; điểm bình quân của các đơn vị đạt "
        "{{diem_binh_quan}} điểm. Nội dung có tỷ lệ đạt cao nhất là “{{noi_dung_dat_cao}}”; "
        "đơn vị dẫn đầu là {{don_vi_dan_dau}} với {{diem_cao_nhat}} điểm.\n"
        "Phong trào sáng kiến được đẩy mạnh: {{so_sang_kien}} sáng kiến được công nhận, trong "
        "đó {{so_sang_kien_cap_tp}} sáng kiến cấp thành phố trở lên; {{so_sang_kien_nhan_rong}} "
        "sáng kiến được nhân rộng với {{so_luot_nhan_rong}} lượt đơn vị áp dụng.\n"
        "Công tác khen thưởng được thực hiện kịp thời, đúng quy định: trong giai đoạn đã công "
        "nhận, tặng {{so_danh_hieu}} lượt danh hiệu thi đua và {{so_khen_thuong}} lượt hình "
        "thức khen thưởng cho các tập thể, cá nhân; {{so_khen_thuong_chuyen_de}} lượt tập thể, "
        "cá nhân có thành tích xuất sắc trong phong trào được khen thưởng theo chuyên đề.\n"
        "Kết quả cụ thể theo từng nội dung thi đua, đơn vị, cụm, khối thi đua, sáng kiến và "
        "công tác khen thưởng như sau:"
    ),
    "han_che": (
        "Bên cạnh những kết quả đạt được, phong trào còn một số hạn chế: nội dung "
        "“{{noi_dung_dat_thap}}” có tỷ lệ đạt thấp nhất; một số đơn vị nộp báo cáo chậm, số "
        "liệu phải điều chỉnh sau thẩm định; việc nhân rộng sáng kiến giữa các đơn vị chưa "
        "đồng đều.\n"
        "Nguyên nhân chủ yếu là hạ tầng công nghệ thông tin của một số đơn vị chưa đáp ứng yêu "
        "cầu; nhân lực chuyên trách về chuyển đổi số còn thiếu; việc phối hợp, chia sẻ kinh "
        "nghiệm giữa các đơn vị có lúc chưa thường xuyên."
    ),
    "bai_hoc": (
        "Một là, sự lãnh đạo, chỉ đạo sát sao của cấp ủy và người đứng đầu là yếu tố quyết "
        "định kết quả của phong trào.\n"
        "Hai là, chỉ tiêu thi đua phải cụ thể, đo lường được, gắn với nhiệm vụ chuyên môn của "
        "từng đơn vị.\n"
        "Ba là, theo dõi, đánh giá thường xuyên bằng số liệu trên hệ thống giúp phát hiện sớm "
        "và kịp thời tháo gỡ khó khăn.\n"
        "Bốn là, kịp thời biểu dương, khen thưởng và nhân rộng các mô hình, sáng kiến hiệu quả."
    ),
    "phuong_huong": (
        "Tiếp tục quán triệt, tuyên truyền sâu rộng mục đích, ý nghĩa của phong trào đến từng "
        "cán bộ, viên chức, người lao động.\n"
        "Tập trung chỉ đạo các nội dung có tỷ lệ đạt thấp; giao chỉ tiêu sát với điều kiện "
        "của từng đơn vị; đẩy mạnh ứng dụng công nghệ số trong khám bệnh, chữa bệnh và quản "
        "lý.\n"
        "Phát hiện, bồi dưỡng, nhân rộng các sáng kiến, điển hình tiên tiến; thực hiện khen "
        "thưởng kịp thời, đúng quy định."
    ),
    "de_xuat": (
        "Đề nghị Ủy ban nhân dân Thành phố, Ban Thi đua - Khen thưởng Thành phố tiếp tục quan "
        "tâm, hỗ trợ kinh phí đầu tư hạ tầng công nghệ thông tin cho các đơn vị y tế; xem xét "
        "khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong {{giai_doan}} thực hiện "
        "phong trào."
    ),
}


def _signer_fields() -> tuple[TemplateField, ...]:
    """The shared signer fields, with a report's usual defaults: the Giám đốc signs without
    authority prefix, and the report goes up to the city and out to the units."""
    defaults = {
        "signer_authority": "",
        "signer_titles": "Giám đốc",
        "recipients": (
            "Ủy ban nhân dân Thành phố (để báo cáo);\n"
            "Ban Thi đua - Khen thưởng Thành phố;\n"
            "Giám đốc, các Phó Giám đốc Sở;\n"
            "Các đơn vị trực thuộc Sở;"
        ),
        "archive_note": "VT, TCCB",
    }
    return signer_fields(**defaults)


PHASE_REPORT_SPEC = TemplateSpec(
    key=KEY,
    name="Báo cáo sơ kết, tổng kết phong trào thi đua",
    kind_name="Báo cáo",
    kind_code="BC",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "{{hinh_thuc}} {{giai_doan}} thực hiện phong trào thi đua “{{ten_phong_trao}}”",
        ),
        *(
            TemplateField(
                section.key,
                f"{section.numeral}. {section.title}",
                _DEFAULTS[section.key],
                help="Mỗi dòng là một đoạn văn.",
            )
            for section in SECTIONS
        ),
        *_signer_fields(),
    ),
    placeholders=PLACEHOLDERS,
    sample=SAMPLE,
)


def section_named(key: str) -> Section:
    for section in SECTIONS:
        if section.key == key:
            return section
    raise KeyError(key)
