"""The default movement, as data: "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số" of the
Sở Y tế Hà Nội, 2025–2030, with its phases, periods, content areas, criteria, indicators with
yearly targets, a scoring table and the registration round. Pure: no Django.

Sources (see the project's domain digest, LEGAL.md): the city plan Kế hoạch số 190/KH-UBND ngày
18/7/2025 of UBND Thành phố Hà Nội (§4.2: five content groups 3–7 of the plan, four solution
groups, two phases with sơ kết and tổng kết), "Bình dân học vụ số" (§4.3) and the health-sector
indicators (§4.4). Tags as in LEGAL.md: [C] confirmed in a cited source; [M] a parameter we chose,
TO CONFIRM WITH THE CLIENT (the Sở Y tế's own plan and scoring table were not found, [X]). Every
point value, band, target and deadline below is [M] unless marked otherwise.

`services/defaults.py` installs this catalogue; `tests/test_defaults_catalogue.py` checks it
with the pure modules' `check_*` functions, so the shipped data is always valid.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

D = Decimal

# --- The movement ---------------------------------------------------------------------------------

MOVEMENT_CODE = "CDS_2025_2030"
MOVEMENT_NAME = "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số"  # [C] QĐ 923/QĐ-TTg
MOVEMENT_KIND = "thematic"  # chuyên đề [C]: awards never count toward công-trạng chains
# [M] From the date of KH 190/KH-UBND (18/7/2025) to the end of 2030 [C: 2025–2030].
MOVEMENT_START = dt.date(2025, 7, 18)
MOVEMENT_END = dt.date(2030, 12, 31)
MOVEMENT_DESCRIPTION = (
    "Triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trong ngành Y tế Thủ đô: "
    "khơi dậy tinh thần đổi mới sáng tạo, chuyển đổi số trong từng đơn vị và từng cán bộ, viên "
    "chức, người lao động; phát hiện, biểu dương, nhân rộng các điển hình tiên tiến."
)
LEGAL_BASIS = (
    "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của "
    "Chính phủ; Quyết định số 923/QĐ-TTg ngày 14/5/2025 của Thủ tướng Chính phủ ban hành Kế "
    "hoạch triển khai phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số”; "
    "Kế hoạch số 190/KH-UBND ngày 18/7/2025 của UBND Thành phố Hà Nội phát động phong trào thi "
    "đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” trên địa bàn Thành phố."
)
INSTALL_REASON = "Khởi tạo phong trào mặc định theo Kế hoạch số 190/KH-UBND ngày 18/7/2025"


@dataclass(frozen=True)
class PhaseDef:
    number: int
    name: str
    start: dt.date
    end: dt.date
    review_kind: str  # "preliminary" (sơ kết) or "final" (tổng kết)
    review_name: str
    review_date: dt.date


# [C] phase 1 2025–2027 with the sơ kết, phase 2 2027–2030 with the tổng kết (KH 190 §4.2).
# [M] the split on 30/06/2027 and the conference dates.
PHASES = (
    PhaseDef(
        1,
        "Giai đoạn 1 (2025–2027): triển khai, sơ kết",
        dt.date(2025, 7, 18),
        dt.date(2027, 6, 30),
        "preliminary",
        "Hội nghị sơ kết giai đoạn 1 phong trào thi đua đổi mới sáng tạo và chuyển đổi số",
        dt.date(2027, 7, 15),
    ),
    PhaseDef(
        2,
        "Giai đoạn 2 (2027–2030): đẩy mạnh, tổng kết",
        dt.date(2027, 7, 1),
        dt.date(2030, 12, 31),
        "final",
        "Hội nghị tổng kết phong trào thi đua đổi mới sáng tạo và chuyển đổi số 2025–2030",
        dt.date(2030, 12, 15),
    ),
)

# [M] Quarterly, half-year and yearly reports; entry opens 10 days before a period ends, the
# report is due 10 days after it and locks 30 days after it.
PERIOD_KINDS = ("quarter", "half_year", "year")
PERIODS_OPEN_BEFORE_END_DAYS = 10
PERIODS_DUE_AFTER_DAYS = 10
PERIODS_LOCK_AFTER_DAYS = 30

# [M] The registration round of the table's year: opens 01/01, deadline 31/03.
ROUND_OPENS = (1, 1)  # (day, month)
ROUND_DEADLINE = (31, 3)


def round_dates(year: int) -> tuple[dt.date, dt.date]:
    """When the registration round of `year` opens and its deadline."""
    return (
        dt.date(year, ROUND_OPENS[1], ROUND_OPENS[0]),
        dt.date(year, ROUND_DEADLINE[1], ROUND_DEADLINE[0]),
    )


# --- Content areas and solution groups ------------------------------------------------------------


@dataclass(frozen=True)
class AreaDef:
    code: str
    name: str
    kind: str  # "content" (nội dung thi đua) or "solution" (nhóm giải pháp)
    order: int
    description: str
    # Words and phrases that suggest this area for a text (folded by the installer).
    keywords: tuple[str, ...]


# [C] The five content areas are groups 3–7 of KH 190; the four solution groups are its four.
AREAS = (
    AreaDef(
        "ND1",
        "Chuyển đổi số trong cơ quan nhà nước, cải cách hành chính, dịch vụ công trực tuyến "
        "toàn trình, ứng dụng trí tuệ nhân tạo, cơ sở dữ liệu",
        "content",
        1,
        "Dịch vụ công trực tuyến toàn trình, cá nhân hóa, dựa trên dữ liệu; bệnh án điện tử; "
        "thanh toán không dùng tiền mặt; khám chữa bệnh bằng căn cước công dân gắn chip, VNeID; "
        "ứng dụng AI; xây dựng cơ sở dữ liệu chuyên ngành.",
        (
            "dịch vụ công trực tuyến",
            "toàn trình",
            "thủ tục hành chính",
            "cải cách hành chính",
            "bệnh án điện tử",
            "hồ sơ sức khỏe điện tử",
            "thanh toán không dùng tiền mặt",
            "căn cước công dân",
            "VNeID",
            "sinh trắc học",
            "trí tuệ nhân tạo",
            "AI",
            "cơ sở dữ liệu",
            "chữ ký số",
            "bệnh viện thông minh",
            "phần mềm",
        ),
    ),
    AreaDef(
        "ND2",
        "Phát triển kinh tế số, doanh nghiệp công nghệ số, khởi nghiệp đổi mới sáng tạo",
        "content",
        2,
        "Hợp tác với doanh nghiệp công nghệ, giải pháp y tế số, khởi nghiệp đổi mới sáng tạo.",
        (
            "kinh tế số",
            "doanh nghiệp công nghệ",
            "khởi nghiệp",
            "đổi mới sáng tạo",
            "y tế số",
            "nền tảng số",
            "hợp tác công tư",
        ),
    ),
    AreaDef(
        "ND3",
        "Xã hội số: giáo dục, đào tạo, phát triển nhân lực; phong trào “Bình dân học vụ số”",
        "content",
        3,
        "Phổ cập kiến thức, kỹ năng số cho cán bộ, viên chức, người lao động và người dân; đào "
        "tạo nhân lực chất lượng cao.",
        (
            "bình dân học vụ số",
            "kỹ năng số",
            "đào tạo",
            "tập huấn",
            "bồi dưỡng",
            "nhân lực",
            "người dân",
            "cộng đồng",
            "xã hội số",
        ),
    ),
    AreaDef(
        "ND4",
        "Bảo đảm an ninh mạng, an toàn thông tin, an ninh số",
        "content",
        4,
        "Phê duyệt cấp độ an toàn hệ thống thông tin, diễn tập, ứng cứu và xử lý sự cố.",
        (
            "an ninh mạng",
            "an toàn thông tin",
            "an ninh số",
            "sự cố",
            "diễn tập",
            "mã độc",
            "lừa đảo",
            "bảo mật",
            "sao lưu",
        ),
    ),
    AreaDef(
        "ND5",
        "Hợp tác quốc tế về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "content",
        5,
        "Dự án, chương trình, biên bản ghi nhớ hợp tác với đối tác nước ngoài.",
        ("hợp tác quốc tế", "đối tác nước ngoài", "dự án quốc tế", "biên bản ghi nhớ", "tài trợ"),
    ),
    AreaDef(
        "GP1",
        "Nâng cao trách nhiệm lãnh đạo, chỉ đạo, điều hành của người đứng đầu",
        "solution",
        1,
        "Ban hành kế hoạch, chỉ đạo thực hiện phong trào tại đơn vị.",
        ("lãnh đạo", "chỉ đạo", "điều hành", "người đứng đầu", "kế hoạch", "ban chỉ đạo"),
    ),
    AreaDef(
        "GP2",
        "Đẩy mạnh công tác thông tin, truyền thông",
        "solution",
        2,
        "Tuyên truyền về phong trào, gương điển hình, kết quả chuyển đổi số.",
        ("truyền thông", "tuyên truyền", "tin bài", "báo chí", "mạng xã hội", "cổng thông tin"),
    ),
    AreaDef(
        "GP3",
        "Biểu dương, khen thưởng, phát hiện và nhân rộng điển hình tiên tiến",
        "solution",
        3,
        "Phát hiện, bồi dưỡng, tôn vinh và nhân rộng các điển hình, mô hình, sáng kiến.",
        ("biểu dương", "khen thưởng", "điển hình tiên tiến", "nhân rộng", "mô hình", "tôn vinh"),
    ),
    AreaDef(
        "GP4",
        "Tăng cường kiểm tra, giám sát, đánh giá định kỳ",
        "solution",
        4,
        "Tự kiểm tra, đánh giá định kỳ việc thực hiện phong trào tại đơn vị.",
        ("kiểm tra", "giám sát", "đánh giá", "sơ kết", "tổng kết", "báo cáo định kỳ"),
    ),
)


# --- Criteria (100 points) ------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionDef:
    code: str
    name: str
    area: str
    parent: str | None
    max_points: Decimal
    order: int
    description: str = ""
    weight: Decimal = Decimal(1)


TOTAL_POINTS = D(100)

# [M] Points per area: ND1 35, ND2 10, ND3 20, ND4 15, ND5 5, GP1–GP4 4 + 4 + 4 + 3 = 100.
CRITERIA = (
    CriterionDef("TC1", "Chuyển đổi số trong hoạt động khám chữa bệnh và quản lý", "ND1", None, D(35), 1),
    CriterionDef("TC1_1", "Dịch vụ công trực tuyến toàn trình", "ND1", "TC1", D(8), 1),
    CriterionDef("TC1_2", "Bệnh án điện tử", "ND1", "TC1", D(12), 2),
    CriterionDef("TC1_3", "Thanh toán không dùng tiền mặt", "ND1", "TC1", D(5), 3),
    CriterionDef("TC1_4", "Khám chữa bệnh bằng căn cước công dân gắn chip, VNeID", "ND1", "TC1", D(5), 4),
    CriterionDef("TC1_5", "Ứng dụng trí tuệ nhân tạo", "ND1", "TC1", D(5), 5),
    CriterionDef("TC2", "Hợp tác với doanh nghiệp công nghệ số", "ND2", None, D(10), 1),
    CriterionDef("TC3", "Kỹ năng số, “Bình dân học vụ số”", "ND3", None, D(20), 1),
    CriterionDef("TC3_1", "Cán bộ, viên chức, người lao động hoàn thành chương trình", "ND3", "TC3", D(12), 1),
    CriterionDef("TC3_2", "Phổ cập kỹ năng số cho người dân, cộng đồng", "ND3", "TC3", D(8), 2),
    CriterionDef("TC4", "An ninh mạng, an toàn thông tin", "ND4", None, D(15), 1),
    CriterionDef("TC4_1", "Diễn tập an toàn thông tin", "ND4", "TC4", D(8), 1),
    CriterionDef("TC4_2", "Xử lý sự cố an toàn thông tin", "ND4", "TC4", D(7), 2),
    CriterionDef("TC5", "Dự án, chương trình hợp tác quốc tế", "ND5", None, D(5), 1),
    CriterionDef("TC6", "Kế hoạch thực hiện phong trào tại đơn vị", "GP1", None, D(4), 1),
    CriterionDef("TC7", "Thông tin, truyền thông về phong trào", "GP2", None, D(4), 1),
    CriterionDef("TC8", "Điển hình tiên tiến được biểu dương, nhân rộng", "GP3", None, D(4), 1),
    CriterionDef("TC9", "Tự kiểm tra, đánh giá định kỳ", "GP4", None, D(3), 1),
)  # fmt: skip


# --- Indicators with their yearly targets and scoring rules --------------------------------------

YEARS = (2025, 2026, 2027, 2028, 2029, 2030)


@dataclass(frozen=True)
class RuleDef:
    method: str  # "bands", "linear", "yes_no", "bonus", "penalty"
    max_points: Decimal
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    criterion: str
    value_type: str  # "number", "percentage", "boolean", "count", "text"
    unit_label: str
    order: int
    rule: RuleDef | None  # None: only an input of a formula, not scored itself
    targets: dict[int, Decimal] = field(default_factory=dict)  # by year
    direction: str = "higher"
    aggregation: str = "sum"
    formula: str = ""
    evidence_required: bool = False
    evidence_note: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None


def _targets(*values: str) -> dict[int, Decimal]:
    """One target per year 2025–2030, in order."""
    return dict(zip(YEARS, (D(v) for v in values), strict=True))


def _bands(*rows: tuple[str, str | None, str]) -> dict[str, object]:
    """BANDS params from (from, to, points) rows: from inclusive, to exclusive, None unbounded."""
    return {"bands": [{"from": low, "to": high, "points": points} for low, high, points in rows]}


def _percent(code: str, name: str, criterion: str, **fields: Any) -> IndicatorDef:
    """An entered percentage (0–100)."""
    return IndicatorDef(
        code,
        name,
        criterion,
        value_type="percentage",
        unit_label="%",
        min_value=D(0),
        max_value=D(100),
        **fields,
    )


LINEAR = {"cap_ratio": "1"}

# Design rules, tested in tests/test_defaults_catalogue.py: the rules of a leaf criterion add up
# to its points (bonus and penalty come on top of the 100); a unit meeting every 2026 target
# scores exactly 100. Counts with small targets are scored linearly to the year's target, so
# raising a target later needs no new bands; bands show the method where thresholds are natural.
INDICATORS = (
    # ND1 — [C] KPIs listed in LEGAL.md §4.4 (candidates, to confirm); targets [M].
    _percent(
        "TL_DVC_TOAN_TRINH",
        "Tỉ lệ thủ tục hành chính, dịch vụ công được cung cấp trực tuyến toàn trình",
        "TC1_1",
        order=1,
        rule=RuleDef("linear", D(8), LINEAR),
        targets=_targets("80", "90", "100", "100", "100", "100"),
        aggregation="avg_staff",
        evidence_note="Danh mục dịch vụ công trực tuyến toàn trình của đơn vị",
    ),
    IndicatorDef(
        "CO_BENH_AN_DIEN_TU",
        "Đã triển khai bệnh án điện tử theo Thông tư 13/2025/TT-BYT",
        "TC1_2",
        value_type="boolean",
        unit_label="Có/Không",
        order=1,
        rule=RuleDef("yes_no", D(4)),
        targets=_targets("1", "1", "1", "1", "1", "1"),
        aggregation="min",
        evidence_required=True,
        evidence_note="Quyết định, văn bản công bố triển khai bệnh án điện tử",
    ),
    _percent(
        "TL_BENH_AN_DIEN_TU",
        "Tỉ lệ hồ sơ bệnh án nội trú được lập dưới dạng bệnh án điện tử",
        "TC1_2",
        order=2,
        rule=RuleDef(
            "bands",
            D(8),
            _bands(("0", "50", "0"), ("50", "80", "3"), ("80", "95", "6"), ("95", None, "8")),
        ),
        targets=_targets("80", "95", "100", "100", "100", "100"),
        aggregation="avg_staff",
    ),
    IndicatorDef(
        "SO_GD_KHONG_TIEN_MAT",
        "Số giao dịch viện phí thanh toán không dùng tiền mặt",
        "TC1_3",
        value_type="count",
        unit_label="giao dịch",
        order=1,
        rule=None,
        min_value=D(0),
    ),
    IndicatorDef(
        "TONG_GD",
        "Tổng số giao dịch viện phí",
        "TC1_3",
        value_type="count",
        unit_label="giao dịch",
        order=2,
        rule=None,
        min_value=D(0),
    ),
    IndicatorDef(
        "TL_KHONG_TIEN_MAT",
        "Tỉ lệ giao dịch viện phí thanh toán không dùng tiền mặt",
        "TC1_3",
        value_type="percentage",
        unit_label="%",
        order=3,
        rule=RuleDef("linear", D(5), LINEAR),
        targets=_targets("50", "60", "70", "75", "80", "85"),
        aggregation="avg_staff",
        formula="SO_GD_KHONG_TIEN_MAT / TONG_GD * 100",
    ),
    _percent(
        "TL_KCB_CCCD",
        "Tỉ lệ lượt khám chữa bệnh sử dụng căn cước công dân gắn chip hoặc VNeID",
        "TC1_4",
        order=1,
        rule=RuleDef("linear", D(5), LINEAR),
        targets=_targets("80", "90", "95", "95", "95", "95"),
        aggregation="avg_staff",
    ),
    IndicatorDef(
        "SO_UNG_DUNG_AI",
        "Số ứng dụng trí tuệ nhân tạo (AI) đưa vào vận hành",
        "TC1_5",
        value_type="count",
        unit_label="ứng dụng",
        order=1,
        rule=RuleDef("linear", D(5), LINEAR),
        targets=_targets("1", "1", "2", "2", "3", "3"),
        evidence_required=True,
        evidence_note="Mô tả ứng dụng, quyết định đưa vào vận hành",
        min_value=D(0),
    ),
    # ND2
    IndicatorDef(
        "SO_HOP_TAC_DN_CN",
        "Số giải pháp số triển khai cùng doanh nghiệp công nghệ",
        "TC2",
        value_type="count",
        unit_label="giải pháp",
        order=1,
        rule=RuleDef("linear", D(10), LINEAR),
        targets=_targets("1", "1", "2", "2", "2", "2"),
        evidence_required=True,
        evidence_note="Hợp đồng, biên bản hợp tác hoặc nghiệm thu",
        min_value=D(0),
    ),
    # ND3 — [C] 80% in 2025, 100% from 2026 (Kế hoạch 01-KH/BCĐTW, LEGAL.md §4.3).
    _percent(
        "TL_CB_BDHVS",
        "Tỉ lệ cán bộ, viên chức, người lao động hoàn thành chương trình “Bình dân học vụ số”",
        "TC3_1",
        order=1,
        rule=RuleDef("linear", D(12), LINEAR),
        targets=_targets("80", "100", "100", "100", "100", "100"),
        aggregation="avg_staff",
        evidence_note="Danh sách người được chứng nhận trên nền tảng VNeID hoặc MOOC",
    ),
    IndicatorDef(
        "SO_NGUOI_DAN_DUOC_HD",
        "Số người dân, người bệnh được hướng dẫn, hỗ trợ kỹ năng số",
        "TC3_2",
        value_type="count",
        # Citizens and patients, not staff: "lượt người", so that no check caps it at the staff.
        unit_label="lượt người",
        order=1,
        rule=RuleDef("linear", D(8), LINEAR),
        targets=_targets("500", "1000", "1000", "1200", "1200", "1500"),
        min_value=D(0),
    ),
    # ND4
    IndicatorDef(
        "SO_DIEN_TAP_ATTT",
        "Số cuộc diễn tập an toàn thông tin đã tổ chức hoặc tham gia",
        "TC4_1",
        value_type="count",
        unit_label="cuộc",
        order=1,
        rule=RuleDef("linear", D(8), LINEAR),
        targets=_targets("1", "1", "2", "2", "2", "2"),
        evidence_required=True,
        evidence_note="Kế hoạch và báo cáo kết quả diễn tập",
        min_value=D(0),
    ),
    IndicatorDef(
        "SO_SU_CO_PHAT_HIEN",
        "Số sự cố an toàn thông tin phát hiện trong kỳ",
        "TC4_2",
        value_type="count",
        unit_label="sự cố",
        order=1,
        rule=None,
        min_value=D(0),
    ),
    IndicatorDef(
        "SO_SU_CO_DA_XU_LY",
        "Số sự cố an toàn thông tin đã xử lý, khắc phục đúng thời hạn",
        "TC4_2",
        value_type="count",
        unit_label="sự cố",
        order=2,
        rule=None,
        min_value=D(0),
    ),
    IndicatorDef(
        "TL_SU_CO_XU_LY",
        "Tỉ lệ sự cố an toàn thông tin được xử lý, khắc phục đúng thời hạn",
        "TC4_2",
        value_type="percentage",
        unit_label="%",
        order=3,
        rule=RuleDef("linear", D(7), LINEAR),
        targets=_targets("100", "100", "100", "100", "100", "100"),
        aggregation="min",
        # No incident in the period counts as every incident handled.
        formula="if(SO_SU_CO_PHAT_HIEN = 0, 100, SO_SU_CO_DA_XU_LY / SO_SU_CO_PHAT_HIEN * 100)",
    ),
    IndicatorDef(
        "SO_SU_CO_DO_DON_VI",
        "Sự cố an toàn thông tin do đơn vị gây ra",
        "TC4_2",
        value_type="count",
        unit_label="sự cố",
        order=4,
        rule=RuleDef("penalty", D(10), {"per_unit": "5"}),  # [M] −5 each, at most −10
        targets=_targets("0", "0", "0", "0", "0", "0"),
        direction="lower",
        evidence_note="Biên bản, báo cáo sự cố",
        min_value=D(0),
    ),
    # ND5
    IndicatorDef(
        "SO_DU_AN_HTQT",
        "Số dự án, chương trình hợp tác quốc tế về khoa học, công nghệ, chuyển đổi số",
        "TC5",
        value_type="count",
        unit_label="dự án",
        order=1,
        rule=RuleDef("linear", D(5), LINEAR),
        targets=_targets("1", "1", "1", "1", "2", "2"),
        evidence_required=True,
        evidence_note="Biên bản ghi nhớ, văn kiện dự án",
        min_value=D(0),
    ),
    # GP1–GP4
    IndicatorDef(
        "CO_KE_HOACH_PT",
        "Đơn vị ban hành kế hoạch thực hiện phong trào",
        "TC6",
        value_type="boolean",
        unit_label="Có/Không",
        order=1,
        rule=RuleDef("yes_no", D(4)),
        targets=_targets("1", "1", "1", "1", "1", "1"),
        aggregation="min",
        evidence_required=True,
        evidence_note="Kế hoạch đã ban hành (số, ngày)",
    ),
    IndicatorDef(
        "SO_TIN_BAI",
        "Số tin, bài truyền thông về phong trào và chuyển đổi số",
        "TC7",
        value_type="count",
        unit_label="tin, bài",
        order=1,
        rule=RuleDef("bands", D(4), _bands(("0", "1", "0"), ("1", "6", "2"), ("6", None, "4"))),
        targets=_targets("6", "12", "12", "12", "12", "12"),
        evidence_note="Đường dẫn các tin, bài đã đăng",
        min_value=D(0),
    ),
    IndicatorDef(
        "SO_DIEN_HINH",
        "Số điển hình tiên tiến, mô hình được biểu dương, nhân rộng",
        "TC8",
        value_type="count",
        unit_label="điển hình",
        order=1,
        rule=RuleDef("bands", D(4), _bands(("0", "1", "0"), ("1", "2", "2"), ("2", None, "4"))),
        targets=_targets("1", "2", "2", "2", "2", "2"),
        min_value=D(0),
    ),
    IndicatorDef(
        "SO_KHEN_CAP_TREN",
        "Cờ thi đua hoặc Bằng khen nhận trong năm",
        "TC8",
        value_type="count",
        unit_label="lần",
        order=2,
        rule=RuleDef("bonus", D(10), {"per_unit": "5"}),  # [M] +5 each, at most +10
        evidence_required=True,
        evidence_note="Quyết định tặng Cờ thi đua, Bằng khen",
        min_value=D(0),
    ),
    IndicatorDef(
        "SO_LAN_TU_KIEM_TRA",
        "Số lần tự kiểm tra, đánh giá việc thực hiện phong trào",
        "TC9",
        value_type="count",
        unit_label="lần",
        order=1,
        rule=RuleDef("bands", D(3), _bands(("0", "1", "0"), ("1", "2", "2"), ("2", None, "3"))),
        targets=_targets("1", "2", "2", "2", "2", "2"),
        evidence_note="Biên bản, báo cáo tự kiểm tra",
        min_value=D(0),
    ),
)


# --- The scoring table ----------------------------------------------------------------------------


def table_name(year: int) -> str:
    return f"Bảng chấm điểm chuyển đổi số {year}"


TABLE_NOTE = "Phiên bản 1, khởi tạo từ danh mục mặc định (các mức điểm cần Sở Y tế xác nhận)."

# [M] Title bands (precedent: TT 08/2019/TT-BLĐTBXH maps a 100-point table to titles).
TITLE_BANDS = (
    (D(90), "Xuất sắc"),
    (D(80), "Tốt"),
    (D(65), "Khá"),
    (D(50), "Trung bình"),
    (D(0), "Chưa đạt"),
)

DEFAULT_YEAR = 2026
