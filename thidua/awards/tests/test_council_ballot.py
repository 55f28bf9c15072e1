"""The council's secret ballot (NĐ 98/2023/NĐ-CP Điều 30 khoản 7): each member votes once per
candidate, the secretary enters absent members' written votes (marked), nobody can tell who voted
what; refused after close, twice, without quorum, for non-members; counted against the WHOLE
membership (80 % for Chiến sĩ thi đua cơ sở, 90 % for Chiến sĩ thi đua Thành phố)."""

import pytest

from thidua.awards.models import AgendaItem, BallotBox, BallotMark, CouncilSession
from thidua.awards.models.councils import SessionStatus
from thidua.awards.services.councils import (
    cast_ballot,
    close_session,
    enter_written_ballot,
    open_session,
    record_attendance,
)
from thidua.awards.tests.council_support import MEETING, Setup, council_setup, nominate
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry
from thidua.organizations.tests.factories import PersonFactory


def _open(setup: Setup, *, present: int) -> CouncilSession:
    session = open_session(
        setup.council,
        round_=setup.round,
        meeting_date=MEETING,
        by=setup.officer,
        place="Phòng họp A",
    )
    record_attendance(
        session, present={member.pk for member in setup.members[:present]}, by=setup.officer
    )
    return session


def _items(session: CouncilSession) -> list[AgendaItem]:
    return list(session.agenda.select_related("nomination").order_by("order"))


def _item_of(session: CouncilSession, name: str) -> AgendaItem:
    return next(item for item in _items(session) if item.nomination.subject_name == name)


def _vote_all(
    setup: Setup, session: CouncilSession, item: AgendaItem, approvals: int, present: int
) -> None:
    for index, member in enumerate(setup.members[:present]):
        cast_ballot(session, choices={item.pk: index < approvals}, by=member.user)


def test_a_ballot_is_stored_apart_from_who_cast_it(org, cast) -> None:
    """The mark (has voted) carries no choice; the box (counts) carries no member and no time;
    the audit entry names the items, never the choice."""
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    first, second, _ = _items(session)

    cast_ballot(session, choices={first.pk: True, second.pk: False}, by=setup.members[2].user)

    assert {f.name for f in BallotMark._meta.concrete_fields} == {
        "id",
        "item",
        "member",
        "written",
        "recorded_by",
    }
    assert {f.name for f in BallotBox._meta.concrete_fields} == {
        "id",
        "item",
        "approve",
        "reject",
        "written_approve",
        "written_reject",
    }
    assert list(BallotBox.objects.order_by("item__order").values_list("approve", "reject")) == [
        (1, 0),
        (0, 1),
        (0, 0),
    ]
    entry = AuditEntry.objects.filter(reason="Bỏ phiếu kín").get()
    assert entry.changes == {"voted_items": [None, sorted([first.pk, second.pk])]}


