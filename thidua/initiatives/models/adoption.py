"""Nhân rộng: another unit records that it adopted a recognised initiative, with the indicators
it moved (value before and after)."""

from django.conf import settings
from django.db import models

from thidua.core.models import TimeStampedModel
from thidua.initiatives.models.submission import Initiative
from thidua.organizations.models import Unit


class Adoption(TimeStampedModel):
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="adoptions")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="adoptions", verbose_name="Đơn vị áp dụng"
    )
    adopted_on = models.DateField("Áp dụng từ ngày")
    description = models.TextField("Cách áp dụng, kết quả", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Nhân rộng sáng kiến"
        verbose_name_plural = "Nhân rộng sáng kiến"
        ordering = ["initiative", "adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "unit"], name="adoption_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} áp dụng {self.initiative_id}"


class AdoptionIndicator(models.Model):
    """An indicator the adoption moved, before and after (e.g. thời gian chờ khám, phút)."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("Chỉ số", max_length=255)
    measure_unit = models.CharField("Đơn vị tính", max_length=50, blank=True)
    before = models.DecimalField("Trước khi áp dụng", max_digits=16, decimal_places=2)
    after = models.DecimalField("Sau khi áp dụng", max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["adoption", "id"]

    def __str__(self) -> str:
        return self.name
