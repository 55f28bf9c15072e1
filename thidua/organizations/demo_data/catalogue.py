"""The vocabulary of the demo data: Vietnamese names, positions, khoa/phòng and ward names.

Pure data, no Django. Weights are rough frequencies (higher = more common), not statistics to quote;
they make a list of 40.000 people look like a Hanoi health workforce.
"""

# --- People's names ---------------------------------------------------------------------------

# Family names with their approximate share in the North (percent); Nguyễn is about 38%.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 4.5),
    ("Vũ", 3.5),
    ("Phan", 3.0),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.8),
    ("Ngô", 1.3),
    ("Hồ", 1.2),
    ("Dương", 1.0),
    ("Huỳnh", 1.0),
    ("Võ", 1.0),
    ("Đào", 0.8),
    ("Đinh", 0.8),
    ("Trịnh", 0.7),
    ("Đoàn", 0.6),
    ("Lý", 0.5),
    ("Mai", 0.5),
    ("Hà", 0.5),
    ("Tạ", 0.4),
    ("Lưu", 0.4),
    ("Cao", 0.4),
    ("Lương", 0.4),
    ("Phùng", 0.4),
    ("Chu", 0.3),
    ("Kiều", 0.3),
    ("Tô", 0.3),
    ("Nghiêm", 0.2),
    ("Khuất", 0.2),
    ("Lại", 0.2),
    ("Triệu", 0.2),
    ("Quách", 0.2),
    ("Vương", 0.2),
)

MALE_MIDDLE_NAMES: tuple[tuple[str, float], ...] = (
    ("Văn", 30),
    ("Đức", 10),
    ("Minh", 8),
    ("Quang", 6),
    ("Hữu", 5),
    ("Xuân", 4),
    ("Mạnh", 4),
    ("Thành", 4),
    ("Công", 4),
    ("Đình", 4),
    ("Ngọc", 3),
    ("Trung", 3),
    ("Thế", 3),
    ("Anh", 3),
    ("Việt", 3),
    ("Duy", 3),
    ("Trọng", 3),
    ("Tiến", 2),
    ("Hoàng", 2),
    ("Tuấn", 2),
    ("Hải", 2),
    ("Bá", 2),
    ("Khắc", 1),
    ("Kim", 1),
)

FEMALE_MIDDLE_NAMES: tuple[tuple[str, float], ...] = (
    ("Thị", 40),
    ("Thu", 6),
    ("Ngọc", 6),
    ("Thanh", 6),
    ("Phương", 4),
    ("Minh", 4),
    ("Hồng", 4),
    ("Thúy", 3),
    ("Kim", 3),
    ("Thùy", 3),
    ("Hải", 2),
    ("Diệu", 2),
    ("Bích", 2),
    ("Khánh", 2),
    ("Mai", 2),
    ("Quỳnh", 2),
    ("Lan", 2),
    ("Hoài", 2),
    ("Hương", 2),
    ("Vân", 1),
    ("Tuyết", 1),
    ("Bảo", 1),
)

MALE_GIVEN_NAMES: tuple[tuple[str, float], ...] = (
    ("An", 3),
    ("Anh", 6),
    ("Bình", 3),
    ("Bảo", 2),
    ("Chiến", 2),
    ("Công", 1),
    ("Cường", 3),
    ("Dũng", 5),
    ("Duy", 2),
    ("Dương", 2),
    ("Đạt", 3),
    ("Đông", 1),
    ("Đức", 4),
    ("Giang", 2),
    ("Hà", 1),
    ("Hải", 4),
    ("Hậu", 1),
    ("Hiếu", 3),
    ("Hiệp", 2),
    ("Hòa", 2),
    ("Hoàng", 3),
    ("Hùng", 5),
    ("Huy", 4),
    ("Hưng", 4),
    ("Khánh", 2),
    ("Khoa", 2),
    ("Kiên", 2),
    ("Lâm", 2),
    ("Long", 4),
    ("Lộc", 2),
    ("Minh", 5),
    ("Nam", 5),
    ("Nghĩa", 3),
    ("Phong", 3),
    ("Phúc", 3),
    ("Quang", 3),
    ("Quân", 3),
    ("Sơn", 4),
    ("Tài", 2),
    ("Tâm", 2),
    ("Thái", 2),
    ("Thắng", 4),
    ("Thành", 4),
    ("Thịnh", 2),
    ("Toàn", 3),
    ("Trung", 4),
    ("Tú", 2),
    ("Tuấn", 6),
    ("Tùng", 3),
    ("Việt", 3),
    ("Vinh", 2),
    ("Vũ", 2),
)