def test_two_members_voting_opposite_ways_leave_nothing_that_tells_them_apart(org, cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    item = _items(session)[0]

    cast_ballot(session, choices={item.pk: True}, by=setup.members[2].user)
    cast_ballot(session, choices={item.pk: False}, by=setup.members[3].user)

    marks = list(BallotMark.objects.filter(item=item).values("member", "written", "recorded_by"))
    assert [{k: v for k, v in mark.items() if k != "member"} for mark in marks] == [
        {"written": False, "recorded_by": setup.members[2].user.pk},
        {"written": False, "recorded_by": setup.members[3].user.pk},
    ]
    assert BallotBox.objects.filter(item=item).values_list("approve", "reject").get() == (1, 1)


def test_a_member_votes_once_per_candidate(org, cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    first, second, _ = _items(session)
    cast_ballot(session, choices={first.pk: True}, by=setup.members[2].user)

    with pytest.raises(DomainError, match="đã bỏ phiếu cho người, tập thể này"):
        cast_ballot(session, choices={second.pk: True, first.pk: False}, by=setup.members[2].user)

    assert BallotBox.objects.filter(item=first).values_list("approve", "reject").get() == (1, 0)
    assert BallotBox.objects.filter(item=second).values_list("approve", "reject").get() == (0, 0)
    assert BallotMark.objects.filter(member=setup.members[2]).count() == 1


def test_a_vote_after_the_session_closed_is_refused(org, cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    item = _items(session)[0]
    close_session(session, by=setup.officer)

    with pytest.raises(DomainError, match="Phiên họp đã kết thúc"):
        cast_ballot(session, choices={item.pk: True}, by=setup.members[2].user)


def test_a_council_without_quorum_cannot_vote(org, cast) -> None:
    """7 of 10 present: less than the 80 % needed when awards are considered."""
    setup = council_setup(org, cast)
    session = _open(setup, present=7)
    item = _items(session)[0]

    with pytest.raises(DomainError, match="không đủ số thành viên dự họp"):
        cast_ballot(session, choices={item.pk: True}, by=setup.members[0].user)

    assert BallotMark.objects.count() == 0


def test_someone_outside_the_council_cannot_vote(org, cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)

    with pytest.raises(PermissionDeniedError, match="Chỉ thành viên Hội đồng"):
        cast_ballot(session, choices={_items(session)[0].pk: True}, by=setup.officer)


def test_an_absent_member_votes_in_writing_through_the_secretary(org, cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=8)
    item = _items(session)[0]
    absent = setup.members[9]

    with pytest.raises(DomainError, match="không có tên trong danh sách dự họp"):
        cast_ballot(session, choices={item.pk: True}, by=absent.user)
    with pytest.raises(PermissionDeniedError, match="Chỉ thư ký"):
        enter_written_ballot(
            session, member=absent, choices={item.pk: True}, by=setup.members[2].user
        )
    with pytest.raises(DomainError, match="có mặt tại phiên họp"):
        enter_written_ballot(
            session, member=setup.members[3], choices={item.pk: True}, by=setup.secretary.user
        )
    enter_written_ballot(session, member=absent, choices={item.pk: True}, by=setup.secretary.user)

    assert BallotMark.objects.filter(member=absent).values_list("written", flat=True).get() is True
    assert BallotBox.objects.filter(item=item).values_list("approve", "written_approve").get() == (
        0,
        1,
    )


def test_chien_si_thi_dua_co_so_passes_at_exactly_80_percent_of_the_whole_membership(
    org, cast
) -> None:
    """NĐ 98/2023 Điều 30 khoản 7: 8 of 10 members (7 in session, 1 absent in writing) pass;
    7 of 10 do not, even though 7 of the 8 present agreed."""
    setup = council_setup(org, cast)
    second = PersonFactory(unit=org.a1, full_name="Trần Văn Bảy")
    nominate(setup.round, person=second, award_code="cstdcs")
    session = _open(setup, present=8)
    ha, bay = _item_of(session, "Lê Thị Thu Hà"), _item_of(session, "Trần Văn Bảy")
    _vote_all(setup, session, ha, approvals=7, present=8)
    enter_written_ballot(
        session, member=setup.members[9], choices={ha.pk: True}, by=setup.secretary.user
    )
    _vote_all(setup, session, bay, approvals=7, present=8)

    close_session(session, by=setup.officer)

    ha.refresh_from_db()
    bay.refresh_from_db()
    assert (ha.approve, ha.written_approve, ha.needed, ha.passed) == (8, 1, 8, True)
    assert (bay.approve, bay.needed, bay.passed) == (7, 8, False)
    assert "Đồng ý 8/10 thành viên (80%), trong đó 1 phiếu đồng ý bằng văn bản" in ha.explanation


def test_chien_si_thi_dua_thanh_pho_needs_90_percent_of_the_whole_membership(org, cast) -> None:
    setup = council_setup(org, cast)
    nominate(
        setup.round,
        person=PersonFactory(unit=org.a1, full_name="Ngô Thị Chín"),
        award_code="cstd_tp",
    )
    nominate(
        setup.round, person=PersonFactory(unit=org.a1, full_name="Lý Văn Tám"), award_code="cstd_tp"
    )
    session = _open(setup, present=10)
    chin, tam = _item_of(session, "Ngô Thị Chín"), _item_of(session, "Lý Văn Tám")
    _vote_all(setup, session, chin, approvals=9, present=10)
    _vote_all(setup, session, tam, approvals=8, present=10)

    close_session(session, by=setup.officer)

    chin.refresh_from_db()
    tam.refresh_from_db()
    assert (chin.approve, chin.needed, chin.passed) == (9, 9, True)
    assert (tam.approve, tam.needed, tam.passed) == (8, 9, False)


def test_a_session_closed_without_quorum_passes_nobody(org, cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=6)

    close_session(session, by=setup.officer)

    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert list(session.agenda.values_list("passed", flat=True)) == [False, False, False]
    assert all(
        "không thông qua vì Hội đồng không đủ số thành viên dự họp" in text
        for text in session.agenda.values_list("explanation", flat=True)
    )


def test_a_round_not_yet_handed_to_the_council_cannot_be_put_to_a_session(org, cast) -> None:
    setup = council_setup(org, cast)
    setup.round.status = "disclosure"
    setup.round.save()

    with pytest.raises(DomainError, match="chưa trình Hội đồng"):
        open_session(setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer)

    assert CouncilSession.objects.count() == 0


def test_attendance_is_frozen_once_a_ballot_is_cast(org, cast) -> None:
    setup = council_setup(org, cast)
    session = _open(setup, present=10)
    cast_ballot(session, choices={_items(session)[0].pk: True}, by=setup.members[0].user)

    with pytest.raises(DomainError, match="Đã có phiếu bầu"):
        record_attendance(session, present={setup.members[0].pk}, by=setup.officer)


def test_a_council_of_another_hospital_is_out_of_reach(org, cast) -> None:
    """Scope: BV B's officer neither opens nor closes BV A's sessions."""
    from thidua.accounts.roles import Role
    from thidua.organizations.tests.factories import UserFactory, grant

    setup = council_setup(org, cast)
    other = UserFactory(username="officer_b")
    grant(other, Role.UNIT_OFFICER, org.b)

    with pytest.raises(PermissionDeniedError):
        open_session(setup.council, round_=setup.round, meeting_date=MEETING, by=other)
    session = _open(setup, present=10)
    with pytest.raises(PermissionDeniedError):
        close_session(session, by=other)
