"""The council's writes: councils and members, sessions on a round, attendance, the secret
ballot (a member's own, and the written votes of absent members entered by the secretary), and
closing a session with its tally.

Secrecy (NĐ 98/2023/NĐ-CP Điều 30 khoản 7, "bỏ phiếu kín"): a vote writes a `BallotMark`
(that the member voted) and adds one to the item's anonymous `BallotBox` counters in the same
transaction; the audit entry says who voted on which items, never what they chose. See
`models.councils` for why no ballot row exists.

Counting (`domain.votes`): quorum and thresholds are shares of the WHOLE membership, frozen when
the session opens, with the rulebook in force on the meeting date. Every write is one
transaction, audited; every refusal is logged (`refuse`).
"""

import datetime as dt
import logging
from collections.abc import Mapping
from typing import NoReturn

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards.domain.rules import RulebookSpec
from thidua.awards.domain.votes import Ballot, Nominee, VotingError, require_quorum, tally
from thidua.awards.enums import RoundStatus
from thidua.awards.models import (
    AgendaItem,
    AwardCouncil,
    AwardCouncilMember,
    AwardRound,
    BallotBox,
    BallotMark,
    CouncilSession,
    Nomination,
    SessionAttendance,
)
from thidua.awards.models.councils import CouncilRole, SessionStatus
from thidua.awards.models.rounds import ACCEPTED_STATUSES
from thidua.awards.selectors.councils import can_manage, is_secretary, membership_of
from thidua.awards.selectors.rulebook import rulebook_in_force, spec_of
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.notifications import notify_many
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can

logger = logging.getLogger(__name__)


def refuse(message: str, *, by: User | None, field: str | None = None) -> NoReturn:
    """Log the refusal (who, what) and raise it as a DomainError."""
    logger.info("awards council refusal for user %s: %s", getattr(by, "pk", None), message)
    raise DomainError(message, field=field)


def deny(message: str, *, by: User | None) -> NoReturn:
    logger.info("awards council refusal for user %s: %s", getattr(by, "pk", None), message)
    raise PermissionDeniedError(message)


def _check_manager(council: AwardCouncil, by: User) -> None:
    if not can_manage(by, council):
        deny("Bạn không có quyền quản lý Hội đồng Thi đua - Khen thưởng của đơn vị này.", by=by)


# -- Councils and members ------------------------------------------------------------------------


@transaction.atomic
def create_council(*, unit: Unit, name: str, by: User, decision_number: str = "") -> AwardCouncil:
    """A Hội đồng Thi đua – Khen thưởng at `unit` (MANAGE_AWARD_COUNCILS there)."""
    if not can(by, Perm.MANAGE_AWARD_COUNCILS, unit.path):
        deny("Bạn không có quyền lập Hội đồng Thi đua - Khen thưởng của đơn vị này.", by=by)
    name = name.strip()
    if not name:
        refuse("Hãy nhập tên Hội đồng.", by=by, field="name")
    council = AwardCouncil.objects.create(
        unit=unit, name=name[:255], decision_number=decision_number.strip()[:64]
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=council,
        unit_path=unit.path,
        changes={"name": [None, council.name]},
    )
    return council


def add_member(council: AwardCouncil, *, user: User, role: str, by: User) -> AwardCouncilMember:
    """Add `user` to the council as `role`. Refuses: no permission, an unknown role, a member
    twice, a second chair, and any change while a session of the council is open (its membership
    is what thresholds are counted on)."""
    _check_manager(council, by)
    if role not in CouncilRole.values:
        refuse("Chức danh trong Hội đồng không hợp lệ.", by=by, field="role")
    if council.sessions.filter(status=SessionStatus.OPEN).exists():
        refuse("Hội đồng đang có phiên họp: không thay đổi thành viên lúc này.", by=by)
    if AwardCouncilMember.objects.filter(council=council, user=user).exists():
        refuse(f"{user.display_name} đã là thành viên Hội đồng.", by=by, field="user")
    if role == CouncilRole.CHAIR and council.members.filter(role=CouncilRole.CHAIR).exists():
        refuse("Hội đồng đã có Chủ tịch.", by=by, field="role")
    with transaction.atomic():
        order = council.members.count() + 1
        member = AwardCouncilMember.objects.create(
            council=council, user=user, role=role, order=order
        )
        record_audit(
            actor=by,
            action=AuditAction.CREATE,
            target=member,
            target_repr=f"{user.display_name} — {member.get_role_display()}, {council.name}",
            unit_path=council.unit.path,
            changes={"role": [None, role]},
        )
    return member


