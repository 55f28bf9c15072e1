"""API v1 routers of movements: the plan, its criteria and indicators, scoring tables, targets
and registrations."""

from ninja import Router

from thidua.movements.api import criteria, plan, registrations, scoring

router = Router()
router.add_router("/", plan.router)
router.add_router("/", criteria.router)
router.add_router("/", scoring.router)
router.add_router("/", registrations.router)
