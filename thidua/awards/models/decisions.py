"""Award decisions (quyết định khen thưởng): a draft with its recipients — the candidates who
passed the council's vote —, reviewed, then issued through the documents engine; on issue each
recipient becomes an `AwardRecord` of the history. Revocation (Luật Thi đua, khen thưởng 2022,
Chương VII) keeps the row and its legal ground."""

from django.conf import settings
from django.db import models

from thidua.awards.models.councils import AgendaItem, CouncilSession
from thidua.awards.models.inputs import AwardRecord
from thidua.awards.models.rounds import AwardRound, Nomination
from thidua.awards.models.rulebook import RulebookVersion
from thidua.core.models import TimeStampedModel
from thidua.organizations.models import Person, Unit


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    REVIEWED = "reviewed", "Đã rà soát, chờ phát hành"
    ISSUED = "issued", "Đã ban hành"


class RevocationGround(models.TextChoices):
    """Why an award is cancelled (Luật Thi đua, khen thưởng 2022, Chương VII; LEGAL.md §1.11)."""

    FALSE_DECLARATION = "false_declaration", "Gian dối trong việc kê khai thành tích"
    FALSE_DOSSIER = "false_dossier", "Cung cấp thông tin sai sự thật, làm giả hồ sơ, giấy tờ"
    WRONG_PROCEDURE = "wrong_procedure", "Thẩm định, xét duyệt, đề nghị khen thưởng trái quy định"
    NOT_QUALIFIED = "not_qualified", "Phát hiện sau khi khen thưởng không đủ tiêu chuẩn"


class AwardDecision(TimeStampedModel):
    """The decision drawn from a closed session of the council: the rulebook in force on the
    meeting date gives the base salary and the multiples (kept here as used). Its number and
    date come from issuing (`document`)."""

    session = models.OneToOneField(
        CouncilSession, on_delete=models.PROTECT, related_name="decision"
    )
    round = models.ForeignKey(AwardRound, on_delete=models.PROTECT, related_name="decisions")
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị ban hành", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "Trạng thái", max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    rulebook_version = models.ForeignKey(
        RulebookVersion, verbose_name="Bộ quy tắc", on_delete=models.PROTECT, related_name="+"
    )
    base_salary = models.DecimalField("Mức lương cơ sở", max_digits=12, decimal_places=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("Rà soát lúc", null=True, blank=True)
    review_note = models.TextField("Ý kiến rà soát", blank=True)
    document = models.OneToOneField(
        "documents.IssuedDocument",
        verbose_name="Văn bản phát hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField("Số, ký hiệu", max_length=64, blank=True)
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)

    class Meta:
        verbose_name = "Quyết định khen thưởng"
        verbose_name_plural = "Quyết định khen thưởng"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number or f"Dự thảo quyết định khen thưởng {self.pk}"

    @property
    def is_issued(self) -> bool:
        return self.status == DecisionStatus.ISSUED


class DecisionRecipient(models.Model):
    """One line of the decision: the subject, the award, its số sổ vàng (the line's number in
    the decision, NĐ 98/2023 Điều 104) and its reward (multiple × base salary, rounded as the
    rulebook says). `record` is the history row written on issue."""

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="recipients")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award_code = models.CharField("Mã danh hiệu, hình thức", max_length=32)
    award_name = models.CharField("Danh hiệu, hình thức", max_length=255)
    award_kind = models.CharField("Loại", max_length=8)  # "title" | "form"
    register_number = models.PositiveIntegerField("Số sổ vàng")
    reward_multiple = models.DecimalField("Hệ số tiền thưởng", max_digits=6, decimal_places=2)
    amount = models.DecimalField("Tiền thưởng (đồng)", max_digits=14, decimal_places=0)
    record = models.OneToOneField(
        AwardRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_line",
    )
    revocation_ground = models.CharField(
        "Căn cứ hủy bỏ", max_length=24, choices=RevocationGround.choices, blank=True
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Người, tập thể được khen thưởng"
        verbose_name_plural = "Người, tập thể được khen thưởng"
        ordering = ["decision", "register_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "register_number"], name="awards_recipient_register_once"
            ),
            models.UniqueConstraint(
                fields=["decision", "nomination"], name="awards_recipient_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register_number}. {self.subject_name}"

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person is not None else str(self.subject_unit)

    @property
    def is_person(self) -> bool:
        return self.person_id is not None
