"""The approval workflow's services: every transition and every refusal of the issue —
submitting after the lock date, approving one's own submission, approving a report of a unit
outside one's scope, returning or revoking without a reason, two approvers at once — the climb
of a khoa's report, bulk approval and the exceptions after the lock date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.tests.factories import UserFactory, grant
from thidua.reporting.enums import ActionKind, ReportStatus
from thidua.reporting.models import (
    ApprovalLevel,
    EntryException,
    Report,
    ReportAction,
    ReportScore,
    ReportValue,
)
from thidua.reporting.services.entry import save_value
from thidua.reporting.services.workflow import (
    SubmissionBlocked,
    approve_report,
    bulk_approve,
    grant_exception,
    return_report,
    revoke_approval,
    revoke_exception,
    submit_report,
)
from thidua.reporting.tests.factories import make_complete_report, make_plan, make_report

TODAY = timezone.localdate()


@pytest.fixture
def plan(org):
    return make_plan(org)


@pytest.fixture
def officer(cast):
    return cast[Role.UNIT_OFFICER]


@pytest.fixture
def head(cast):
    return cast[Role.UNIT_HEAD]


@pytest.fixture
def dept(cast):
    return cast[Role.DEPT_OFFICER]


def _steps(report):
    return [
        (a.kind, a.level.name if a.level else None, a.actor.username, a.reason)
        for a in ReportAction.objects.filter(report=report).select_related("level", "actor")
    ]


def _reload(report):
    return Report.objects.select_related("pending_level").get(pk=report.pk)


def _submitted(plan, unit, by, *, level=1, **fields):
    return make_complete_report(
        plan,
        unit,
        status=ReportStatus.SUBMITTED,
        pending_level=plan.levels[level],
        submitted_by=by,
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
        **fields,
    )


# -- Submit --------------------------------------------------------------------------------------


def test_submit_sends_the_report_to_its_first_level_and_scores_it(org, plan, officer):
    report = make_complete_report(plan, org.a)

    submit_report(report=report, by=officer)

    report = _reload(report)
    assert (report.status, report.pending_level.name, report.submitted_by) == (
        ReportStatus.SUBMITTED,
        "Đơn vị",
        officer,
    )
    assert report.first_submitted_at == report.submitted_at
    assert report.is_late is False
    assert _steps(report) == [(ActionKind.SUBMIT, None, officer.username, "")]
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.SUBMIT, target_id=str(report.pk), unit_path=org.a.path
        ).count()
        == 1
    )
    assert ReportScore.objects.filter(report=report).exists()


def test_submit_after_the_due_date_is_accepted_and_marked_late(org, plan, officer):
    plan.current.due_on = TODAY - dt.timedelta(days=1)
    plan.current.save()
    report = make_complete_report(plan, org.a)

    submit_report(report=report, by=officer)

    assert _reload(report).is_late is True


def test_submit_after_the_lock_date_is_refused_with_the_lock_date(org, plan, officer):
    report = make_complete_report(plan, org.a, period=plan.previous)

    with pytest.raises(DomainError) as refused:
        submit_report(report=report, by=officer)

    assert refused.value.message == (
        f"Số liệu đã khóa từ sau ngày {plan.previous.locks_on:%d/%m/%Y}: không thể nhập hoặc "
        "nộp. Đề nghị Sở gia hạn nếu cần."
    )
    assert _reload(report).status == ReportStatus.DRAFT
    assert ReportAction.objects.count() == 0


def test_submit_after_the_lock_date_within_an_exception_is_late(org, plan, officer, dept):
    report = make_complete_report(plan, org.a, period=plan.previous)
    grant_exception(
        period=plan.previous,
        unit=org.a,
        until=TODAY + dt.timedelta(days=2),
        reason="Bệnh viện chuyển hệ thống phần mềm.",
        by=dept,
    )

    submit_report(report=report, by=officer)

    report = _reload(report)
    assert (report.status, report.is_late) == (ReportStatus.SUBMITTED, True)


def test_submit_with_errors_is_blocked_and_lists_them(org, plan, officer):
    report = make_report(plan, org.a, values={"DVC_TONG": "100"})

    with pytest.raises(SubmissionBlocked) as blocked:
        submit_report(report=report, by=officer)

    codes = [issue.code for issue in blocked.value.issues]
    assert codes == ["DVC_TRUC_TUYEN", "CB_DAO_TAO", "DIEN_TAP", "DIEN_TAP", "SU_CO"]
    assert blocked.value.message.startswith("Chưa nộp được: báo cáo còn 5 lỗi")
    assert _reload(report).status == ReportStatus.DRAFT


def test_submit_with_an_unexplained_jump_is_blocked_until_explained(org, plan, officer):
    make_complete_report(plan, org.a, period=plan.previous, status=ReportStatus.APPROVED)
    report = make_complete_report(plan, org.a)
    ReportValue.objects.filter(report=report, indicator__code="DVC_TONG").update(value=1000)

    with pytest.raises(SubmissionBlocked) as blocked:
        submit_report(report=report, by=officer)
    ReportValue.objects.filter(report=report, indicator__code="DVC_TONG").update(
        explanation="Sáp nhập thêm cơ sở 2."
    )
    submit_report(report=report, by=officer)

    assert [(i.code, i.level) for i in blocked.value.issues] == [("DVC_TONG", "warning")]
    assert _reload(report).status == ReportStatus.SUBMITTED


def test_submit_needs_enter_report_on_the_unit(org, plan, head):
    report = make_complete_report(plan, org.a)

    with pytest.raises(PermissionDeniedError, match="không có quyền nộp báo cáo"):
        submit_report(report=report, by=head)


def test_submit_of_a_unit_outside_the_officers_unit_is_forbidden(org, plan, officer):
    report = make_complete_report(plan, org.b)

    with pytest.raises(PermissionDeniedError):
        submit_report(report=report, by=officer)


def test_submit_twice_is_refused(org, plan, officer):
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=officer)

    with pytest.raises(DomainError, match="Báo cáo đã nộp, đang chờ duyệt"):
        submit_report(report=report, by=officer)


def test_submit_without_approval_levels_approves_at_once(org, plan, officer):
    ApprovalLevel.objects.filter(movement=plan.movement).delete()
    report = make_complete_report(plan, org.a)

    submit_report(report=report, by=officer)

    report = _reload(report)
    assert (report.status, report.pending_level, report.approved_at is not None) == (
        ReportStatus.APPROVED,
        None,
        True,
    )
    assert [kind for kind, *_ in _steps(report)] == [ActionKind.SUBMIT, ActionKind.APPROVE]
    assert set(
        ReportValue.objects.filter(report=report).values_list("was_approved", flat=True)
    ) == {True}


# -- Approve -------------------------------------------------------------------------------------


def test_approval_climbs_unit_then_department_and_snapshots_the_values(
    org, plan, officer, head, dept
):
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=officer)

    approve_report(report=report, by=head)
    middle = _reload(report)
    approve_report(report=report, by=dept)

    report = _reload(report)
    assert (middle.status, middle.pending_level.name) == (ReportStatus.SUBMITTED, "Sở")
    assert (report.status, report.pending_level, report.approved_at is not None) == (
        ReportStatus.APPROVED,
        None,
        True,
    )
    assert _steps(report) == [
        (ActionKind.SUBMIT, None, officer.username, ""),
        (ActionKind.APPROVE, "Đơn vị", head.username, ""),
        (ActionKind.APPROVE, "Sở", dept.username, ""),
    ]
    row = ReportValue.objects.get(report=report, indicator__code="DVC_TONG")
    assert (row.approved_value, row.was_approved, row.changed_since_approval) == (
        Decimal(100),
        True,
        False,
    )
    assert AuditEntry.objects.filter(action=AuditAction.APPROVE).count() == 2


def test_approving_ones_own_submission_is_forbidden(org, plan, cast):
    admin = cast[Role.SYSTEM_ADMIN]
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=admin)

    with pytest.raises(DomainError) as refused:
        approve_report(report=report, by=admin)

    assert refused.value.message == "Bạn không thể tự duyệt báo cáo do chính mình nộp."
    assert _reload(report).pending_level.name == "Đơn vị"


def test_approving_a_report_of_a_unit_outside_ones_scope_is_forbidden(org, plan, head):
    other = UserFactory(username="officer_b")
    grant(other, Role.UNIT_OFFICER, org.b)
    report = _submitted(plan, org.b, other)

    with pytest.raises(PermissionDeniedError) as refused:
        approve_report(report=report, by=head)

    assert refused.value.message == (
        "Bạn không có quyền duyệt báo cáo của “Bệnh viện B” ở cấp “Đơn vị”."
    )


def test_a_unit_head_cannot_approve_at_the_department_level(org, plan, officer, head):
    report = _submitted(plan, org.a, officer, level=0)

    with pytest.raises(PermissionDeniedError, match="ở cấp “Sở”"):
        approve_report(report=report, by=head)


def test_approving_a_draft_is_refused(org, plan, head):
    report = make_complete_report(plan, org.a)

    with pytest.raises(DomainError, match="không ở trạng thái chờ duyệt"):
        approve_report(report=report, by=head)


def test_two_approvers_at_once_the_second_is_told_who_approved_first(org, plan, officer, head):
    second_head = UserFactory(username="pho_giam_doc", full_name="Trần Văn Bình")
    grant(second_head, Role.UNIT_HEAD, org.a)
    head.full_name = "Lê Thị Cúc"
    head.save()
    report = _submitted(plan, org.a, officer)
    seen_by_second = Report.objects.get(pk=report.pk)

    approve_report(report=report, by=head)
    with pytest.raises(DomainError) as refused:
        approve_report(report=seen_by_second, by=second_head)

    assert refused.value.message.startswith("Lê Thị Cúc vừa duyệt ở cấp “Đơn vị” lúc ")
    assert refused.value.message.endswith(
        "; báo cáo hiện ở trạng thái “Chờ duyệt” (chờ cấp “Sở”). Hãy tải lại trang để xem."
    )
    assert [kind for kind, *_ in _steps(report)] == [ActionKind.APPROVE]


def test_a_stale_revision_from_the_page_is_refused(org, plan, officer, head):
    report = _submitted(plan, org.a, officer, revision=4)

    with pytest.raises(DomainError, match="vừa được cập nhật sau khi bạn mở trang"):
        approve_report(report=report, by=head, revision=3)


# -- Return --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_without_a_reason_is_refused(org, plan, officer, head, reason):
    report = _submitted(plan, org.a, officer)

    with pytest.raises(DomainError) as refused:
        return_report(report=report, by=head, reason=reason)

    assert (refused.value.message, refused.value.field) == (
        "Hãy nêu lý do trả lại để đơn vị biết cần sửa gì.",
        "reason",
    )
    assert _reload(report).status == ReportStatus.SUBMITTED


def test_return_sends_the_report_back_editable_with_the_reason(org, plan, officer, dept):
    report = _submitted(plan, org.a, officer, level=0)

    return_report(report=report, by=dept, reason="  Thiếu minh chứng diễn tập.  ")

    report = _reload(report)
    assert (report.status, report.pending_level, report.is_locked) == (
        ReportStatus.RETURNED,
        None,
        False,
    )
    assert _steps(report) == [
        (ActionKind.RETURN, "Sở", dept.username, "Thiếu minh chứng diễn tập.")
    ]
    entry = AuditEntry.objects.get(action=AuditAction.RETURN)
    assert (entry.reason, entry.changes["status"]) == (
        "Thiếu minh chứng diễn tập.",
        ["submitted", "returned"],
    )


def test_return_by_someone_who_does_not_approve_the_pending_level_is_forbidden(
    org, plan, officer, head
):
    report = _submitted(plan, org.a, officer, level=0)

    with pytest.raises(PermissionDeniedError):
        return_report(report=report, by=head, reason="Sai số liệu.")


def test_a_returned_report_climbs_again_from_its_first_level(org, plan, officer, head, dept):
    report = _submitted(plan, org.a, officer, level=0)
    return_report(report=report, by=dept, reason="Sai số liệu.")

    submit_report(report=report, by=officer)

    assert _reload(report).pending_level.name == "Đơn vị"


# -- Revoke --------------------------------------------------------------------------------------


def _approved(plan, unit, officer, head, dept):
    report = make_complete_report(plan, unit)
    submit_report(report=report, by=officer)
    approve_report(report=report, by=head)
    approve_report(report=report, by=dept)
    return report


@pytest.mark.parametrize("reason", ["", "  "])
def test_revoke_without_a_reason_is_refused(org, plan, officer, head, dept, reason):
    report = _approved(plan, org.a, officer, head, dept)

    with pytest.raises(DomainError, match="Hãy nêu lý do hủy duyệt") as refused:
        revoke_approval(report=report, by=dept, reason=reason)

    assert refused.value.field == "reason"
    assert _reload(report).status == ReportStatus.APPROVED


def test_revoke_reopens_an_approved_report_and_logs_the_reason(org, plan, officer, head, dept):
    report = _approved(plan, org.a, officer, head, dept)

    revoke_approval(report=report, by=dept, reason="Phát hiện sai số liệu dịch vụ công.")

    report = _reload(report)
    assert (report.status, report.approved_at, report.is_locked) == (
        ReportStatus.RETURNED,
        None,
        False,
    )
    assert _steps(report)[-1] == (
        ActionKind.REVOKE,
        "Sở",
        dept.username,
        "Phát hiện sai số liệu dịch vụ công.",
    )
    assert AuditEntry.objects.filter(action=AuditAction.REVOKE_APPROVAL).count() == 1


def test_a_unit_head_revokes_a_report_past_their_level(org, plan, officer, head):
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=officer)
    approve_report(report=report, by=head)

    revoke_approval(report=report, by=head, reason="Duyệt nhầm, cần bổ sung số liệu.")

    assert _steps(report)[-1][:2] == (ActionKind.REVOKE, "Đơn vị")
    assert _reload(report).status == ReportStatus.RETURNED


def test_revoking_a_report_no_level_approved_is_refused(org, plan, officer, dept):
    report = _submitted(plan, org.a, officer)

    with pytest.raises(DomainError, match="chưa được cấp nào duyệt"):
        revoke_approval(report=report, by=dept, reason="Sai.")


def test_revoke_by_someone_of_another_unit_is_forbidden(org, plan, officer, head, dept):
    report = _approved(plan, org.a, officer, head, dept)
    head_b = UserFactory(username="head_b")
    grant(head_b, Role.UNIT_HEAD, org.b)

    with pytest.raises(PermissionDeniedError):
        revoke_approval(report=report, by=head_b, reason="Sai.")


def test_values_changed_after_a_revocation_are_marked_until_approved_again(
    org, plan, officer, head, dept
):
    report = _approved(plan, org.a, officer, head, dept)
    revoke_approval(report=report, by=dept, reason="Sai số thủ tục.")
    row = ReportValue.objects.get(report=report, indicator__code="DVC_TONG")

    save_value(
        report=report, indicator=plan.indicators["DVC_TONG"], raw="120", revision=row.revision,
        by=officer,
    )  # fmt: skip
    submit_report(report=report, by=officer)
    marked = _reload(report).changed_since_approval
    changed = [
        r.indicator.code
        for r in ReportValue.objects.filter(report=report).select_related("indicator")
        if r.changed_since_approval
    ]
    approve_report(report=report, by=head)
    approve_report(report=report, by=dept)

    assert (marked, sorted(changed)) == (True, ["DVC_TONG", "TL_DVC"])
    assert _reload(report).changed_since_approval is False
    assert not any(r.changed_since_approval for r in ReportValue.objects.filter(report=report))


# -- A khoa's report -----------------------------------------------------------------------------


def test_a_khoa_report_climbs_to_its_unit_only(org, plan, cast, head, dept):
    khoa_officer = UserFactory(username="khoa_officer")
    grant(khoa_officer, Role.UNIT_OFFICER, org.a1)
    report = make_complete_report(plan, org.a1)

    submit_report(report=report, by=khoa_officer)
    pending = _reload(report).pending_level.name
    approve_report(report=report, by=head)

    assert (pending, _reload(report).status) == ("Đơn vị", ReportStatus.APPROVED)


def test_with_a_khoa_level_the_khoa_report_climbs_khoa_then_unit(org, plan, head):
    ApprovalLevel.objects.create(movement=plan.movement, depth=2, name="Khoa, phòng")
    khoa_officer = UserFactory(username="khoa_officer")
    grant(khoa_officer, Role.UNIT_OFFICER, org.a1)
    khoa_head = UserFactory(username="truong_khoa")
    grant(khoa_head, Role.UNIT_HEAD, org.a1, subtree=False)
    report = make_complete_report(plan, org.a1)
    submit_report(report=report, by=khoa_officer)
    first = _reload(report).pending_level.name

    approve_report(report=report, by=khoa_head)
    second = _reload(report).pending_level.name
    with pytest.raises(PermissionDeniedError):  # the khoa head does not approve for the unit
        approve_report(report=report, by=khoa_head)
    approve_report(report=report, by=head)

    assert (first, second) == ("Khoa, phòng", "Đơn vị")
    assert _reload(report).status == ReportStatus.APPROVED


def test_a_unit_report_skips_the_khoa_level(org, plan, officer):
    ApprovalLevel.objects.create(movement=plan.movement, depth=2, name="Khoa, phòng")
    report = make_complete_report(plan, org.a)

    submit_report(report=report, by=officer)

    assert _reload(report).pending_level.name == "Đơn vị"


# -- Bulk approval -------------------------------------------------------------------------------


def test_bulk_approve_approves_what_it_may_and_says_why_it_skipped_the_rest(
    org, plan, officer, dept
):
    at_unit = _submitted(plan, org.a, officer, level=1)
    officer_b = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    at_department = _submitted(plan, org.b, officer_b, level=0)
    own = _submitted(plan, org.a1, dept, level=1)
    draft = make_complete_report(plan, org.a2)
    reports = list(
        Report.objects.filter(pk__in=[at_unit.pk, at_department.pk, own.pk, draft.pk]).order_by(
            "unit__path"
        )
    )

    result = bulk_approve(reports=reports, by=dept)

    assert sorted(r.unit.code for r in result.approved) == ["BV_A", "BV_B"]
    assert [(r.unit.code, why) for r, why in result.skipped] == [
        ("BV_A_K1", "Bạn không thể tự duyệt báo cáo do chính mình nộp."),
        ("BV_A_K2", "Báo cáo không ở trạng thái chờ duyệt (hiện: “Đang nhập”)."),
    ]
    assert (_reload(at_unit).pending_level.name, _reload(at_department).status) == (
        "Sở",
        ReportStatus.APPROVED,
    )
    entries = AuditEntry.objects.filter(action=AuditAction.APPROVE)
    assert [e.target_repr for e in entries] == ["Duyệt hàng loạt 2 báo cáo"]
    assert result.message == "Đã duyệt 2 báo cáo; bỏ qua 2 báo cáo (xem lý do từng báo cáo)."


def test_bulk_approve_needs_manage_reporting(org, plan, officer, head):
    report = _submitted(plan, org.a, officer)

    with pytest.raises(PermissionDeniedError):
        bulk_approve(reports=[report], by=head)


# -- Exceptions ----------------------------------------------------------------------------------


def test_grant_exception_lets_a_unit_enter_after_the_lock_date(org, plan, dept):
    exception = grant_exception(
        period=plan.previous,
        unit=org.a,
        until=TODAY + dt.timedelta(days=5),
        reason="Đơn vị đổi phần mềm.",
        by=dept,
    )

    assert (exception.unit, exception.granted_by) == (org.a, dept)
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE, target_type="reporting.entryexception"
        ).count()
        == 1
    )


def test_granting_again_changes_the_date(org, plan, dept):
    grant_exception(
        period=plan.previous, unit=org.a, until=TODAY + dt.timedelta(days=5), reason="A", by=dept
    )

    grant_exception(
        period=plan.previous, unit=org.a, until=TODAY + dt.timedelta(days=9), reason="B", by=dept
    )

    assert list(EntryException.objects.values_list("until", "reason")) == [
        (TODAY + dt.timedelta(days=9), "B")
    ]


def test_an_exception_must_end_after_the_lock_date(org, plan, dept):
    with pytest.raises(DomainError) as refused:
        grant_exception(
            period=plan.current, unit=org.a, until=plan.current.locks_on, reason="Sớm.", by=dept
        )

    assert refused.value.field == "until"
    assert f"({plan.current.locks_on:%d/%m/%Y})" in refused.value.message


def test_an_exception_needs_a_reason(org, plan, dept):
    with pytest.raises(DomainError, match="Hãy nêu lý do gia hạn"):
        grant_exception(
            period=plan.previous, unit=org.a, until=TODAY + dt.timedelta(days=3), reason=" ",
            by=dept,
        )  # fmt: skip


def test_an_exception_needs_manage_reporting_over_the_unit(org, plan, officer):
    with pytest.raises(PermissionDeniedError):
        grant_exception(
            period=plan.previous, unit=org.a, until=TODAY + dt.timedelta(days=3), reason="Xin.",
            by=officer,
        )  # fmt: skip


def test_revoke_exception_closes_entry_again(org, plan, dept):
    exception = grant_exception(
        period=plan.previous, unit=org.a, until=TODAY + dt.timedelta(days=5), reason="A", by=dept
    )

    revoke_exception(exception=exception, by=dept, reason="Đơn vị đã nộp.")

    assert EntryException.objects.count() == 0
    assert AuditEntry.objects.filter(action=AuditAction.DELETE).count() == 1


# -- Who is told ---------------------------------------------------------------------------------


def _notes(user):
    from thidua.core.models import Notification

    return [(n.title, n.body, n.url) for n in Notification.objects.filter(user=user)]


def test_submission_tells_the_approvers_of_the_first_level_only(org, plan, officer, head, dept):
    report = make_complete_report(plan, org.a)
    officer.full_name = "Nguyễn Thị Lan"
    officer.save()

    submit_report(report=report, by=officer)

    assert _notes(head) == [
        (
            f"Báo cáo chờ duyệt: {plan.current.name} — Bệnh viện A",
            "Nguyễn Thị Lan đã nộp báo cáo; chờ cấp “Đơn vị” duyệt.",
            f"/bao-cao/{report.pk}/",
        )
    ]
    assert _notes(dept) == []  # the department is told when the report reaches the Sở


def test_the_next_level_is_told_and_the_submitter_hears_the_outcome(org, plan, officer, head, dept):
    report = make_complete_report(plan, org.a)
    submit_report(report=report, by=officer)

    approve_report(report=report, by=head)
    return_report(report=report, by=dept, reason="Thiếu minh chứng.")

    assert [title for title, *_ in _notes(dept)] == [
        f"Báo cáo chờ duyệt: {plan.current.name} — Bệnh viện A"
    ]
    assert [(title, body) for title, body, _ in _notes(officer)] == [
        (f"Báo cáo bị trả lại: {plan.current.name} — Bệnh viện A", "Lý do: Thiếu minh chứng.")
    ]
