"""Pages of the rulebook (the system administrator's): the versions (in force, upcoming, past,
drafts), one version's awards and rules with their citations, uploading a new version as
JSON (checked, every problem shown), publishing a draft."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.forms.rulebook import RulebookUploadForm
from thidua.awards.models import RulebookVersion
from thidua.awards.selectors.rulebook import rulebook_versions, spec_of
from thidua.awards.services.rulebook import (
    RulebookRejectedError,
    publish_draft,
    upload_rulebook,
)
from thidua.core.errors import DomainError
from thidua.organizations.scoping import reaches_root
from thidua.organizations.views._common import acting_user

SECTION = "awards"
MAX_JSON_BYTES = 2_000_000


def _require_reader(request: HttpRequest) -> None:
    user = acting_user(request)
    if not (
        user.has_perm(Perm.VIEW_ELIGIBILITY.value) or user.has_perm(Perm.MANAGE_RULEBOOK.value)
    ):
        raise PermissionDenied


def _require_manager(request: HttpRequest) -> None:
    if not reaches_root(acting_user(request), Perm.MANAGE_RULEBOOK):
        raise PermissionDenied


@login_required
@require_GET
def rulebook_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(
        request,
        "awards/rulebook/list.html",
        {
            "section": SECTION,
            "rows": rulebook_versions(clock.today()),
            "can_manage": reaches_root(acting_user(request), Perm.MANAGE_RULEBOOK),
        },
    )


@login_required
@require_GET
def rulebook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    version = get_object_or_404(RulebookVersion, pk=pk)
    can_manage = reaches_root(acting_user(request), Perm.MANAGE_RULEBOOK)
    if not version.is_published and not can_manage:
        raise PermissionDenied
    return render(
        request,
        "awards/rulebook/detail.html",
        {
            "section": SECTION,
            "version": version,
            "spec": spec_of(version),
            "can_manage": can_manage,
        },
    )


@login_required
@require_GET
def rulebook_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The version's JSON, to download, edit and upload as a new version."""
    _require_reader(request)
    version = get_object_or_404(RulebookVersion, pk=pk)
    response = JsonResponse(version.spec, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="bo-quy-tac-{version.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rulebook_upload(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = RulebookUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_JSON_BYTES:
                raise RulebookRejectedError(["Tệp quá lớn (tối đa 2 MB)."])
            try:
                data = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise RulebookRejectedError(
                    [f"Tệp không phải JSON hợp lệ (UTF-8): {error}."]
                ) from None
            version = upload_rulebook(
                by=acting_user(request), data=data, note=form.cleaned_data["note"]
            )
        except RulebookRejectedError as error:
            problems = error.messages
        except DomainError as error:
            problems = [error.message]
        else:
            messages.success(request, f"Đã lưu bản nháp “{version.label}”. Kiểm tra rồi ban hành.")
            return redirect("awards:rulebook_detail", pk=version.pk)
    return render(
        request,
        "awards/rulebook/upload.html",
        {"section": SECTION, "form": form, "problems": problems},
    )


@login_required
@require_POST
def rulebook_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    version = get_object_or_404(RulebookVersion, pk=pk)
    try:
        publish_draft(version, by=acting_user(request))
    except RulebookRejectedError as error:
        for message in error.messages:
            messages.error(request, message)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã ban hành “{version.label}”.")
    return redirect("awards:rulebook_detail", pk=version.pk)
