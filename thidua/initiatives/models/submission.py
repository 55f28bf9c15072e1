"""An initiative as its authors submit it: the text, the authors and their shares, the
attachments (content-addressed, so a file reused from another initiative is recognised by its
SHA-256) and the history of what happened to it."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from thidua.core.models import TimeStampedModel
from thidua.initiatives.enums import (
    ActionKind,
    EffectKind,
    InfluenceScope,
    InitiativeStatus,
    RecognitionLevel,
    SolutionKind,
)
from thidua.movements.models import ContentArea, Movement
from thidua.organizations.models import Person, Unit


class Initiative(TimeStampedModel):
    """A sáng kiến (NĐ 13/2012/NĐ-CP, Điều 3–4): a solution that is new within its scope, has
    been applied or trialled, and brings an economic or social benefit."""

    code = models.CharField("Mã sáng kiến", max_length=32, unique=True)
    title = models.CharField("Tên sáng kiến", max_length=300)
    movement = models.ForeignKey(
        Movement, null=True, blank=True, on_delete=models.PROTECT, related_name="initiatives"
    )
    area = models.ForeignKey(
        ContentArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name="Lĩnh vực, nội dung",
    )
    # The area the platform suggested from the text, kept to learn how often authors agree.
    suggested_area = models.ForeignKey(
        ContentArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        "Loại giải pháp",
        max_length=24,
        choices=SolutionKind.choices,
        default=SolutionKind.TECHNICAL,
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name="Đơn vị",
    )
    year = models.PositiveSmallIntegerField("Năm xét", db_index=True)
    problem = models.TextField("Thực trạng, vấn đề cần giải quyết", blank=True)
    solution = models.TextField("Nội dung giải pháp", blank=True)
    applied_where = models.CharField("Nơi áp dụng, áp dụng thử", max_length=300, blank=True)
    applied_since = models.DateField("Áp dụng từ ngày", null=True, blank=True)
    effect_kind = models.CharField(
        "Loại hiệu quả", max_length=16, choices=EffectKind.choices, default=EffectKind.SOCIAL
    )
    effect = models.TextField("Hiệu quả đo được", blank=True)
    effect_amount = models.DecimalField(
        "Giá trị làm lợi (đồng/năm)",
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
    )
    scope = models.CharField(
        "Phạm vi ảnh hưởng",
        max_length=16,
        choices=InfluenceScope.choices,
        default=InfluenceScope.UNIT,
    )
    status = models.CharField(
        "Trạng thái",
        max_length=16,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("Nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField("Sàng lọc lúc", null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screen_note = models.TextField("Lý do trả lại / ghi chú sàng lọc", blank=True)
    # The duplicate warning as the author saw it when submitting, and what they answered.
    duplicate_max_score = models.DecimalField(
        "Mức trùng lặp cao nhất", max_digits=5, decimal_places=4, null=True, blank=True
    )
    duplicate_matches = models.JSONField("Sáng kiến tương tự lúc nộp", default=list, blank=True)
    duplicate_explanation = models.TextField("Giải trình về trùng lặp", blank=True)
    # The council's result (Mẫu 07 / Mẫu 09 of TT 18/2013/TT-BKHCN).
    level = models.CharField(
        "Cấp công nhận", max_length=16, choices=RecognitionLevel.choices, blank=True
    )
    decision_number = models.CharField("Số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    # One-use rule (Công văn 5007/BNV-TĐKT năm 2023): the awards app records what it backed.
    used_for_award = models.CharField("Đã dùng làm căn cứ khen thưởng", max_length=200, blank=True)
    used_for_award_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "Sáng kiến"
        verbose_name_plural = "Sáng kiến"
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["unit", "year"], name="initiative_unit_year"),
            models.Index(fields=["status", "year"], name="initiative_status_year"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def is_recognised(self) -> bool:
        return self.status == InitiativeStatus.RECOGNISED


class Authorship(models.Model):
    """An author or co-author with their contribution share; external co-authors are free text."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="authorships"
    )
    external_name = models.CharField("Họ tên (ngoài hệ thống)", max_length=150, blank=True)
    external_workplace = models.CharField("Nơi công tác", max_length=255, blank=True)
    share = models.DecimalField("Tỷ lệ đóng góp (%)", max_digits=5, decimal_places=2)
    is_main = models.BooleanField("Tác giả chính", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "Tác giả, đồng tác giả"
        verbose_name_plural = "Tác giả, đồng tác giả"
        ordering = ["initiative", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(external_name=""),
                name="authorship_person_or_external",
            ),
            models.CheckConstraint(
                condition=models.Q(share__gt=Decimal(0)) & models.Q(share__lte=Decimal(100)),
                name="authorship_share_range",
            ),
            models.UniqueConstraint(
                fields=["initiative", "person"],
                condition=models.Q(person__isnull=False),
                name="authorship_person_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_external(self) -> bool:
        return self.person_id is None

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person is not None else self.external_name


class AttachmentFile(models.Model):
    """A stored file, content-addressed: one row (and one copy) per SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="initiatives/%Y/%m/")
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Tệp đính kèm (nội dung)"
        verbose_name_plural = "Tệp đính kèm (nội dung)"

    def __str__(self) -> str:
        return self.sha256


class Attachment(models.Model):
    """A file attached to an initiative, under the name it was uploaded with."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    blob = models.ForeignKey(AttachmentFile, on_delete=models.PROTECT, related_name="attachments")
    original_name = models.CharField("Tên tệp", max_length=255)
    description = models.CharField("Mô tả", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Tệp đính kèm"
        verbose_name_plural = "Tệp đính kèm"
        ordering = ["initiative", "id"]

    def __str__(self) -> str:
        return self.original_name


class InitiativeAction(models.Model):
    """One step of an initiative's history, with the reason where one is required."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=16, choices=ActionKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "Lịch sử sáng kiến"
        verbose_name_plural = "Lịch sử sáng kiến"
        ordering = ["initiative", "at", "id"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.get_kind_display()}"
