from django.db import models


class MovementKind(models.TextChoices):
    REGULAR = "regular", "Thường xuyên"
    # Awards from a thematic movement never count toward chains of regular awards
    # (NĐ 152/2025 Điều 4.3, LEGAL.md §1.2).
    THEMATIC = "thematic", "Theo chuyên đề"


class MovementStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    LAUNCHED = "launched", "Đã phát động"
    CLOSED = "closed", "Đã tổng kết"


class ReviewKind(models.TextChoices):
    NONE = "", "Không"
    PRELIMINARY = "preliminary", "Sơ kết"
    FINAL = "final", "Tổng kết"


class PeriodKind(models.TextChoices):
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    HALF_YEAR = "half_year", "6 tháng"
    YEAR = "year", "Năm"


class AreaKind(models.TextChoices):
    CONTENT = "content", "Nội dung thi đua"
    SOLUTION = "solution", "Nhóm giải pháp"


class ValueType(models.TextChoices):
    NUMBER = "number", "Số"
    PERCENTAGE = "percentage", "Tỉ lệ %"
    BOOLEAN = "boolean", "Có/Không"
    COUNT = "count", "Số lượng (đếm)"
    TEXT = "text", "Văn bản, kèm minh chứng"


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Càng cao càng tốt"
    LOWER_IS_BETTER = "lower", "Càng thấp càng tốt"


class Aggregation(models.TextChoices):
    """How a unit's value is made from its khoa/phòng's values (up the unit tree)."""

    SUM = "sum", "Cộng"
    AVERAGE_BY_STAFF = "avg_staff", "Trung bình theo số người"
    MIN = "min", "Nhỏ nhất"
    MAX = "max", "Lớn nhất"
    LATEST = "latest", "Giá trị mới nhất"


class ScoringMethod(models.TextChoices):
    BANDS = "bands", "Theo khoảng (ngưỡng → điểm)"
    LINEAR = "linear", "Tuyến tính tới chỉ tiêu, có trần"
    YES_NO = "yes_no", "Có/Không"
    BONUS = "bonus", "Điểm thưởng"
    PENALTY = "penalty", "Điểm trừ"


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Trả lại"


class TargetStatus(models.TextChoices):
    PROPOSED = "proposed", "Đơn vị đề xuất"
    APPROVED = "approved", "Đã giao"
    RETURNED = "returned", "Trả lại"


class EmulationTitle(models.TextChoices):
    """Emulation titles a unit or a person may register for (Luật 06/2022 Điều 19–20, 23–28).

    Codes are stable: the rulebook of the awards app (issue 7) refers to them.
    """

    LABOR_ADVANCED = "lao_dong_tien_tien", "Lao động tiên tiến"
    EMULATION_SOLDIER_BASE = "chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở"
    EMULATION_SOLDIER_CITY = "chien_si_thi_dua_thanh_pho", "Chiến sĩ thi đua Thành phố"
    COLLECTIVE_ADVANCED = "tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến"
    COLLECTIVE_EXCELLENT = "tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc"
    CITY_FLAG = "co_thi_dua_thanh_pho", "Cờ thi đua của UBND Thành phố"


INDIVIDUAL_TITLES = (
    EmulationTitle.LABOR_ADVANCED,
    EmulationTitle.EMULATION_SOLDIER_BASE,
    EmulationTitle.EMULATION_SOLDIER_CITY,
)
COLLECTIVE_TITLES = (
    EmulationTitle.COLLECTIVE_ADVANCED,
    EmulationTitle.COLLECTIVE_EXCELLENT,
    EmulationTitle.CITY_FLAG,
)
