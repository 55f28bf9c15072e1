"""Award rounds (đợt xét khen thưởng), the nominations units send into them with their dossier,
the department's thẩm định, and the feedback received while the accepted list is disclosed
(công khai) before the council votes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from thidua.awards.enums import (
    AttachmentKind,
    FeedbackChannel,
    NominationActionKind,
    NominationStatus,
    RoundKind,
    RoundStatus,
)
from thidua.awards.models.rulebook import RulebookVersion
from thidua.core.models import TimeStampedModel
from thidua.organizations.models import Person, Unit

# Statuses a nomination is "live" in: it occupies its (round, subject, award) place.
LIVE_NOMINATION = ~Q(status=NominationStatus.WITHDRAWN)
ACCEPTED_STATUSES = (NominationStatus.ACCEPTED, NominationStatus.ACCEPTED_WITH_OVERRIDE)


class AwardRound(TimeStampedModel):
    """One round of nominations organised by `organiser` (usually the Sở) for the units of its
    subtree: which awards are offered for which year (those a higher level decides marked in
    `upward_codes`), the deadline for nominations, and the
    disclosure period (công khai) in working days before the council votes."""

    name = models.CharField("Tên đợt xét", max_length=300)
    kind = models.CharField("Loại đợt", max_length=16, choices=RoundKind.choices)
    phase = models.ForeignKey(
        "movements.Phase",
        verbose_name="Giai đoạn phong trào (sơ kết, tổng kết)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("Năm xét")
    organiser = models.ForeignKey(
        Unit, verbose_name="Đơn vị tổ chức", on_delete=models.PROTECT, related_name="+"
    )
    award_codes = models.JSONField("Danh hiệu, hình thức xét", default=list)
    # Awards of `award_codes` a higher level decides: the round only proposes them upward (tờ
    # trình đề nghị cấp trên), its own decision leaves them out.
    upward_codes = models.JSONField(
        "Danh hiệu, hình thức đề nghị cấp trên", default=list, blank=True
    )
    nomination_deadline = models.DateField("Hạn gửi đề nghị")
    disclosure_start = models.DateField("Ngày bắt đầu công khai", null=True, blank=True)
    disclosure_working_days = models.PositiveSmallIntegerField(
        "Số ngày làm việc công khai", default=5
    )
    disclosure_public = models.BooleanField("Công khai trên trang công cộng", default=False)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    note = models.TextField("Ghi chú, căn cứ", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Đợt xét khen thưởng"
        verbose_name_plural = "Đợt xét khen thưởng"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(disclosure_working_days__gte=1), name="awards_round_disclosure_days"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Nomination(TimeStampedModel):
    """A unit's proposal (đề nghị) of one subject — a person or a collective — for one award of
    the round. `evaluation` is the engine's Evaluation at submission, as JSON, with the rulebook
    version used; `check_evaluation` the one re-run at thẩm định. A candidate who fails a rule is
    proposed, or accepted, only with `override_justification`, shown wherever it appears."""

    round = models.ForeignKey(
        AwardRound, verbose_name="Đợt xét", on_delete=models.PROTECT, related_name="nominations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị đề nghị", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="Cá nhân được đề nghị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name="Tập thể được đề nghị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    award_code = models.CharField("Mã danh hiệu, hình thức", max_length=32)
    status = models.CharField(
        "Trạng thái",
        max_length=24,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
    )
    achievement_summary = models.TextField("Tóm tắt thành tích", blank=True)
    eligible = models.BooleanField("Đủ điều kiện khi gửi", null=True, blank=True)
    evaluation = models.JSONField("Kết quả xét điều kiện khi gửi", default=dict, blank=True)
    rulebook_version = models.ForeignKey(
        RulebookVersion,
        verbose_name="Bộ quy tắc khi gửi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    check_eligible = models.BooleanField("Đủ điều kiện khi thẩm định", null=True, blank=True)
    check_evaluation = models.JSONField(
        "Kết quả xét điều kiện khi thẩm định", default=dict, blank=True
    )
    check_rulebook_version = models.ForeignKey(
        RulebookVersion,
        verbose_name="Bộ quy tắc khi thẩm định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_justification = models.TextField(
        "Giải trình đề nghị khi chưa đủ điều kiện", blank=True
    )
    check_note = models.TextField("Ý kiến thẩm định", blank=True)
    return_reason = models.TextField("Lý do trả lại", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField("Thẩm định lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Đề nghị khen thưởng"
        verbose_name_plural = "Đề nghị khen thưởng"
        ordering = ["round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, subject_unit__isnull=True)
                | Q(person__isnull=True, subject_unit__isnull=False),
                name="awards_nomination_one_subject",
            ),
            models.UniqueConstraint(
                fields=["round", "person", "award_code"],
                condition=Q(person__isnull=False) & LIVE_NOMINATION,
                name="awards_nomination_person_once",
            ),
            models.UniqueConstraint(
                fields=["round", "subject_unit", "award_code"],
                condition=Q(subject_unit__isnull=False) & LIVE_NOMINATION,
                name="awards_nomination_unit_once",
            ),
            models.CheckConstraint(
                condition=~Q(status=NominationStatus.ACCEPTED_WITH_OVERRIDE)
                | ~Q(override_justification=""),
                name="awards_override_has_justification",
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="awards_nomination_round_idx")]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.award_code}"

    @property
    def subject_name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return str(self.subject_unit)

    @property
    def is_accepted(self) -> bool:
        return self.status in ACCEPTED_STATUSES

    @property
    def has_override(self) -> bool:
        return bool(self.override_justification.strip())


class NominationAction(models.Model):
    """One step of a nomination's history, with its note (reason, justification) — shown on the
    nomination's page; the audit log holds the same write."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=16, choices=NominationActionKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "Lịch sử đề nghị khen thưởng"
        verbose_name_plural = "Lịch sử đề nghị khen thưởng"
        ordering = ["nomination", "at", "id"]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.get_kind_display()}"


