"""A unit's Báo cáo định kỳ and its Báo cáo kết quả chấm điểm of a period, issued by the unit:
the files read back against what the report page and the scorecard page read (the same
selectors), the wording the unit edits, the buttons, the refusals and the scope between units."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError
from thidua.core.templatetags.thidua import so
from thidua.documents.models import IssuedDocument
from thidua.documents.services.templates import save_template, template_texts
from thidua.movements.tests.documents_support import (
    LIBERATION_SERIF,
    open_issued,
    png_of,
    table_headed,
    tables_headed,
)
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant
from thidua.reporting.documents.specs import PERIODIC_REPORT
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report
from thidua.reporting.selectors.entry import entry_sheet
from thidua.reporting.selectors.scores import scorecard_of
from thidua.reporting.services.documents import issue_periodic_report, issue_scorecard
from thidua.reporting.tests.factories import make_report
from thidua.reporting.tests.scores_support import ScoredYear, scored_year


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def world(org: Org) -> ScoredYear:
    for unit, abbreviation in ((org.root, "SYT"), (org.a, "BVA"), (org.b, "BVB")):
        unit.abbreviation = abbreviation
        unit.head = PersonFactory(unit=unit, full_name=f"Giám đốc {abbreviation}")
        unit.save()
    return scored_year(org)


def _q3(world: ScoredYear, unit: str = "BV_A") -> Report:
    return world.reports[(unit, "q3")]


# --- Báo cáo định kỳ -----------------------------------------------------------------------------


def _expected_report_tables(report: Report, user: Any) -> list[list[tuple[str, ...]]]:
    """Each area's rows as the report page shows them (its entry sheet)."""
    sheet = entry_sheet(report, user)
    tables = []
    for area in sheet.areas:
        rows = [
            (
                "Mã",
                "Tiêu chí, chỉ tiêu",
                "Đơn vị tính",
                "Chỉ tiêu giao",
                "Kết quả kỳ này",
                "Điểm",
                "Minh chứng",
            )
        ]
        for block in area.criteria:
            rows.append((block.criterion.code, block.criterion.name, "", "", "", block.points, ""))
            for r in block.rows:
                shown = {"1": "Có", "0": "Không"}.get(r.shown, "—") if r.is_boolean else r.shown
                rows.append(
                    (
                        "",
                        f"- {r.indicator.name}",
                        r.indicator.unit_label,
                        r.target or "—",
                        shown or "—",
                        r.points or "—",
                        str(len(r.evidence)),
                    )
                )
        tables.append(rows)
    return tables


