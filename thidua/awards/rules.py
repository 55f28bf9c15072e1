"""Named permissions of awards as django-rules predicates (`user.has_perm(name, obj)`).

Inputs and eligibility are judged at the subject's unit: a person's current unit, a
collective's own path. A staff member reads their own facts by identity (`is_own_person`), as
on the person page. The rulebook is the department's: managed by the system administrator.
"""

import rules

from thidua.accounts.roles import Perm
from thidua.organizations.rules import is_own_person, scoped_perm

for _perm in (
    Perm.EDIT_AWARD_INPUTS,
    Perm.VIEW_ELIGIBILITY,
    Perm.MANAGE_RULEBOOK,
    Perm.MANAGE_AWARD_COUNCILS,
    Perm.PREPARE_AWARD_DECISION,
    Perm.REVIEW_AWARD_DECISION,
    Perm.VIEW_NOMINATIONS,
    Perm.NOMINATE,
    Perm.MANAGE_AWARD_ROUNDS,
):
    rules.add_perm(_perm.value, scoped_perm(_perm))

rules.add_perm(Perm.VIEW_AWARD_INPUTS.value, scoped_perm(Perm.VIEW_AWARD_INPUTS) | is_own_person)
