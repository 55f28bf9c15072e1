from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.awards.enums import RulebookStatus
from thidua.core.models import TimeStampedModel


class RulebookVersion(TimeStampedModel):
    """One version of the award catalogue and its rules, in force from `effective_from` until
    the next published version. `spec` is the engine's RulebookSpec as JSON (its `to_json`),
    the base salary (mức lương cơ sở) and council shares included; a published version is never
    edited: a change is a new version."""

    label = models.CharField("Phiên bản", max_length=64, unique=True)
    effective_from = models.DateField("Áp dụng từ ngày")
    status = models.CharField(
        "Trạng thái", max_length=16, choices=RulebookStatus.choices, default=RulebookStatus.DRAFT
    )
    spec = models.JSONField("Nội dung bộ quy tắc")
    citation = models.CharField("Căn cứ ban hành", max_length=500)
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("Ban hành lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Phiên bản bộ quy tắc khen thưởng"
        verbose_name_plural = "Phiên bản bộ quy tắc khen thưởng"
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from"],
                condition=Q(status="published"),
                name="awards_one_published_rulebook_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (từ {self.effective_from:%d/%m/%Y})"

    @property
    def is_published(self) -> bool:
        return self.status == RulebookStatus.PUBLISHED
