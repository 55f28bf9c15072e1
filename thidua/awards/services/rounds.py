"""Award rounds and their disclosure: create, edit, open, start thẩm định, open the disclosure,
send to the council, close; feedback received and answered.

The department officer (MANAGE_AWARD_ROUNDS at the round's organiser) does every step; anyone —
signed in or not, on the public page when the round says so — may send feedback while the
accepted list is disclosed. Every write is audited in its transaction; every refusal is a
Vietnamese DomainError, logged (`services.inputs.refuse`).
"""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import NoReturn

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.domain.competence import competence_problems
from thidua.awards.domain.working_days import HolidayTableError
from thidua.awards.enums import FeedbackChannel, NominationStatus, RoundKind, RoundStatus
from thidua.awards.models import AwardRound, DisclosureFeedback, Nomination
from thidua.awards.models.rounds import ACCEPTED_STATUSES
from thidua.awards.selectors.competence import organiser_level
from thidua.awards.selectors.eligibility import rulebook_for_year
from thidua.awards.selectors.rounds import disclosure_end, disclosure_period, is_feedback_open
from thidua.awards.services.inputs import refuse
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.models import Phase
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can

logger = logging.getLogger(__name__)

ROUND_FIELDS = (
    "name",
    "kind",
    "phase",
    "year",
    "award_codes",
    "upward_codes",
    "nomination_deadline",
    "disclosure_working_days",
    "disclosure_public",
    "note",
    "status",
    "disclosure_start",
)
MAX_DISCLOSURE_DAYS = 30
FEEDBACK_MIN = 10
FEEDBACK_MAX = 4000
FEEDBACK_PER_HOUR = 5
MSG_NOT_MANAGER = "Bạn không có quyền quản lý đợt xét khen thưởng của {unit}."


@dataclass(frozen=True)
class RoundData:
    name: str
    kind: str
    year: int
    award_codes: tuple[str, ...]
    nomination_deadline: dt.date
    disclosure_working_days: int = 5
    disclosure_public: bool = False
    phase: Phase | None = None
    note: str = ""
    upward_codes: tuple[str, ...] = ()


def _check_manager(by: User, organiser: Unit) -> None:
    if not can(by, Perm.MANAGE_AWARD_ROUNDS, organiser.path):
        refuse_permission(MSG_NOT_MANAGER.format(unit=organiser.name), by=by)


def refuse_permission(message: str, *, by: User | None) -> NoReturn:
    """Log the refusal and raise it as a PermissionDeniedError."""
    logger.info("awards refusal for user %s: %s", getattr(by, "pk", None), message)
    raise PermissionDeniedError(message)


def _check_data(data: RoundData, *, by: User, organiser: Unit) -> None:
    if not data.name.strip():
        refuse("Nhập tên đợt xét khen thưởng.", by=by, field="name")
    if data.kind not in RoundKind.values:
        refuse("Loại đợt xét không hợp lệ.", by=by, field="kind")
    if data.kind == RoundKind.THEMATIC and data.phase is None:
        refuse(
            "Đợt khen thưởng theo chuyên đề phải gắn với giai đoạn phong trào được sơ kết, "
            "tổng kết (ví dụ sơ kết 2027, tổng kết 2030).",
            by=by,
            field="phase",
        )
    if data.kind == RoundKind.ANNUAL and data.phase is not None:
        refuse("Đợt xét hằng năm không gắn với giai đoạn phong trào.", by=by, field="phase")
    if not 1 <= data.disclosure_working_days <= MAX_DISCLOSURE_DAYS:
        refuse(
            f"Thời gian công khai từ 1 đến {MAX_DISCLOSURE_DAYS} ngày làm việc.",
            by=by,
            field="disclosure_working_days",
        )
    if not data.award_codes:
        refuse("Chọn ít nhất một danh hiệu, hình thức khen thưởng.", by=by, field="award_codes")
    found = rulebook_for_year(data.year)
    if found is None:
        refuse(
            f"Chưa có bộ quy tắc khen thưởng nào áp dụng cho năm {data.year}.", by=by, field="year"
        )
    _, spec = found
    unknown = [code for code in data.award_codes if not spec.has_award(code)]
    if unknown:
        refuse(
            f"Bộ quy tắc {spec.version} không có danh hiệu, hình thức: {', '.join(unknown)}.",
            by=by,
            field="award_codes",
        )
    problems = competence_problems(
        spec,
        data.award_codes,
        data.upward_codes,
        level=organiser_level(organiser),
        organiser=organiser.name,
    )
    if problems:
        refuse(" ".join(problems), by=by, field="award_codes")