FEMALE_GIVEN_NAMES: tuple[tuple[str, float], ...] = (
    ("An", 2),
    ("Anh", 6),
    ("Chi", 2),
    ("Dung", 3),
    ("Duyên", 2),
    ("Giang", 3),
    ("Hà", 5),
    ("Hạnh", 3),
    ("Hảo", 1),
    ("Hằng", 5),
    ("Hiền", 4),
    ("Hoa", 4),
    ("Hồng", 3),
    ("Huệ", 2),
    ("Hương", 6),
    ("Hường", 2),
    ("Huyền", 5),
    ("Lan", 4),
    ("Liên", 2),
    ("Linh", 6),
    ("Loan", 3),
    ("Lụa", 1),
    ("Ly", 2),
    ("Mai", 4),
    ("Minh", 2),
    ("My", 2),
    ("Nga", 4),
    ("Ngân", 2),
    ("Ngọc", 3),
    ("Nhàn", 1),
    ("Nhung", 3),
    ("Oanh", 2),
    ("Phương", 4),
    ("Quyên", 1),
    ("Quỳnh", 3),
    ("Tâm", 2),
    ("Thanh", 3),
    ("Thảo", 5),
    ("Thơ", 1),
    ("Thu", 3),
    ("Thủy", 4),
    ("Thúy", 3),
    ("Trang", 6),
    ("Trinh", 1),
    ("Tuyết", 2),
    ("Uyên", 1),
    ("Vân", 3),
    ("Vy", 1),
    ("Xuân", 2),
    ("Yến", 3),
)

# --- Positions ---------------------------------------------------------------------------------

DOCTOR = "Bác sĩ"
NURSE = "Điều dưỡng"
TECHNICIAN = "Kỹ thuật viên"
PHARMACIST = "Dược sĩ"
MIDWIFE = "Hộ sinh"
ASSISTANT_DOCTOR = "Y sĩ"
ACCOUNTANT = "Kế toán viên"
SPECIALIST = "Chuyên viên"
EMPLOYEE = "Nhân viên"
HEAD_NURSE = "Điều dưỡng trưởng"

# Share of women by position (the health workforce is about two thirds women).
FEMALE_SHARE: dict[str, float] = {
    DOCTOR: 0.52,
    NURSE: 0.82,
    TECHNICIAN: 0.58,
    PHARMACIST: 0.78,
    MIDWIFE: 0.98,
    ASSISTANT_DOCTOR: 0.62,
    ACCOUNTANT: 0.86,
    SPECIALIST: 0.62,
    EMPLOYEE: 0.6,
    HEAD_NURSE: 0.85,
}
LEADER_FEMALE_SHARE = 0.4

# Staff positions (not heads or deputies) by kind of collective.
STAFF_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "clinical": (
        (NURSE, 50),
        (DOCTOR, 28),
        (EMPLOYEE, 12),
        (TECHNICIAN, 5),
        (ASSISTANT_DOCTOR, 5),
    ),
    "obstetric": (
        (MIDWIFE, 32),
        (NURSE, 26),
        (DOCTOR, 26),
        (EMPLOYEE, 12),
        (TECHNICIAN, 4),
    ),
    "paraclinical": (
        (TECHNICIAN, 55),
        (DOCTOR, 22),
        (NURSE, 8),
        (EMPLOYEE, 15),
    ),
    "pharmacy": ((PHARMACIST, 65), (TECHNICIAN, 10), (EMPLOYEE, 25)),
    "office": ((SPECIALIST, 55), (EMPLOYEE, 35), (ACCOUNTANT, 10)),
    "finance": ((ACCOUNTANT, 75), (SPECIALIST, 15), (EMPLOYEE, 10)),
    "nursing_office": ((NURSE, 80), (SPECIALIST, 20)),
    "station": (
        (ASSISTANT_DOCTOR, 30),
        (NURSE, 25),
        (MIDWIFE, 20),
        (DOCTOR, 15),
        (PHARMACIST, 10),
    ),
    "administration": ((SPECIALIST, 80), (EMPLOYEE, 10), (ACCOUNTANT, 10)),
}

# Relative number of people in a collective of each kind.
STAFF_WEIGHT: dict[str, float] = {
    "clinical": 1.0,
    "obstetric": 1.0,
    "paraclinical": 0.8,
    "pharmacy": 0.6,
    "office": 0.45,
    "finance": 0.4,
    "nursing_office": 0.25,
    "station": 0.28,
    "administration": 0.5,
}

# Words that make a khoa para-clinical or obstetric (matched on folded names).
PARACLINICAL_WORDS = (
    "xet nghiem",
    "chan doan hinh anh",
    "tham do chuc nang",
    "giai phau benh",
    "vi sinh",
    "hoa sinh",
    "huyet hoc - truyen mau",
    "kiem nghiem",
    "noi soi",
    "y hoc hat nhan",
)
OBSTETRIC_WORDS = ("san", "de", "phu khoa", "so sinh", "ho tro sinh san", "ke hoach hoa gia dinh")

# --- Khoa, phòng, trạm by kind of unit ---------------------------------------------------------

