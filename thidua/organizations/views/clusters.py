"""Cluster pages (cụm, khối thi đua): list per year, detail, create, edit, copy to next year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.forms.clusters import ClusterCopyForm, ClusterCreateForm, ClusterForm
from thidua.organizations.scoping import can
from thidua.organizations.selectors.clusters import (
    cluster_members,
    cluster_years,
    clusters_for_copy,
    clusters_of_year,
    clusters_visible_to,
    current_year,
)
from thidua.organizations.services.clusters import (
    MAX_YEAR,
    MIN_YEAR,
    copy_clusters_to_year,
    create_cluster,
    is_cluster_eligible,
    rotate_leadership,
    update_cluster,
)
from thidua.organizations.services.exports import export_clusters
from thidua.organizations.views._common import acting_user, require_perm


def _year(value: str | None) -> int:
    """A year from the query string; the current year when absent or invalid."""
    try:
        year = int(value or "")
    except ValueError:
        return current_year()
    return year if MIN_YEAR <= year <= MAX_YEAR else current_year()


@login_required
@require_GET
def cluster_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_CLUSTER)
    year = _year(request.GET.get("year"))
    years = cluster_years(request.user)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return render(
        request,
        "organizations/clusters/list.html",
        {
            "section": "clusters",
            "year": year,
            "years": years,
            "clusters": clusters_of_year(request.user, year),
            "can_manage": request.user.has_perm(Perm.MANAGE_CLUSTERS.value),
        },
    )


@login_required
@require_GET
def cluster_export(request: HttpRequest) -> HttpResponse:
    """The year's clusters of the list, one row per member unit, as .xlsx, audited."""
    require_perm(request, Perm.VIEW_CLUSTER)
    year = _year(request.GET.get("year"))
    try:
        export = export_clusters(by=acting_user(request), year=year)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="danh-sach-cum-khoi-{year}-{stamp}.xlsx"'
    )
    return response


@login_required
@require_GET
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.VIEW_CLUSTER)
    cluster = get_object_or_404(
        clusters_visible_to(request.user).select_related("head_unit", "deputy_unit"), pk=pk
    )
    members = cluster_members(cluster)
    can_manage = bool(members) and all(
        can(request.user, Perm.MANAGE_CLUSTERS, row.unit.path) for row in members
    )
    return render(
        request,
        "organizations/clusters/detail.html",
        {
            "section": "clusters",
            "cluster": cluster,
            "rows": [(row, can(request.user, Perm.VIEW_UNIT, row.unit.path)) for row in members],
            "people_total": sum(row.people_count for row in members),
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.MANAGE_CLUSTERS)
    form = ClusterCreateForm(
        request.POST or None,
        user=request.user,
        initial={"year": _year(request.GET.get("year"))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            cluster = create_cluster(
                by=acting_user(request),
                year=form.cleaned_data["year"],
                data=form.cluster_data(),
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã tạo “{cluster.name}” năm {cluster.year}.")
            return redirect("organizations:cluster_detail", pk=cluster.pk)
    return render(
        request,
        "organizations/clusters/form.html",
        {"section": "clusters", "form": form, "cluster": None, "title": "Thêm cụm, khối thi đua"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.MANAGE_CLUSTERS)
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    form = ClusterForm(request.POST or None, user=request.user, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            update_cluster(
                cluster,
                by=acting_user(request),
                data=form.cluster_data(),
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            cluster.refresh_from_db()
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu thay đổi của “{cluster.name}”.")
            return redirect("organizations:cluster_detail", pk=cluster.pk)
    return render(
        request,
        "organizations/clusters/form.html",
        {
            "section": "clusters",
            "form": form,
            "cluster": cluster,
            "title": f"Sửa cụm, khối: {cluster.name} ({cluster.year})",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cluster_copy_year(request: HttpRequest) -> HttpResponse:
    """Copy the clusters of a year to the next, with the rotation of head and deputy."""
    require_perm(request, Perm.MANAGE_CLUSTERS)
    source_year = _year(request.POST.get("from_year") or request.GET.get("from_year"))
    form = ClusterCopyForm(
        request.POST or None, initial={"from_year": source_year, "to_year": source_year + 1}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copied = copy_clusters_to_year(
                by=acting_user(request),
                from_year=data["from_year"],
                to_year=data["to_year"],
                reason=data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã sao chép {len(copied)} cụm, khối thi đua từ năm {data['from_year']} "
                f"sang năm {data['to_year']}.",
            )
            return redirect(reverse("organizations:cluster_list") + f"?year={data['to_year']}")
    preview = []
    for cluster, units in clusters_for_copy(request.user, source_year):
        staying = frozenset(u.pk for u in units if u.is_active and is_cluster_eligible(u))
        next_head, next_deputy = rotate_leadership(
            [u.pk for u in units], cluster.head_unit_id, staying=staying
        )
        by_id = {u.pk: u for u in units}
        preview.append(
            {
                "cluster": cluster,
                "member_count": len(units),
                "next_head": by_id.get(next_head) if next_head else None,
                "next_deputy": by_id.get(next_deputy) if next_deputy else None,
            }
        )
    return render(
        request,
        "organizations/clusters/copy.html",
        {
            "section": "clusters",
            "form": form,
            "source_year": source_year,
            "years": cluster_years(request.user),
            "preview": preview,
        },
    )
