"""The Hội đồng Thi đua – Khen thưởng of a unit, its sessions and its secret ballot.

The ballot is secret (NĐ 98/2023/NĐ-CP Điều 30 khoản 7: "bỏ phiếu kín"): nobody — not a
manager, not a system administrator, not the API, not someone reading the database — can learn
who voted what. So what a member did and what they chose are stored apart and cannot be joined:

- `BallotMark` says that a member has voted on an agenda item (and whether the secretary
  entered their written vote): it refuses a second vote, shows who has not voted yet, and
  carries no choice;
- `BallotBox` holds, per agenda item, only the running counts (approve, reject, and the written
  ones among them): a vote adds one to a counter. There is no ballot row to order, no member,
  no time — not even an `updated_at` — so nothing ties a count to the mark written in the same
  transaction. (Anonymous ballot rows would not do: their ids, or SQLite's rowid, follow the
  order of insertion, which the marks' audit entries reveal.)

The counts are shown only once the session is closed (`selectors.councils`): during the vote,
watching a counter move as a member votes would undo the secrecy.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.awards.models.rounds import AwardRound, Nomination
from thidua.awards.models.rulebook import RulebookVersion
from thidua.core.models import TimeStampedModel
from thidua.organizations.models import Unit


class CouncilRole(models.TextChoices):
    """Thành phần Hội đồng (Bắc Ninh QĐ 86/2025 Điều 8–9): every member votes, the secretary
    included (Ủy viên kiêm Thư ký)."""

    CHAIR = "chair", "Chủ tịch"
    VICE_CHAIR = "vice_chair", "Phó Chủ tịch"
    MEMBER = "member", "Ủy viên"
    SECRETARY = "secretary", "Ủy viên kiêm Thư ký"


class SessionStatus(models.TextChoices):
    OPEN = "open", "Đang họp, bỏ phiếu"
    CLOSED = "closed", "Đã kết thúc, đã kiểm phiếu"


class AwardCouncil(TimeStampedModel):
    """The Hội đồng Thi đua – Khen thưởng of a unit (the Sở's, or a hospital's)."""

    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="award_councils"
    )
    name = models.CharField("Tên Hội đồng", max_length=255)
    decision_number = models.CharField("Quyết định thành lập số", max_length=64, blank=True)
    is_active = models.BooleanField("Đang hoạt động", default=True)

    class Meta:
        verbose_name = "Hội đồng Thi đua - Khen thưởng"
        verbose_name_plural = "Hội đồng Thi đua - Khen thưởng"
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class AwardCouncilMember(models.Model):
    """A member; every member counts in the whole membership that quorum and thresholds are
    measured against."""

    council = models.ForeignKey(AwardCouncil, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_councils"
    )
    role = models.CharField("Chức danh", max_length=16, choices=CouncilRole.choices)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "Thành viên Hội đồng Thi đua - Khen thưởng"
        verbose_name_plural = "Thành viên Hội đồng Thi đua - Khen thưởng"
        ordering = ["council", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="awards_council_member_once"),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="chair"),
                name="awards_council_one_chair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CouncilSession(TimeStampedModel):
    """A meeting of the council on a round's accepted nominations. `members_total` is the
    membership when the session opened (thresholds are shares of it); `rulebook_version` the
    version in force on the meeting date (quorum and thresholds come from it)."""

    council = models.ForeignKey(AwardCouncil, on_delete=models.PROTECT, related_name="sessions")
    round = models.ForeignKey(
        AwardRound, verbose_name="Đợt xét", on_delete=models.PROTECT, related_name="sessions"
    )
    meeting_date = models.DateField("Ngày họp")
    place = models.CharField("Địa điểm", max_length=255, blank=True)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    members_total = models.PositiveSmallIntegerField("Tổng số thành viên")
    rulebook_version = models.ForeignKey(
        RulebookVersion, verbose_name="Bộ quy tắc", on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("Kết thúc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Phiên họp Hội đồng Thi đua - Khen thưởng"
        verbose_name_plural = "Phiên họp Hội đồng Thi đua - Khen thưởng"
        ordering = ["-meeting_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"], condition=Q(status="open"), name="awards_one_open_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} — {self.meeting_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN


class SessionAttendance(models.Model):
    """Whether a member is present at the session (written votes do not make one present)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(AwardCouncilMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("Có mặt", default=False)

    class Meta:
        ordering = ["session", "member__order", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="awards_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {'có mặt' if self.present else 'vắng'}"


class AgendaItem(models.Model):
    """An accepted nomination before the session, with its result once the session closes
    (counted by `domain.votes` against the whole membership; a snapshot, never recomputed)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)
    approve = models.PositiveSmallIntegerField("Đồng ý", null=True, blank=True)
    reject = models.PositiveSmallIntegerField("Không đồng ý", null=True, blank=True)
    written_approve = models.PositiveSmallIntegerField("Đồng ý bằng văn bản", null=True, blank=True)
    needed = models.PositiveSmallIntegerField("Số phiếu cần đạt", null=True, blank=True)
    passed = models.BooleanField("Đạt", null=True, blank=True)
    explanation = models.TextField("Diễn giải kết quả", blank=True)

    class Meta:
        verbose_name = "Nội dung xét tại phiên họp"
        verbose_name_plural = "Nội dung xét tại phiên họp"
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="awards_agenda_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.nomination_id}"


class BallotMark(models.Model):
    """That `member` has voted on `item` — never what they chose (see the module docstring).
    `written`: the secretary entered the written vote of a member absent from the session."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="marks")
    member = models.ForeignKey(AwardCouncilMember, on_delete=models.PROTECT, related_name="+")
    written = models.BooleanField("Phiếu bằng văn bản", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "Đã bỏ phiếu"
        verbose_name_plural = "Đã bỏ phiếu"
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="awards_one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} đã bỏ phiếu ({self.item_id})"


class BallotBox(models.Model):
    """The anonymous counts of one agenda item's ballots (see the module docstring): no member,
    no time, no row per ballot."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="box")
    approve = models.PositiveSmallIntegerField(default=0)
    reject = models.PositiveSmallIntegerField(default=0)
    written_approve = models.PositiveSmallIntegerField(default=0)
    written_reject = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "Hòm phiếu"
        verbose_name_plural = "Hòm phiếu"

    def __str__(self) -> str:
        return f"Hòm phiếu {self.item_id}"
