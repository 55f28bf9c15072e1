"""Periodic reporting: a report per unit and period with its values and evidence, its climb up
the unit tree for approval, the points and totals it earns and the rankings they make.

How it fits together:
- `ReportingSetup` (one per movement) says which kinds of period units report, the warning
  factor for jumps, the reminder days and the tie-breaks; `ApprovalLevel` rows say which levels
  of the unit tree approve (e.g. khoa/phòng at depth 2, đơn vị at 1, Sở at 0).
- `Report` (unit × period) holds `ReportValue` rows (one per indicator; computed indicators are
  stored too, so scores never re-parse formulas) and `Evidence` links to content-addressed
  `EvidenceFile` blobs (the same file uploaded twice is stored once, recognised by SHA-256).
- `ReportAction` is the approval history (submit, approve, return, revoke — with reasons).
- `CriterionScore` and `ReportScore` hold the points of a report (self-assessed and appraised);
  `Standing` holds a unit's total and ranks for a period, a year or a phase.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from thidua.core.models import TimeStampedModel
from thidua.movements.models import (
    Criterion,
    Indicator,
    Movement,
    Period,
    Phase,
    ScoringVersion,
)
from thidua.organizations.models import Cluster, Unit
from thidua.reporting.enums import (
    ActionKind,
    JobStatus,
    ReminderKind,
    ReportStatus,
    SpanKind,
    TieBreak,
)

DEFAULT_REPORTED_KINDS = ["quarter", "year"]
DEFAULT_REMINDER_DAYS = [7, 1]
DEFAULT_TIE_BREAKS = [
    TieBreak.FEWER_PENALTIES.value,
    TieBreak.TOP_CRITERIA.value,
    TieBreak.SUBMITTED_FIRST.value,
]


def _default_reported_kinds() -> list[str]:
    return list(DEFAULT_REPORTED_KINDS)


def _default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


def _default_tie_breaks() -> list[str]:
    return list(DEFAULT_TIE_BREAKS)


class ReportingSetup(TimeStampedModel):
    """How a movement's units report: settings the department changes without code."""

    movement = models.OneToOneField(
        Movement, on_delete=models.CASCADE, related_name="reporting_setup"
    )
    reported_kinds = models.JSONField(
        "Loại kỳ đơn vị phải báo cáo", default=_default_reported_kinds
    )
    jump_factor = models.DecimalField(
        "Cảnh báo khi số liệu thay đổi quá (lần) so với kỳ trước",
        max_digits=6,
        decimal_places=2,
        default=Decimal(3),
    )
    reminder_days = models.JSONField("Nhắc trước hạn nộp (số ngày)", default=_default_reminder_days)
    overdue_every_days = models.PositiveSmallIntegerField("Nhắc quá hạn mỗi (ngày)", default=3)
    tie_breaks = models.JSONField("Thứ tự phân định khi bằng điểm", default=_default_tie_breaks)

    class Meta:
        verbose_name = "Thiết lập báo cáo"
        verbose_name_plural = "Thiết lập báo cáo"

    def __str__(self) -> str:
        return f"Thiết lập báo cáo của phong trào {self.movement_id}"


