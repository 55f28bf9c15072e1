"""URLs of initiatives, one module per area, one namespace: submission (write, submit, screen,
attachments), listing (search, filters, export, the recognised list), similarity (the duplicate
panel and area suggestion), councils (councils, rounds, assignment, reviews), decisions (votes,
recognition, adoption)."""

from django.urls import URLPattern, URLResolver

from thidua.initiatives.urls import councils, decisions, listing, similarity, submission

app_name = "initiatives"

urlpatterns: list[URLPattern | URLResolver] = [
    *listing.urlpatterns,
    *submission.urlpatterns,
    *similarity.urlpatterns,
    *councils.urlpatterns,
    *decisions.urlpatterns,
]
