"""The inputs the Law's rules read. A subject is a person (cá nhân) or a collective (tập thể, a
Unit): rows that may concern either carry both foreign keys, exactly one of them set."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.awards.enums import DisciplineForm, HoldKind, InputSource, Rating, ResearchLevel
from thidua.core.models import TimeStampedModel
from thidua.organizations.models import Person, Unit

_ONE_SUBJECT = Q(person__isnull=False, unit__isnull=True) | Q(
    person__isnull=True, unit__isnull=False
)


class SubjectInput(TimeStampedModel):
    """A row about one person or one collective, written by a service (audited)."""

    person = models.ForeignKey(
        Person,
        verbose_name="Cá nhân",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="Tập thể",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person is not None else str(self.unit)


class YearlyRating(SubjectInput):
    """The year's mức độ hoàn thành nhiệm vụ of a person or a collective (one per year)."""

    year = models.PositiveSmallIntegerField("Năm")
    rating = models.CharField("Mức xếp loại", max_length=8, choices=Rating.choices)
    source = models.CharField(
        "Nguồn", max_length=8, choices=InputSource.choices, default=InputSource.FORM
    )
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "Xếp loại hằng năm"
        verbose_name_plural = "Xếp loại hằng năm"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="awards_rating_one_subject"),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="awards_one_rating_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="awards_one_rating_per_unit_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "person"], name="awards_rating_year_idx")]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.get_rating_display()} năm {self.year}"


class AwardRecord(SubjectInput):
    """A title or commendation held (danh hiệu, hình thức khen thưởng): the history that chains
    read. `thematic` marks awards of a thematic movement, which never count toward chains of
    regular awards (NĐ 152/2025 Điều 4.3). A revoked award (Luật TĐKT Chương VII) stays, with
    its reason, and counts for nothing."""

    award_code = models.CharField("Mã danh hiệu, hình thức", max_length=32)
    year = models.PositiveSmallIntegerField("Năm")
    decision_number = models.CharField("Số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    issuer = models.CharField("Cấp quyết định", max_length=255, blank=True)
    thematic = models.BooleanField("Khen thưởng theo chuyên đề", default=False)
    revoked = models.BooleanField("Đã hủy bỏ", default=False)
    revoked_reason = models.TextField("Lý do hủy bỏ", blank=True)
    revoked_at = models.DateTimeField("Hủy bỏ lúc", null=True, blank=True)
    source = models.CharField(
        "Nguồn", max_length=8, choices=InputSource.choices, default=InputSource.FORM
    )

    class Meta:
        verbose_name = "Danh hiệu, hình thức khen thưởng đã đạt"
        verbose_name_plural = "Danh hiệu, hình thức khen thưởng đã đạt"
        ordering = ["-year", "award_code", "id"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="awards_record_one_subject"),
            models.UniqueConstraint(
                fields=["person", "award_code", "year"],
                condition=Q(person__isnull=False, revoked=False),
                name="awards_one_record_per_person_award_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "award_code", "year"],
                condition=Q(unit__isnull=False, revoked=False),
                name="awards_one_record_per_unit_award_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "award_code"], name="awards_record_year_idx")]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.award_code} năm {self.year}"


class Hold(SubjectInput):
    """A pending inspection, investigation or complaint: no award while it is open
    (NĐ 152/2025 Điều 4.4). `end` empty means still open."""

    kind = models.CharField("Loại", max_length=16, choices=HoldKind.choices)
    start = models.DateField("Từ ngày")
    end = models.DateField("Đến ngày", null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "Đang xem xét (thanh tra, điều tra, khiếu nại)"
        verbose_name_plural = "Đang xem xét (thanh tra, điều tra, khiếu nại)"
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="awards_hold_one_subject"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="awards_hold_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.get_kind_display()} từ {self.start:%d/%m/%Y}"


class PersonInput(TimeStampedModel):
    person = models.ForeignKey(
        Person, verbose_name="Cá nhân", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class ResearchProject(PersonInput):
    """An accepted (nghiệm thu) research project, đề tài, đề án or công trình KH&CN — a basis of
    Chiến sĩ thi đua cơ sở (Luật TĐKT Điều 23)."""

    title = models.CharField("Tên đề tài, đề án", max_length=300)
    level = models.CharField("Cấp", max_length=16, choices=ResearchLevel.choices)
    year = models.PositiveSmallIntegerField("Năm nghiệm thu")
    decision_number = models.CharField("Số quyết định nghiệm thu", max_length=64, blank=True)

    class Meta:
        verbose_name = "Đề tài khoa học đã nghiệm thu"
        verbose_name_plural = "Đề tài khoa học đã nghiệm thu"
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class DisciplineRecord(PersonInput):
    """A discipline (kỷ luật): no award while it runs, and achievements count only from its end
    (NĐ 152/2025 Điều 4.4)."""

    form = models.CharField("Hình thức kỷ luật", max_length=24, choices=DisciplineForm.choices)
    start = models.DateField("Từ ngày")
    end = models.DateField("Đến ngày", null=True, blank=True)
    decision_number = models.CharField("Số quyết định", max_length=64, blank=True)

    class Meta:
        verbose_name = "Kỷ luật"
        verbose_name_plural = "Kỷ luật"
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="awards_discipline_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} từ {self.start:%d/%m/%Y}"


class MaternityLeave(PersonInput):
    """Nghỉ thai sản: counts as time worked toward titles (NĐ 152/2025 Điều 4.5)."""

    start = models.DateField("Từ ngày")
    end = models.DateField("Đến ngày")

    class Meta:
        verbose_name = "Nghỉ thai sản"
        verbose_name_plural = "Nghỉ thai sản"
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="awards_maternity_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Nghỉ thai sản {self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
