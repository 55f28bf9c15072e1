"""The phase report pages and services: who may read and edit (the Sở's officer edits, the
leadership reads, a unit officer gets 403/404), the sections' edits (placeholders checked at
the field, revisions, audit), the issuing through the documents engine, and the figures
selector's queries not growing with units."""

from typing import Any

import pytest
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditEntry
from thidua.documents.models import GenerationJob, IssuedDocument, JobStatus
from thidua.documents.services.batches import run_generation_job
from thidua.documents.tests.issuing_support import fake_render, read, rendered
from thidua.organizations.tests.factories import PersonFactory
from thidua.summaries.models import PhaseReport, PhaseReportSection
from thidua.summaries.selectors.figures import phase_figures
from thidua.summaries.services.generation import report_document, start_report_generation
from thidua.summaries.services.reports import create_phase_report, save_section
from thidua.summaries.tests.support import add_hospitals, default_movement, phase_one


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Any) -> Any:
    org.root.abbreviation = "SYT"
    org.root.head = PersonFactory(unit=org.root, full_name="Nguyễn Văn An")
    org.root.save(update_fields=["abbreviation", "head"])
    return default_movement(org.root)


@pytest.fixture
def report(cast: Any, movement: Any) -> PhaseReport:
    made = create_phase_report(
        by=cast[Role.DEPT_OFFICER], movement=movement, phase=phase_one(movement)
    )
    return PhaseReport.objects.select_related("movement__owner", "phase").get(pk=made.pk)


def _section(report: PhaseReport, key: str) -> PhaseReportSection:
    return PhaseReportSection.objects.get(report=report, key=key)


def test_created_report_has_six_sections_with_the_template_wording(report: PhaseReport) -> None:
    keys = list(PhaseReportSection.objects.filter(report=report).values_list("key", flat=True))

    assert keys == ["dac_diem", "ket_qua", "han_che", "bai_hoc", "phuong_huong", "de_xuat"]
    assert "{{so_don_vi}}" in _section(report, "dac_diem").text
    assert (report.first_year, report.last_year, report.report_year) == (2025, 2027, 2027)
    assert report.title == "Báo cáo sơ kết giai đoạn 1 (2025–2027)"


def test_second_report_of_the_same_phase_is_refused(cast: Any, report: PhaseReport) -> None:
    with pytest.raises(DomainError, match="Đã có báo cáo của giai đoạn này"):
        create_phase_report(
            by=cast[Role.DEPT_OFFICER], movement=report.movement, phase=report.phase
        )


