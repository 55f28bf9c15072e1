"""The plan of an emulation movement: phases and reviews, reporting periods, content areas,
criteria and indicators, versioned scoring tables, targets, registrations and pledges.

Models hold fields and constraints; the rules live in services and in the pure modules
(`formulas.py`, `scoring.py`, `periods.py`). Everything is scoped through the movement's
organising unit (`owner`) and, for targets and registrations, the unit they concern.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from thidua.core.models import TimeStampedModel
from thidua.movements.enums import (
    Aggregation,
    ApprovalStatus,
    AreaKind,
    Direction,
    EmulationTitle,
    MovementKind,
    MovementStatus,
    PeriodKind,
    ReviewKind,
    ScoringMethod,
    TargetStatus,
    ValueType,
)
from thidua.organizations.models import Cluster, Person, Unit


class Movement(TimeStampedModel):
    """A phong trào thi đua, organised by `owner` (e.g. the Sở) for the units of its subtree."""

    code = models.CharField("Mã phong trào", max_length=32, unique=True)
    name = models.CharField("Tên phong trào", max_length=300)
    kind = models.CharField("Hình thức", max_length=16, choices=MovementKind.choices)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    owner = models.ForeignKey(
        Unit, verbose_name="Đơn vị tổ chức", on_delete=models.PROTECT, related_name="movements"
    )
    description = models.TextField("Mục tiêu, yêu cầu", blank=True)
    legal_basis = models.TextField("Căn cứ", blank=True)
    for_collectives = models.BooleanField("Đối tượng: tập thể", default=True)
    for_individuals = models.BooleanField("Đối tượng: cá nhân", default=True)
    start_date = models.DateField("Bắt đầu")
    end_date = models.DateField("Kết thúc")

    class Meta:
        verbose_name = "Phong trào thi đua"
        verbose_name_plural = "Phong trào thi đua"
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="movement_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MovementScope(models.Model):
    """A unit taking part in the movement (with or without its subtree). No row: the whole
    subtree of the owner takes part."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="scope")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    include_subtree = models.BooleanField(default=True)

    class Meta:
        verbose_name = "Phạm vi phong trào"
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="movement_scope_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.movement_id}: {self.unit_id}"


