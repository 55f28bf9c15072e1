"""API v1 routers of initiatives: initiatives with authors and attachments, the similarity
check, councils with rounds, assignments and reviews, decisions and adoptions."""

from ninja import Router

from thidua.initiatives.api import councils, decisions, initiatives, similarity

router = Router()
router.add_router("/", initiatives.router)
router.add_router("/", similarity.router)
router.add_router("/", councils.router)
router.add_router("/", decisions.router)