# -- Sessions ------------------------------------------------------------------------------------


def open_session(
    council: AwardCouncil,
    *,
    round_: AwardRound,
    meeting_date: dt.date,
    by: User,
    place: str = "",
) -> CouncilSession:
    """Open a session of `council` on `round_`: the agenda is the round's accepted nominations
    (with or without an accepted override) not yet before an earlier session; every member is
    listed as absent until the attendance is recorded; the membership and the rulebook in force
    on `meeting_date` are frozen on the session.

    Refuses: no permission; a round of another organiser; a round not handed to the council
    (disclosure not finished); a council without members; no rulebook in force on the date; a
    round with nothing to consider; a second open session of the round."""
    _check_manager(council, by)
    if round_.organiser_id != council.unit_id:
        refuse("Đợt xét này không do đơn vị của Hội đồng tổ chức.", by=by, field="round")
    if round_.status != RoundStatus.COUNCIL:
        refuse(
            f"Đợt xét “{round_.name}” chưa trình Hội đồng (đang ở trạng thái "
            f"“{round_.get_status_display()}”): Hội đồng chỉ họp sau khi công khai xong và mọi "
            "ý kiến đã được trả lời.",
            by=by,
            field="round",
        )
    members = list(council.members.select_related("user").order_by("order", "id"))
    if not members:
        refuse("Hội đồng chưa có thành viên nào.", by=by)
    version = rulebook_in_force(meeting_date)
    if version is None:
        refuse(
            f"Chưa có bộ quy tắc khen thưởng áp dụng vào ngày {meeting_date:%d/%m/%Y}.",
            by=by,
            field="meeting_date",
        )
    considered = AgendaItem.objects.filter(session__round=round_).values("nomination_id")
    nominations = list(
        Nomination.objects.filter(round=round_, status__in=ACCEPTED_STATUSES)
        .exclude(pk__in=considered)
        .order_by("award_code", "id")
    )
    if not nominations:
        refuse("Đợt xét không còn đề nghị nào đạt thẩm định chờ Hội đồng xét.", by=by)
    try:
        with transaction.atomic():
            session = CouncilSession.objects.create(
                council=council,
                round=round_,
                meeting_date=meeting_date,
                place=place.strip()[:255],
                members_total=len(members),
                rulebook_version=version,
                opened_by=by,
            )
            SessionAttendance.objects.bulk_create(
                SessionAttendance(session=session, member=member) for member in members
            )
            items = AgendaItem.objects.bulk_create(
                AgendaItem(session=session, nomination=nomination, order=order)
                for order, nomination in enumerate(nominations, start=1)
            )
            BallotBox.objects.bulk_create(BallotBox(item=item) for item in items)
            record_audit(
                actor=by,
                action=AuditAction.CREATE,
                target=session,
                unit_path=council.unit.path,
                changes={
                    "round": [None, round_.name],
                    "members_total": [None, len(members)],
                    "agenda": [None, len(items)],
                },
            )
            # In the same transaction: a session that fails to open tells nobody.
            _notify_opened(session, members)
    except IntegrityError:
        refuse("Đợt xét này đang có một phiên họp chưa kết thúc.", by=by)
    return session


def _notify_opened(session: CouncilSession, members: list[AwardCouncilMember]) -> None:
    """Tell every member (the bell) that the session is open and where to vote: a member who
    holds no officer role has no other way to find it. Keyed by the session, so written once."""
    date = f"{session.meeting_date:%d/%m/%Y}"
    place = f" tại {session.place}" if session.place else ""
    notify_many(
        [member.user for member in members],
        f"Phiên họp Hội đồng thi đua – khen thưởng ngày {date}",
        body=(
            f"{session.council.name} họp ngày {date}{place} xét “{session.round.name}”. "
            "Khi thư ký đã ghi danh sách dự họp, bạn bỏ phiếu kín tại trang phiếu bầu của "
            "phiên họp (thành viên vắng mặt gửi phiếu bằng văn bản cho thư ký Hội đồng)."
        ),
        url=reverse("awards:ballot", args=[session.pk]),
        key=f"awards.session-open:{session.pk}",
    )