# The first collectives of every hospital, alternating khoa and phòng so that a small hospital
# still has both (the demo accounts need a Phòng Tổ chức cán bộ).
HOSPITAL_FIRST: tuple[str, ...] = (
    "Khoa Khám bệnh",
    "Phòng Tổ chức cán bộ",
    "Khoa Cấp cứu",
    "Phòng Kế hoạch tổng hợp",
    "Khoa Hồi sức tích cực - Chống độc",
    "Phòng Điều dưỡng",
    "Khoa Xét nghiệm",
    "Phòng Tài chính kế toán",
    "Khoa Chẩn đoán hình ảnh",
    "Khoa Dược",
)
HOSPITAL_LAST: tuple[str, ...] = (
    "Phòng Hành chính quản trị",
    "Khoa Kiểm soát nhiễm khuẩn",
    "Phòng Quản lý chất lượng",
    "Khoa Dinh dưỡng",
    "Phòng Công nghệ thông tin",
    "Khoa Gây mê hồi sức",
    "Phòng Vật tư thiết bị y tế",
    "Khoa Thăm dò chức năng",
    "Phòng Công tác xã hội",
    "Khoa Giải phẫu bệnh",
    "Phòng Chỉ đạo tuyến",
    "Khoa Vi sinh",
    "Phòng Đào tạo - Nghiên cứu khoa học",
    "Khoa Hóa sinh",
    "Khoa Huyết học - Truyền máu",
    "Khoa Nội soi",
    "Khoa Phục hồi chức năng",
    "Khoa Y học cổ truyền",
    "Khoa Khám bệnh theo yêu cầu",
)
GENERAL_HOSPITAL_KHOA: tuple[str, ...] = (
    "Khoa Nội tổng hợp",
    "Khoa Ngoại tổng hợp",
    "Khoa Nội tim mạch",
    "Khoa Chấn thương chỉnh hình",
    "Khoa Phụ sản",
    "Khoa Nhi",
    "Khoa Nội tiêu hóa",
    "Khoa Ngoại tiêu hóa",
    "Khoa Nội thần kinh",
    "Khoa Ngoại thần kinh",
    "Khoa Nội hô hấp",
    "Khoa Ngoại tiết niệu",
    "Khoa Nội thận - Tiết niệu",
    "Khoa Nội tiết",
    "Khoa Lão khoa",
    "Khoa Truyền nhiễm",
    "Khoa Mắt",
    "Khoa Tai mũi họng",
    "Khoa Răng hàm mặt",
    "Khoa Da liễu",
    "Khoa Ung bướu",
    "Khoa Thận nhân tạo",
    "Khoa Sơ sinh",
    "Khoa Bệnh nhiệt đới",
)

# Specialty hospitals: a keyword of the folded name (with spaces around it) → its clinical khoa.
# The first match wins, so "tam than" comes before "than".
SPECIALTY_KHOA: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "tam than",
        (
            "Khoa Tâm thần nam",
            "Khoa Tâm thần nữ",
            "Khoa Loạn thần",
            "Khoa Rối loạn lo âu - Trầm cảm",
            "Khoa Điều trị nghiện chất",
            "Khoa Tâm thần trẻ em",
            "Khoa Tâm lý lâm sàng",
            "Khoa Phục hồi chức năng tâm lý",
            "Khoa Điều trị tự nguyện",
            "Khoa Nội tổng hợp",
        ),
    ),
    (
        "tim",
        (
            "Khoa Nội tim mạch",
            "Khoa Tim mạch can thiệp",
            "Khoa Phẫu thuật tim mạch",
            "Khoa Hồi sức sau phẫu thuật tim",
            "Khoa Điều trị rối loạn nhịp tim",
            "Khoa Tim mạch người lớn",
            "Khoa Tim mạch trẻ em",
            "Khoa Nội tổng hợp",
            "Khoa Ngoại tổng hợp",
        ),
    ),
    (
        "phu san",
        (
            "Khoa Sản thường",
            "Khoa Sản bệnh",
            "Khoa Đẻ",
            "Khoa Phụ khoa",
            "Khoa Sơ sinh",
            "Khoa Hỗ trợ sinh sản",
            "Khoa Kế hoạch hóa gia đình",
            "Khoa Sản nhiễm khuẩn",
            "Khoa Sản theo yêu cầu",
        ),
    ),
    (
        "nhi",
        (
            "Khoa Nhi tổng hợp",
            "Khoa Sơ sinh",
            "Khoa Hô hấp",
            "Khoa Tiêu hóa",
            "Khoa Tim mạch",
            "Khoa Thần kinh",
            "Khoa Truyền nhiễm",
            "Khoa Ngoại nhi",
            "Khoa Hồi sức sơ sinh",
            "Khoa Nhi theo yêu cầu",
        ),
    ),
    (
        "ung buou",
        (
            "Khoa Nội 1",
            "Khoa Nội 2",
            "Khoa Nội 3",
            "Khoa Ngoại vú",
            "Khoa Ngoại tiêu hóa",
            "Khoa Ngoại đầu cổ",
            "Khoa Xạ trị",
            "Khoa Y học hạt nhân",
            "Khoa Chăm sóc giảm nhẹ",
            "Khoa Điều trị trong ngày",
        ),
    ),
    (
        "mat",
        (
            "Khoa Mắt tổng hợp",
            "Khoa Khúc xạ",
            "Khoa Glôcôm",
            "Khoa Đáy mắt - Màng bồ đào",
            "Khoa Giác mạc",
            "Khoa Mắt trẻ em",
            "Khoa Chấn thương mắt",
            "Khoa Phẫu thuật tạo hình mắt",
            "Khoa Điều trị theo yêu cầu",
        ),
    ),
    (
        "phuc hoi chuc nang",
        (
            "Khoa Phục hồi chức năng thần kinh",
            "Khoa Phục hồi chức năng cơ xương khớp",
            "Khoa Phục hồi chức năng nhi",
            "Khoa Vật lý trị liệu",
            "Khoa Hoạt động trị liệu",
            "Khoa Ngôn ngữ trị liệu",
            "Khoa Nội tổng hợp",
        ),
    ),
    (
        "than",
        (
            "Khoa Thận nhân tạo",
            "Khoa Nội thận",
            "Khoa Ngoại tiết niệu",
            "Khoa Ghép thận",
            "Khoa Lọc màng bụng",
            "Khoa Hồi sức thận",
            "Khoa Nội tổng hợp",
        ),
    ),
    (
        "phoi",
        (
            "Khoa Bệnh phổi",
            "Khoa Lao",
            "Khoa Bệnh phổi mạn tính",
            "Khoa Nội hô hấp",
            "Khoa Ngoại lồng ngực",
            "Khoa Lao ngoài phổi",
            "Khoa Điều trị lao kháng thuốc",
            "Khoa Bệnh phổi nghề nghiệp",
        ),
    ),
    (
        "da lieu",
        (
            "Khoa Da liễu tổng hợp",
            "Khoa Da liễu thẩm mỹ",
            "Khoa Điều trị bệnh lây truyền qua đường tình dục",
            "Khoa Laser và Ánh sáng",
            "Khoa Phẫu thuật da",
            "Khoa Da liễu trẻ em",
        ),
    ),
    (
        "y hoc co truyen",
        (
            "Khoa Châm cứu - Dưỡng sinh",
            "Khoa Nội xương khớp",
            "Khoa Nội thần kinh",
            "Khoa Lão khoa",
            "Khoa Ngoại - Phụ",
            "Khoa Nhi",
            "Khoa Bào chế thuốc",
            "Khoa Nội tổng hợp",
        ),
    ),
    (
        "09",
        (
            "Khoa Điều trị HIV/AIDS",
            "Khoa Tư vấn - Điều trị ngoại trú",
            "Khoa Truyền nhiễm",
            "Khoa Bệnh nhiệt đới",
            "Khoa Nội tổng hợp",
            "Khoa Ngoại tổng hợp",
        ),
    ),
)

