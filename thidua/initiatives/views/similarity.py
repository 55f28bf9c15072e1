"""The duplicate panel and the area suggestion: htmx fragments for the submission form (and
the reviewers' and council's pages, which include the same panel).

Both need a signed-in user and nothing more: the warning shows initiatives of every unit and
year (code, title, unit, year, status, the matched passages), as the issue asks.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from thidua.initiatives import similarity
from thidua.initiatives.selectors.similarity import similar_initiatives, suggest_area

# A longer field is not checked (the submission form refuses such a text anyway).
MAX_FIELD_CHARS = 20_000
TOO_LONG = (
    "Văn bản quá dài để kiểm tra trùng lặp (tối đa 20.000 ký tự mỗi mục). Hãy rút gọn nội dung."
)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def similar_panel(request: HttpRequest) -> HttpResponse:
    """POST title, problem, solution, effect (and `exclude`, the initiative being edited):
    the panel of the most similar initiatives (`initiatives/similarity/_panel.html`)."""
    fields = {
        name: request.POST.get(name, "") for name in ("title", "problem", "solution", "effect")
    }
    context: dict[str, object] = {"matches": [], "checked": False, "error": ""}
    if any(len(text) > MAX_FIELD_CHARS for text in fields.values()):
        context["error"] = TOO_LONG
    elif any(text.strip() for text in fields.values()):
        context["matches"] = similar_initiatives(
            title=fields["title"],
            problem=fields["problem"],
            solution=fields["solution"],
            effect=fields["effect"],
            exclude_id=_int_or_none(request.POST.get("exclude")),
        )
        context["checked"] = True
    context["threshold_percent"] = round(similarity.DUPLICATE_THRESHOLD * 100)
    return render(request, "initiatives/similarity/_panel.html", context)


@login_required
@require_POST
def area_suggestion(request: HttpRequest) -> HttpResponse:
    """POST `text` (or title, problem, solution, effect) and `movement`: the areas the text
    suggests, as choices the author confirms (`field`: the form field they fill, "area")."""
    text = request.POST.get("text") or " ".join(
        request.POST.get(name, "") for name in ("title", "problem", "solution", "effect")
    )
    suggestions = (
        []
        if len(text) > 4 * MAX_FIELD_CHARS
        else suggest_area(movement_id=_int_or_none(request.POST.get("movement")), text=text)
    )
    field = request.POST.get("field", "area")
    if not field.isidentifier():
        field = "area"
    return render(
        request,
        "initiatives/similarity/_area.html",
        {
            "suggestions": suggestions,
            "checked": bool(text.strip()),
            "field": field,
            "chosen": _int_or_none(request.POST.get(field)),
        },
    )