def create_round(*, by: User, organiser: Unit, data: RoundData) -> AwardRound:
    """Create a round (a draft) organised by `organiser`. Refuses a user without
    MANAGE_AWARD_ROUNDS there, a thematic round without its movement phase, awards the rulebook
    of the year does not have, an award a higher level decides not marked "đề nghị cấp trên"
    (`upward_codes`), a disclosure period outside 1–30 working days."""
    _check_manager(by, organiser)
    _check_data(data, by=by, organiser=organiser)
    with transaction.atomic():
        round_ = AwardRound.objects.create(
            name=data.name.strip(),
            kind=data.kind,
            phase=data.phase,
            year=data.year,
            organiser=organiser,
            award_codes=list(dict.fromkeys(data.award_codes)),
            upward_codes=list(dict.fromkeys(data.upward_codes)),
            nomination_deadline=data.nomination_deadline,
            disclosure_working_days=data.disclosure_working_days,
            disclosure_public=data.disclosure_public,
            note=data.note.strip(),
            created_by=by,
        )
        record_audit(
            actor=by,
            action=AuditAction.CREATE,
            target=round_,
            unit_path=organiser.path,
            changes=diff({}, snapshot(round_, ROUND_FIELDS)),
        )
    return round_


def update_round(*, by: User, round_: AwardRound, data: RoundData) -> AwardRound:
    """Change a round still being prepared or open for nominations. Refuses a round past that,
    and dropping an award some unit has already nominated for."""
    _check_manager(by, round_.organiser)
    if round_.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        refuse(f"Đợt xét đang ở bước “{round_.get_status_display()}”: không sửa được nữa.", by=by)
    _check_data(data, by=by, organiser=round_.organiser)
    used = set(
        Nomination.objects.filter(round=round_)
        .exclude(status=NominationStatus.WITHDRAWN)
        .values_list("award_code", flat=True)
    )
    dropped = sorted(used - set(data.award_codes))
    if dropped:
        refuse(
            f"Đã có đơn vị đề nghị {', '.join(dropped)}: không bỏ được khỏi đợt xét.",
            by=by,
            field="award_codes",
        )
    if round_.status == RoundStatus.OPEN and data.year != round_.year:
        refuse("Đợt xét đã mở: không đổi được năm xét.", by=by, field="year")
    with transaction.atomic():
        before = snapshot(round_, ROUND_FIELDS)
        round_.name = data.name.strip()
        round_.kind = data.kind
        round_.phase = data.phase
        round_.year = data.year
        round_.award_codes = list(dict.fromkeys(data.award_codes))
        round_.upward_codes = list(dict.fromkeys(data.upward_codes))
        round_.nomination_deadline = data.nomination_deadline
        round_.disclosure_working_days = data.disclosure_working_days
        round_.disclosure_public = data.disclosure_public
        round_.note = data.note.strip()
        round_.save()
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=round_,
            unit_path=round_.organiser.path,
            changes=diff(before, snapshot(round_, ROUND_FIELDS)),
        )
    return round_


def _move(
    round_: AwardRound, *, by: User, to: str, reason: str = "", **fields: object
) -> AwardRound:
    with transaction.atomic():
        before = snapshot(round_, ROUND_FIELDS)
        round_.status = to
        for name, value in fields.items():
            setattr(round_, name, value)
        round_.save()
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=round_,
            unit_path=round_.organiser.path,
            changes=diff(before, snapshot(round_, ROUND_FIELDS)),
            reason=reason,
        )
    return round_


