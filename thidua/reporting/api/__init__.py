"""API v1 routers of reporting: reports with values and evidence, approvals, scores and
rankings, completeness, Excel imports."""

from ninja import Router

from thidua.reporting.api import imports, monitoring, reports, scores, workflow

router = Router()
router.add_router("/", reports.router)
router.add_router("/", workflow.router)
router.add_router("/", scores.router)
router.add_router("/", monitoring.router)
router.add_router("/", imports.router)