def test_unit_officer_cannot_create_a_report(cast: Any, movement: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        create_phase_report(by=cast[Role.UNIT_OFFICER], movement=movement, phase=None)


def test_section_with_unknown_placeholder_is_refused_at_its_field(
    cast: Any, report: PhaseReport
) -> None:
    section = _section(report, "han_che")

    with pytest.raises(ValidationFailedError) as refused:
        save_section(
            by=cast[Role.DEPT_OFFICER],
            report=report,
            key="han_che",
            text="Còn {{so_don_vi_sai}} đơn vị chậm.",
            revision=section.revision,
        )

    assert list(refused.value.errors) == ["han_che"]
    assert "Không có trường trộn {{so_don_vi_sai}}" in refused.value.errors["han_che"]
    assert _section(report, "han_che").text == section.text


def test_section_saved_over_an_unseen_revision_is_refused(cast: Any, report: PhaseReport) -> None:
    officer = cast[Role.DEPT_OFFICER]
    save_section(by=officer, report=report, key="de_xuat", text="Đề nghị A.", revision=1)

    with pytest.raises(DomainError, match="vừa được người khác sửa"):
        save_section(by=officer, report=report, key="de_xuat", text="Đề nghị B.", revision=1)

    assert (_section(report, "de_xuat").text, _section(report, "de_xuat").revision) == (
        "Đề nghị A.",
        2,
    )


def test_section_edit_is_audited_with_before_and_after(cast: Any, report: PhaseReport) -> None:
    before = _section(report, "bai_hoc").text

    save_section(
        by=cast[Role.DEPT_OFFICER], report=report, key="bai_hoc", text="Bài học mới.", revision=1
    )

    entry = AuditEntry.objects.filter(target_id=str(report.pk)).order_by("-pk").first()
    assert entry is not None
    assert entry.changes == {"section.bai_hoc": [before, "Bài học mới."]}


def test_list_page_for_officer_leader_and_unit_officer(
    client: Any, cast: Any, report: PhaseReport
) -> None:
    url = reverse("summaries:report_list")
    answers = {}
    for role in (Role.DEPT_OFFICER, Role.DEPT_LEADER, Role.UNIT_OFFICER, Role.STAFF):
        client.force_login(cast[role])
        answers[role] = client.get(url).status_code

    assert answers == {
        Role.DEPT_OFFICER: 200,
        Role.DEPT_LEADER: 200,
        Role.UNIT_OFFICER: 403,
        Role.STAFF: 403,
    }


def test_unit_officer_never_reaches_a_report(client: Any, cast: Any, report: PhaseReport) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    answers = [
        client.get(reverse("summaries:report_detail", args=[report.pk])).status_code,
        client.get(reverse("summaries:report_preview", args=[report.pk])).status_code,
        client.post(reverse("summaries:report_generate", args=[report.pk])).status_code,
        client.post(
            reverse("summaries:section_save", args=[report.pk, "de_xuat"]),
            {"text": "x", "revision": "1"},
        ).status_code,
    ]

    assert answers == [403, 403, 403, 403]


def test_leader_reads_the_editor_but_cannot_save(
    client: Any, cast: Any, report: PhaseReport
) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    page = client.get(reverse("summaries:report_detail", args=[report.pk]))
    saved = client.post(
        reverse("summaries:section_save", args=[report.pk, "de_xuat"]),
        {"text": "Sửa trái phép.", "revision": "1"},
    )

    assert page.status_code == 200
    assert "Tạo bản Word/PDF" not in page.content.decode()
    assert saved.status_code == 403
    assert _section(report, "de_xuat").text != "Sửa trái phép."


def test_unknown_report_is_not_found(client: Any, cast: Any, report: PhaseReport) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    assert client.get(reverse("summaries:report_detail", args=[report.pk + 99])).status_code == 404


def test_editor_shows_a_refused_placeholder_at_its_field(
    client: Any, cast: Any, report: PhaseReport
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    answer = client.post(
        reverse("summaries:section_save", args=[report.pk, "ket_qua"]),
        {"text": "Đạt {{ty_le}}%.", "revision": "1"},
    )

    html = answer.content.decode()
    assert answer.status_code == 400
    assert 'id="loi-ket_qua"' in html
    assert "Không có trường trộn {{ty_le}}" in html
    assert "Đạt {{ty_le}}%." in html  # what the officer typed stays in the field


def test_editor_saves_and_shows_the_placeholders(
    client: Any, cast: Any, report: PhaseReport
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    answer = client.post(
        reverse("summaries:section_save", args=[report.pk, "ket_qua"]),
        {"text": "Có {{so_don_vi}} đơn vị.", "revision": "1"},
    )
    page = client.get(reverse("summaries:report_detail", args=[report.pk])).content.decode()

    assert answer.status_code == 302
    assert _section(report, "ket_qua").text == "Có {{so_don_vi}} đơn vị."
    assert "{{so_sang_kien}}" in page
    assert "Số sáng kiến được công nhận" in page


def test_generation_issues_one_report_numbered_in_the_bc_series(
    cast: Any, org: Any, report: PhaseReport
) -> None:
    add_hospitals(report.movement, org.root, 3)

    job = start_report_generation(by=cast[Role.DEPT_OFFICER], report=report)
    done = run_generation_job(job, render=fake_render)

    issued = IssuedDocument.objects.get(job=job)
    assert (done.status, done.total) == (JobStatus.SUCCEEDED, 1)
    assert (issued.number_text, issued.kind_name, issued.source) == (
        "01/BC-SYT",
        "Báo cáo",
        f"summaries.phase_report:{report.pk}",
    )
    assert rendered(read(issued.pdf))["summary"] == (
        "Sơ kết giai đoạn 1 (2025–2027) thực hiện phong trào thi đua “Cả nước thi đua đổi "
        "mới sáng tạo và chuyển đổi số”"
    )
    assert PhaseReport.objects.get(pk=report.pk).last_job_id == job.pk


def test_generate_button_sends_the_officer_to_the_job_page(
    client: Any, cast: Any, report: PhaseReport
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    answer = client.post(reverse("summaries:report_generate", args=[report.pk]))

    job_id = PhaseReport.objects.get(pk=report.pk).last_job_id
    assert answer.status_code == 302
    assert answer["Location"] == reverse("documents:job", args=[job_id])


def test_figures_count_units_reports_and_initiatives(org: Any, report: PhaseReport) -> None:
    add_hospitals(report.movement, org.root, 4)

    figures = phase_figures(report)

    assert [(u.rank, u.name, str(u.total)) for u in figures.units] == [
        (1, "Bệnh viện Thử 003", "63.00"),
        (2, "Bệnh viện Thử 002", "62.00"),
        (3, "Bệnh viện Thử 001", "61.00"),
        (4, "Bệnh viện Thử 000", "60.00"),
    ]
    assert [(y.year, y.reports, y.recognised, y.adoptions) for y in figures.years] == [
        (2025, 0, 0, 0),
        (2026, 4, 4, 3),
        (2027, 0, 0, 0),
    ]
    assert [(y.base, y.city) for y in figures.initiative_years if y.year == 2026] == [(2, 2)]
    assert figures.checks > 0


@pytest.mark.parametrize("units", [3, 12])
def test_figures_queries_do_not_grow_with_units(
    org: Any, report: PhaseReport, units: int, django_assert_max_num_queries: Any
) -> None:
    add_hospitals(report.movement, org.root, units)

    with django_assert_max_num_queries(24):  # 18 for II.1–II.4, 6 for the awards (II.5)
        figures = phase_figures(report)

    assert len(figures.units) == units


def test_draft_document_reads_the_saved_sections(cast: Any, org: Any, report: PhaseReport) -> None:
    add_hospitals(report.movement, org.root, 2)
    save_section(
        by=cast[Role.DEPT_OFFICER],
        report=report,
        key="de_xuat",
        text="Đề nghị khen thưởng {{so_don_vi}} đơn vị.",
        revision=1,
    )

    document = report_document(report)

    texts = [getattr(block, "text", "") for block in document.body]
    assert "Đề nghị khen thưởng 2 đơn vị." in texts
    assert "VI. ĐỀ XUẤT, KIẾN NGHỊ" in texts


def test_the_list_offers_only_the_reports_not_yet_started(
    client: Any, cast: Any, report: PhaseReport
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    movement, phase = report.movement, report.phase

    page = client.get(reverse("summaries:report_list")).content.decode()

    assert f'value="{movement.pk}:{phase.number}"' not in page  # its sơ kết exists
    assert f'value="{movement.pk}"' in page  # the tổng kết is still to start


def test_a_report_without_a_signer_is_refused_before_anything_is_queued(
    client: Any, cast: Any, report: PhaseReport
) -> None:
    owner = report.movement.owner
    owner.head = None
    owner.save(update_fields=["head"])
    client.force_login(cast[Role.DEPT_OFFICER])

    with pytest.raises(ValidationFailedError) as refused:
        start_report_generation(by=cast[Role.DEPT_OFFICER], report=report)
    response = client.post(reverse("summaries:report_generate", args=[report.pk]), follow=True)

    assert set(refused.value.errors) == {"signer.name"}
    assert "Thiếu họ và tên người ký." in refused.value.errors["signer.name"]
    assert "Chọn Thủ trưởng" in response.content.decode()
    assert not GenerationJob.objects.exists()
