"""Reads about Excel imports: which jobs a user may see, and a job's errors."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from thidua.accounts.roles import Role
from thidua.organizations.models import ImportJob, Person, RoleAssignment
from thidua.organizations.scoping import AnyUser, grants_for, subtree_q

# Besides their own jobs, these roles see the jobs of the people working in their scope.
OVERSEER_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.DEPT_OFFICER})


def import_jobs_visible_to(user: AnyUser) -> QuerySet[ImportJob]:
    """Jobs the user created; for a system administrator or department officer, also the jobs
    of users who hold a role on, or work in, a unit of their scope. Newest first."""
    if not user.is_authenticated:
        return ImportJob.objects.none()
    condition = Q(created_by_id=user.pk)
    units = Q(pk__in=[])
    overseer = False
    for grant in grants_for(user):
        if grant.role not in OVERSEER_ROLES:
            continue
        overseer = True
        if grant.include_subtree:
            units |= subtree_q("unit__path", grant.unit_path)
        else:
            units |= Q(unit__path=grant.unit_path)
    if overseer:
        holders = RoleAssignment.objects.filter(units).values("user_id")
        workers = Person.objects.filter(units, user__isnull=False).values("user_id")
        condition |= Q(created_by_id__in=holders) | Q(created_by_id__in=workers)
    return (
        ImportJob.objects.filter(condition)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class ImportErrors:
    """The first errors of a job, and how many it has in all."""

    rows: list[dict[str, Any]]
    total: int


def import_errors(job: ImportJob, *, limit: int = 200) -> ImportErrors:
    """Row errors stored on the job (the stored list ends with a note counting those not kept)."""
    stored: list[dict[str, Any]] = list(job.errors or [])
    listed = [error for error in stored if error.get("row") is not None]
    omitted = sum(int(error.get("omitted", 0)) for error in stored if error.get("row") is None)
    return ImportErrors(rows=listed[:limit], total=len(listed) + omitted)
