"""The home page: who I am, what I may do, and a few figures of my scope."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.accounts.roles import Perm
from thidua.core.home_cards import home_cards
from thidua.organizations.selectors.people import own_person
from thidua.organizations.selectors.units import role_assignments_of, scope_figures


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    sees_units = user.has_perm(Perm.VIEW_UNIT.value)
    return render(
        request,
        "organizations/home.html",
        {
            "section": "home",
            "assignments": role_assignments_of(user),
            "person": own_person(user),
            "figures": scope_figures(user) if sees_units else None,
            # What other apps have for this user to do now (e.g. a council ballot waiting).
            "cards": home_cards(user),
        },
    )
