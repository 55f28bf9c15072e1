"""Pledges (giao ước thi đua) of clusters: the list of a movement, one pledge (printable), and
the department's form with one signer per member unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.forms.registrations import PledgeForm
from thidua.movements.models import Movement, Pledge
from thidua.movements.selectors.registrations import (
    cluster_member_units,
    clusters_for_pledge,
    movement_years,
    pledge_signatories,
    pledges_of_movement,
    pledges_visible_to,
)
from thidua.movements.services.registrations.pledge_exports import export_pledges
from thidua.movements.services.registrations.pledges import (
    PledgeData,
    SignatoryData,
    create_pledge,
    update_pledge,
)
from thidua.movements.views.registrations._common import (
    forbidden,
    int_param,
    movement_for,
    year_from_query,
)
from thidua.organizations.views._common import acting_user, require_perm


def _can_manage(request: HttpRequest, movement: Movement) -> bool:
    return bool(request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement))


def _pledge_data(form: PledgeForm) -> PledgeData:
    data = form.cleaned_data
    signatories = []
    for unit in form.members:
        name = (data.get(f"signer_name_{unit.pk}") or "").strip()
        position = (data.get(f"signer_position_{unit.pk}") or "").strip()
        if name or position:
            signatories.append(SignatoryData(unit=unit, signer_name=name, signer_position=position))
    return PledgeData(
        title=data.get("title") or "",
        content=data.get("content") or "",
        signed_on=data.get("signed_on"),
        place=data.get("place") or "",
        signatories=signatories,
    )


@login_required
@require_GET
def pledge_list(request: HttpRequest, pk: int) -> HttpResponse:
    movement = movement_for(request, pk)
    year = year_from_query(request, movement)
    all_years = request.GET.get("nam") == "tat-ca"
    return render(
        request,
        "movements/registrations/pledge_list.html",
        {
            "section": "movements",
            "tab": "pledges",
            "movement": movement,
            "year": year,
            "years": movement_years(movement),
            "all_years": all_years,
            "pledges": pledges_of_movement(request.user, movement, None if all_years else year),
            "can_manage": _can_manage(request, movement),
        },
    )


@login_required
@require_GET
def pledge_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The list's pledges (the year of `?nam=`, or every year), one row per signing unit, as
    .xlsx, audited."""
    movement = movement_for(request, pk)
    year = None if request.GET.get("nam") == "tat-ca" else year_from_query(request, movement)
    try:
        content, _ = export_pledges(by=acting_user(request), movement=movement, year=year)
    except PermissionDeniedError as error:
        raise forbidden(error) from error
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-giao-uoc-{stamp}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pledge_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the cluster (?cum=), then record the pledge with its signatories."""
    movement = movement_for(request, pk)
    if not _can_manage(request, movement):
        raise PermissionDenied
    clusters = clusters_for_pledge(request.user, movement)
    cluster_pk = int_param(request, "cum")
    cluster = next((c for c in clusters if c.pk == cluster_pk), None)
    if cluster_pk is not None and cluster is None:
        raise Http404
    form = None
    if cluster is not None:
        form = PledgeForm(request.POST or None, members=cluster_member_units(cluster))
        if request.method == "POST" and form.is_valid():
            try:
                pledge = create_pledge(
                    by=acting_user(request),
                    movement=movement,
                    cluster=cluster,
                    data=_pledge_data(form),
                )
            except PermissionDeniedError as error:
                raise forbidden(error) from error
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"Đã ghi giao ước thi đua của {cluster.name}.")
                return redirect("movements:pledge_detail", pk=pledge.pk)
    return render(
        request,
        "movements/registrations/pledge_form.html",
        {
            "section": "movements",
            "tab": "pledges",
            "movement": movement,
            "year": cluster.year if cluster else year_from_query(request, movement),
            "clusters": clusters,
            "cluster": cluster,
            "pledge": None,
            "form": form,
        },
    )


def _visible_pledge(request: HttpRequest, pk: int) -> Pledge:
    require_perm(request, Perm.VIEW_MOVEMENT)
    return get_object_or_404(
        pledges_visible_to(request.user).select_related("movement__owner", "cluster"), pk=pk
    )


@login_required
@require_GET
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _visible_pledge(request, pk)
    return render(
        request,
        "movements/registrations/pledge_detail.html",
        {
            "section": "movements",
            "tab": "pledges",
            "movement": pledge.movement,
            "year": pledge.cluster.year,
            "pledge": pledge,
            "signatories": pledge_signatories(pledge),
            "can_manage": _can_manage(request, pledge.movement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _visible_pledge(request, pk)
    movement = pledge.movement
    if not _can_manage(request, movement):
        raise PermissionDenied
    members = cluster_member_units(pledge.cluster)
    initial: dict[str, object] = {
        "title": pledge.title,
        "content": pledge.content,
        "signed_on": pledge.signed_on,
        "place": pledge.place,
    }
    for signatory in pledge_signatories(pledge):
        initial[f"signer_name_{signatory.unit_id}"] = signatory.signer_name
        initial[f"signer_position_{signatory.unit_id}"] = signatory.signer_position
    form = PledgeForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_pledge(
                pledge,
                by=acting_user(request),
                data=_pledge_data(form),
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã lưu giao ước thi đua.")
            return redirect("movements:pledge_detail", pk=pledge.pk)
    return render(
        request,
        "movements/registrations/pledge_form.html",
        {
            "section": "movements",
            "tab": "pledges",
            "movement": movement,
            "year": pledge.cluster.year,
            "clusters": [],
            "cluster": pledge.cluster,
            "pledge": pledge,
            "form": form,
        },
    )
