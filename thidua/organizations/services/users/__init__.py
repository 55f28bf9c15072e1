"""Writes about user accounts and role assignments, done in the app by administrators and unit
officers. Nobody ever types a password for someone else: a new account gets an unusable
password and a one-time link to set it.

Every service checks the actor's permission itself (PermissionDeniedError), validates its input
(DomainError naming the field), writes in one transaction and leaves an audit entry about the
account (`target_type="accounts.user"`) placed at the unit concerned.

- `accounts`: create_user_account, update_user_account, set_user_active
- `roles`: grant_role, revoke_role
- `credentials`: password_set_link, send_password_set_email, reset_two_factor
- `checks`: shared validation, permission checks and the audit helper
"""

from thidua.organizations.services.users.accounts import (
    create_user_account,
    set_user_active,
    update_user_account,
)
from thidua.organizations.services.users.checks import (
    account_unit_path,
    check_account_email,
    check_username,
)
from thidua.organizations.services.users.credentials import (
    password_set_link,
    reset_two_factor,
    send_password_set_email,
)
from thidua.organizations.services.users.roles import grant_role, revoke_role

__all__ = [
    "account_unit_path",
    "check_account_email",
    "check_username",
    "create_user_account",
    "grant_role",
    "password_set_link",
    "reset_two_factor",
    "revoke_role",
    "send_password_set_email",
    "set_user_active",
    "update_user_account",
]
