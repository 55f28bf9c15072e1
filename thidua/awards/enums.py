"""Choices of the awards app: ratings, discipline forms, holds, research levels, rulebook status."""

from django.db import models


class Rating(models.TextChoices):
    """Mức độ hoàn thành nhiệm vụ of the yearly đánh giá, xếp loại (imported, never re-scored;
    LEGAL.md §1.4, Bắc Ninh QĐ 86/2025 Điều 7)."""

    HTXSNV = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


class InputSource(models.TextChoices):
    FORM = "form", "Nhập trên trang"
    IMPORT = "import", "Nhập từ Excel"
    DEMO = "demo", "Dữ liệu mẫu"


class DisciplineForm(models.TextChoices):
    """Hình thức kỷ luật, lightest first (Luật Cán bộ, công chức; Luật Viên chức). "Từ cảnh cáo
    trở lên" (Luật TĐKT Điều 28) is every form from WARNING on."""

    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    SALARY_DOWNGRADE = "salary_downgrade", "Hạ bậc lương"
    DEMOTION = "demotion", "Giáng chức"
    DISMISSAL_FROM_POST = "dismissal_from_post", "Cách chức"
    DISMISSAL = "dismissal", "Buộc thôi việc"


class HoldKind(models.TextChoices):
    """Why an award must wait (NĐ 152/2025 Điều 4.4)."""

    INSPECTION = "inspection", "Đang thanh tra, kiểm tra"
    INVESTIGATION = "investigation", "Đang điều tra"
    COMPLAINT = "complaint", "Đang giải quyết khiếu nại, tố cáo"


class ResearchLevel(models.TextChoices):
    BASE = "base", "Cấp cơ sở"
    CITY = "city", "Cấp thành phố"
    MINISTRY = "ministry", "Cấp bộ"
    NATIONAL = "national", "Cấp quốc gia"


class RulebookStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã ban hành"


class RoundKind(models.TextChoices):
    """An annual round (xét tặng hằng năm) or a thematic round of the movement (khen thưởng theo
    chuyên đề at its sơ kết 2027 or tổng kết 2030): thematic awards never count toward chains of
    regular awards (NĐ 152/2025 Điều 4.3)."""

    ANNUAL = "annual", "Hằng năm"
    THEMATIC = "thematic", "Theo chuyên đề (sơ kết, tổng kết phong trào)"


class RoundStatus(models.TextChoices):
    """The life of a round, in order."""

    DRAFT = "draft", "Đang soạn"
    OPEN = "open", "Đang nhận đề nghị"
    CHECKING = "checking", "Đang thẩm định"
    DISCLOSURE = "disclosure", "Đang công khai"
    COUNCIL = "council", "Trình Hội đồng"
    DECIDED = "decided", "Đã có quyết định"
    CLOSED = "closed", "Đã kết thúc"


class NominationStatus(models.TextChoices):
    DRAFT = "draft", "Đang lập"
    SUBMITTED = "submitted", "Đã gửi, chờ thẩm định"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đạt thẩm định"
    ACCEPTED_WITH_OVERRIDE = "accepted_with_override", "Đạt thẩm định (có giải trình)"
    WITHDRAWN = "withdrawn", "Đã rút"


class NominationActionKind(models.TextChoices):
    CREATE = "create", "Lập đề nghị"
    SUBMIT = "submit", "Gửi đề nghị"
    RETURN = "return", "Trả lại"
    ACCEPT = "accept", "Đạt thẩm định"
    ACCEPT_WITH_OVERRIDE = "accept_override", "Đạt thẩm định (có giải trình)"
    WITHDRAW = "withdraw", "Rút đề nghị"
    EDIT = "edit", "Sửa đề nghị"


class AttachmentKind(models.TextChoices):
    """The hồ sơ đề nghị (Luật TĐKT Điều 84.1, NĐ 98/2023 Điều 34.2)."""

    PROPOSAL = "proposal", "Tờ trình (Mẫu số 01)"
    ACHIEVEMENT_REPORT = "achievement_report", "Báo cáo thành tích"
    REVIEW_MINUTES = "review_minutes", "Biên bản bình xét và kết quả bỏ phiếu"
    EVIDENCE = "evidence", "Minh chứng (sáng kiến, đề tài, xác nhận)"


class FeedbackChannel(models.TextChoices):
    INTRANET = "intranet", "Trang nội bộ"
    PUBLIC = "public", "Trang công khai"
