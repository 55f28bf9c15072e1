"""Named permissions of the phase reports as django-rules predicates (`user.has_perm(name,
obj)`): a report is read and edited at its movement's organising unit (the Sở)."""

import rules

from thidua.accounts.roles import Perm
from thidua.organizations.rules import scoped_perm

for _perm in (Perm.VIEW_PHASE_REPORT, Perm.EDIT_PHASE_REPORT):
    rules.add_perm(_perm.value, scoped_perm(_perm))
