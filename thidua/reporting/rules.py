"""Named permissions of reporting as django-rules predicates (`user.has_perm(name, obj)`).

A report is read, entered and managed at the unit it belongs to (a grant covering that unit).
Approving is judged per level by `services.workflow` (the approver's grant must cover the unit of
the level, an ancestor of the report's unit), so APPROVE_REPORT here only answers "at this unit".
"""

import rules

from thidua.accounts.roles import Perm
from thidua.organizations.rules import scoped_perm

for _perm in (
    Perm.VIEW_REPORT,
    Perm.ENTER_REPORT,
    Perm.APPROVE_REPORT,
    Perm.MANAGE_REPORTING,
):
    rules.add_perm(_perm.value, scoped_perm(_perm))