@pytest.mark.django_db
def test_periodic_report_tables_are_the_report_pages_figures(
    world: ScoredYear, cast: Cast, org: Org, tmp_path: Path
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    report = _q3(world)

    item = issue_periodic_report(by=officer, report=report)

    opened = open_issued(item, tmp_path)
    tables = tables_headed(opened, "Mã")
    assert (item.number_text, item.unit_path, item.signer_name) == (
        "01/BC-BVA",
        org.a.path,
        "Giám đốc BVA",
    )
    assert tables == _expected_report_tables(report, officer)
    assert ("", "- Số cán bộ được đào tạo kỹ năng số", "người", "50", "50", "20", "0") in tables[0]
    assert opened.docx_fonts() == {"Times New Roman"}
    text = opened.docx_text()
    assert "Kết quả thực hiện phong trào thi đua Quý III/2026" in text
    assert "Số minh chứng kèm theo báo cáo: 0 tệp." in text


@pytest.mark.django_db
def test_periodic_report_pdf_reads_with_diacritics(
    world: ScoredYear, cast: Cast, tmp_path: Path
) -> None:
    item = issue_periodic_report(by=cast[Role.UNIT_OFFICER], report=_q3(world))

    opened = open_issued(item, tmp_path)
    text = opened.pdf_text()
    assert "Số: 01/BC-BVA" in text
    assert "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THI ĐUA" in text
    assert "Đề nghị Sở Y tế xem xét, thẩm định kết quả tự chấm điểm của đơn vị./." in text
    assert opened.pdf_fonts() == (LIBERATION_SERIF, {"yes"})
    assert opened.page_sizes() == {(595, 842)}
    assert png_of(opened, "reporting-periodic-report").exists()


@pytest.mark.django_db
def test_periodic_report_uses_the_units_own_wording(
    world: ScoredYear, cast: Cast, org: Org, tmp_path: Path
) -> None:
    texts = template_texts(PERIODIC_REPORT, unit_path=org.a.path)
    texts["proposals"] = "{{don_vi}} đề nghị bổ sung kinh phí chuyển đổi số {{ky}}./."
    save_template(
        by=cast[Role.DEPT_OFFICER], key=PERIODIC_REPORT, unit_path=org.a.path, texts=texts
    )

    item = issue_periodic_report(by=cast[Role.UNIT_OFFICER], report=_q3(world))

    text = open_issued(item, tmp_path).docx_text()
    assert "Bệnh viện A đề nghị bổ sung kinh phí chuyển đổi số Quý III/2026./." in text
    assert "Đề nghị Sở Y tế xem xét" not in text


@pytest.mark.django_db
def test_periodic_report_of_a_draft_is_refused(world: ScoredYear, cast: Cast, org: Org) -> None:
    from thidua.movements.tests.factories import make_quarter

    draft = make_report(world.plan, org.a, period=make_quarter(world.plan.movement, 2026, 4))

    with pytest.raises(DomainError) as refused:
        issue_periodic_report(by=cast[Role.UNIT_OFFICER], report=draft)

    assert refused.value.message == (
        "Chỉ phát hành được báo cáo đã nộp hoặc đã duyệt; báo cáo này đang ở trạng thái "
        f"“{ReportStatus.DRAFT.label}”."
    )


# --- Báo cáo kết quả chấm điểm ------------------------------------------------------------------


@pytest.mark.django_db
def test_scorecard_rows_are_the_scorecard_pages_figures(
    world: ScoredYear, cast: Cast, org: Org, tmp_path: Path
) -> None:
    report = _q3(world)
    card = scorecard_of(report.movement, org.a, 2026, selected_period=report.period_id)

    item = issue_scorecard(by=cast[Role.UNIT_OFFICER], report=report)

    opened = open_issued(item, tmp_path)
    expected = [("Mã", "Tiêu chí", "Điểm tối đa", "Tự chấm", "Thẩm định", "Lý do điều chỉnh")]
    for block in card.areas:
        expected.append(
            (
                block.area.code,
                block.area.name.upper(),
                so(block.maximum),
                so(block.self_points),
                so(block.appraised_points),
                "",
            )
        )
        expected += [
            (
                line.criterion.code,
                line.criterion.name,
                so(line.criterion.max_points),
                so(line.self_points),
                so(line.appraised_points),
                "",
            )
            for line in block.lines
        ]
    assert table_headed(opened, "Mã") == expected
    text = opened.pdf_text()
    assert "tổng điểm thẩm định: 80 điểm" in text
    assert "Xếp hạng chung: " in text
    assert opened.pdf_fonts() == (LIBERATION_SERIF, {"yes"})
    assert png_of(opened, "reporting-scorecard").exists()


@pytest.mark.django_db
def test_scorecard_button_issues_for_the_chosen_period(
    client: Client, world: ScoredYear, cast: Cast, org: Org
) -> None:
    report = _q3(world)
    client.force_login(cast[Role.UNIT_OFFICER])
    page_url = (
        f"/bao-cao/diem/{report.movement_id}/don-vi/{org.a.pk}/?nam=2026&ky={report.period_id}"
    )

    before = client.get(page_url).content.decode()
    response = client.post(
        f"/bao-cao/diem/{report.movement_id}/bao-cao/{report.pk}/van-ban/", follow=True
    )

    item = IssuedDocument.objects.get()
    assert "Phát hành báo cáo kết quả chấm điểm (Word, PDF)" in before
    assert response.redirect_chain == [(page_url, 302)]
    assert item.source == f"reporting.scorecard:{report.pk}"
    assert f"/van-ban/{item.pk}/tai-ve/pdf/" in response.content.decode()


@pytest.mark.django_db
def test_report_page_button_issues_the_periodic_report(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    report = _q3(world)
    client.force_login(cast[Role.UNIT_OFFICER])

    before = client.get(f"/bao-cao/{report.pk}/").content.decode()
    response = client.post(f"/bao-cao/{report.pk}/van-ban/", follow=True)

    item = IssuedDocument.objects.get()
    assert "Phát hành báo cáo (Word, PDF)" in before
    assert item.source == f"reporting.periodic_report:{report.pk}"
    assert [str(m) for m in response.context["messages"]] == [
        f"Đã phát hành báo cáo số 01/BC-BVA ngày {item.issued_on:%d/%m/%Y}; tải bản Word hoặc "
        "PDF ở mục văn bản bên dưới."
    ]


@pytest.mark.django_db
def test_other_units_officer_cannot_issue_or_download_unit_a_documents(
    client: Client, world: ScoredYear, cast: Cast, org: Org
) -> None:
    report = _q3(world)
    periodic = issue_periodic_report(by=cast[Role.UNIT_OFFICER], report=report)
    card = issue_scorecard(by=cast[Role.UNIT_OFFICER], report=report)
    officer_b = UserFactory(username="can-bo-b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    client.force_login(officer_b)

    answers = [
        client.get(f"/bao-cao/{report.pk}/").status_code,
        client.post(f"/bao-cao/{report.pk}/van-ban/").status_code,
        client.get(f"/bao-cao/diem/{report.movement_id}/don-vi/{org.a.pk}/").status_code,
        client.post(f"/bao-cao/diem/{report.movement_id}/bao-cao/{report.pk}/van-ban/").status_code,
        *(
            client.get(f"/van-ban/{item.pk}/tai-ve/{kind}/").status_code
            for item in (periodic, card)
            for kind in ("pdf", "docx")
        ),
    ]

    assert answers == [404] * 8
    assert IssuedDocument.objects.count() == 2


@pytest.mark.django_db
def test_inspector_reads_the_report_but_cannot_issue_it(
    client: Client, world: ScoredYear, cast: Cast
) -> None:
    report = _q3(world)
    client.force_login(cast[Role.INSPECTOR])

    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    response = client.post(f"/bao-cao/{report.pk}/van-ban/")

    assert "Phát hành báo cáo (Word, PDF)" not in page
    assert response.status_code == 403
    assert IssuedDocument.objects.count() == 0