DISTRICT_CENTRE_COLLECTIVES: tuple[str, ...] = (
    "Phòng Tổ chức - Hành chính",
    "Khoa Kiểm soát bệnh tật và HIV/AIDS",
    "Khoa Khám bệnh",
    "Phòng Kế hoạch - Nghiệp vụ",
    "Khoa Xét nghiệm - Chẩn đoán hình ảnh - Thăm dò chức năng",
    "Phòng Tài chính - Kế toán",
    "Khoa Dược - Trang thiết bị - Vật tư y tế",
    "Khoa An toàn thực phẩm",
    "Khoa Y tế công cộng và Dinh dưỡng",
    "Khoa Dân số - Truyền thông và Giáo dục sức khỏe",
    "Khoa Chăm sóc sức khỏe sinh sản",
    "Khoa Phục hồi chức năng - Y học cổ truyền",
)

CLINIC_COLLECTIVES: tuple[str, ...] = (
    "Khoa Khám bệnh",
    "Phòng Hành chính - Tổng hợp",
    "Khoa Xét nghiệm - Chẩn đoán hình ảnh",
    "Khoa Dược",
    "Khoa Y học cổ truyền - Phục hồi chức năng",
    "Khoa Liên chuyên khoa Mắt - Tai mũi họng - Răng hàm mặt",
    "Phòng khám Nội",
    "Phòng khám Nhi",
    "Phòng khám Sản phụ khoa",
    "Phòng khám Ngoại",
    "Phòng tiêm chủng",
    "Phòng Kế hoạch - Tài chính",
)

_CENTRE_OFFICES = (
    "Phòng Tổ chức - Hành chính",
    "Phòng Kế hoạch - Nghiệp vụ",
    "Phòng Tài chính - Kế toán",
)