def attachment_path(instance: "NominationAttachment", filename: str) -> str:
    return f"awards/nominations/{instance.sha256[:2]}/{instance.sha256}{_suffix(filename)}"


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


class NominationAttachment(models.Model):
    """A file of the dossier: uploaded (checked by core.uploads) or generated through the document
    engine (`document` then points to the issued tờ trình or báo cáo thành tích). The bình xét
    minutes carry the unit's vote result."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("Loại hồ sơ", max_length=24, choices=AttachmentKind.choices)
    file = models.FileField("Tệp", upload_to=attachment_path, blank=True)
    original_name = models.CharField("Tên tệp", max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name="Văn bản phát hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField("Mô tả", max_length=255, blank=True)
    votes_for = models.PositiveSmallIntegerField("Số phiếu đồng ý", null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField("Tổng số thành viên", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "Hồ sơ đề nghị khen thưởng"
        ordering = ["nomination", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(votes_total__isnull=True)
                | Q(votes_for__lte=F("votes_total")),
                name="awards_attachment_votes_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.get_kind_display()


class DisclosureFeedback(models.Model):
    """An opinion received while a round's list is disclosed, from anyone (named or not), about
    the list or one nomination. Every item is answered before the round goes to the council."""

    round = models.ForeignKey(
        AwardRound, verbose_name="Đợt xét", on_delete=models.PROTECT, related_name="feedback"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name="Về đề nghị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    channel = models.CharField(
        "Nhận qua", max_length=16, choices=FeedbackChannel.choices, default=FeedbackChannel.PUBLIC
    )
    sender_name = models.CharField("Người gửi", max_length=150, blank=True)
    sender_contact = models.CharField("Liên hệ", max_length=150, blank=True)
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("Nội dung ý kiến")
    received_at = models.DateTimeField("Nhận lúc", auto_now_add=True)
    answer = models.TextField("Trả lời", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("Trả lời lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Ý kiến trong thời gian công khai"
        verbose_name_plural = "Ý kiến trong thời gian công khai"
        ordering = ["round", "received_at", "id"]

    def __str__(self) -> str:
        return f"Ý kiến {self.pk} về {self.round}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