class Phase(models.Model):
    """A giai đoạn, ending with its review (sơ kết / tổng kết) on `review_date`."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField("Giai đoạn")
    name = models.CharField("Tên giai đoạn", max_length=200)
    start_date = models.DateField("Bắt đầu")
    end_date = models.DateField("Kết thúc")
    review_kind = models.CharField(
        "Hình thức đánh giá", max_length=16, choices=ReviewKind.choices, blank=True
    )
    review_name = models.CharField("Tên hội nghị sơ kết, tổng kết", max_length=200, blank=True)
    review_date = models.DateField("Ngày sơ kết, tổng kết", null=True, blank=True)

    class Meta:
        verbose_name = "Giai đoạn"
        verbose_name_plural = "Giai đoạn"
        ordering = ["movement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "number"], name="phase_number_once"),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """A reporting period. Opening, due and lock dates are distinct on purpose: entry opens,
    reports are due, and after the lock date nothing can be entered without an exception."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField("Loại kỳ", max_length=16, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField("Năm")
    number = models.PositiveSmallIntegerField("Số thứ tự trong năm")
    name = models.CharField("Tên kỳ", max_length=100)
    start_date = models.DateField("Từ ngày")
    end_date = models.DateField("Đến ngày")
    opens_on = models.DateField("Mở nhập liệu")
    due_on = models.DateField("Hạn nộp")
    locks_on = models.DateField("Khóa số liệu")

    class Meta:
        verbose_name = "Kỳ báo cáo"
        verbose_name_plural = "Kỳ báo cáo"
        ordering = ["movement", "start_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "kind", "year", "number"], name="period_once"
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("due_on")) & Q(due_on__lte=F("locks_on")),
                name="period_opens_due_locks_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContentArea(models.Model):
    """A nội dung thi đua or a nhóm giải pháp of the plan."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField("Mã", max_length=32)
    name = models.CharField("Tên nội dung", max_length=300)
    kind = models.CharField("Loại", max_length=16, choices=AreaKind.choices)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)
    description = models.TextField("Mô tả", blank=True)
    # Words that suggest this area for a text (initiatives, issue 5); folded, space-separated.
    keywords = models.TextField("Từ khóa gợi ý", blank=True)

    class Meta:
        verbose_name = "Nội dung thi đua"
        verbose_name_plural = "Nội dung thi đua"
        ordering = ["movement", "kind", "order"]
        constraints = [models.UniqueConstraint(fields=["movement", "code"], name="area_code_once")]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A tiêu chí under a content area, possibly under another criterion (a tree)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="criteria")
    area = models.ForeignKey(ContentArea, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField("Mã tiêu chí", max_length=32)
    name = models.CharField("Tên tiêu chí", max_length=300)
    weight = models.DecimalField("Trọng số", max_digits=7, decimal_places=4, default=1)
    max_points = models.DecimalField("Điểm tối đa", max_digits=8, decimal_places=2)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)
    description = models.TextField("Hướng dẫn chấm", blank=True)

    class Meta:
        verbose_name = "Tiêu chí"
        verbose_name_plural = "Tiêu chí"
        ordering = ["movement", "area", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "code"], name="criterion_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Indicator(models.Model):
    """A chỉ tiêu: entered by units, or computed by a formula over other indicators' codes."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="indicators")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("Mã chỉ tiêu", max_length=32)
    name = models.CharField("Tên chỉ tiêu", max_length=300)
    value_type = models.CharField("Kiểu giá trị", max_length=16, choices=ValueType.choices)
    unit_label = models.CharField("Đơn vị tính", max_length=40, blank=True)
    direction = models.CharField(
        "Chiều đánh giá",
        max_length=8,
        choices=Direction.choices,
        default=Direction.HIGHER_IS_BETTER,
    )
    aggregation = models.CharField(
        "Cách tổng hợp lên đơn vị cấp trên",
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    formula = models.TextField("Công thức", blank=True)
    evidence_required = models.BooleanField("Bắt buộc minh chứng", default=False)
    evidence_note = models.CharField("Minh chứng cần nộp", max_length=300, blank=True)
    min_value = models.DecimalField(
        "Giá trị nhỏ nhất", null=True, blank=True, max_digits=14, decimal_places=4
    )
    max_value = models.DecimalField(
        "Giá trị lớn nhất", null=True, blank=True, max_digits=14, decimal_places=4
    )
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "Chỉ tiêu"
        verbose_name_plural = "Chỉ tiêu"
        ordering = ["movement", "criterion", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "code"], name="indicator_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def is_computed(self) -> bool:
        return bool(self.formula.strip())


class YearlyTarget(models.Model):
    """The default target of an indicator for a year (what every unit aims at unless it has
    its own Target)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="yearly")
    year = models.PositiveSmallIntegerField("Năm")
    value = models.DecimalField("Chỉ tiêu", max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = "Chỉ tiêu chung theo năm"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="yearly_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"


class StructureStamp(models.Model):
    """What a movement's content areas, criteria, indicators and scoring tables' versions are
    at the moment, as a token that changes with any of them: written by the database itself
    (triggers of migrations 0003 and 0004, on every insert, update and delete of those tables,
    bulk and raw ones too), never by the application. The pages that show the whole plan keep it per process and
    rebuild it when the token moves (`movements.selectors.structure`).

    A random token, not a counter: a counter could come back to a value already seen (a
    transaction rolled back, a test database reset) with another plan behind it. No foreign
    key: the triggers of a movement's cascaded deletion would write a stamp for the movement
    being deleted; a stamp left behind is never read again (ids are not reused)."""

    movement = models.OneToOneField(
        Movement,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="structure_stamp",
    )
    token = models.BigIntegerField()

    class Meta:
        verbose_name = "Dấu thay đổi cấu trúc phong trào"
        verbose_name_plural = "Dấu thay đổi cấu trúc phong trào"

    def __str__(self) -> str:
        return f"{self.movement_id}: {self.token}"


class ScoringTable(TimeStampedModel):
    """A bảng chấm điểm; its content lives in versions, each effective from a date."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField("Tên bảng điểm", max_length=200)
    total_points = models.DecimalField("Tổng điểm", max_digits=8, decimal_places=2, default=100)

    class Meta:
        verbose_name = "Bảng chấm điểm"
        verbose_name_plural = "Bảng chấm điểm"
        ordering = ["movement", "name"]

    def __str__(self) -> str:
        return self.name


class ScoringVersion(models.Model):
    """One version of a scoring table. Frozen (never edited again) once it has scored a
    submitted report; a change is a new version effective from a later date."""

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("Phiên bản")
    effective_from = models.DateField("Áp dụng từ ngày")
    note = models.TextField("Ghi chú thay đổi", blank=True)
    frozen_at = models.DateTimeField("Đã khóa lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Phiên bản bảng điểm"
        ordering = ["table", "-effective_from", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["table", "number"], name="version_number_once"),
            models.UniqueConstraint(
                fields=["table", "effective_from"], name="version_effective_date_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table_id} v{self.number} ({self.effective_from:%d/%m/%Y})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ScoringRule(models.Model):
    """How one indicator's value becomes points in a version (parameters as JSON, checked by
    `scoring.check_rule` before they are saved)."""

    version = models.ForeignKey(ScoringVersion, on_delete=models.CASCADE, related_name="rules")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    method = models.CharField("Cách tính điểm", max_length=16, choices=ScoringMethod.choices)
    max_points = models.DecimalField("Điểm tối đa", max_digits=8, decimal_places=2)
    params = models.JSONField("Tham số", default=dict, blank=True)

    class Meta:
        verbose_name = "Quy tắc chấm điểm"
        constraints = [
            models.UniqueConstraint(fields=["version", "indicator"], name="rule_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.method}"


class TitleBand(models.Model):
    """From `min_total` points up, the total maps to `label` (e.g. ≥ 90: Xuất sắc)."""

    version = models.ForeignKey(ScoringVersion, on_delete=models.CASCADE, related_name="bands")
    min_total = models.DecimalField("Từ điểm", max_digits=8, decimal_places=2)
    label = models.CharField("Xếp loại", max_length=100)

    class Meta:
        verbose_name = "Mức xếp loại"
        ordering = ["version", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["version", "min_total"], name="band_threshold_once")
        ]

    def __str__(self) -> str:
        return f"≥ {self.min_total}: {self.label}"


class Target(TimeStampedModel):
    """An indicator's target for one unit and year: assigned by the department, or proposed
    by the unit and approved by the department."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField("Năm")
    value = models.DecimalField("Chỉ tiêu", max_digits=14, decimal_places=4)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=TargetStatus.choices, default=TargetStatus.APPROVED
    )
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Chỉ tiêu giao cho đơn vị"
        verbose_name_plural = "Chỉ tiêu giao cho đơn vị"
        ordering = ["year", "unit", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], name="target_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} @ {self.unit_id} {self.year}: {self.value}"


class RegistrationRound(models.Model):
    """The đăng ký thi đua of one year: when it opens and its deadline."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="rounds")
    year = models.PositiveSmallIntegerField("Năm")
    opens_on = models.DateField("Mở đăng ký")
    deadline = models.DateField("Hạn đăng ký")

    class Meta:
        verbose_name = "Đợt đăng ký thi đua"
        ordering = ["movement", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "year"], name="round_per_year"),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_on")), name="round_deadline_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.movement_id} {self.year}"


class UnitRegistration(TimeStampedModel):
    """A unit's đăng ký thi đua for a year: the collective title it aims for, its commitments,
    how many of its people aim for each individual title; approved or returned by the Sở."""

    round = models.ForeignKey(
        RegistrationRound, on_delete=models.CASCADE, related_name="unit_registrations"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    collective_title = models.CharField(
        "Danh hiệu tập thể đăng ký", max_length=40, choices=EmulationTitle.choices, blank=True
    )
    commitments = models.TextField("Nội dung đăng ký, cam kết", blank=True)
    individual_counts = models.JSONField("Số cá nhân đăng ký theo danh hiệu", default=dict)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Who sent it: that user may not approve it too (four eyes).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField("Lý do trả lại", blank=True)
    # A later deadline the department granted this unit (and the people of its subtree).
    deadline_override = models.DateField("Gia hạn đăng ký đến", null=True, blank=True)

    class Meta:
        verbose_name = "Đăng ký thi đua của đơn vị"
        verbose_name_plural = "Đăng ký thi đua của đơn vị"
        ordering = ["round", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="unit_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.round_id}"


class PersonalRegistration(TimeStampedModel):
    """A staff member's commitment and the title they aim for; approved by the unit head."""

    round = models.ForeignKey(
        RegistrationRound, on_delete=models.CASCADE, related_name="personal_registrations"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    # The person's unit when they registered: scope and approval follow it.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("Danh hiệu đăng ký", max_length=40, choices=EmulationTitle.choices)
    commitments = models.TextField("Nội dung cam kết", blank=True)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField("Lý do trả lại", blank=True)

    class Meta:
        verbose_name = "Đăng ký thi đua cá nhân"
        verbose_name_plural = "Đăng ký thi đua cá nhân"
        ordering = ["round", "unit", "person"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="personal_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.round_id}: {self.title}"


class Pledge(TimeStampedModel):
    """A giao ước thi đua signed by the units of a cluster for a year."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="pledges")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="pledges")
    title = models.CharField("Tiêu đề", max_length=300)
    content = models.TextField("Nội dung giao ước")
    signed_on = models.DateField("Ngày ký")
    place = models.CharField("Địa điểm ký", max_length=200, blank=True)

    class Meta:
        verbose_name = "Giao ước thi đua"
        verbose_name_plural = "Giao ước thi đua"
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "cluster"], name="pledge_per_cluster")
        ]

    def __str__(self) -> str:
        return self.title


class PledgeSignatory(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatories")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField("Người ký", max_length=150)
    signer_position = models.CharField("Chức vụ", max_length=150)

    class Meta:
        verbose_name = "Đơn vị ký giao ước"
        constraints = [
            models.UniqueConstraint(fields=["pledge", "unit"], name="pledge_signed_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.unit_id}"
