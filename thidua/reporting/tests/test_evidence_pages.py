"""Evidence pages: upload from the entry page (with the notice of a file uploaded before),
download as an attachment, removal while editable."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.reporting.models import Evidence
from thidua.reporting.services.entry import start_report
from thidua.reporting.services.evidence import upload_evidence
from thidua.reporting.tests.factories import make_plan

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(org):
    return make_plan(org)


@pytest.fixture
def officer(cast):
    return cast[Role.UNIT_OFFICER]


@pytest.fixture
def report(org, plan, officer):
    return start_report(period=plan.current, unit=org.a, by=officer)


def _upload(client, report, target="", name="a.pdf", content=PDF):
    return client.post(
        reverse("reporting:evidence_list", args=[report.pk]),
        {"target": target, "file": SimpleUploadedFile(name, content), "name": "", "note": ""},
        follow=True,
    )


def test_upload_from_the_entry_page_attaches_to_the_chosen_indicator(client, plan, officer, report):
    client.force_login(officer)
    dien_tap = plan.indicators["DIEN_TAP"]

    response = _upload(client, report, target=f"i-{dien_tap.pk}", name="ke-hoach.pdf")

    assert "Đã đính kèm minh chứng “ke-hoach”." in response.content.decode()
    assert Evidence.objects.get(report=report).indicator == dien_tap


def test_upload_of_a_disguised_file_shows_the_reason(client, officer, report):
    client.force_login(officer)

    response = _upload(client, report, name="anh.pdf", content=b"\x89PNG\r\n\x1a\n0000")

    assert response.status_code == 400
    assert (
        "Nội dung tệp không phải là tệp .pdf như phần mở rộng của nó." in response.content.decode()
    )
    assert Evidence.objects.count() == 0


def test_reupload_names_where_it_was_first_when_visible(client, org, plan, officer, report):
    khoa = start_report(period=plan.current, unit=org.a1, by=officer)
    upload_evidence(report=khoa, upload=SimpleUploadedFile("x.pdf", PDF), by=officer)
    client.force_login(officer)

    html = _upload(client, report).content.decode()

    today = timezone.localdate().strftime("%d/%m/%Y")
    assert (
        f"Tệp này đã được tải lên trước đây: báo cáo {plan.current.name} của Khoa Nội A1, "
        f"ngày {today}."
    ) in html


def test_reupload_only_says_it_is_known_when_the_first_is_not_visible(
    client, org, plan, officer, cast, report
):
    admin = cast[Role.SYSTEM_ADMIN]
    other = start_report(period=plan.current, unit=org.b, by=admin)
    upload_evidence(report=other, upload=SimpleUploadedFile("x.pdf", PDF), by=admin)
    client.force_login(officer)

    html = _upload(client, report).content.decode()

    assert "Tệp này đã có trong hệ thống" in html
    assert "Bệnh viện B" not in html


def test_download_is_an_attachment_named_after_the_evidence(client, plan, officer, report):
    item = upload_evidence(
        report=report, upload=SimpleUploadedFile("x.pdf", PDF), by=officer, name="Kế hoạch"
    ).evidence
    client.force_login(officer)

    response = client.get(reverse("reporting:evidence_download", args=[report.pk, item.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch.pdf"
    )
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_remove_from_the_entry_page(client, officer, report):
    item = upload_evidence(
        report=report, upload=SimpleUploadedFile("x.pdf", PDF), by=officer
    ).evidence
    client.force_login(officer)

    response = client.post(
        reverse("reporting:evidence_remove", args=[report.pk, item.pk]), follow=True
    )

    assert "Đã gỡ minh chứng “x”." in response.content.decode()
    assert Evidence.objects.count() == 0


def test_evidence_list_page(client, officer, report):
    upload_evidence(report=report, upload=SimpleUploadedFile("x.pdf", PDF), by=officer)
    client.force_login(officer)

    html = client.get(reverse("reporting:evidence_list", args=[report.pk])).content.decode()

    assert "Minh chứng — báo cáo" in html
    assert "</i> x</a>" in html
