"""Phase reports: the sơ kết report of a phase and the tổng kết report of a whole movement, with
the narrative sections the department officer writes.

A report carries no figures: they are read from reporting and initiatives each time the report
is previewed or issued (`selectors.figures`). Whether it was issued is a fact of the documents
register (an `IssuedDocument` whose source is "summaries.phase_report:<pk>"), read by the
selectors, never a flag kept in step here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.core.models import TimeStampedModel
from thidua.documents.models import GenerationJob
from thidua.movements.models import Movement, Phase


class ReportKind(models.TextChoices):
    PRELIMINARY = "preliminary", "Báo cáo sơ kết giai đoạn"
    FINAL = "final", "Báo cáo tổng kết phong trào"


class PhaseReport(TimeStampedModel):
    """The report of one phase of a movement (sơ kết), or of the whole movement (tổng kết, no
    phase), over the years `first_year`–`last_year`."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("Loại báo cáo", max_length=16, choices=ReportKind.choices)
    first_year = models.PositiveSmallIntegerField("Từ năm")
    last_year = models.PositiveSmallIntegerField("Đến năm")
    report_year = models.PositiveSmallIntegerField("Năm báo cáo")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last "Tạo bản Word/PDF" job: its page shows the progress and the download.
    last_job = models.ForeignKey(
        GenerationJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Báo cáo sơ kết, tổng kết"
        verbose_name_plural = "Báo cáo sơ kết, tổng kết"
        ordering = ["movement", "-report_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "phase"],
                condition=Q(phase__isnull=False),
                name="summaries_one_report_per_phase",
            ),
            models.UniqueConstraint(
                fields=["movement"],
                condition=Q(phase__isnull=True),
                name="summaries_one_final_report",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="summaries_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        years = f"{self.first_year}–{self.last_year}"
        if self.phase_id is None:
            return f"Báo cáo tổng kết phong trào giai đoạn {years}"
        number = self.phase.number if self.phase else ""
        return f"Báo cáo sơ kết giai đoạn {number} ({years})"

    @property
    def unit_path(self) -> str:
        """Where the report is judged: the movement's organising unit (for `has_perm`)."""
        return self.movement.owner.path

    @property
    def source(self) -> str:
        """What the documents register records as the issued report's source."""
        return f"summaries.phase_report:{self.pk}"


class PhaseReportSection(models.Model):
    """One narrative section of a report, as the officer wrote it (placeholders such as
    {{so_don_vi}} are filled with the figures when the report is built). `revision` grows with
    every save: a save made over a revision the editor did not see is refused."""

    report = models.ForeignKey(PhaseReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("Mục", max_length=32)
    text = models.TextField("Nội dung")
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("Sửa lúc", auto_now=True)

    class Meta:
        verbose_name = "Mục của báo cáo"
        verbose_name_plural = "Mục của báo cáo"
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="summaries_section_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.key}"
