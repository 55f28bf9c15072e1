"""Opening an account, changing its name and email, locking and unlocking it."""

from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, is_permitted
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.organizations.models import Person, RoleAssignment, Unit
from thidua.organizations.scoping import grants_for
from thidua.organizations.selectors.users import is_full_admin_at_root, is_system_administrator
from thidua.organizations.services.users.checks import (
    assignment_changes,
    audit_account,
    check_account_email,
    check_full_name,
    check_reason,
    check_role,
    check_username,
    forget_changed_grants,
    require_account_management,
    require_assignable,
    would_leave_no_root_admin,
)
from thidua.organizations.services.users.credentials import send_after_commit


def create_user_account(
    *,
    by: User,
    username: str,
    email: str,
    full_name: str,
    person: Person | None = None,
    role: str | None = None,
    unit: Unit | None = None,
    include_subtree: bool = True,
) -> User:
    """Open an account (for a person in the actor's reach, or a free one) with an unusable
    password, optionally with a first role assignment, and mail the link to set a password once
    the transaction has committed.

    Refuses: a person outside the actor's `manage_users` reach, already holding an account or no
    longer working; a free account by anyone but a system administrator (and, without a role,
    by anyone but one on the root, else the account would be invisible to its creator); a bad or
    taken username or email; a role without a unit (or the reverse); a role the actor may not
    assign on that unit; an inactive unit.
    """
    user = _create_account_records(
        by=by,
        username=username,
        email=email,
        full_name=full_name,
        person=person,
        role=role,
        unit=unit,
        include_subtree=include_subtree,
    )
    transaction.on_commit(lambda: send_after_commit(user), robust=True)
    return user


@transaction.atomic
def _create_account_records(
    *,
    by: User,
    username: str,
    email: str,
    full_name: str,
    person: Person | None,
    role: str | None,
    unit: Unit | None,
    include_subtree: bool,
) -> User:
    grants = grants_for(by)
    if person is not None:
        person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
        if not is_permitted(grants, Perm.MANAGE_USERS, person.unit.path):
            raise PermissionDeniedError("Cán bộ này nằm ngoài phạm vi bạn được giao.")
        if person.user_id is not None:
            raise DomainError("Cán bộ này đã có tài khoản.", field="person")
        if not person.is_active:
            raise DomainError("Cán bộ này không còn công tác.", field="person")
    elif not is_system_administrator(by):
        raise PermissionDeniedError(
            "Chỉ quản trị hệ thống mới tạo được tài khoản không gắn với cán bộ."
        )
    elif not role and not is_full_admin_at_root(by):
        raise DomainError(
            "Tài khoản không gắn với cán bộ cần có một vai trò ban đầu.", field="role"
        )
    if role and unit is None:
        raise DomainError("Hãy chọn đơn vị cho vai trò.", field="unit")
    if unit is not None and not role:
        raise DomainError("Hãy chọn vai trò tại đơn vị đã chọn.", field="role")
    username = check_username(username)
    email = check_account_email(email or (person.email if person else ""))
    full_name = check_full_name(full_name or (person.full_name if person else ""))
    checked_role = check_role(role) if role else None
    if checked_role is not None and unit is not None:
        require_assignable(by, checked_role, unit)
        if not unit.is_active:
            raise DomainError("Đơn vị đã ngừng hoạt động.", field="unit")

    user = User(username=username, email=email, full_name=full_name, is_active=True)
    user.set_unusable_password()
    user.save()
    if person is not None:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    assignment = None
    if checked_role is not None and unit is not None:
        assignment = RoleAssignment.objects.create(
            user=user, role=checked_role, unit=unit, include_subtree=include_subtree, granted_by=by
        )
    audit_account(
        by=by,
        action=AuditAction.CREATE,
        user=user,
        changes={
            "username": [None, username],
            "email": [None, email],
            "full_name": [None, full_name],
            "person": [None, str(person) if person else None],
        },
        unit_path=person.unit.path if person else (unit.path if unit else ""),
    )
    if assignment is not None:
        audit_account(
            by=by,
            action=AuditAction.ROLE_GRANT,
            user=user,
            changes=assignment_changes(assignment, granted=True),
            unit_path=assignment.unit.path,
        )
    return user


@transaction.atomic
def update_user_account(
    *, by: User, user: User, full_name: str, email: str, reason: str = ""
) -> User:
    """Change an account's name and email.

    Refuses: an actor who does not fully manage the account, an empty name, a bad or taken
    email.
    """
    require_account_management(by, user)
    full_name = check_full_name(full_name)
    email = check_account_email(email, exclude=user)
    before = {"full_name": user.full_name, "email": user.email}
    user.full_name, user.email = full_name, email
    user.save(update_fields=["full_name", "email"])
    after = {"full_name": user.full_name, "email": user.email}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        audit_account(
            by=by, action=AuditAction.UPDATE, user=user, changes=changes, reason=reason.strip()
        )
    return user


@transaction.atomic
def set_user_active(*, by: User, user: User, active: bool, reason: str) -> User:
    """Lock (deactivate) or unlock an account; a locked account cannot sign in and its open
    sessions end at the next request.

    Refuses: an actor who does not fully manage the account, no reason, deactivating oneself,
    deactivating the last active system administrator on the root, a change to the current
    state.
    """
    require_account_management(by, user)
    reason = check_reason(reason)
    if user.is_active == active:
        raise DomainError(
            "Tài khoản đang hoạt động." if active else "Tài khoản đã bị khóa từ trước.",
        )
    if not active:
        if user.pk == by.pk:
            raise DomainError("Bạn không thể tự khóa tài khoản của mình.")
        if would_leave_no_root_admin(exclude_user=user.pk):
            raise DomainError("Không thể khóa quản trị hệ thống cuối cùng của toàn hệ thống.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_account(
        by=by,
        action=AuditAction.UPDATE,
        user=user,
        changes={"is_active": [not active, active]},
        reason=reason,
    )
    forget_changed_grants(by, user)
    return user