def _expect(round_: AwardRound, *allowed: str, by: User, doing: str) -> None:
    if round_.status not in allowed:
        refuse(f"Đợt xét đang ở bước “{round_.get_status_display()}”: không {doing} được.", by=by)


def open_round(*, by: User, round_: AwardRound) -> AwardRound:
    """Open a draft round to the units' nominations. Refuses a deadline already past."""
    _check_manager(by, round_.organiser)
    _expect(round_, RoundStatus.DRAFT, by=by, doing="mở nhận đề nghị")
    if round_.nomination_deadline < clock.today():
        refuse(
            f"Hạn gửi đề nghị ({round_.nomination_deadline:%d/%m/%Y}) đã qua: sửa hạn trước "
            "khi mở đợt xét.",
            by=by,
            field="nomination_deadline",
        )
    return _move(round_, by=by, to=RoundStatus.OPEN)


def start_checking(*, by: User, round_: AwardRound) -> AwardRound:
    """Stop taking new nominations and check those received (thẩm định)."""
    _check_manager(by, round_.organiser)
    _expect(round_, RoundStatus.OPEN, by=by, doing="chuyển sang thẩm định")
    return _move(round_, by=by, to=RoundStatus.CHECKING)


def open_disclosure(*, by: User, round_: AwardRound, start: dt.date) -> AwardRound:
    """Publish the accepted list from `start` for the round's working days. Refuses while a
    nomination still waits for thẩm định, a round with nothing accepted, a start in the past or
    beyond the holiday table."""
    _check_manager(by, round_.organiser)
    _expect(round_, RoundStatus.OPEN, RoundStatus.CHECKING, by=by, doing="công khai")
    waiting = Nomination.objects.filter(round=round_, status=NominationStatus.SUBMITTED).count()
    if waiting:
        refuse(
            f"Còn {waiting} đề nghị chưa thẩm định xong: thẩm định hết trước khi công khai.",
            by=by,
        )
    if not Nomination.objects.filter(round=round_, status__in=ACCEPTED_STATUSES).exists():
        refuse("Chưa có đề nghị nào đạt thẩm định để công khai.", by=by)
    if start < clock.today():
        refuse("Ngày bắt đầu công khai không được trước hôm nay.", by=by, field="start")
    try:
        end = disclosure_end(start, round_.disclosure_working_days)
    except HolidayTableError as error:
        refuse(error.message, by=by, field="start")
    return _move(
        round_,
        by=by,
        to=RoundStatus.DISCLOSURE,
        disclosure_start=start,
        reason=f"Công khai từ {start:%d/%m/%Y} đến hết {end:%d/%m/%Y} "
        f"({round_.disclosure_working_days} ngày làm việc).",
    )


def send_to_council(*, by: User, round_: AwardRound) -> AwardRound:
    """Close the disclosure and put the accepted list before the council. Refuses before the
    period ends and while any feedback is unanswered (each is answered and logged first)."""
    _check_manager(by, round_.organiser)
    _expect(round_, RoundStatus.DISCLOSURE, by=by, doing="trình Hội đồng")
    period = disclosure_period(round_)
    if period is not None and clock.today() <= period.end:
        refuse(
            f"Thời gian công khai chưa kết thúc (đến hết ngày {period.end:%d/%m/%Y}): chưa "
            "trình Hội đồng được.",
            by=by,
        )
    unanswered = DisclosureFeedback.objects.filter(round=round_, answered_at__isnull=True).count()
    if unanswered:
        refuse(
            f"Còn {unanswered} ý kiến trong thời gian công khai chưa được trả lời: trả lời hết "
            "trước khi trình Hội đồng.",
            by=by,
        )
    return _move(round_, by=by, to=RoundStatus.COUNCIL)


