"""API v1: targets per unit, registration rounds, unit and personal registrations, pledges.

Scoped like the pages: reading needs VIEW_MOVEMENT anywhere (else 403) and the movement within
`movements_visible_to` (else 404); units and objects named in a path or body are looked up
within the user's scope (else 404); a write without the right at the unit concerned is 403 and
bad input is 400 `{"detail": "…", "field": "…"}` (a bulk PUT of targets adds `errors`, item by
item: `{"items[2].value": "…"}`). A person reads and writes their own registration under
`/me/registrations` by identity, without any role.
"""

from ninja import Router

from thidua.movements.api.registrations import personal, pledges, targets, units

# The tags are on each module's router (a tag here would be added a second time).
router = Router()
router.add_router("/", targets.router)
router.add_router("/", units.router)
router.add_router("/", personal.router)
router.add_router("/", pledges.router)
