"""Named permissions of initiatives as django-rules predicates (`user.has_perm(name, obj)`).

Unit-scoped permissions are judged at the initiative's unit (or the council's, or the adopting
unit's). What authors, reviewers and council members may do by identity — read and edit their own
initiative, score their assignment, see their council's round — is decided in `selectors.access`
and the services, not here, because it depends on rows rather than grants.
"""

import rules

from thidua.accounts.roles import Perm
from thidua.organizations.rules import scoped_perm

for _perm in (
    Perm.VIEW_INITIATIVE,
    Perm.SUBMIT_INITIATIVE_FOR_OTHERS,
    Perm.SCREEN_INITIATIVE,
    Perm.MANAGE_INITIATIVE_COUNCILS,
    Perm.RECORD_ADOPTION,
):
    rules.add_perm(_perm.value, scoped_perm(_perm))
