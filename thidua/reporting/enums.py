from django.db import models


class ReportStatus(models.TextChoices):
    """Where a report (unit × period) stands. A unit that has not started has no report row; the
    selectors show it as "Chưa bắt đầu" (`NOT_STARTED`)."""

    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Bị trả lại"


NOT_STARTED = "not_started"
NOT_STARTED_LABEL = "Chưa bắt đầu"


class ActionKind(models.TextChoices):
    """One step of a report's approval history (`ReportAction`)."""

    SUBMIT = "submit", "Nộp báo cáo"
    APPROVE = "approve", "Duyệt"
    RETURN = "return", "Trả lại"
    REVOKE = "revoke", "Hủy duyệt"


class TieBreak(models.TextChoices):
    """How two units with the same total are ordered in a ranking, in the order the movement's
    setup lists them; units still equal share the rank ("1, 1, 3")."""

    FEWER_PENALTIES = "fewer_penalties", "Ít điểm trừ hơn"
    TOP_CRITERIA = "top_criteria", "Điểm các tiêu chí cấp 1, theo thứ tự tiêu chí"
    SELF_TOTAL = "self_total", "Điểm tự chấm cao hơn"
    SUBMITTED_FIRST = "submitted_first", "Nộp báo cáo sớm hơn"


class SpanKind(models.TextChoices):
    """What a standing (total and ranks of a unit) covers."""

    PERIOD = "period", "Kỳ báo cáo"
    YEAR = "year", "Năm"
    PHASE = "phase", "Giai đoạn"


class JobStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    SUCCEEDED = "succeeded", "Hoàn thành"
    FAILED = "failed", "Thất bại"


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Sắp đến hạn nộp"
    OVERDUE = "overdue", "Quá hạn nộp"
