"""Scope of the entry pages, the API and evidence files: a user of BV_A cannot read or change
BV_B's report by page, API or evidence URL (404), a user holding VIEW_REPORT nowhere gets 403,
and the department reads everything."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import UserFactory
from thidua.reporting.models import Evidence, ReportValue
from thidua.reporting.selectors.entry import report_for, reports_visible_to
from thidua.reporting.services.entry import start_report
from thidua.reporting.services.evidence import upload_evidence
from thidua.reporting.tests.factories import make_plan, make_report

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(org):
    return make_plan(org)


@pytest.fixture
def bv_b(org, plan, cast):
    """BV_B's report with one evidence, made by the department."""
    admin = cast[Role.SYSTEM_ADMIN]
    report = start_report(period=plan.current, unit=org.b, by=admin)
    evidence = upload_evidence(
        report=report, upload=SimpleUploadedFile("b.pdf", PDF), by=admin
    ).evidence
    return report, evidence


def _page_urls(report, evidence, plan):
    indicator = plan.indicators["DVC_TONG"]
    return {
        "entry": reverse("reporting:report_entry", args=[report.pk]),
        "value": reverse("reporting:entry_value", args=[report.pk, indicator.pk]),
        "evidence_list": reverse("reporting:evidence_list", args=[report.pk]),
        "download": reverse("reporting:evidence_download", args=[report.pk, evidence.pk]),
        "start": reverse("reporting:report_start", args=[report.period_id, report.unit_id]),
    }


@pytest.mark.parametrize("name", ["entry", "value", "evidence_list", "download", "start"])
def test_bv_a_officer_gets_404_for_bv_b_pages(client, cast, plan, bv_b, name):
    report, evidence = bv_b
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(_page_urls(report, evidence, plan)[name])

    assert response.status_code == 404


def test_bv_a_officer_cannot_change_bv_b_by_page(client, cast, plan, bv_b):
    report, evidence = bv_b
    urls = _page_urls(report, evidence, plan)
    indicator = plan.indicators["DVC_TONG"]
    client.force_login(cast[Role.UNIT_OFFICER])

    saved = client.post(urls["value"], {f"v-{indicator.pk}": "9", f"r-{indicator.pk}": 0})
    removed = client.post(reverse("reporting:evidence_remove", args=[report.pk, evidence.pk]))
    uploaded = client.post(urls["evidence_list"], {"file": SimpleUploadedFile("a.pdf", PDF)})

    assert (saved.status_code, removed.status_code, uploaded.status_code) == (404, 404, 404)
    assert ReportValue.objects.get(report=report, indicator=indicator).value is None
    assert Evidence.objects.filter(report=report).count() == 1


def test_evidence_of_bv_b_under_a_bv_a_report_url_is_404(client, cast, org, plan, bv_b):
    _, evidence = bv_b
    own = start_report(period=plan.current, unit=org.a, by=cast[Role.UNIT_OFFICER])
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(reverse("reporting:evidence_download", args=[own.pk, evidence.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/reports/{report}"),
        ("get", "/reports/{report}/evidence"),
        ("get", "/evidence/{evidence}/download"),
        ("put", "/reports/{report}/values/DVC_TONG"),
    ],
)
def test_bv_a_officer_gets_404_for_bv_b_by_api(cast, bv_b, method, path):
    report, evidence = bv_b
    api = ApiClient(cast[Role.UNIT_OFFICER])
    url = path.format(report=report.pk, evidence=evidence.pk)

    if method == "get":
        response = api.get(url)
    else:
        response = api.client.put(
            API + url, json.dumps({"raw": "9", "revision": 0}),
            content_type="application/json", headers=api.headers,
        )  # fmt: skip

    assert response.status_code == 404
    assert api.get("/reports").json()["count"] == 0


@pytest.mark.parametrize("role", [Role.STAFF, Role.COUNCIL_MEMBER])
def test_without_view_report_anywhere_pages_and_api_are_403(client, cast, plan, bv_b, role):
    report, evidence = bv_b
    client.force_login(cast[role])
    api = ApiClient(cast[role])

    page = client.get(reverse("reporting:report_entry", args=[report.pk]))
    download = client.get(reverse("reporting:evidence_download", args=[report.pk, evidence.pk]))

    assert (page.status_code, download.status_code) == (403, 403)
    assert api.get("/reports").status_code == 403
    assert api.get(f"/evidence/{evidence.pk}/download").status_code == 403


@pytest.mark.parametrize("role", [Role.DEPT_OFFICER, Role.DEPT_LEADER, Role.INSPECTOR])
def test_department_reads_every_report_and_file(client, cast, plan, bv_b, role):
    report, evidence = bv_b
    client.force_login(cast[role])

    page = client.get(reverse("reporting:report_entry", args=[report.pk]))
    download = client.get(reverse("reporting:evidence_download", args=[report.pk, evidence.pk]))

    assert (page.status_code, download.status_code) == (200, 200)
    assert b"".join(download.streaming_content) == PDF
    download.close()
    assert 'name="v-' not in page.content.decode()  # reading is not entering


def test_a_report_opens_for_exactly_the_users_of_the_scoped_list(org, cast, plan):
    """`report_for` (one report by id, judged on its row, a query compiled once) agrees with
    the scoped list `reports_visible_to` for every role and every unit's report, a khoa's
    included."""
    reports = [make_report(plan, unit) for unit in (org.a, org.a1, org.b, org.b1, org.office)]
    users = [*cast.users.values(), cast.nobody, UserFactory()]
    seen = set()
    for user in users:
        listed = set(reports_visible_to(user).values_list("pk", flat=True))
        for report in reports:
            opened = report_for(user, report.pk)
            assert (opened is not None) == (report.pk in listed), (user, report.unit.code)
            seen.add(opened is not None)
    assert seen == {True, False}
    assert report_for(cast[Role.DEPT_OFFICER], 0) is None