def _notify_closed(session: CouncilSession) -> None:
    """Tell the members the session is closed and counted (the results are on its page)."""
    members = session.council.members.select_related("user")
    notify_many(
        [member.user for member in members],
        f"Phiên họp Hội đồng thi đua – khen thưởng ngày {session.meeting_date:%d/%m/%Y} "
        "đã kết thúc",
        body=f"{session.council.name} đã kiểm phiếu “{session.round.name}”: xem kết quả "
        "tại trang phiên họp.",
        url=reverse("awards:session", args=[session.pk]),
        key=f"awards.session-closed:{session.pk}",
    )


def _check_open(session: CouncilSession, by: User) -> None:
    if not session.is_open:
        refuse("Phiên họp đã kết thúc: không bỏ phiếu, không thay đổi nữa.", by=by)


def record_attendance(
    session: CouncilSession, *, present: set[int], by: User
) -> list[SessionAttendance]:
    """Mark which members (AwardCouncilMember ids) are present. By a manager of the council or
    its secretary; refused once a ballot has been cast (the counts rest on it) and for ids that
    are not members."""
    member = membership_of(by, session.council)
    if not (can_manage(by, session.council) or is_secretary(member)):
        deny("Chỉ thư ký Hội đồng hoặc người quản lý Hội đồng ghi danh sách dự họp.", by=by)
    _check_open(session, by)
    rows = list(SessionAttendance.objects.filter(session=session).select_related("member__user"))
    unknown = present - {row.member_id for row in rows}
    if unknown:
        refuse("Có người không phải thành viên Hội đồng trong danh sách dự họp.", by=by)
    if BallotMark.objects.filter(item__session=session).exists():
        refuse("Đã có phiếu bầu: không thay đổi danh sách dự họp nữa.", by=by)
    with transaction.atomic():
        before = sorted(row.member_id for row in rows if row.present)
        for row in rows:
            row.present = row.member_id in present
        SessionAttendance.objects.bulk_update(rows, ["present"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=session,
            unit_path=session.council.unit.path,
            changes={"present": [before, sorted(present)]},
            reason="Ghi danh sách thành viên dự họp",
        )
    return rows


def _present_count(session: CouncilSession) -> int:
    return SessionAttendance.objects.filter(session=session, present=True).count()


def _require_quorum(session: CouncilSession, spec: RulebookSpec, by: User) -> None:
    try:
        require_quorum(session.members_total, _present_count(session), spec.council)
    except VotingError as error:
        refuse(error.message, by=by)


def _put_in_box(
    session: CouncilSession,
    member: AwardCouncilMember,
    choices: Mapping[int, bool],
    *,
    written: bool,
    by: User,
) -> int:
    """The shared part of a vote: checks, then one mark and one counter step per item."""
    if not choices:
        refuse("Phiếu bầu chưa có lựa chọn nào.", by=by)
    item_ids = set(
        AgendaItem.objects.filter(session=session, pk__in=list(choices)).values_list(
            "pk", flat=True
        )
    )
    if item_ids != set(choices):
        refuse("Phiếu bầu có người, tập thể không thuộc chương trình phiên họp.", by=by)
    spec = spec_of(session.rulebook_version)
    _check_open(session, by)
    _require_quorum(session, spec, by)
    try:
        with transaction.atomic():
            locked = CouncilSession.objects.select_for_update().get(pk=session.pk)
            _check_open(locked, by)
            BallotMark.objects.bulk_create(
                BallotMark(item_id=item_id, member=member, written=written, recorded_by=by)
                for item_id in sorted(choices)
            )
            for item_id, approve in choices.items():
                field = ("written_" if written else "") + ("approve" if approve else "reject")
                BallotBox.objects.filter(item_id=item_id).update(**{field: F(field) + 1})
            record_audit(
                actor=by,
                action=AuditAction.CREATE,
                target=session,
                target_repr=f"Phiếu bầu kín của {member.user.display_name}",
                unit_path=session.council.unit.path,
                # Which items, never the choices: the ballot is secret.
                changes={"voted_items": [None, sorted(choices)]},
                reason="Phiếu bằng văn bản của thành viên vắng mặt, thư ký nhập"
                if written
                else "Bỏ phiếu kín",
            )
    except IntegrityError:
        refuse(
            f"{member.user.display_name} đã bỏ phiếu cho người, tập thể này: mỗi thành viên chỉ "
            "bỏ phiếu một lần.",
            by=by,
        )
    return len(choices)


def cast_ballot(session: CouncilSession, *, choices: Mapping[int, bool], by: User) -> int:
    """The member `by` votes in the session: agenda item id → agree (True) or not, once per
    item. Refuses: not a member; a member absent from the session (their vote is written, entered
    by the secretary); a session closed or without quorum; an item not on the agenda; a second
    vote on an item (nothing of the ballot is kept then). Returns the number of items voted."""
    member = membership_of(by, session.council)
    if member is None:
        deny("Chỉ thành viên Hội đồng mới được bỏ phiếu.", by=by)
    _check_open(session, by)
    if not SessionAttendance.objects.filter(session=session, member=member, present=True).exists():
        refuse(
            "Bạn không có tên trong danh sách dự họp: thành viên vắng mặt gửi phiếu bằng văn "
            "bản cho thư ký Hội đồng.",
            by=by,
        )
    return _put_in_box(session, member, choices, written=False, by=by)


def enter_written_ballot(
    session: CouncilSession,
    *,
    member: AwardCouncilMember,
    choices: Mapping[int, bool],
    by: User,
) -> int:
    """The secretary enters the written vote of `member`, absent from the session (NĐ 98/2023
    Điều 30 khoản 7: it counts, and is marked in the minutes). Refuses: `by` not the secretary;
    `member` of another council or present; the refusals of `cast_ballot`."""
    if not is_secretary(membership_of(by, session.council)):
        deny("Chỉ thư ký Hội đồng nhập phiếu bằng văn bản của thành viên vắng mặt.", by=by)
    if member.council_id != session.council_id:
        refuse("Người này không phải thành viên Hội đồng.", by=by, field="member")
    _check_open(session, by)
    if SessionAttendance.objects.filter(session=session, member=member, present=True).exists():
        refuse(
            f"{member.user.display_name} có mặt tại phiên họp: thành viên tự bỏ phiếu.",
            by=by,
            field="member",
        )
    return _put_in_box(session, member, choices, written=True, by=by)


def nominee_of(item: AgendaItem, spec: RulebookSpec) -> Nominee:
    nomination = item.nomination
    return Nominee(ref=str(item.pk), award_code=nomination.award_code, name=nomination.subject_name)


def close_session(session: CouncilSession, *, by: User) -> CouncilSession:
    """Close the vote and count it (`domain.votes.tally`): each agenda item gets its approvals,
    rejections, written approvals, the approvals needed and passed or not, against the WHOLE
    membership frozen at opening and the item's award threshold in the session's rulebook.
    Without quorum nothing passes. By a manager of the council or its chair."""
    member = membership_of(by, session.council)
    chair = member is not None and member.role == CouncilRole.CHAIR
    if not (can_manage(by, session.council) or chair):
        deny("Chỉ Chủ tịch Hội đồng hoặc người quản lý Hội đồng kết thúc phiên họp.", by=by)
    _check_open(session, by)
    spec = spec_of(session.rulebook_version)
    with transaction.atomic():
        locked = CouncilSession.objects.select_for_update().get(pk=session.pk)
        _check_open(locked, by)
        items = list(
            AgendaItem.objects.filter(session=session)
            .select_related("box", "nomination__person", "nomination__subject_unit")
            .order_by("order", "id")
        )
        ballots: list[Ballot] = []
        for item in items:
            box = item.box
            ref = str(item.pk)
            ballots += [Ballot(ref, True)] * box.approve + [Ballot(ref, False)] * box.reject
            ballots += [Ballot(ref, True, written=True)] * box.written_approve
            ballots += [Ballot(ref, False, written=True)] * box.written_reject
        try:
            result = tally(
                members_total=session.members_total,
                present=_present_count(session),
                nominees=[nominee_of(item, spec) for item in items],
                ballots=ballots,
                rulebook=spec,
            )
        except VotingError as error:
            refuse(error.message, by=by)
        for item, count in zip(items, result.results, strict=True):
            item.approve = count.approve
            item.reject = count.reject
            item.written_approve = count.written_approve
            item.needed = count.needed
            item.passed = count.passed
            item.explanation = count.explanation_vi
        AgendaItem.objects.bulk_update(
            items, ["approve", "reject", "written_approve", "needed", "passed", "explanation"]
        )
        session.status = SessionStatus.CLOSED
        session.closed_by = by
        session.closed_at = timezone.now()
        session.save(update_fields=["status", "closed_by", "closed_at", "updated_at"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=session,
            unit_path=session.council.unit.path,
            changes={
                "status": [SessionStatus.OPEN, SessionStatus.CLOSED],
                "passed": [None, sum(1 for item in items if item.passed)],
            },
            reason=result.quorum.explanation_vi,
        )
        _notify_closed(session)
    return session
