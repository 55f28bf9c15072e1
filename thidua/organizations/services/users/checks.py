"""Checks and helpers shared by the account services: input normalisation, the actor's right
to act on an account or a unit, and the audit entry every write leaves about the account."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, Role, is_permitted, roles_assignable_by
from thidua.core.audit import Changes, record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.organizations.models import RoleAssignment, Unit
from thidua.organizations.scoping import forget_grants, grants_for
from thidua.organizations.selectors.users import (
    USER_TARGET_TYPE,
    active_root_admin_assignments,
    assignments_of,
    can_manage_account,
    linked_person,
    root_unit,
    users_visible_to,
)

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,149}$")
REASON_MAX_LENGTH = 500


def check_username(username: str, *, exclude: User | None = None) -> str:
    """Normalise a username (lower case) or refuse it: format, then uniqueness."""
    normalised = username.strip().lower()
    if not USERNAME_PATTERN.match(normalised):
        raise DomainError(
            "Tên đăng nhập gồm 3–150 ký tự: chữ thường không dấu, chữ số và các dấu . _ -, "
            "bắt đầu bằng chữ hoặc số (ví dụ: hoa.nt).",
            field="username",
        )
    taken = User.objects.filter(username__iexact=normalised)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise DomainError(f"Tên đăng nhập “{normalised}” đã có người dùng.", field="username")
    return normalised


def check_account_email(email: str, *, exclude: User | None = None) -> str:
    """A valid address not used by another account (the password link is sent there)."""
    normalised = email.strip().lower()
    if not normalised:
        raise DomainError(
            "Cần có thư điện tử: đường dẫn đặt mật khẩu được gửi tới địa chỉ này.", field="email"
        )
    try:
        validate_email(normalised)
    except ValidationError as exc:
        raise DomainError("Địa chỉ thư điện tử không hợp lệ.", field="email") from exc
    taken = User.objects.filter(email__iexact=normalised)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise DomainError(
            f"Thư điện tử “{normalised}” đã được dùng cho một tài khoản khác.", field="email"
        )
    return normalised


def check_full_name(full_name: str) -> str:
    """Collapse spaces; refuse an empty or over-long name."""
    normalised = " ".join(full_name.split())
    if not normalised:
        raise DomainError("Họ và tên không được để trống.", field="full_name")
    if len(normalised) > 150:
        raise DomainError("Họ và tên dài quá 150 ký tự.", field="full_name")
    return normalised


def check_reason(reason: str) -> str:
    """A reason is required for locking, revoking and resets: it goes to the audit trail."""
    normalised = " ".join(reason.split())
    if not normalised:
        raise DomainError("Hãy ghi lý do (được lưu vào nhật ký).", field="reason")
    if len(normalised) > REASON_MAX_LENGTH:
        raise DomainError(f"Lý do dài quá {REASON_MAX_LENGTH} ký tự.", field="reason")
    return normalised


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        raise DomainError("Vai trò không hợp lệ.", field="role") from exc


def require_visible(by: User, user: User) -> None:
    if not users_visible_to(by).filter(pk=user.pk).exists():
        raise PermissionDeniedError("Bạn không có quyền quản lý tài khoản này.")


def require_account_management(by: User, user: User) -> None:
    if not can_manage_account(by, user):
        raise PermissionDeniedError(
            "Bạn không có quyền thay đổi tài khoản này: tài khoản có vai trò hoặc hồ sơ cán bộ "
            "ngoài phạm vi bạn được giao."
        )


def require_assignable(by: User, role: Role, unit: Unit) -> None:
    """Refuse a role the actor may not hand out on this unit (outside scope or too high)."""
    if not is_permitted(grants_for(by), Perm.MANAGE_USERS, unit.path):
        raise PermissionDeniedError(f"Đơn vị “{unit.name}” nằm ngoài phạm vi bạn được giao.")
    if role not in roles_assignable_by(grants_for(by), unit.path):
        raise PermissionDeniedError(
            f"Bạn không được giao vai trò “{role.label}” tại đơn vị “{unit.name}”."
        )


def account_unit_path(user: User) -> str:
    """Where an account sits in the tree, for the audit trail: its person's unit, else its
    highest assignment, else nowhere ("")."""
    person = linked_person(user)
    if person is not None:
        return person.unit.path
    paths = sorted((a.unit.path for a in assignments_of(user)), key=lambda p: (len(p), p))
    return paths[0] if paths else ""


def account_repr(user: User) -> str:
    return f"{user.username} — {user.display_name}"


def audit_account(
    *,
    by: User,
    action: AuditAction,
    user: User,
    changes: Changes,
    reason: str = "",
    unit_path: str | None = None,
) -> None:
    record_audit(
        actor=by,
        action=action,
        target_type=USER_TARGET_TYPE,
        target_id=user.pk,
        target_repr=account_repr(user),
        unit_path=account_unit_path(user) if unit_path is None else unit_path,
        changes=changes,
        reason=reason,
    )


def assignment_changes(assignment: RoleAssignment, *, granted: bool) -> Changes:
    values = {
        "role": Role(assignment.role).label,
        "unit": assignment.unit.name,
        "include_subtree": assignment.include_subtree,
    }
    return {key: ([None, value] if granted else [value, None]) for key, value in values.items()}


def forget_changed_grants(by: User, user: User) -> None:
    forget_grants(user)
    if by.pk == user.pk:
        forget_grants(by)


def would_leave_no_root_admin(
    *, exclude_assignment: int | None = None, exclude_user: int | None = None
) -> bool:
    """Whether no active system administrator would remain on the root (with its subtree)
    without this assignment or this account. Locks the rows it counts (call in a transaction)."""
    root = root_unit()
    if root is None:
        return False
    remaining = active_root_admin_assignments(root).select_for_update()
    if exclude_assignment is not None:
        remaining = remaining.exclude(pk=exclude_assignment)
    if exclude_user is not None:
        remaining = remaining.exclude(user_id=exclude_user)
    return not remaining.exists()
