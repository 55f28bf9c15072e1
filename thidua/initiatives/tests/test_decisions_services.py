"""The council's writes: votes (own, paper ballots, twice refused), the decision counted on the
whole membership with the rule in force, the notice to the authors, the one-use award basis."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry, Notification
from thidua.initiatives.enums import (
    ActionKind,
    CouncilLevel,
    InitiativeStatus,
    RecognitionLevel,
    RoundStatus,
    VoteChoice,
)
from thidua.initiatives.models import CouncilVote, Decision, InitiativeAction, RecognitionRule
from thidua.initiatives.services.decisions import (
    cast_vote,
    decide_initiative,
    mark_used_for_award,
    release_award_basis,
)
from thidua.initiatives.tests.decision_factories import (
    cast_votes,
    make_closed_round,
    make_decision,
    make_recognised,
    officer_of,
    score,
)

TODAY = timezone.localdate()


@pytest.fixture
def setup(org, cast):
    return make_closed_round(org.a)


# -- Votes ---------------------------------------------------------------------------------------


def test_cast_vote_by_a_member_records_it_and_audits(setup):
    member = setup.users[2]
    initiative = setup.initiatives[0]

    vote = cast_vote(setup.round, initiative, choice=VoteChoice.FOR, by=member)

    assert (vote.member.user, vote.choice, vote.recorded_by) == (member, "for", member)
    entry = AuditEntry.objects.get(target_type="initiatives.councilvote")
    assert (entry.actor, entry.changes["choice"]) == (member, [None, "for"])


def test_cast_vote_twice_is_refused_and_changes_nothing(setup):
    member = setup.users[2]
    initiative = setup.initiatives[0]
    cast_vote(setup.round, initiative, choice=VoteChoice.FOR, by=member)

    with pytest.raises(DomainError) as refused:
        cast_vote(setup.round, initiative, choice=VoteChoice.AGAINST, by=member)

    assert refused.value.message == "Thành viên Phạm Quốc Bảo đã biểu quyết sáng kiến này."
    assert list(CouncilVote.objects.values_list("choice", flat=True)) == ["for"]
    assert AuditEntry.objects.filter(target_type="initiatives.councilvote").count() == 1


def test_cast_vote_by_a_non_member_is_refused(setup, cast):
    with pytest.raises(PermissionDeniedError) as refused:
        cast_vote(
            setup.round, setup.initiatives[0], choice=VoteChoice.FOR, by=cast[Role.UNIT_OFFICER]
        )

    assert refused.value.message == "Chỉ thành viên hội đồng mới được biểu quyết."
    assert CouncilVote.objects.count() == 0


def test_cast_vote_secretary_records_a_paper_ballot(setup):
    absent = setup.members[1]

    vote = cast_vote(
        setup.round,
        setup.initiatives[0],
        choice=VoteChoice.AGAINST,
        by=setup.secretary,
        member=absent,
    )

    assert (vote.member, vote.recorded_by, vote.choice) == (absent, setup.secretary, "against")
    entry = AuditEntry.objects.get(target_type="initiatives.councilvote")
    assert entry.reason == "Ghi phiếu biểu quyết trên giấy"


def test_cast_vote_manager_records_a_paper_ballot(setup, cast):
    vote = cast_vote(
        setup.round,
        setup.initiatives[0],
        choice=VoteChoice.FOR,
        by=cast[Role.UNIT_OFFICER],
        member=setup.members[3],
    )

    assert vote.recorded_by == cast[Role.UNIT_OFFICER]


def test_cast_vote_an_ordinary_member_cannot_record_for_another(setup):
    with pytest.raises(PermissionDeniedError):
        cast_vote(
            setup.round,
            setup.initiatives[0],
            choice=VoteChoice.FOR,
            by=setup.users[2],
            member=setup.members[3],
        )

    assert CouncilVote.objects.count() == 0


def test_cast_vote_refused_while_the_round_is_open(org, cast):
    setup = make_closed_round(org.a, status=RoundStatus.OPEN)

    with pytest.raises(DomainError) as refused:
        cast_vote(setup.round, setup.initiatives[0], choice=VoteChoice.FOR, by=setup.users[0])

    assert refused.value.message == (
        "Chỉ biểu quyết, ra quyết định khi đợt chấm đã đóng chấm (đợt “Đợt chấm "
        f"{TODAY.year}” đang ở trạng thái “Đang chấm”)."
    )


def test_cast_vote_refused_on_an_initiative_outside_the_round(setup, org):
    other = make_recognised(org.a)

    with pytest.raises(DomainError) as refused:
        cast_vote(setup.round, other, choice=VoteChoice.FOR, by=setup.users[0])

    assert refused.value.message == (
        f"Sáng kiến {other.code} không thuộc đợt chấm “Đợt chấm {TODAY.year}”."
    )


def test_cast_vote_refused_once_decided(setup):
    initiative = setup.initiatives[0]
    make_decision(setup, initiative, recognised=True)

    with pytest.raises(DomainError) as refused:
        cast_vote(setup.round, initiative, choice=VoteChoice.FOR, by=setup.users[6])

    assert refused.value.message == (
        f"Sáng kiến {initiative.code} đã có quyết định: không biểu quyết thêm."
    )


def test_cast_vote_refuses_an_unknown_choice(setup):
    with pytest.raises(DomainError) as refused:
        cast_vote(setup.round, setup.initiatives[0], choice="maybe", by=setup.users[0])

    assert (refused.value.message, refused.value.field) == (
        "Hãy chọn đồng ý hoặc không đồng ý.",
        "choice",
    )


# -- Decisions -----------------------------------------------------------------------------------


def _decide(setup, initiative, by, **fields):
    values = {"number": "15/QĐ-HĐSK", "date": TODAY, "reasons": "", "level": ""}
    values.update(fields)
    return decide_initiative(setup.round, initiative, by=by, **values)


def test_decide_five_of_seven_recognises_at_base_level(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=5, no=1)
    score(setup, initiative, ["80", "70", "75"])

    decision = _decide(setup, initiative, cast[Role.UNIT_OFFICER])

    initiative.refresh_from_db()
    assert (decision.recognised, decision.votes_for, decision.votes_against) == (True, 5, 1)
    assert (decision.members_total, decision.mean_score) == (7, Decimal("75.00"))
    assert (initiative.status, initiative.level) == ("recognised", "base")
    assert (initiative.decision_number, initiative.decision_date) == ("15/QĐ-HĐSK", TODAY)
    action = InitiativeAction.objects.get(initiative=initiative, kind=ActionKind.RECOGNISE)
    assert action.note == (
        f"Quyết định số 15/QĐ-HĐSK ngày {TODAY:%d/%m/%Y}: công nhận sáng kiến cấp cơ sở; "
        "5/7 thành viên đồng ý (cần 2/3 tổng số thành viên (5/7)), 1 không đồng ý."
    )


def test_decide_four_of_seven_is_not_recognised_even_with_five_present(setup, cast):
    # Five members came; four voted for: 4/5 of those present, not 2/3 of the seven.
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=4, no=1)

    decision = _decide(
        setup, initiative, cast[Role.UNIT_OFFICER], reasons="Chưa có số liệu hiệu quả."
    )

    initiative.refresh_from_db()
    assert (decision.recognised, decision.level, initiative.status) == (
        False,
        "",
        "not_recognised",
    )
    assert InitiativeAction.objects.get(
        initiative=initiative, kind=ActionKind.NOT_RECOGNISE
    ).note.endswith("Lý do: Chưa có số liệu hiệu quả.")


def test_decide_not_recognised_requires_reasons(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=3, no=4)

    with pytest.raises(DomainError) as refused:
        _decide(setup, initiative, cast[Role.UNIT_OFFICER], reasons="   ")

    assert (refused.value.field, refused.value.message) == (
        "reasons",
        "Sáng kiến không đạt 2/3 tổng số thành viên (5/7) đồng ý (3 phiếu): hãy nêu lý do không "
        "công nhận để thông báo cho tác giả.",
    )
    assert Decision.objects.count() == 0


def test_decide_recognised_without_a_number_waits_for_the_issued_decision(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=6)

    decision = _decide(setup, initiative, cast[Role.UNIT_OFFICER], number=" ")

    initiative.refresh_from_db()
    assert (decision.recognised, decision.number) == (True, "")
    assert (initiative.status, initiative.decision_number) == ("recognised", "")
    action = InitiativeAction.objects.get(initiative=initiative, kind=ActionKind.RECOGNISE)
    assert action.note.startswith(f"Ngày {TODAY:%d/%m/%Y}: công nhận sáng kiến cấp cơ sở;")


def test_decide_unit_council_cannot_recognise_at_city_level(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=7)

    with pytest.raises(DomainError) as refused:
        _decide(setup, initiative, cast[Role.UNIT_OFFICER], level=RecognitionLevel.CITY)

    assert (refused.value.field, refused.value.message) == (
        "level",
        "Hội đồng sáng kiến cấp cơ sở (đơn vị) chỉ công nhận sáng kiến cấp cơ sở.",
    )


def test_decide_department_council_recognises_at_city_level(org, cast):
    setup = make_closed_round(org.root, members=3)
    assert setup.council.level == CouncilLevel.DEPARTMENT
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=2)

    decision = _decide(setup, initiative, cast[Role.DEPT_OFFICER], level=RecognitionLevel.CITY)

    initiative.refresh_from_db()
    assert (decision.level, initiative.level) == ("city", "city")


def test_decide_by_a_member_who_is_not_a_manager_is_refused(setup):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=7)

    with pytest.raises(PermissionDeniedError):
        _decide(setup, initiative, setup.users[0])

    assert Decision.objects.count() == 0


def test_decide_by_another_units_manager_is_refused(setup, org):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=7)

    with pytest.raises(PermissionDeniedError):
        _decide(setup, initiative, officer_of(org.b, "can_bo_b"))

    assert Decision.objects.count() == 0


def test_decide_twice_is_refused(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=5)
    _decide(setup, initiative, cast[Role.UNIT_OFFICER])

    with pytest.raises(DomainError) as refused:
        _decide(setup, initiative, cast[Role.UNIT_OFFICER])

    assert refused.value.message == (
        f"Sáng kiến {initiative.code} đã có quyết định trong đợt chấm này (công nhận, ngày "
        f"{TODAY:%d/%m/%Y})."
    )


def test_decide_uses_the_rule_in_force_on_the_decision_date(setup, cast):
    # From ten days ago a stricter 3/4 rule applies: 5 of 7 no longer reaches it.
    RecognitionRule.objects.create(
        valid_from=TODAY - dt.timedelta(days=10),
        pass_numerator=3,
        pass_denominator=4,
        citation="Quy chế sửa đổi của đơn vị",
    )
    early, late = setup.initiatives
    cast_votes(setup, early, yes=5)
    cast_votes(setup, late, yes=5)

    before = _decide(setup, early, cast[Role.UNIT_OFFICER], date=TODAY - dt.timedelta(days=20))
    after = _decide(setup, late, cast[Role.UNIT_OFFICER], reasons="Không đạt 3/4.")

    assert (before.recognised, before.rule.pass_numerator) == (True, 2)
    assert (after.recognised, after.rule.pass_numerator) == (False, 3)


def test_decide_refuses_a_date_before_any_rule(setup, cast):
    initiative = setup.initiatives[0]

    with pytest.raises(DomainError) as refused:
        _decide(setup, initiative, cast[Role.UNIT_OFFICER], date=dt.date(2011, 1, 5))

    assert (refused.value.field, refused.value.message) == (
        "date",
        "Chưa có quy định tỷ lệ thông qua nào có hiệu lực vào ngày 05/01/2011.",
    )


def test_decide_refuses_a_future_date(setup, cast):
    with pytest.raises(DomainError) as refused:
        _decide(
            setup,
            setup.initiatives[0],
            cast[Role.UNIT_OFFICER],
            date=TODAY + dt.timedelta(days=1),
        )

    assert refused.value.field == "date"


def test_deciding_every_initiative_closes_the_round_as_decided(setup, cast):
    first, second = setup.initiatives
    cast_votes(setup, first, yes=5)
    cast_votes(setup, second, yes=1, no=6)

    _decide(setup, first, cast[Role.UNIT_OFFICER])
    setup.round.refresh_from_db()
    status_after_one = setup.round.status
    _decide(setup, second, cast[Role.UNIT_OFFICER], reasons="Trùng với sáng kiến đã có.")
    setup.round.refresh_from_db()

    assert (status_after_one, setup.round.status) == ("closed", "decided")


def test_decide_not_recognised_notifies_each_author_with_an_account(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=2, no=5)

    decision = _decide(
        setup, initiative, cast[Role.UNIT_OFFICER], reasons="Chưa áp dụng thử tại đơn vị."
    )

    author_user = initiative.authors.get().person.user
    notification = Notification.objects.get(user=author_user)
    assert (notification.title, notification.url) == (
        f"Thông báo không công nhận sáng kiến {initiative.code}",
        f"/sang-kien/quyet-dinh/{decision.pk}/",
    )
    assert notification.body.endswith("Lý do: Chưa áp dụng thử tại đơn vị.")


def test_decide_not_recognised_keeps_an_earlier_recognition(setup, cast, org):
    initiative = setup.initiatives[0]
    initiative.status = InitiativeStatus.RECOGNISED
    initiative.level = RecognitionLevel.BASE
    initiative.save()
    cast_votes(setup, initiative, yes=1)

    _decide(setup, initiative, cast[Role.UNIT_OFFICER], reasons="Chưa đủ phạm vi nhân rộng.")

    initiative.refresh_from_db()
    assert (initiative.status, initiative.level) == ("recognised", "base")


def test_decide_audits_the_count_and_the_rule(setup, cast):
    initiative = setup.initiatives[0]
    cast_votes(setup, initiative, yes=5)

    decision = _decide(setup, initiative, cast[Role.UNIT_OFFICER])

    entry = AuditEntry.objects.get(target_type="initiatives.decision", target_id=str(decision.pk))
    assert entry.changes["votes"] == [None, "5/7"]
    assert entry.changes["status"] == ["in_review", "recognised"]


# -- One-use award basis -------------------------------------------------------------------------


def test_mark_used_for_award_records_the_award(org, cast):
    initiative = make_recognised(org.a)

    mark_used_for_award(initiative, award_ref="Hồ sơ đề nghị CSTĐCS số 7/2025", by=cast.nobody)

    initiative.refresh_from_db()
    assert initiative.used_for_award == "Hồ sơ đề nghị CSTĐCS số 7/2025"
    assert initiative.used_for_award_at is not None
    entry = AuditEntry.objects.get(target_type="initiatives.initiative")
    assert entry.reason == "Dùng làm căn cứ khen thưởng (Công văn 5007/BNV-TĐKT năm 2023)"


def test_mark_used_for_award_a_second_time_is_refused(org, cast):
    initiative = make_recognised(org.a)
    mark_used_for_award(initiative, award_ref="Hồ sơ CSTĐCS số 7/2025", by=cast.nobody)

    with pytest.raises(DomainError) as refused:
        mark_used_for_award(initiative, award_ref="Hồ sơ Bằng khen số 3/2026", by=cast.nobody)

    assert refused.value.message == (
        "Sáng kiến đã được dùng làm căn cứ khen thưởng: Hồ sơ CSTĐCS số 7/2025. Mỗi sáng kiến "
        "chỉ dùng làm căn cứ khen thưởng một lần (Công văn 5007/BNV-TĐKT năm 2023)."
    )
    initiative.refresh_from_db()
    assert initiative.used_for_award == "Hồ sơ CSTĐCS số 7/2025"


def test_mark_used_for_award_refuses_a_non_recognised_initiative(setup, cast):
    initiative = setup.initiatives[0]

    with pytest.raises(DomainError) as refused:
        mark_used_for_award(initiative, award_ref="Hồ sơ số 1", by=cast.nobody)

    assert refused.value.message == (
        f"Sáng kiến {initiative.code} chưa được công nhận nên không dùng làm căn cứ khen thưởng."
    )


def test_mark_used_for_award_refuses_an_empty_reference(org, cast):
    with pytest.raises(DomainError):
        mark_used_for_award(make_recognised(org.a), award_ref="  ", by=cast.nobody)


def test_release_award_basis_by_the_department_frees_it(org, cast):
    initiative = make_recognised(org.a)
    mark_used_for_award(initiative, award_ref="Hồ sơ số 7", by=cast.nobody)

    release_award_basis(
        initiative, reason="Quyết định khen thưởng bị hủy.", by=cast[Role.DEPT_OFFICER]
    )

    initiative.refresh_from_db()
    assert (initiative.used_for_award, initiative.used_for_award_at) == ("", None)
    entry = AuditEntry.objects.filter(target_type="initiatives.initiative").latest("pk")
    assert (entry.changes, entry.reason) == (
        {"used_for_award": ["Hồ sơ số 7", ""]},
        "Quyết định khen thưởng bị hủy.",
    )
    mark_used_for_award(initiative, award_ref="Hồ sơ số 8", by=cast.nobody)


def test_release_award_basis_by_a_unit_officer_is_refused(org, cast):
    initiative = make_recognised(org.a)
    mark_used_for_award(initiative, award_ref="Hồ sơ số 7", by=cast.nobody)

    with pytest.raises(PermissionDeniedError):
        release_award_basis(initiative, reason="Nhầm.", by=cast[Role.UNIT_OFFICER])

    initiative.refresh_from_db()
    assert initiative.used_for_award == "Hồ sơ số 7"


def test_release_award_basis_requires_a_reason(org, cast):
    initiative = make_recognised(org.a)
    mark_used_for_award(initiative, award_ref="Hồ sơ số 7", by=cast.nobody)

    with pytest.raises(DomainError) as refused:
        release_award_basis(initiative, reason=" ", by=cast[Role.DEPT_OFFICER])

    assert refused.value.field == "reason"
