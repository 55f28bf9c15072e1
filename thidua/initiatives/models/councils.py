"""Councils that judge initiatives: members, the versioned recognition rule, rubrics, review rounds,
reviewer assignments and conflicts, reviews, votes and decisions."""

from django.conf import settings
from django.db import models

from thidua.core.models import TimeStampedModel
from thidua.initiatives.enums import (
    AssignmentMethod,
    CouncilLevel,
    MemberRole,
    RecognitionLevel,
    ReviewStatus,
    RoundStatus,
    VoteChoice,
)
from thidua.initiatives.models.submission import Initiative
from thidua.organizations.models import Unit


class RecognitionRule(models.Model):
    """The rulebook entry for a council's decision: the share of the *whole* membership that must
    agree. Versioned by the date it takes effect; the one in force on the vote date applies."""

    valid_from = models.DateField("Áp dụng từ ngày", unique=True)
    pass_numerator = models.PositiveSmallIntegerField("Tử số tỷ lệ thông qua", default=2)
    pass_denominator = models.PositiveSmallIntegerField("Mẫu số tỷ lệ thông qua", default=3)
    citation = models.CharField("Căn cứ", max_length=500)
    note = models.TextField("Ghi chú", blank=True)

    class Meta:
        verbose_name = "Quy định thông qua của hội đồng sáng kiến"
        verbose_name_plural = "Quy định thông qua của hội đồng sáng kiến"
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_numerator__gt=0)
                & models.Q(pass_numerator__lte=models.F("pass_denominator")),
                name="recognition_rule_share_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pass_numerator}/{self.pass_denominator} từ {self.valid_from:%d/%m/%Y}"


class InitiativeCouncil(TimeStampedModel):
    """A Hội đồng sáng kiến of a unit (cơ sở) or of the department."""

    name = models.CharField("Tên hội đồng", max_length=255)
    level = models.CharField("Cấp", max_length=16, choices=CouncilLevel.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="initiative_councils", verbose_name="Đơn vị"
    )
    year = models.PositiveSmallIntegerField("Năm")
    decision_number = models.CharField("Quyết định thành lập số", max_length=64, blank=True)
    is_active = models.BooleanField("Đang hoạt động", default=True)

    class Meta:
        verbose_name = "Hội đồng sáng kiến"
        verbose_name_plural = "Hội đồng sáng kiến"
        ordering = ["-year", "level", "name"]

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    """A member of a council. Every member counts towards the whole membership a decision is
    measured against; `reviews` says who may be assigned initiatives to score."""

    council = models.ForeignKey(InitiativeCouncil, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiative_councils"
    )
    role = models.CharField("Vai trò", max_length=16, choices=MemberRole.choices)
    reviews = models.BooleanField("Tham gia chấm", default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "Thành viên hội đồng sáng kiến"
        verbose_name_plural = "Thành viên hội đồng sáng kiến"
        ordering = ["council", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="council_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Rubric(models.Model):
    """A scoring sheet: criteria with weights, each with labelled levels."""

    name = models.CharField("Tên phiếu chấm", max_length=255)
    is_default = models.BooleanField("Mặc định", default=False)

    class Meta:
        verbose_name = "Phiếu chấm sáng kiến"
        verbose_name_plural = "Phiếu chấm sáng kiến"

    def __str__(self) -> str:
        return self.name


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField("Mã", max_length=32)
    name = models.CharField("Tiêu chí", max_length=255)
    weight = models.DecimalField("Trọng số (%)", max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "Tiêu chí chấm"
        verbose_name_plural = "Tiêu chí chấm"
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="rubric_criterion_code_once")
        ]

    def __str__(self) -> str:
        return self.name


class RubricLevel(models.Model):
    """A labelled level of a criterion, e.g. 3 — "Mới trong phạm vi đơn vị"."""

    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField("Điểm")
    label = models.CharField("Mức", max_length=255)

    class Meta:
        ordering = ["criterion", "score"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "score"], name="rubric_level_once")
        ]

    def __str__(self) -> str:
        return f"{self.score} — {self.label}"


class ReviewRound(TimeStampedModel):
    """A đợt chấm of a council: which initiatives, how many reviewers each, until when."""

    council = models.ForeignKey(InitiativeCouncil, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField("Tên đợt chấm", max_length=255)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds")
    opens_on = models.DateField("Bắt đầu chấm")
    closes_on = models.DateField("Hạn chấm")
    blind = models.BooleanField("Chấm ẩn danh", default=True)
    reviewers_per_initiative = models.PositiveSmallIntegerField(
        "Số người chấm mỗi sáng kiến", default=3
    )
    max_per_reviewer = models.PositiveSmallIntegerField(
        "Tối đa sáng kiến mỗi người chấm", default=10
    )
    status = models.CharField(
        "Trạng thái", max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )

    class Meta:
        verbose_name = "Đợt chấm sáng kiến"
        verbose_name_plural = "Đợt chấm sáng kiến"
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.name


class RoundEntry(models.Model):
    """An initiative put before a round."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="round_entries"
    )

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "initiative"], name="round_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.initiative_id}"


class ConflictDeclaration(models.Model):
    """A conflict of interest a reviewer declares (or an officer records) on an initiative."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="conflicts")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("Lý do", max_length=500)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative", "user"], name="conflict_declared_once"
            )
        ]

    def __str__(self) -> str:
        return self.reason


class Assignment(models.Model):
    """A reviewer asked to score an initiative in a round."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiative_assignments"
    )
    method = models.CharField(max_length=8, choices=AssignmentMethod.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Phân công chấm"
        verbose_name_plural = "Phân công chấm"
        ordering = ["round", "initiative", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative", "reviewer"], name="assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.initiative_id}"


class Review(models.Model):
    """A reviewer's scoring sheet for one assignment; `total` is the weighted score out of 100."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    comment_to_council = models.TextField("Nhận xét gửi hội đồng", blank=True)
    comment_to_author = models.TextField("Nhận xét gửi tác giả", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Phiếu chấm"
        verbose_name_plural = "Phiếu chấm"

    def __str__(self) -> str:
        return f"Phiếu chấm {self.assignment_id}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.level_id}"


class CouncilVote(models.Model):
    """One member's vote on one initiative in a round: a member votes once."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="votes")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Phiếu biểu quyết"
        verbose_name_plural = "Phiếu biểu quyết"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative", "member"], name="council_vote_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.choice}"


class Decision(models.Model):
    """The council's decision on an initiative in a round, with the count it rests on."""

    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="decisions")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="decisions")
    recognised = models.BooleanField("Công nhận")
    level = models.CharField(
        "Cấp công nhận", max_length=16, choices=RecognitionLevel.choices, blank=True
    )
    number = models.CharField("Số quyết định / thông báo", max_length=64, blank=True)
    date = models.DateField("Ngày")
    reasons = models.TextField("Lý do (khi không công nhận)", blank=True)
    votes_for = models.PositiveSmallIntegerField()
    votes_against = models.PositiveSmallIntegerField()
    members_total = models.PositiveSmallIntegerField()
    rule = models.ForeignKey(RecognitionRule, on_delete=models.PROTECT, related_name="+")
    mean_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Quyết định công nhận sáng kiến"
        verbose_name_plural = "Quyết định công nhận sáng kiến"
        constraints = [
            models.UniqueConstraint(fields=["round", "initiative"], name="decision_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {'công nhận' if self.recognised else 'không công nhận'}"
