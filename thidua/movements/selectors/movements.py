"""Reads of movements and their plan, scoped to what the user may see."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from thidua.accounts.roles import Perm, grants_allowing
from thidua.movements.models import Movement
from thidua.organizations.scoping import AnyUser, grants_for


def movements_visible_to(user: AnyUser) -> QuerySet[Movement]:
    """Movements whose organising unit's subtree a VIEW_MOVEMENT grant touches: the grant is at
    or above the organising unit, or inside its subtree (a hospital reads the Sở's plan)."""
    grants = grants_allowing(grants_for(user), Perm.VIEW_MOVEMENT)
    if not grants:
        return Movement.objects.none()
    conditions = []
    for grant in grants:
        # At or above the owner: the owner's path starts with the grant's path.
        conditions.append(Q(owner__path__startswith=grant.unit_path))
        # Inside the owner's subtree: the grant's path starts with the owner's path, i.e. the
        # owner is one of the grant unit's ancestors (or the unit itself).
        ancestors = [
            "/" + "/".join(grant.unit_path.strip("/").split("/")[: depth + 1]) + "/"
            for depth in range(grant.unit_path.strip("/").count("/") + 1)
        ]
        conditions.append(Q(owner__path__in=ancestors))
    return Movement.objects.filter(reduce(or_, conditions)).select_related("owner")
