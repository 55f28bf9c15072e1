"""API v1 endpoints of organizations: units, clusters (cụm, khối) and people.

Handlers are thin: permission → schema-validated input → selector or service → output schema.
Scope is the pages' scope: a list holds only what the user may see, an object outside it is a
404, a missing permission a 403. Ids named in a request body (a parent, a unit, a head) are
looked up within the user's scope too, so an out-of-scope id is a 404 and nothing is written.
"""

from ninja import Router

from thidua.organizations.api import clusters, people, units

router = Router()
router.add_router("/", units.router)
router.add_router("/", clusters.router)
router.add_router("/", people.router)