def close_round(*, by: User, round_: AwardRound, reason: str = "") -> AwardRound:
    """End the round (nothing more is taken or changed)."""
    _check_manager(by, round_.organiser)
    _expect(
        round_,
        RoundStatus.DRAFT,
        RoundStatus.OPEN,
        RoundStatus.CHECKING,
        RoundStatus.COUNCIL,
        RoundStatus.DECIDED,
        by=by,
        doing="kết thúc",
    )
    return _move(round_, by=by, to=RoundStatus.CLOSED, reason=reason.strip())


# --- feedback --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackData:
    text: str
    sender_name: str = ""
    sender_contact: str = ""
    nomination_id: int | None = None
    channel: str = FeedbackChannel.PUBLIC


def _rate_key(client: str) -> str:
    return f"awards:feedback:{client}"


def send_feedback(
    *, round_: AwardRound, data: FeedbackData, client: str, by: User | AnonymousUser | None
) -> DisclosureFeedback:
    """Receive an opinion on the disclosed list (anyone; a name and contact are optional).
    Refuses outside the disclosure period, on the public page of a round not disclosed publicly,
    a text shorter than 10 or longer than 4.000 characters, a nomination not on the list, and
    more than 5 opinions an hour from one address (`client`)."""
    user = by if isinstance(by, User) else None
    if data.channel == FeedbackChannel.PUBLIC and not round_.disclosure_public:
        refuse("Đợt xét này không công khai trên trang công cộng.", by=user)
    if not is_feedback_open(round_):
        refuse("Đợt xét không trong thời gian công khai: không nhận ý kiến.", by=user)
    text = data.text.strip()
    if len(text) < FEEDBACK_MIN:
        refuse(f"Ý kiến cần ít nhất {FEEDBACK_MIN} ký tự.", by=user, field="text")
    if len(text) > FEEDBACK_MAX:
        refuse("Ý kiến dài quá 4.000 ký tự.", by=user, field="text")
    if len(data.sender_name) > 150 or len(data.sender_contact) > 150:
        refuse("Họ tên, liên hệ mỗi mục tối đa 150 ký tự.", by=user, field="sender_name")
    nomination = None
    if data.nomination_id is not None:
        nomination = Nomination.objects.filter(
            pk=data.nomination_id, round=round_, status__in=ACCEPTED_STATUSES
        ).first()
        if nomination is None:
            refuse(
                "Đề nghị được góp ý không có trong danh sách công khai.",
                by=user,
                field="nomination",
            )
    key = _rate_key(client)
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > FEEDBACK_PER_HOUR:
        refuse("Bạn đã gửi nhiều ý kiến trong một giờ qua. Xin vui lòng thử lại sau.", by=user)
    with transaction.atomic():
        item = DisclosureFeedback.objects.create(
            round=round_,
            nomination=nomination,
            channel=data.channel,
            sender_name=data.sender_name.strip(),
            sender_contact=data.sender_contact.strip(),
            sender_user=user,
            text=text,
        )
        record_audit(
            actor=user,
            action=AuditAction.CREATE,
            target=item,
            unit_path=round_.organiser.path,
            changes=diff({}, snapshot(item, ("channel", "nomination", "text"))),
        )
    return item


def answer_feedback(*, by: User, feedback: DisclosureFeedback, answer: str) -> DisclosureFeedback:
    """Answer one opinion (once; the answer is logged). Refuses an empty answer, a second one."""
    round_ = feedback.round
    _check_manager(by, round_.organiser)
    if feedback.answered_at is not None:
        refuse("Ý kiến này đã được trả lời.", by=by)
    text = answer.strip()
    if not text:
        refuse("Nhập nội dung trả lời.", by=by, field="answer")
    if len(text) > FEEDBACK_MAX:
        refuse("Trả lời dài quá 4.000 ký tự.", by=by, field="answer")
    with transaction.atomic():
        feedback.answer = text
        feedback.answered_by = by
        feedback.answered_at = timezone.now()
        feedback.save(update_fields=["answer", "answered_by", "answered_at"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=feedback,
            unit_path=round_.organiser.path,
            changes={"answer": ["", text]},
        )
    return feedback
