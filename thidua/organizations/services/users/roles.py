"""Granting and revoking role assignments, with lock-out protection for system administrators."""

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction
from thidua.organizations.models import RoleAssignment, Unit
from thidua.organizations.services.users.checks import (
    assignment_changes,
    audit_account,
    check_reason,
    check_role,
    forget_changed_grants,
    require_assignable,
    require_visible,
    would_leave_no_root_admin,
)


@transaction.atomic
def grant_role(
    *, by: User, user: User, role: str, unit: Unit, include_subtree: bool, reason: str = ""
) -> RoleAssignment:
    """Give an account a role on a unit (with or without its subtree).

    Refuses: an account the actor may not see, a role the actor may not assign on that unit
    (outside their reach, or above what they may hand out), an inactive unit, the same role on
    the same unit twice.
    """
    require_visible(by, user)
    checked_role = check_role(role)
    require_assignable(by, checked_role, unit)
    if not unit.is_active:
        raise DomainError("Đơn vị đã ngừng hoạt động.", field="unit")
    if RoleAssignment.objects.filter(user=user, role=checked_role, unit=unit).exists():
        raise DomainError(
            f"Tài khoản đã có vai trò “{checked_role.label}” tại đơn vị “{unit.name}”.",
            field="role",
        )
    assignment = RoleAssignment.objects.create(
        user=user, role=checked_role, unit=unit, include_subtree=include_subtree, granted_by=by
    )
    audit_account(
        by=by,
        action=AuditAction.ROLE_GRANT,
        user=user,
        changes=assignment_changes(assignment, granted=True),
        reason=reason.strip(),
        unit_path=unit.path,
    )
    forget_changed_grants(by, user)
    return assignment


@transaction.atomic
def revoke_role(*, by: User, assignment: RoleAssignment, reason: str) -> None:
    """Take a role assignment away.

    Refuses: an account the actor may not see, a role the actor may not assign on that unit,
    no reason, revoking one's own last system-administrator assignment, revoking the last
    system-administrator assignment on the root held by an active account.
    """
    assignment = RoleAssignment.objects.select_related("unit", "user").get(pk=assignment.pk)
    user = assignment.user
    require_visible(by, user)
    require_assignable(by, Role(assignment.role), assignment.unit)
    reason = check_reason(reason)
    if assignment.role == Role.SYSTEM_ADMIN:
        if (
            user.pk == by.pk
            and not RoleAssignment.objects.filter(user=user, role=Role.SYSTEM_ADMIN)
            .exclude(pk=assignment.pk)
            .exists()
        ):
            raise DomainError(
                "Bạn không thể tự thu hồi vai trò quản trị hệ thống cuối cùng của mình."
            )
        if would_leave_no_root_admin(exclude_assignment=assignment.pk):
            raise DomainError(
                "Phải luôn còn ít nhất một quản trị hệ thống đang hoạt động tại đơn vị gốc."
            )
    changes = assignment_changes(assignment, granted=False)
    unit_path = assignment.unit.path
    assignment.delete()
    audit_account(
        by=by,
        action=AuditAction.ROLE_REVOKE,
        user=user,
        changes=changes,
        reason=reason,
        unit_path=unit_path,
    )
    forget_changed_grants(by, user)