# Centres and other units: a keyword of the folded name → its collectives.
OTHER_UNIT_COLLECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "cap cuu 115",
        (
            *_CENTRE_OFFICES,
            "Khoa Điều hành cấp cứu",
            "Khoa Cấp cứu ngoại viện",
            "Khoa Vận chuyển cấp cứu",
            "Khoa Đào tạo - Chỉ đạo tuyến",
            "Trạm cấp cứu vệ tinh Long Biên",
            "Trạm cấp cứu vệ tinh Hoàng Mai",
            "Trạm cấp cứu vệ tinh Hà Đông",
            "Trạm cấp cứu vệ tinh Đông Anh",
            "Trạm cấp cứu vệ tinh Sơn Tây",
            "Trạm cấp cứu vệ tinh Gia Lâm",
        ),
    ),
    (
        "kiem soat benh tat",
        (
            *_CENTRE_OFFICES,
            "Khoa Phòng chống bệnh truyền nhiễm",
            "Khoa Phòng chống HIV/AIDS",
            "Khoa Phòng chống bệnh không lây nhiễm",
            "Khoa Dinh dưỡng",
            "Khoa Sức khỏe môi trường - Y tế trường học",
            "Khoa Bệnh nghề nghiệp",
            "Khoa Sức khỏe sinh sản",
            "Khoa Truyền thông, giáo dục sức khỏe",
            "Khoa Xét nghiệm",
            "Khoa Dược - Vật tư y tế",
            "Khoa Kiểm dịch y tế quốc tế",
            "Khoa Phòng chống sốt rét - Ký sinh trùng - Côn trùng",
            "Khoa Tiêm chủng",
            "Khoa Khám bệnh",
        ),
    ),
    (
        "kiem nghiem",
        (
            *_CENTRE_OFFICES,
            "Khoa Kiểm nghiệm Hóa lý",
            "Khoa Kiểm nghiệm Vi sinh",
            "Khoa Kiểm nghiệm Đông dược - Dược liệu",
            "Khoa Kiểm nghiệm Mỹ phẩm",
            "Khoa Kiểm nghiệm Thực phẩm",
            "Phòng Đảm bảo chất lượng",
        ),
    ),
    (
        "phap y",
        (
            "Phòng Tổ chức - Hành chính",
            "Phòng Kế hoạch - Tài chính",
            "Khoa Giám định pháp y",
            "Khoa Giám định pháp y tâm thần",
            "Khoa Xét nghiệm",
        ),
    ),
    (
        "giam dinh y khoa",
        (
            "Phòng Tổ chức - Hành chính",
            "Phòng Kế hoạch - Tài chính",
            "Khoa Giám định tổng hợp",
            "Khoa Giám định bệnh nghề nghiệp",
            "Khoa Giám định thần kinh - Tâm thần",
        ),
    ),
    (
        "dan so",
        (
            "Phòng Hành chính - Tổng hợp",
            "Phòng Dân số - Kế hoạch hóa gia đình",
            "Phòng Truyền thông - Giáo dục",
        ),
    ),
    (
        "an toan ve sinh thuc pham",
        (
            "Phòng Hành chính - Tổng hợp",
            "Phòng Nghiệp vụ",
            "Phòng Thông tin - Truyền thông",
        ),
    ),
    (
        "cao dang",
        (
            "Phòng Đào tạo",
            "Phòng Tổ chức - Hành chính",
            "Phòng Tài chính - Kế toán",
            "Phòng Công tác học sinh - sinh viên",
            "Khoa Điều dưỡng",
            "Khoa Dược",
            "Khoa Y học cơ sở",
            "Khoa Khoa học cơ bản",
            "Khoa Hộ sinh",
            "Khoa Kỹ thuật y học",
        ),
    ),
)
DEFAULT_CENTRE_COLLECTIVES: tuple[str, ...] = (
    *_CENTRE_OFFICES,
    "Khoa Khám bệnh",
    "Khoa Xét nghiệm",
)

# Places outside the inner city (district names of the former huyện and Sơn Tây): a hospital
# named after one of them is a district-area hospital, for the clusters.
OUTER_PLACES: tuple[str, ...] = (
    "son tay",
    "ba vi",
    "phuc tho",
    "dan phuong",
    "hoai duc",
    "quoc oai",
    "thach that",
    "chuong my",
    "thanh oai",
    "thuong tin",
    "phu xuyen",
    "ung hoa",
    "van dinh",
    "my duc",
    "me linh",
    "soc son",
    "dong anh",
    "gia lam",
    "thanh tri",
)

# --- Wards and communes (pre-2025 names) of each district, for the Trạm Y tế --------------------


def _places(prefix: str, names: str) -> tuple[str, ...]:
    return tuple(f"{prefix} {name.strip()}" for name in names.split(",") if name.strip())


