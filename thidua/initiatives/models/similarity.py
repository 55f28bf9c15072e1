"""What the duplicate detector keeps per initiative so a check against every unit and year does
not re-read and re-tokenise every text (see `thidua/initiatives/similarity.py`)."""

from django.db import models

from thidua.initiatives.models.submission import Initiative


class InitiativeFingerprint(models.Model):
    """The normalised text and its features, recomputed whenever the initiative's text changes."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="fingerprint", primary_key=True
    )
    algorithm = models.PositiveSmallIntegerField(default=1)
    normalised = models.TextField(default="")
    features = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Dấu vân tay văn bản sáng kiến"
        verbose_name_plural = "Dấu vân tay văn bản sáng kiến"
        # The detector's in-process index checks count and MAX(updated_at) before each check.
        indexes = [models.Index(fields=["updated_at"], name="fingerprint_updated")]

    def __str__(self) -> str:
        return f"{self.initiative_id}"
