"""Who reaches the Excel bulk entry: every page, download and fragment checked for each role, a
unit's officer against another unit's job (404), a period outside the user's movements (404),
and the query counts of the pages pinned."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.movements.enums import MovementStatus
from thidua.movements.tests.factories import make_movement
from thidua.organizations.tests.factories import UserFactory, grant
from thidua.reporting.enums import JobStatus
from thidua.reporting.models import Report, ValuesImport
from thidua.reporting.tests.factories import Plan, make_plan, make_plan_period
from thidua.reporting.tests.imports_support import client_for, post_file, xlsx_bytes


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


@pytest.fixture
def officer_b(org: Org) -> User:
    """The unit officer of the sibling hospital BV_B."""
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


def job_of(user: User, plan: Plan, **fields: Any) -> ValuesImport:
    values: dict[str, Any] = {
        "period": plan.current,
        "original_name": "so-lieu-b.xlsx",
        "file": "report-imports/x.xlsx",
        "created_by": user,
        "status": JobStatus.FAILED,
        "total_rows": 2,
        "processed_rows": 2,
        "errors": [{"row": 3, "column": "SU_CO", "message": "Số lượng không được âm."}],
        "message": "Có 1 lỗi ở 1 dòng (trên 2 dòng số liệu); chưa ghi số liệu nào.",
        "finished_at": timezone.now(),
    }
    values.update(fields)
    return ValuesImport.objects.create(**values)


JOB_PAGES = ["values_import_detail", "values_import_progress", "values_import_errors"]


def test_a_bv_a_officer_uploading_a_bv_b_row_gets_an_error_for_that_row(
    cast: Cast, plan: Plan
) -> None:
    content = xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1], ["BV_B", 1]])

    post_file(client_for(cast[Role.UNIT_OFFICER]), plan.current, content)

    job = ValuesImport.objects.get()
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Mã đơn vị")]
    assert Report.objects.count() == 0


@pytest.mark.parametrize("name", JOB_PAGES)
def test_a_bv_a_officer_cannot_see_bv_b_officers_job(
    cast: Cast, plan: Plan, officer_b: User, name: str
) -> None:
    job = job_of(officer_b, plan)

    response = client_for(cast[Role.UNIT_OFFICER]).get(reverse(f"reporting:{name}", args=[job.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", JOB_PAGES)
def test_the_owner_and_the_department_officer_see_a_job(
    cast: Cast, plan: Plan, officer_b: User, name: str
) -> None:
    job = job_of(officer_b, plan)
    url = reverse(f"reporting:{name}", args=[job.pk])

    statuses = [
        client_for(user).get(url).status_code for user in (officer_b, cast[Role.DEPT_OFFICER])
    ]

    assert statuses == [200, 200]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.SYSTEM_ADMIN, 200),
        (Role.DEPT_OFFICER, 200),
        (Role.UNIT_OFFICER, 200),
        (Role.DEPT_LEADER, 403),
        (Role.INSPECTOR, 403),
        (Role.UNIT_HEAD, 403),
        (Role.COUNCIL_MEMBER, 403),
        (Role.REVIEWER, 403),
        (Role.STAFF, 403),
    ],
)
def test_the_period_page_and_template_by_role(
    cast: Cast, plan: Plan, role: Role, expected: int
) -> None:
    client = client_for(cast[role])

    page = client.get(reverse("reporting:values_upload", args=[plan.current.pk]))
    template = client.get(reverse("reporting:values_template", args=[plan.current.pk]))
    posted = post_file(client, plan.current, xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1]]))

    assert (page.status_code, template.status_code) == (expected, expected)
    assert posted.status_code == (302 if expected == 200 else 403)


def test_pages_of_a_job_are_forbidden_to_roles_that_enter_no_report(cast: Cast, plan: Plan) -> None:
    job = job_of(cast[Role.UNIT_OFFICER], plan)
    client = client_for(cast[Role.UNIT_HEAD])

    statuses = [client.get(reverse(f"reporting:{n}", args=[job.pk])).status_code for n in JOB_PAGES]

    assert statuses == [403, 403, 403]


def test_anonymous_users_are_sent_to_sign_in(plan: Plan) -> None:
    from django.test import Client

    response = Client().get(reverse("reporting:values_upload", args=[plan.current.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_a_period_of_a_movement_outside_the_users_scope_is_404(
    cast: Cast, org: Org, plan: Plan
) -> None:
    today = timezone.localdate()
    other = make_movement(org.b, status=MovementStatus.LAUNCHED)
    period = make_plan_period(
        other,
        today.year,
        (today.month - 1) // 3 + 1,
        opens_on=today,
        due_on=today + dt.timedelta(days=1),
        locks_on=today + dt.timedelta(days=2),
    )
    client = client_for(cast[Role.UNIT_OFFICER])

    statuses = [
        client.get(reverse(f"reporting:{name}", args=[period.pk])).status_code
        for name in ("values_upload", "values_template")
    ]

    assert statuses == [404, 404]


def test_a_kind_of_period_the_movement_does_not_report_is_404(cast: Cast, plan: Plan) -> None:
    setup = plan.movement.reporting_setup
    setup.reported_kinds = ["year"]
    setup.save()

    response = client_for(cast[Role.UNIT_OFFICER]).get(
        reverse("reporting:values_upload", args=[plan.current.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("jobs", [1, 8])
def test_the_period_page_query_count_does_not_grow_with_jobs(
    cast: Cast, plan: Plan, jobs: int, django_assert_num_queries: Any
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    for _ in range(jobs):
        job_of(officer, plan)
    client = client_for(officer)
    url = reverse("reporting:values_upload", args=[plan.current.pk])

    with django_assert_num_queries(PERIOD_PAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("so-lieu-b.xlsx") == jobs


@pytest.mark.parametrize("errors", [1, 50])
def test_the_job_page_query_count_does_not_grow_with_errors(
    cast: Cast, plan: Plan, errors: int, django_assert_num_queries: Any
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    job = job_of(
        officer,
        plan,
        errors=[{"row": n, "column": "SU_CO", "message": "Lỗi"} for n in range(2, errors + 2)],
    )
    client = client_for(officer)
    url = reverse("reporting:values_import_detail", args=[job.pk])

    with django_assert_num_queries(JOB_PAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


# Session, user, grants, the base layout's person; then the page's own reads.
PERIOD_PAGE_QUERIES = 10
JOB_PAGE_QUERIES = 5