WARDS_BY_DISTRICT_CENTRE: dict[str, tuple[str, ...]] = {
    "TTYT_BADINH": _places(
        "phường",
        "Cống Vị, Điện Biên, Đội Cấn, Giảng Võ, Kim Mã, Liễu Giai, Ngọc Hà, Ngọc Khánh, "
        "Nguyễn Trung Trực, Phúc Xá, Quán Thánh, Thành Công, Trúc Bạch, Vĩnh Phúc",
    ),
    "TTYT_HOANKIEM": _places(
        "phường",
        "Chương Dương, Cửa Đông, Cửa Nam, Đồng Xuân, Hàng Bạc, Hàng Bài, Hàng Bồ, Hàng Bông, "
        "Hàng Buồm, Hàng Đào, Hàng Gai, Hàng Mã, Hàng Trống, Lý Thái Tổ, Phan Chu Trinh, Phúc Tân, "
        "Trần Hưng Đạo, Tràng Tiền",
    ),
    "TTYT_TAYHO": _places(
        "phường", "Bưởi, Nhật Tân, Phú Thượng, Quảng An, Thụy Khuê, Tứ Liên, Xuân La, Yên Phụ"
    ),
    "TTYT_LONGBIEN": _places(
        "phường",
        "Bồ Đề, Cự Khối, Đức Giang, Gia Thụy, Giang Biên, Long Biên, Ngọc Lâm, Ngọc Thụy, "
        "Phúc Đồng, Phúc Lợi, Sài Đồng, Thạch Bàn, Thượng Thanh, Việt Hưng",
    ),
    "TTYT_CAUGIAY": _places(
        "phường",
        "Dịch Vọng, Dịch Vọng Hậu, Mai Dịch, Nghĩa Đô, Nghĩa Tân, Quan Hoa, Trung Hòa, Yên Hòa",
    ),
    "TTYT_DONGDA": _places(
        "phường",
        "Cát Linh, Hàng Bột, Khâm Thiên, Khương Thượng, Kim Liên, Láng Hạ, Láng Thượng, Nam Đồng, "
        "Ngã Tư Sở, Ô Chợ Dừa, Phương Liên, Phương Mai, Quang Trung, Quốc Tử Giám, Thịnh Quang, "
        "Thổ Quan, Trung Liệt, Trung Phụng, Trung Tự, Văn Chương, Văn Miếu",
    ),
    "TTYT_HBT": _places(
        "phường",
        "Bách Khoa, Bạch Đằng, Bạch Mai, Cầu Dền, Đống Mác, Đồng Nhân, Đồng Tâm, Lê Đại Hành, "
        "Minh Khai, Nguyễn Du, Phạm Đình Hổ, Phố Huế, Quỳnh Lôi, Quỳnh Mai, Thanh Lương, "
        "Thanh Nhàn, Trương Định, Vĩnh Tuy",
    ),
    "TTYT_HOANGMAI": _places(
        "phường",
        "Đại Kim, Định Công, Giáp Bát, Hoàng Liệt, Hoàng Văn Thụ, Lĩnh Nam, Mai Động, Tân Mai, "
        "Thanh Trì, Thịnh Liệt, Trần Phú, Tương Mai, Vĩnh Hưng, Yên Sở",
    ),
    "TTYT_THANHXUAN": _places(
        "phường",
        "Hạ Đình, Khương Đình, Khương Mai, Khương Trung, Kim Giang, Nhân Chính, Phương Liệt, "
        "Thanh Xuân Bắc, Thanh Xuân Nam, Thanh Xuân Trung, Thượng Đình",
    ),
    "TTYT_NAMTULIEM": _places(
        "phường",
        "Cầu Diễn, Đại Mỗ, Mễ Trì, Mỹ Đình 1, Mỹ Đình 2, Phú Đô, Phương Canh, Tây Mỗ, Trung Văn, "
        "Xuân Phương",
    ),
    "TTYT_BACTULIEM": _places(
        "phường",
        "Cổ Nhuế 1, Cổ Nhuế 2, Đông Ngạc, Đức Thắng, Liên Mạc, Minh Khai, Phú Diễn, Phúc Diễn, "
        "Tây Tựu, Thượng Cát, Thụy Phương, Xuân Đỉnh, Xuân Tảo",
    ),
    "TTYT_HADONG": _places(
        "phường",
        "Biên Giang, Đồng Mai, Dương Nội, Hà Cầu, Kiến Hưng, La Khê, Mộ Lao, Nguyễn Trãi, Phú La, "
        "Phú Lãm, Phú Lương, Phúc La, Quang Trung, Vạn Phúc, Văn Quán, Yên Nghĩa, Yết Kiêu",
    ),
    "TTYT_SONTAY": _places(
        "phường",
        "Lê Lợi, Ngô Quyền, Phú Thịnh, Quang Trung, Sơn Lộc, Trung Hưng, Trung Sơn Trầm, "
        "Viên Sơn, Xuân Khanh",
    )
    + _places("xã", "Cổ Đông, Đường Lâm, Kim Sơn, Sơn Đông, Thanh Mỹ, Xuân Sơn"),
    "TTYT_BAVI": _places("thị trấn", "Tây Đằng")
    + _places(
        "xã",
        "Ba Trại, Ba Vì, Cẩm Lĩnh, Cam Thượng, Châu Sơn, Chu Minh, Cổ Đô, Đông Quang, Đồng Thái, "
        "Khánh Thượng, Minh Châu, Minh Quang, Phong Vân, Phú Châu, Phú Cường, Phú Đông, "
        "Phú Phương, Phú Sơn, Sơn Đà, Tản Hồng, Tản Lĩnh, Thái Hòa, Thuần Mỹ, Thụy An, Tiên Phong, "
        "Tòng Bạt, Vân Hòa, Vạn Thắng, Vật Lại, Yên Bài",
    ),
    "TTYT_PHUCTHO": _places("thị trấn", "Phúc Thọ")
    + _places(
        "xã",
        "Hát Môn, Long Xuyên, Ngọc Tảo, Phúc Hòa, Phụng Thượng, Sen Phương, Tam Hiệp, Tam Thuấn, "
        "Thanh Đa, Thọ Lộc, Thượng Cốc, Tích Giang, Trạch Mỹ Lộc, Vân Hà, Vân Nam, Vân Phúc, "
        "Võng Xuyên, Xuân Đình",
    ),
    "TTYT_DANPHUONG": _places("thị trấn", "Phùng")
    + _places(
        "xã",
        "Đan Phượng, Đồng Tháp, Hạ Mỗ, Hồng Hà, Liên Hà, Liên Hồng, Liên Trung, Phương Đình, "
        "Song Phượng, Tân Hội, Tân Lập, Thọ An, Thọ Xuân, Thượng Mỗ, Trung Châu",
    ),
    "TTYT_HOAIDUC": _places("thị trấn", "Trạm Trôi")
    + _places(
        "xã",
        "An Khánh, An Thượng, Cát Quế, Đắc Sở, Di Trạch, Đông La, Đức Giang, Đức Thượng, "
        "Dương Liễu, Kim Chung, La Phù, Lại Yên, Minh Khai, Sơn Đồng, Song Phương, Tiền Yên, "
        "Vân Canh, Vân Côn, Yên Sở",
    ),
    "TTYT_QUOCOAI": _places("thị trấn", "Quốc Oai")
    + _places(
        "xã",
        "Cấn Hữu, Cộng Hòa, Đại Thành, Đồng Quang, Đông Xuân, Đông Yên, Hòa Thạch, Liệp Tuyết, "
        "Nghĩa Hương, Ngọc Liệp, Ngọc Mỹ, Phú Cát, Phú Mãn, Phượng Cách, Sài Sơn, Tân Hòa, "
        "Tân Phú, Thạch Thán, Tuyết Nghĩa, Yên Sơn",
    ),
    "TTYT_THACHTHAT": _places("thị trấn", "Liên Quan")
    + _places(
        "xã",
        "Bình Phú, Bình Yên, Canh Nậu, Cẩm Yên, Cần Kiệm, Chàng Sơn, Đại Đồng, Dị Nậu, Đồng Trúc, "
        "Hạ Bằng, Hương Ngải, Hữu Bằng, Kim Quan, Lại Thượng, Phú Kim, Phùng Xá, Tân Xã, "
        "Thạch Hòa, Thạch Xá, Tiến Xuân, Yên Bình, Yên Trung",
    ),
    "TTYT_CHUONGMY": _places("thị trấn", "Chúc Sơn, Xuân Mai")
    + _places(
        "xã",
        "Đại Yên, Đông Phương Yên, Đông Sơn, Hoàng Diệu, Hoàng Văn Thụ, Hồng Phong, Hợp Đồng, "
        "Hữu Văn, Lam Điền, Mỹ Lương, Nam Phương Tiến, Ngọc Hòa, Phú Nam An, Phụng Châu, "
        "Quảng Bị, Tân Tiến, Thanh Bình, Thượng Vực, Thủy Xuân Tiên, Tiên Phương, Tốt Động, "
        "Trần Phú, Trung Hòa, Trường Yên, Văn Võ",
    ),
    "TTYT_THANHOAI": _places("thị trấn", "Kim Bài")
    + _places(
        "xã",
        "Bích Hòa, Bình Minh, Cao Dương, Cao Viên, Cự Khê, Dân Hòa, Đỗ Động, Hồng Dương, Kim An, "
        "Kim Thư, Liên Châu, Mỹ Hưng, Phương Trung, Tam Hưng, Tân Ước, Thanh Cao, Thanh Mai, "
        "Thanh Thùy, Thanh Văn, Xuân Dương",
    ),
    "TTYT_THUONGTIN": _places("thị trấn", "Thường Tín")
    + _places(
        "xã",
        "Chương Dương, Dũng Tiến, Duyên Thái, Hà Hồi, Hiền Giang, Hòa Bình, Hồng Vân, Khánh Hà, "
        "Lê Lợi, Liên Phương, Minh Cường, Nghiêm Xuyên, Nguyễn Trãi, Nhị Khê, Ninh Sở, "
        "Quất Động, Tân Minh, Thắng Lợi, Thống Nhất, Thư Phú, Tiền Phong, Tô Hiệu, Tự Nhiên, "
        "Vạn Điểm, Văn Bình, Văn Phú, Văn Tự, Vân Tảo",
    ),
    "TTYT_PHUXUYEN": _places("thị trấn", "Phú Xuyên, Phú Minh")
    + _places(
        "xã",
        "Bạch Hạ, Châu Can, Chuyên Mỹ, Đại Thắng, Đại Xuyên, Hoàng Long, Hồng Minh, Hồng Thái, "
        "Khai Thái, Minh Tân, Nam Phong, Nam Tiến, Nam Triều, Phú Túc, Phú Yên, Phúc Tiến, "
        "Phượng Dực, Quang Lãng, Quang Trung, Sơn Hà, Tân Dân, Tri Thủy, Tri Trung, Văn Hoàng, "
        "Vân Từ",
    ),
    "TTYT_UNGHOA": _places("thị trấn", "Vân Đình")
    + _places(
        "xã",
        "Đại Cường, Đại Hùng, Đông Lỗ, Đồng Tân, Đồng Tiến, Hòa Lâm, Hòa Nam, Hòa Phú, Hòa Xá, "
        "Hồng Quang, Kim Đường, Liên Bạt, Lưu Hoàng, Minh Đức, Phù Lưu, Phương Tú, "
        "Quảng Phú Cầu, Sơn Công, Tảo Dương Văn, Trầm Lộng, Trung Tú, Trường Thịnh, Vạn Thái, "
        "Viên An, Viên Nội",
    ),
    "TTYT_MYDUC": _places("thị trấn", "Đại Nghĩa")
    + _places(
        "xã",
        "An Mỹ, An Phú, An Tiến, Bột Xuyên, Đại Hưng, Đốc Tín, Đồng Tâm, Hồng Sơn, Hợp Thanh, "
        "Hợp Tiến, Hùng Tiến, Hương Sơn, Lê Thanh, Mỹ Thành, Phù Lưu Tế, Phúc Lâm, Phùng Xá, "
        "Thượng Lâm, Tuy Lai, Vạn Kim, Xuy Xá",
    ),
    "TTYT_MELINH": _places("thị trấn", "Chi Đông, Quang Minh")
    + _places(
        "xã",
        "Chu Phan, Đại Thịnh, Hoàng Kim, Kim Hoa, Liên Mạc, Mê Linh, Tam Đồng, Thạch Đà, "
        "Thanh Lâm, Tiền Phong, Tiến Thắng, Tiến Thịnh, Tráng Việt, Tự Lập, Vạn Yên, Văn Khê",
    ),
    "TTYT_SOCSON": _places("thị trấn", "Sóc Sơn")
    + _places(
        "xã",
        "Bắc Phú, Bắc Sơn, Đông Xuân, Đức Hòa, Hiền Ninh, Hồng Kỳ, Kim Lũ, Mai Đình, Minh Phú, "
        "Minh Trí, Nam Sơn, Phú Cường, Phù Linh, Phù Lỗ, Phú Minh, Quang Tiến, Tân Dân, "
        "Tân Hưng, Tân Minh, Thanh Xuân, Tiên Dược, Trung Giã, Việt Long, Xuân Giang, Xuân Thu",
    ),
    "TTYT_DONGANH": _places("thị trấn", "Đông Anh")
    + _places(
        "xã",
        "Bắc Hồng, Cổ Loa, Đại Mạch, Đông Hội, Dục Tú, Hải Bối, Kim Chung, Kim Nỗ, Liên Hà, "
        "Mai Lâm, Nam Hồng, Nguyên Khê, Tàm Xá, Thụy Lâm, Tiên Dương, Uy Nỗ, Vân Hà, Vân Nội, "
        "Việt Hùng, Vĩnh Ngọc, Võng La, Xuân Canh, Xuân Nộn",
    ),
    "TTYT_GIALAM": _places("thị trấn", "Trâu Quỳ, Yên Viên")
    + _places(
        "xã",
        "Bát Tràng, Cổ Bi, Đa Tốn, Đặng Xá, Đình Xuyên, Đông Dư, Dương Hà, Dương Quang, Dương Xá, "
        "Kiêu Kỵ, Kim Lan, Kim Sơn, Lệ Chi, Ninh Hiệp, Phù Đổng, Phú Thị, Trung Mầu, Văn Đức, "
        "Yên Thường, Yên Viên",
    ),
    "TTYT_THANHTRI": _places("thị trấn", "Văn Điển")
    + _places(
        "xã",
        "Đại Áng, Đông Mỹ, Duyên Hà, Hữu Hòa, Liên Ninh, Ngọc Hồi, Ngũ Hiệp, Tả Thanh Oai, "
        "Tam Hiệp, Tân Triều, Thanh Liệt, Tứ Hiệp, Vạn Phúc, Vĩnh Quỳnh, Yên Mỹ",
    ),
}

