"""Rounds: created and moved by the department officer; the disclosure of the accepted list
for its working days; feedback (anyone, length-checked, rate-limited) answered and logged
before the council."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.awards import clock
from thidua.awards.enums import FeedbackChannel, NominationStatus, RoundKind, RoundStatus
from thidua.awards.models import AwardRound, DisclosureFeedback, Nomination, RulebookVersion
from thidua.awards.selectors.rounds import disclosure_period, rounds_visible_to
from thidua.awards.services.rounds import (
    FeedbackData,
    RoundData,
    answer_feedback,
    create_round,
    open_disclosure,
    open_round,
    send_feedback,
    send_to_council,
)
from thidua.awards.tests.rounds_support import YEAR, make_people, make_round
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry

pytestmark = pytest.mark.usefixtures("rulebook")


@pytest.fixture(autouse=True)
def _clean(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _data(**extra: Any) -> RoundData:
    fields: dict[str, Any] = {
        "name": "Đợt xét năm 2024",
        "kind": RoundKind.ANNUAL,
        "year": YEAR,
        "award_codes": ("ldtt", "cstdcs"),
        "nomination_deadline": timezone.localdate() + dt.timedelta(days=5),
    }
    fields.update(extra)
    return RoundData(**fields)


def test_department_officer_creates_and_opens_a_round(org: Org, cast: Cast) -> None:
    dept = cast[Role.DEPT_OFFICER]

    round_ = create_round(by=dept, organiser=org.root, data=_data())
    open_round(by=dept, round_=round_)

    assert round_.status == RoundStatus.OPEN
    assert list(
        AuditEntry.objects.filter(target_type="awards.awardround")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "update"]


def test_unit_officer_cannot_create_a_round(org: Org, cast: Cast) -> None:
    with pytest.raises(PermissionDeniedError):
        create_round(by=cast[Role.UNIT_OFFICER], organiser=org.root, data=_data())


def test_thematic_round_needs_its_movement_phase(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_round(
            by=cast[Role.DEPT_OFFICER], organiser=org.root, data=_data(kind=RoundKind.THEMATIC)
        )

    assert caught.value.field == "phase"


def test_award_unknown_to_the_rulebook_is_refused(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_round(
            by=cast[Role.DEPT_OFFICER], organiser=org.root, data=_data(award_codes=("khong_co",))
        )

    assert (
        caught.value.message
        == "Bộ quy tắc Thử nghiệm 2000 không có danh hiệu, hình thức: khong_co."
    )


def test_units_see_open_rounds_not_drafts(org: Org, cast: Cast) -> None:
    draft = make_round(org, status=RoundStatus.DRAFT)
    opened = make_round(org)

    unit_sees = list(rounds_visible_to(cast[Role.UNIT_OFFICER]))
    dept_sees = set(rounds_visible_to(cast[Role.DEPT_OFFICER]))

    assert (unit_sees, dept_sees) == ([opened], {draft, opened})


def test_round_of_bv_b_is_not_seen_by_bv_a(org: Org, cast: Cast) -> None:
    make_round(org, organiser=org.b)

    assert list(rounds_visible_to(cast[Role.UNIT_OFFICER])) == []


def _accepted(org: Org, round_: AwardRound) -> Nomination:
    people = make_people(org)
    return Nomination.objects.create(
        round=round_,
        unit=org.a,
        person=people.fair,
        award_code="ldtt",
        status=NominationStatus.ACCEPTED,
        eligible=True,
    )


def _disclosed(org: Org, cast: Cast, **extra: Any) -> AwardRound:
    round_ = make_round(org, status=RoundStatus.CHECKING, **extra)
    _accepted(org, round_)
    return open_disclosure(by=cast[Role.DEPT_OFFICER], round_=round_, start=timezone.localdate())


def test_disclosure_waits_for_every_nomination_to_be_checked(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.CHECKING)
    item = _accepted(org, round_)
    Nomination.objects.filter(pk=item.pk).update(status=NominationStatus.SUBMITTED)

    with pytest.raises(DomainError) as caught:
        open_disclosure(by=cast[Role.DEPT_OFFICER], round_=round_, start=timezone.localdate())

    assert (
        caught.value.message
        == "Còn 1 đề nghị chưa thẩm định xong: thẩm định hết trước khi công khai."
    )


def test_disclosure_runs_for_its_working_days(org: Org, cast: Cast) -> None:
    round_ = make_round(org, status=RoundStatus.CHECKING, disclosure_working_days=5)
    _accepted(org, round_)

    open_disclosure(by=cast[Role.DEPT_OFFICER], round_=round_, start=dt.date(2030, 4, 29))

    period = disclosure_period(round_)
    # Mon 29/4/2030; 30/4 and 1/5 are off: 29/4, 2/5, 3/5, 6/5, 7/5.
    assert (round_.status, period and period.end) == (RoundStatus.DISCLOSURE, dt.date(2030, 5, 7))


def test_anyone_sends_feedback_on_a_public_disclosure(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast, disclosure_public=True)

    item = send_feedback(
        round_=round_,
        data=FeedbackData(text="Đề nghị xem lại thành tích năm 2024.", sender_name="Một người dân"),
        client="203.0.113.5",
        by=None,
    )

    assert (item.channel, item.sender_name, item.is_answered) == ("public", "Một người dân", False)
    assert AuditEntry.objects.filter(target_type="awards.disclosurefeedback").count() == 1


def test_public_feedback_on_an_intranet_only_round_is_refused(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast)

    with pytest.raises(DomainError, match="không công khai trên trang công cộng"):
        send_feedback(round_=round_, data=FeedbackData(text="x" * 20), client="c", by=None)


def test_short_and_long_feedback_is_refused(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast, disclosure_public=True)

    with pytest.raises(DomainError, match="ít nhất 10 ký tự"):
        send_feedback(round_=round_, data=FeedbackData(text="ngắn"), client="c", by=None)
    with pytest.raises(DomainError, match=r"dài quá 4\.000"):
        send_feedback(round_=round_, data=FeedbackData(text="x" * 4001), client="c", by=None)


def test_sixth_feedback_in_an_hour_from_one_address_is_refused(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast, disclosure_public=True)
    data = FeedbackData(text="Ý kiến góp ý về danh sách.")
    for _ in range(5):
        send_feedback(round_=round_, data=data, client="198.51.100.7", by=None)

    with pytest.raises(DomainError, match="nhiều ý kiến trong một giờ"):
        send_feedback(round_=round_, data=data, client="198.51.100.7", by=None)
    send_feedback(round_=round_, data=data, client="198.51.100.8", by=None)

    assert DisclosureFeedback.objects.count() == 6


def test_feedback_outside_the_period_is_refused(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast, disclosure_public=True)
    AwardRound.objects.filter(pk=round_.pk).update(disclosure_start=dt.date(2025, 3, 3))
    round_.refresh_from_db()

    with pytest.raises(DomainError, match="không trong thời gian công khai"):
        send_feedback(round_=round_, data=FeedbackData(text="x" * 20), client="c", by=None)


def test_council_refused_until_every_feedback_is_answered(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast)
    item = send_feedback(
        round_=round_,
        data=FeedbackData(text="Ý kiến trên trang nội bộ.", channel=FeedbackChannel.INTRANET),
        client="c",
        by=cast[Role.STAFF],
    )
    AwardRound.objects.filter(pk=round_.pk).update(disclosure_start=dt.date(2025, 3, 3))
    round_.refresh_from_db()
    dept = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError) as caught:
        send_to_council(by=dept, round_=round_)
    answer_feedback(by=dept, feedback=item, answer="Đã kiểm tra, thành tích đúng.")
    send_to_council(by=dept, round_=round_)

    assert caught.value.message == (
        "Còn 1 ý kiến trong thời gian công khai chưa được trả lời: trả lời hết trước khi trình "
        "Hội đồng."
    )
    assert round_.status == RoundStatus.COUNCIL
    assert (
        AuditEntry.objects.filter(target_type="awards.disclosurefeedback", action="update").count()
        == 1
    )


def test_council_refused_before_the_period_ends(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast)

    with pytest.raises(DomainError, match="Thời gian công khai chưa kết thúc"):
        send_to_council(by=cast[Role.DEPT_OFFICER], round_=round_)


def test_council_taken_once_the_clock_passes_the_period(
    org: Org, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = _disclosed(org, cast)
    period = disclosure_period(round_)
    assert period is not None
    monkeypatch.setattr(clock, "today", lambda: period.end + dt.timedelta(days=1))

    send_to_council(by=cast[Role.DEPT_OFFICER], round_=round_)

    round_.refresh_from_db()
    assert round_.status == RoundStatus.COUNCIL


def test_feedback_is_answered_once(org: Org, cast: Cast) -> None:
    round_ = _disclosed(org, cast, disclosure_public=True)
    item = send_feedback(round_=round_, data=FeedbackData(text="x" * 20), client="c", by=None)
    dept = cast[Role.DEPT_OFFICER]
    answer_feedback(by=dept, feedback=item, answer="Đã trả lời.")

    with pytest.raises(DomainError, match="đã được trả lời"):
        answer_feedback(by=dept, feedback=item, answer="Lần hai.")


def test_disclosure_counts_the_days_the_rulebook_calendar_gives_off_or_makes_up(
    org: Org, cast: Cast
) -> None:
    """Hoán đổi ngày làm việc as rulebook data: Mon 06/5/2030 given off, Sat 11/5/2030 worked."""
    version = RulebookVersion.objects.filter(effective_from__lte=dt.date(2030, 4, 29)).latest(
        "effective_from"
    )
    version.spec = {
        **version.spec,
        "calendar": [
            {"date": "2030-05-06", "kind": "nghi", "note": "Nghỉ", "citation": "Thông báo"},
            {"date": "2030-05-11", "kind": "lam_bu", "note": "Làm bù", "citation": "Thông báo"},
        ],
    }
    version.save(update_fields=["spec"])
    round_ = make_round(org, status=RoundStatus.CHECKING, disclosure_working_days=5)
    _accepted(org, round_)

    open_disclosure(by=cast[Role.DEPT_OFFICER], round_=round_, start=dt.date(2030, 4, 29))

    period = disclosure_period(round_)
    # 29/4, 2/5, 3/5, [6/5 off], 7/5, 8/5 — without the notice it ended on 7/5.
    assert period is not None
    assert period.end == dt.date(2030, 5, 8)
