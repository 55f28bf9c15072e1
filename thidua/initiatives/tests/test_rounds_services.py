"""Review rounds: creating and changing them, adding admitted initiatives (all or none), opening
and closing, automatic and manual assignment with conflicts of interest, declared conflicts,
history, audit and notifications."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry, Notification
from thidua.initiatives.enums import (
    ActionKind,
    AssignmentMethod,
    InitiativeStatus,
    RoundStatus,
)
from thidua.initiatives.models import (
    Assignment,
    ConflictDeclaration,
    InitiativeAction,
    ReviewRound,
    RoundEntry,
    Rubric,
)
from thidua.initiatives.services.rounds import (
    add_initiatives,
    assign_reviewer,
    auto_assign,
    close_round,
    create_round,
    declare_conflict,
    open_round,
    remove_initiative,
    unassign_reviewer,
    update_round,
)
from thidua.initiatives.tests.council_factories import (
    make_assignment,
    make_review,
    make_round,
)
from thidua.initiatives.tests.council_support import build_scene
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.tests.factories import PersonFactory

TODAY = timezone.localdate()


def _round(scene, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "council": scene.council,
        "name": "Đợt chấm sáng kiến năm 2026",
        "opens_on": TODAY,
        "closes_on": TODAY + dt.timedelta(days=14),
        "by": scene.manager,
    }
    return create_round(**{**fields, **overrides})


def _pairs(round_):  # type: ignore[no-untyped-def]
    return sorted(
        Assignment.objects.filter(round=round_).values_list(
            "initiative__code", "reviewer__username"
        )
    )


# -- Creating and changing --------------------------------------------------------------------


def test_create_round_draft_on_the_default_rubric_audited(org, cast):
    scene = build_scene(org, cast)

    round_ = _round(scene, blind=True, reviewers_per_initiative=2, max_per_reviewer=4)

    assert (round_.status, round_.rubric, round_.blind) == (
        RoundStatus.DRAFT,
        Rubric.objects.get(is_default=True),
        True,
    )
    entry = AuditEntry.objects.get(target_type="initiatives.reviewround")
    assert (
        entry.target_repr == "Hội đồng sáng kiến Bệnh viện A năm 2026: Đợt chấm sáng kiến năm 2026"
    )


def test_create_round_deadline_before_start_refused(org, cast):
    scene = build_scene(org, cast)

    with pytest.raises(DomainError) as refused:
        _round(scene, closes_on=TODAY - dt.timedelta(days=1))

    assert (refused.value.message, refused.value.field) == (
        "Hạn chấm phải từ ngày bắt đầu chấm trở đi.",
        "closes_on",
    )
    assert ReviewRound.objects.count() == 0


def test_create_round_zero_reviewers_refused(org, cast):
    scene = build_scene(org, cast)

    with pytest.raises(DomainError) as refused:
        _round(scene, reviewers_per_initiative=0)

    assert refused.value.field == "reviewers_per_initiative"


def test_update_round_open_keeps_rubric_and_blindness(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, status=RoundStatus.OPEN, blind=True)

    with pytest.raises(DomainError) as refused:
        update_round(
            round_,
            name=round_.name,
            opens_on=round_.opens_on,
            closes_on=round_.closes_on,
            blind=False,
            reviewers_per_initiative=3,
            max_per_reviewer=10,
            by=scene.manager,
        )

    assert refused.value.message == "Đợt chấm đã mở; không đổi chế độ chấm ẩn danh được nữa."


def test_update_round_open_extends_the_deadline(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, status=RoundStatus.OPEN)
    later = round_.closes_on + dt.timedelta(days=7)

    update_round(
        round_,
        name=round_.name,
        opens_on=round_.opens_on,
        closes_on=later,
        blind=round_.blind,
        reviewers_per_initiative=3,
        max_per_reviewer=10,
        by=scene.manager,
    )

    round_.refresh_from_db()
    assert round_.closes_on == later
    entry = AuditEntry.objects.get(action="update", target_type="initiatives.reviewround")
    assert list(entry.changes) == ["closes_on"]


# -- Initiatives ------------------------------------------------------------------------------


def test_add_initiatives_sets_in_review_with_history_and_audit(org, cast):
    scene = build_scene(org, cast)
    round_ = _round(scene)

    add_initiatives(round_, initiatives=[scene.sk_a1, scene.sk_a2], by=scene.manager)

    assert sorted(RoundEntry.objects.values_list("initiative__code", flat=True)) == sorted(
        [scene.sk_a1.code, scene.sk_a2.code]
    )
    scene.sk_a1.refresh_from_db()
    assert scene.sk_a1.status == InitiativeStatus.IN_REVIEW
    action = InitiativeAction.objects.get(initiative=scene.sk_a1, kind=ActionKind.ADD_TO_ROUND)
    assert action.note == (
        "Đưa vào đợt chấm “Đợt chấm sáng kiến năm 2026” — Hội đồng sáng kiến Bệnh viện A năm 2026."
    )
    assert AuditEntry.objects.filter(target_type="initiatives.initiative").count() == 2


def test_add_initiatives_all_or_none_with_each_reason(org, cast):
    scene = build_scene(org, cast)
    round_ = _round(scene)
    submitted = make_initiative(org.a1, cast.staff_person, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(DomainError) as refused:
        add_initiatives(round_, initiatives=[scene.sk_a1, submitted, scene.sk_b1], by=scene.manager)

    assert refused.value.message == (
        f"{scene.sk_b1.code} thuộc Khoa Nội B1, ngoài phạm vi của hội đồng. {submitted.code} "
        "đang ở trạng thái “Đã nộp, chờ sàng lọc”; chỉ đưa vào chấm sáng kiến đã được chấp nhận "
        "xét."
    )
    assert RoundEntry.objects.count() == 0
    scene.sk_a1.refresh_from_db()
    assert scene.sk_a1.status == InitiativeStatus.ADMITTED


def test_add_initiatives_already_in_another_round_refused(org, cast):
    scene = build_scene(org, cast)
    make_round(scene.council, name="Đợt 1", initiatives=[scene.sk_a1])
    second = _round(scene, name="Đợt 2")

    with pytest.raises(DomainError) as refused:
        add_initiatives(second, initiatives=[scene.sk_a1], by=scene.manager)

    assert refused.value.message == f"{scene.sk_a1.code} đã ở trong đợt chấm “Đợt 1”."


def test_add_initiatives_to_a_closed_round_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, status=RoundStatus.CLOSED)

    with pytest.raises(DomainError) as refused:
        add_initiatives(round_, initiatives=[scene.sk_a1], by=scene.manager)

    assert refused.value.message == (
        "Đợt chấm đã đóng; không thay đổi danh sách sáng kiến, phân công được nữa."
    )


def test_add_initiatives_by_a_manager_of_another_unit_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = _round(scene)

    with pytest.raises(PermissionDeniedError):
        add_initiatives(round_, initiatives=[scene.sk_a1], by=cast.nobody)


def test_remove_initiative_back_to_admitted(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    make_assignment(round_, scene.sk_a1, scene.r_a2)

    remove_initiative(round_, initiative=scene.sk_a1, by=scene.manager)

    scene.sk_a1.refresh_from_db()
    assert scene.sk_a1.status == InitiativeStatus.ADMITTED
    assert Assignment.objects.count() == 0
    assert RoundEntry.objects.count() == 0


def test_remove_initiative_with_a_submitted_review_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    make_review(make_assignment(round_, scene.sk_a1, scene.r_a2))

    with pytest.raises(DomainError):
        remove_initiative(round_, initiative=scene.sk_a1, by=scene.manager)

    assert RoundEntry.objects.count() == 1


# -- Opening and closing ----------------------------------------------------------------------


def test_open_round_without_initiatives_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = _round(scene)

    with pytest.raises(DomainError) as refused:
        open_round(round_, by=scene.manager)

    assert refused.value.message == (
        "Đợt chấm chưa có sáng kiến nào; hãy đưa sáng kiến vào trước khi mở."
    )


def test_open_then_close_round(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    open_round(round_, by=scene.manager)
    close_round(round_, by=scene.manager)

    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    changes = list(
        AuditEntry.objects.filter(target_type="initiatives.reviewround")
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert changes == [{"status": ["draft", "open"]}, {"status": ["open", "closed"]}]


def test_close_round_not_open_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council)

    with pytest.raises(DomainError) as refused:
        close_round(round_, by=scene.manager)

    assert refused.value.message == "Chỉ đóng được đợt chấm đang chấm."


# -- Automatic assignment ---------------------------------------------------------------------


def test_auto_assign_avoids_conflicts_and_names_shortfalls(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(
        scene.council, initiatives=[scene.sk_a1, scene.sk_a2], reviewers_per_initiative=2
    )

    result = auto_assign(round_, by=scene.manager)

    # sk_a1 (Khoa A1): r_a1 same khoa, r_hospital the hospital above → r_a2, r_a2b.
    # sk_a2 (Khoa A2): r_a2, r_a2b same khoa, r_hospital above → only r_a1.
    assert _pairs(round_) == sorted(
        [
            (scene.sk_a1.code, "bs_a2"),
            (scene.sk_a1.code, "bs_a2b"),
            (scene.sk_a2.code, "bs_a1"),
        ]
    )
    assert result.shortfalls == [
        f"Không đủ người chấm không xung đột cho {scene.sk_a2.code}: cần 2, mới phân công 1 "
        "(chỉ có 1 người chấm không xung đột lợi ích)."
    ]
    assert result.message == "Đã phân công tự động 3 lượt chấm cho 2 sáng kiến, 3 người chấm."
    assert set(Assignment.objects.values_list("method", flat=True)) == {AssignmentMethod.AUTO}


def test_auto_assign_logs_without_naming_the_reviewer_and_notifies(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], reviewers_per_initiative=2)

    auto_assign(round_, by=scene.manager)

    notes = list(
        InitiativeAction.objects.filter(kind=ActionKind.ASSIGN).values_list("note", flat=True)
    )
    assert (
        notes
        == [
            "Phân công tự động một người chấm trong đợt chấm “Đợt chấm 2026” — Hội đồng sáng kiến "
            "Bệnh viện A năm 2026."
        ]
        * 2
    )
    assert AuditEntry.objects.filter(target_type="initiatives.assignment").count() == 2
    notification = Notification.objects.get(user=scene.r_a2)
    assert notification.title == "Bạn được phân công chấm một sáng kiến"
    assert notification.url == "/sang-kien/phieu-cham/"
    assert notification.body == (
        f"Hội đồng sáng kiến Bệnh viện A năm 2026, đợt chấm “Đợt chấm 2026”: chấm từ ngày "
        f"{round_.opens_on:%d/%m/%Y}, hạn chấm {round_.closes_on:%d/%m/%Y}."
    )


def test_auto_assign_keeps_existing_and_respects_the_maximum(org, cast):
    scene = build_scene(org, cast)
    extra = make_initiative(org.a1, cast.staff_person, status=InitiativeStatus.ADMITTED)
    round_ = make_round(
        scene.council,
        initiatives=[scene.sk_a1, extra],
        reviewers_per_initiative=2,
        max_per_reviewer=1,
    )
    make_assignment(round_, scene.sk_a1, scene.r_a2)

    result = auto_assign(round_, by=scene.manager)

    assert _pairs(round_) == sorted([(scene.sk_a1.code, "bs_a2"), (scene.sk_a1.code, "bs_a2b")])
    assert result.shortfalls[0].startswith(f"Không đủ người chấm không xung đột cho {extra.code}")


def test_auto_assign_respects_a_declared_conflict(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], reviewers_per_initiative=2)
    ConflictDeclaration.objects.create(
        round=round_, initiative=scene.sk_a1, user=scene.r_a2b, reason="Người thân của tác giả"
    )

    auto_assign(round_, by=scene.manager)

    assert _pairs(round_) == [(scene.sk_a1.code, "bs_a2")]


def test_auto_assign_a_head_of_the_authors_khoa_is_conflicted(org, cast):
    scene = build_scene(org, cast)
    org.a1.head = scene.r_a2.person
    org.a1.save(update_fields=["head"])
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], reviewers_per_initiative=2)

    auto_assign(round_, by=scene.manager)

    assert _pairs(round_) == [(scene.sk_a1.code, "bs_a2b")]


def test_auto_assign_co_author_is_conflicted(org, cast):
    scene = build_scene(org, cast)
    co_authored = make_initiative(
        org.a1,
        cast.staff_person,
        status=InitiativeStatus.ADMITTED,
        co_authors=[(scene.r_a2.person, 30)],
    )
    round_ = make_round(scene.council, initiatives=[co_authored], reviewers_per_initiative=2)

    result = auto_assign(round_, by=scene.manager)

    # r_a2 co-authors it; r_a2b works in the co-author's khoa (an author unit too); r_a1 in the
    # main author's khoa; r_hospital above both.
    assert _pairs(round_) == []
    assert result.shortfalls == [
        f"Không đủ người chấm không xung đột cho {co_authored.code}: cần 2, mới phân công 0 "
        "(chỉ có 0 người chấm không xung đột lợi ích)."
    ]


def test_auto_assign_without_scoring_members_refused(org, cast):
    scene = build_scene(org, cast)
    scene.council.members.update(reviews=False)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    with pytest.raises(DomainError) as refused:
        auto_assign(round_, by=scene.manager)

    assert refused.value.message == (
        "Hội đồng chưa có thành viên nào tham gia chấm; hãy thêm thành viên trước."
    )


# -- Manual assignment ------------------------------------------------------------------------


def test_assign_reviewer_manual_logged_and_notified(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    assignment = assign_reviewer(
        round_, initiative=scene.sk_a1, reviewer=scene.r_a2, by=scene.manager
    )

    assert (assignment.method, assignment.assigned_by) == (AssignmentMethod.MANUAL, scene.manager)
    action = InitiativeAction.objects.get(kind=ActionKind.ASSIGN)
    assert action.note.startswith("Phân công thủ công một người chấm")
    entry = AuditEntry.objects.get(target_type="initiatives.assignment")
    assert entry.target_repr == f"Đợt chấm 2026: {scene.sk_a1.code} — Vũ Thị Lan"
    assert Notification.objects.filter(user=scene.r_a2).count() == 1


def test_assign_reviewer_in_conflict_refused_with_the_reason(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    with pytest.raises(DomainError) as refused:
        assign_reviewer(round_, initiative=scene.sk_a1, reviewer=scene.r_a1, by=scene.manager)

    assert refused.value.message == (
        f"Không phân công được: Đỗ Minh Khoa có xung đột lợi ích với {scene.sk_a1.code} (cùng "
        "đơn vị, hoặc đơn vị cấp trên, cấp dưới của đơn vị tác giả)."
    )
    assert Assignment.objects.count() == 0
    assert InitiativeAction.objects.filter(kind=ActionKind.ASSIGN).count() == 0


def test_assign_reviewer_not_scoring_member_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    with pytest.raises(DomainError) as refused:
        assign_reviewer(round_, initiative=scene.sk_a1, reviewer=scene.secretary, by=scene.manager)

    assert refused.value.message == "Bùi Thị Thư không tham gia chấm trong hội đồng."


def test_assign_reviewer_over_the_maximum_refused(org, cast):
    scene = build_scene(org, cast)
    extra = make_initiative(org.a1, cast.staff_person, status=InitiativeStatus.ADMITTED)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1, extra], max_per_reviewer=1)
    make_assignment(round_, scene.sk_a1, scene.r_a2)

    with pytest.raises(DomainError) as refused:
        assign_reviewer(round_, initiative=extra, reviewer=scene.r_a2, by=scene.manager)

    assert refused.value.message == (
        "Vũ Thị Lan đã được phân công 1 sáng kiến, bằng mức tối đa của đợt chấm; hãy tăng mức "
        "tối đa hoặc chọn người khác."
    )


def test_assign_reviewer_initiative_not_in_the_round_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    with pytest.raises(DomainError) as refused:
        assign_reviewer(round_, initiative=scene.sk_a2, reviewer=scene.r_a1, by=scene.manager)

    assert refused.value.message == f"{scene.sk_a2.code} không có trong đợt chấm này."


def test_unassign_reviewer_logged(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])
    assignment = make_assignment(round_, scene.sk_a1, scene.r_a2)

    unassign_reviewer(assignment, by=scene.manager, reason="Đi công tác dài ngày")

    assert Assignment.objects.count() == 0
    assert InitiativeAction.objects.filter(kind=ActionKind.UNASSIGN).count() == 1
    entry = AuditEntry.objects.get(action="delete", target_type="initiatives.assignment")
    assert entry.reason == "Đi công tác dài ngày"


def test_unassign_reviewer_after_submission_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    assignment = make_assignment(round_, scene.sk_a1, scene.r_a2)
    make_review(assignment)

    with pytest.raises(DomainError) as refused:
        unassign_reviewer(assignment, by=scene.manager)

    assert refused.value.message == (
        f"Vũ Thị Lan đã nộp phiếu chấm {scene.sk_a1.code}; không bỏ phân công được."
    )
    assert Assignment.objects.count() == 1


# -- Declared conflicts -----------------------------------------------------------------------


def test_declare_conflict_by_the_reviewer_removes_the_assignment(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    make_assignment(round_, scene.sk_a1, scene.r_a2)

    declared = declare_conflict(
        round_,
        initiative=scene.sk_a1,
        user=scene.r_a2,
        reason="Tôi đã góp ý cho tác giả khi viết",
        by=scene.r_a2,
    )

    assert declared.removed_assignment is True
    assert Assignment.objects.count() == 0
    assert ConflictDeclaration.objects.get().declared_by == scene.r_a2
    assert InitiativeAction.objects.filter(kind=ActionKind.UNASSIGN).count() == 1


def test_declare_conflict_for_someone_else_by_a_non_manager_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)

    with pytest.raises(PermissionDeniedError):
        declare_conflict(
            round_, initiative=scene.sk_a1, user=scene.r_a2b, reason="Lý do", by=scene.r_a2
        )

    assert ConflictDeclaration.objects.count() == 0


def test_declare_conflict_recorded_by_the_officer(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1])

    declared = declare_conflict(
        round_, initiative=scene.sk_a1, user=scene.r_a2b, reason="Vợ chồng", by=scene.manager
    )

    assert (declared.removed_assignment, declared.declaration.declared_by) == (
        False,
        scene.manager,
    )


def test_declare_conflict_after_submission_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)
    make_review(make_assignment(round_, scene.sk_a1, scene.r_a2))

    with pytest.raises(DomainError) as refused:
        declare_conflict(
            round_, initiative=scene.sk_a1, user=scene.r_a2, reason="Lý do", by=scene.r_a2
        )

    assert refused.value.message.startswith("Phiếu chấm đã nộp;")
    assert ConflictDeclaration.objects.count() == 0
    assert Assignment.objects.count() == 1


def test_declare_conflict_empty_reason_refused(org, cast):
    scene = build_scene(org, cast)
    round_ = make_round(scene.council, initiatives=[scene.sk_a1], status=RoundStatus.OPEN)

    with pytest.raises(DomainError) as refused:
        declare_conflict(round_, initiative=scene.sk_a1, user=scene.r_a2, reason=" ", by=scene.r_a2)

    assert (refused.value.message, refused.value.field) == (
        "Hãy nêu lý do xung đột lợi ích.",
        "reason",
    )


def test_round_author_outside_the_system_is_no_conflict(org, cast):
    scene = build_scene(org, cast)
    external = make_initiative(
        org.a1,
        PersonFactory(unit=org.a1),
        status=InitiativeStatus.ADMITTED,
        co_authors=[("Nguyễn Văn Ngoài", 20)],
    )
    round_ = make_round(scene.council, initiatives=[external], reviewers_per_initiative=2)

    auto_assign(round_, by=scene.manager)

    assert _pairs(round_) == sorted([(external.code, "bs_a2"), (external.code, "bs_a2b")])