# --- Units when the list of real units is not available ----------------------------------------

# (name, kind, code): a subset of shared/data/hanoi_health_units.csv, enough for a working demo.
BUILTIN_UNITS: tuple[tuple[str, str, str], ...] = (
    ("Bệnh viện Đa khoa Xanh Pôn", "hospital", "BV_XANHPON"),
    ("Bệnh viện Thanh Nhàn", "hospital", "BV_THANHNHAN"),
    ("Bệnh viện Đa khoa Đức Giang", "hospital", "BV_DUCGIANG"),
    ("Bệnh viện Tim Hà Nội", "hospital", "BV_TIM"),
    ("Bệnh viện Phụ sản Hà Nội", "hospital", "BV_PHUSAN"),
    ("Bệnh viện Đa khoa Hà Đông", "hospital", "BV_HADONG"),
    ("Bệnh viện Nhi Hà Nội", "hospital", "BV_NHI"),
    ("Bệnh viện Đa khoa Sơn Tây", "hospital", "BV_SONTAY"),
    ("Trung tâm Cấp cứu 115 Hà Nội", "centre", "TT_115"),
    ("Trung tâm Kiểm soát bệnh tật thành phố Hà Nội", "centre", "TT_CDC"),
    ("Trung tâm Y tế quận Ba Đình", "district_centre", "TTYT_BADINH"),
    ("Trung tâm Y tế quận Hoàn Kiếm", "district_centre", "TTYT_HOANKIEM"),
    ("Trung tâm Y tế quận Đống Đa", "district_centre", "TTYT_DONGDA"),
    ("Trung tâm Y tế quận Cầu Giấy", "district_centre", "TTYT_CAUGIAY"),
    ("Trung tâm Y tế huyện Ba Vì", "district_centre", "TTYT_BAVI"),
    ("Trung tâm Y tế huyện Gia Lâm", "district_centre", "TTYT_GIALAM"),
    ("Văn phòng Sở", "department_office", "PS_VP"),
    ("Thanh tra Sở", "department_office", "PS_TT"),
    ("Phòng Tổ chức cán bộ", "department_office", "PS_TCCB"),
    ("Phòng Nghiệp vụ Y", "department_office", "PS_NVY"),
)