class ApprovalLevel(models.Model):
    """A level of the unit tree that approves reports: its approvers hold APPROVE_REPORT on the
    ancestor, at `depth`, of the reporting unit. A report climbs the levels from the deepest."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="levels")
    depth = models.PositiveSmallIntegerField("Cấp trong cây đơn vị (0 = Sở)")
    name = models.CharField("Tên cấp duyệt", max_length=100)

    class Meta:
        verbose_name = "Cấp duyệt báo cáo"
        verbose_name_plural = "Cấp duyệt báo cáo"
        ordering = ["movement", "-depth"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "depth"], name="approval_level_once")
        ]

    def __str__(self) -> str:
        return self.name


class Report(TimeStampedModel):
    """The report of a unit (or a khoa/phòng reporting its part) for a period."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        "Trạng thái", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The level whose approval is awaited (SUBMITTED), None otherwise.
    pending_level = models.ForeignKey(
        ApprovalLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("Nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The first submission's lateness is what the timeliness view reports.
    first_submitted_at = models.DateTimeField("Nộp lần đầu lúc", null=True, blank=True)
    is_late = models.BooleanField("Nộp muộn", default=False)
    approved_at = models.DateTimeField("Duyệt xong lúc", null=True, blank=True)
    # Once approved then re-opened, values differing from the approved ones are marked.
    changed_since_approval = models.BooleanField("Đã sửa sau khi duyệt", default=False)
    # Bumped by every write to the report's values: pages compare it to tell a second editor.
    revision = models.PositiveIntegerField(default=0)
    scoring_version = models.ForeignKey(
        ScoringVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Báo cáo định kỳ"
        verbose_name_plural = "Báo cáo định kỳ"
        ordering = ["period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="report_once_per_period")
        ]
        indexes = [models.Index(fields=["movement", "status"], name="report_movement_status")]

    def __str__(self) -> str:
        return f"Báo cáo {self.period_id} của đơn vị {self.unit_id}"

    @property
    def is_locked(self) -> bool:
        """Approved data is locked; submitted data waits for a decision."""
        return self.status in {ReportStatus.SUBMITTED, ReportStatus.APPROVED}


class ReportValue(models.Model):
    """The value of one indicator in a report (numbers as Decimal, yes/no as 1/0, text aside)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("Giá trị", max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField("Nội dung", blank=True)
    # A warning (e.g. a jump from the previous period) needs the reporter's explanation.
    explanation = models.TextField("Giải trình", blank=True)
    is_computed = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=0)
    # The value at the last final approval (for "changed since approval").
    approved_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    approved_text = models.TextField(blank=True)
    was_approved = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Số liệu báo cáo"
        verbose_name_plural = "Số liệu báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_once_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} = {self.value}"

    @property
    def changed_since_approval(self) -> bool:
        return self.was_approved and (
            self.value != self.approved_value or self.text != self.approved_text
        )


class ReportAction(models.Model):
    """One step of a report's approval history; reasons are required to return and revoke."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField("Thao tác", max_length=16, choices=ActionKind.choices)
    level = models.ForeignKey(
        ApprovalLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("Lúc")
    reason = models.TextField("Lý do", blank=True)

    class Meta:
        verbose_name = "Bước phê duyệt"
        verbose_name_plural = "Lịch sử phê duyệt"
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.report_id})"


class EntryException(models.Model):
    """The department lets a unit enter a period's data after its lock date, until `until`."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="exceptions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    until = models.DateField("Cho phép nhập đến ngày")
    reason = models.TextField("Lý do")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Gia hạn nhập liệu"
        verbose_name_plural = "Gia hạn nhập liệu"
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="entry_exception_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} đến {self.until:%d/%m/%Y}"


class EvidenceFile(models.Model):
    """A stored file, content-addressed: one row (and one copy) per SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    original_name = models.CharField("Tên tệp gốc", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Tệp minh chứng"
        verbose_name_plural = "Tệp minh chứng"

    def __str__(self) -> str:
        return self.original_name


class Evidence(models.Model):
    """A minh chứng attached to a report, for an indicator or a criterion (or the whole report)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    blob = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="uses")
    name = models.CharField("Tên minh chứng", max_length=255)
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Minh chứng"
        verbose_name_plural = "Minh chứng"
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class CriterionScore(models.Model):
    """Points of a criterion in a report: self-assessed (computed from the values) and, when a
    department officer adjusted them, appraised (with the reason)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="criterion_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField("Điểm tự chấm", max_digits=8, decimal_places=2)
    appraised_points = models.DecimalField(
        "Điểm thẩm định", max_digits=8, decimal_places=2, null=True, blank=True
    )
    adjustment_reason = models.TextField("Lý do điều chỉnh", blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adjusted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Điểm tiêu chí"
        verbose_name_plural = "Điểm tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criterion"], name="criterion_score_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.self_points}"

    @property
    def points(self) -> Decimal:
        """The points that count: appraised when adjusted, self-assessed otherwise."""
        return self.self_points if self.appraised_points is None else self.appraised_points


class ReportScore(models.Model):
    """The totals of a report under the scoring version in force at the period's end."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="score")
    version = models.ForeignKey(ScoringVersion, on_delete=models.PROTECT, related_name="+")
    self_total = models.DecimalField("Tổng tự chấm", max_digits=8, decimal_places=2)
    appraised_total = models.DecimalField("Tổng thẩm định", max_digits=8, decimal_places=2)
    bonus = models.DecimalField("Điểm thưởng", max_digits=8, decimal_places=2, default=0)
    penalty = models.DecimalField("Điểm trừ", max_digits=8, decimal_places=2, default=0)
    title = models.CharField("Xếp loại", max_length=100, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = "Điểm báo cáo"
        verbose_name_plural = "Điểm báo cáo"

    def __str__(self) -> str:
        return f"{self.report_id}: {self.appraised_total}"


class Standing(models.Model):
    """A unit's total and ranks over a span: a period, a year or a phase of a movement.

    `span_key` ("p:<period id>", "y:<year>", "ph:<phase number>") makes one unique key for the
    three kinds; the ranking pages read one span at a time.
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="standings")
    span_kind = models.CharField(max_length=8, choices=SpanKind.choices)
    span_key = models.CharField(max_length=24)
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.DecimalField("Tổng điểm", max_digits=8, decimal_places=2)
    self_total = models.DecimalField("Tổng tự chấm", max_digits=8, decimal_places=2)
    penalty = models.DecimalField("Điểm trừ", max_digits=8, decimal_places=2, default=0)
    # Points per top-level criterion code, for the tie-breaks and the heat map.
    area_points = models.JSONField(default=dict)
    rank_overall = models.PositiveIntegerField("Hạng chung")
    rank_in_cluster = models.PositiveIntegerField("Hạng trong cụm, khối", null=True, blank=True)
    title = models.CharField("Xếp loại", max_length=100, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = "Kết quả xếp hạng"
        verbose_name_plural = "Kết quả xếp hạng"
        ordering = ["movement", "span_key", "rank_overall"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "span_key", "unit"], name="standing_once_per_span"
            )
        ]
        indexes = [
            # A cluster's standings over a span (its ranking table) and their average total
            # (each line of a scorecard) read from the index alone: 1,7 → 0,1 ms a scorecard.
            models.Index(
                fields=["movement", "span_key", "cluster", "total"],
                name="standing_cluster_total_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.span_key} {self.unit_id}: {self.total} (#{self.rank_overall})"


class RecomputeJob(TimeStampedModel):
    """A recomputation of a year's scores and rankings, run as a background task."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("Năm")
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    total_steps = models.PositiveIntegerField(default=0)
    done_steps = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Lượt tính lại điểm"
        verbose_name_plural = "Lượt tính lại điểm"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Tính lại điểm năm {self.year}"

    @property
    def progress_percent(self) -> int:
        if self.total_steps == 0:
            return 100 if self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED} else 0
        return min(100, round(100 * self.done_steps / self.total_steps))

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class ValuesImport(TimeStampedModel):
    """An Excel bulk entry of a period (units × indicators): its file, progress and errors."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    file = models.FileField(upload_to="report-imports/%Y/%m/")
    original_name = models.CharField("Tên tệp", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    written_values = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Lượt nhập số liệu từ Excel"
        verbose_name_plural = "Lượt nhập số liệu từ Excel"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if self.total_rows == 0:
            return 100 if self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED} else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class ReminderLog(models.Model):
    """A reminder sent for a unit's report of a period (so the daily job never sends it twice)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "Lượt nhắc hạn"
        verbose_name_plural = "Lượt nhắc hạn"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "kind", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id} {self.sent_on:%d/%m/%Y}"
