"""Who decides (thẩm quyền, LEGAL.md §1.4) after the vote: Bệnh viện A's decision lists only the
awards its head decides; whoever passed for an award of the city (Chiến sĩ thi đua Thành phố)
goes into the Tờ trình đề nghị khen thưởng cấp trên to the Sở's Director, opened here as Word
and PDF."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from docx import Document

from thidua.accounts.roles import Role
from thidua.awards.council_documents.upward import UPWARD_PROPOSAL_SPEC
from thidua.awards.models import CouncilSession
from thidua.awards.services.councils import (
    cast_ballot,
    close_session,
    open_session,
    record_attendance,
)
from thidua.awards.services.decisions import draft_decision
from thidua.awards.services.upward import issue_upward_proposal
from thidua.awards.tests.council_support import MEETING, Setup, council_setup, nominate
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry
from thidua.documents.models import IssuedDocument
from thidua.documents.placeholders import check_field
from thidua.documents.tests.reading import ARTIFACTS, one_line, pdf_text, poppler
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

PAGE_QUERIES = 12  # measured: 12 at a closed session with one candidate proposed upward


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _read(stored: Any) -> bytes:
    with stored.open("rb") as handle:
        return bytes(handle.read())


def _voted(org, cast, *, approve: set[str] | None = None) -> tuple[Setup, CouncilSession]:  # type: ignore[no-untyped-def]
    """BV A's round with Ngô Thị Chín proposed for Chiến sĩ thi đua Thành phố besides the three
    candidates of its own awards; every member present and agreeing (to the awards in
    `approve` only, when given); the session closed."""
    setup = council_setup(org, cast)
    nominate(
        setup.round,
        person=PersonFactory(unit=org.a1, full_name="Ngô Thị Chín", position="Bác sĩ"),
        award_code="cstd_tp",
    )
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer
    )
    record_attendance(session, present={m.pk for m in setup.members}, by=setup.officer)
    items = list(session.agenda.select_related("nomination"))
    choices = {item.pk: approve is None or item.nomination.award_code in approve for item in items}
    for member in setup.members:
        cast_ballot(session, choices=choices, by=member.user)
    close_session(session, by=setup.officer)
    return setup, session


def test_the_decision_leaves_out_who_passed_for_the_city_s_award(org, cast) -> None:
    setup, session = _voted(org, cast)

    decision = draft_decision(session, by=setup.officer)

    assert list(
        decision.recipients.order_by("register_number").values_list("register_number", "award_code")
    ) == [(1, "cstdcs"), (2, "ldtt"), (3, "ttldtt")]
    entry = AuditEntry.objects.get(target_type="awards.awarddecision", action="create")
    assert entry.changes["recipients"] == [None, 3]
    assert entry.changes["proposed_upward"] == [None, 1]


def test_the_to_trinh_lists_the_city_s_candidates_with_their_vote(
    org, cast, tmp_path: Path
) -> None:
    setup, session = _voted(org, cast)

    issued = issue_upward_proposal(session, by=setup.officer)

    assert (issued.number_text, issued.kind_name) == ("01/TTr-BVA", "Tờ trình")
    path = tmp_path / "ttr.pdf"
    path.write_bytes(_read(issued.pdf))
    text = one_line(pdf_text(path))
    assert "Số: 01/TTr-BVA" in text
    assert "Về việc đề nghị cấp trên khen thưởng năm 2026" in text
    assert "Kính gửi: Giám đốc Sở Y tế Hà Nội." in text
    assert "1 cá nhân đạt tỷ lệ phiếu bầu" in text
    assert "Ngô Thị Chín" in text
    assert "Lê Thị Thu Hà" not in text
    assert "Phạm Minh Đức" in text
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    assert all(" yes " in line and "LiberationSerif" in line for line in fonts)
    assert poppler("pdfinfo", str(path)).count("Pages:") == 1
    word = Document(io.BytesIO(_read(issued.docx)))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        [
            "STT",
            "Họ và tên / Tập thể",
            "Chức vụ, đơn vị",
            "Danh hiệu, hình thức đề nghị",
            "Cấp quyết định",
            "Kết quả bỏ phiếu",
        ],
        [
            "1",
            "Ngô Thị Chín",
            "Bác sĩ, Khoa Nội A1",
            "Chiến sĩ thi đua Thành phố",
            "Chủ tịch Ủy ban nhân dân Thành phố",
            "Đồng ý 10/10 (100%)",
        ],
    ]
    fonts_used = {run.font.name for p in word.paragraphs for run in p.runs if run.font.name}
    assert fonts_used <= {"Times New Roman"}
    assert AuditEntry.objects.filter(target_type="documents.issueddocument").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    poppler(
        "pdftoppm",
        "-r",
        "60",
        "-png",
        "-singlefile",
        str(path),
        str(ARTIFACTS / "awards-ttr-cap-tren"),
    )


def test_the_to_trinh_is_issued_once(org, cast) -> None:
    setup, session = _voted(org, cast)
    issue_upward_proposal(session, by=setup.officer)

    with pytest.raises(DomainError, match="đã được phát hành: số 01/TTr-BVA"):
        issue_upward_proposal(session, by=setup.officer)

    assert IssuedDocument.objects.count() == 1


def test_no_decision_when_only_the_city_s_candidate_passed(org, cast) -> None:
    setup, session = _voted(org, cast, approve={"cstd_tp"})

    with pytest.raises(DomainError, match="đều được đề nghị danh hiệu, hình thức do cấp trên"):
        draft_decision(session, by=setup.officer)

    assert issue_upward_proposal(session, by=setup.officer).number_text == "01/TTr-BVA"


def test_no_to_trinh_when_nobody_passed_for_a_higher_level_award(org, cast) -> None:
    setup, session = _voted(org, cast, approve={"cstdcs", "ldtt", "ttldtt"})

    with pytest.raises(DomainError, match="không cần tờ trình đề nghị cấp trên"):
        issue_upward_proposal(session, by=setup.officer)

    assert IssuedDocument.objects.count() == 0


def test_another_hospital_cannot_issue_the_to_trinh(org, cast) -> None:
    _, session = _voted(org, cast)
    other = UserFactory(username="bv_b_officer")
    grant(other, Role.UNIT_OFFICER, org.b)

    with pytest.raises(PermissionDeniedError):
        issue_upward_proposal(session, by=other)

    assert IssuedDocument.objects.count() == 0


def test_the_to_trinh_wording_uses_only_its_declared_placeholders() -> None:
    spec = UPWARD_PROPOSAL_SPEC

    problems = {
        item.name: check_field(item.default, allowed=spec.placeholders, required=item.required)
        for item in spec.fields
    }

    assert {name: found for name, found in problems.items() if found} == {}
    assert set(spec.sample) == set(spec.placeholders)
    assert (spec.kind_name, spec.kind_code) == ("Tờ trình", "TTr")


# -- The session's page --------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_session_page_offers_the_to_trinh_then_links_it(
    org, cast, django_assert_max_num_queries
) -> None:
    setup, session = _voted(org, cast)
    client = _client(setup.officer)
    url = reverse("awards:session", args=[session.pk])
    client.get(url)

    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(url).content.decode()

    section = page[page.index("data-upward") : page.index("</section>", page.index("data-upward"))]
    assert "1 người, tập thể đạt tỷ lệ phiếu bầu cho danh hiệu, hình thức do cấp trên" in section
    assert "Phát hành tờ trình đề nghị cấp trên khen thưởng (Word, PDF)" in section
    assert "Dự thảo quyết định khen thưởng (3 người, tập thể đạt)" in page

    response = client.post(reverse("awards:upward_issue", args=[session.pk]), follow=True)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã phát hành tờ trình đề nghị cấp trên khen thưởng: số 01/TTr-BVA."
    ]
    page = response.content.decode()
    document = IssuedDocument.objects.get()
    assert "Tờ trình số <strong>01/TTr-BVA</strong>" in page
    assert reverse("documents:download", args=[document.pk, "pdf"]) in page
    download = client.get(reverse("documents:download", args=[document.pk, "pdf"]))
    assert download.status_code == 200
    download.close()


def test_another_hospital_s_officer_gets_404_not_the_to_trinh(org, cast) -> None:
    setup, session = _voted(org, cast)
    issued = issue_upward_proposal(session, by=setup.officer)
    other = UserFactory(username="bv_b_officer")
    grant(other, Role.UNIT_OFFICER, org.b)
    client = _client(other)

    posted = client.post(reverse("awards:upward_issue", args=[session.pk]))
    download = client.get(reverse("documents:download", args=[issued.pk, "pdf"]))

    assert posted.status_code == 404
    assert download.status_code == 404
    assert IssuedDocument.objects.count() == 1
