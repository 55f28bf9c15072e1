"""Award decisions: drafted from the vote with số sổ vàng and rewards (multiple × base salary,
rounded up to 10.000 đ), reviewed by another person, issued through the documents engine —
writing the history and marking initiatives used —; the certificates ("TẶNG DANH HIỆU",
"CHIẾN SĨ THI ĐUA CƠ SỞ", in red) in batch; revocation with its legal ground takes the award
out of chains; the tally, minutes and ballot paper opened."""

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from thidua.awards.domain.eligibility import evaluate
from thidua.awards.domain.rules import from_json
from thidua.awards.enums import RoundStatus
from thidua.awards.models import AwardDecision, AwardRecord, CouncilSession, RulebookVersion
from thidua.awards.models.decisions import DecisionStatus
from thidua.awards.selectors.facts import person_facts_for
from thidua.awards.services.council_documents import ballot_pdf, issue_session_records
from thidua.awards.services.councils import (
    cast_ballot,
    close_session,
    open_session,
    record_attendance,
)
from thidua.awards.services.decisions import (
    draft_decision,
    initiative_codes,
    issue_award_decision,
    review_decision,
    revoke_recipient,
    start_award_certificates,
)
from thidua.awards.tests.council_support import MEETING, Setup, council_setup
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditEntry
from thidua.documents.models import IssuedDocument, JobStatus
from thidua.documents.services.batches import run_generation_job
from thidua.documents.tests.reading import ARTIFACTS, one_line, pdf_text, poppler
from thidua.organizations.models import Person


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _read(stored: Any) -> bytes:
    with stored.open("rb") as handle:
        return bytes(handle.read())


def voted(org, cast) -> tuple[Setup, CouncilSession]:  # type: ignore[no-untyped-def]
    """Every member present; everyone agrees to all three candidates; the session closed."""
    setup = council_setup(org, cast)
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer
    )
    record_attendance(session, present={m.pk for m in setup.members}, by=setup.officer)
    items = list(session.agenda.all())
    for member in setup.members:
        cast_ballot(session, choices={item.pk: True for item in items}, by=member.user)
    close_session(session, by=setup.officer)
    return setup, session


def issued(org, cast) -> tuple[Setup, AwardDecision]:  # type: ignore[no-untyped-def]
    setup, session = voted(org, cast)
    decision = draft_decision(session, by=setup.officer)
    review_decision(decision, by=setup.head)
    issue_award_decision(decision, by=setup.officer)
    decision.refresh_from_db()
    return setup, decision


def test_a_draft_lists_who_passed_with_register_numbers_and_rewards(org, cast) -> None:
    """NĐ 152/2025 Điều 50: CSTĐCS 1,0 × 2.340.000 = 2.340.000 đ; LĐTT 0,3 × 2.340.000 =
    702.000 đ, rounded up to 710.000 đ; TTLĐTT 0,8 × = 1.872.000 → 1.880.000 đ."""
    setup, session = voted(org, cast)

    decision = draft_decision(session, by=setup.officer)

    lines = list(
        decision.recipients.order_by("register_number").values_list(
            "register_number", "award_code", "reward_multiple", "amount"
        )
    )
    assert lines == [
        (1, "cstdcs", Decimal("1.00"), Decimal(2_340_000)),
        (2, "ldtt", Decimal("0.30"), Decimal(710_000)),
        (3, "ttldtt", Decimal("0.80"), Decimal(1_880_000)),
    ]
    assert (decision.status, decision.base_salary) == (DecisionStatus.DRAFT, Decimal(2_340_000))


def test_the_drafter_cannot_review_and_an_unreviewed_decision_is_not_issued(org, cast) -> None:
    setup, session = voted(org, cast)
    decision = draft_decision(session, by=setup.officer)

    with pytest.raises(PermissionDeniedError):
        review_decision(decision, by=setup.officer)
    with pytest.raises(DomainError, match="chưa được rà soát"):
        issue_award_decision(decision, by=setup.officer)

    assert IssuedDocument.objects.count() == 0


def test_issuing_writes_the_history_and_decides_the_round(org, cast, tmp_path: Path) -> None:
    setup, decision = issued(org, cast)

    records = list(
        AwardRecord.objects.order_by("award_code").values_list(
            "award_code", "year", "decision_number", "issuer", "thematic", "revoked"
        )
    )
    assert records == [
        ("cstdcs", 2026, "01/QĐ-BVA", "Bệnh viện A", False, False),
        ("ldtt", 2026, "01/QĐ-BVA", "Bệnh viện A", False, False),
        ("ttldtt", 2026, "01/QĐ-BVA", "Bệnh viện A", False, False),
    ]
    setup.round.refresh_from_db()
    assert setup.round.status == RoundStatus.DECIDED
    assert (decision.status, decision.number) == (DecisionStatus.ISSUED, "01/QĐ-BVA")
    path = tmp_path / "qd.pdf"
    path.write_bytes(_read(decision.document.pdf))
    text = one_line(pdf_text(path))
    assert "Số: 01/QĐ-BVA" in text
    assert "Lê Thị Thu Hà" in text
    assert "2.340.000" in text
    assert "710.000" in text
    assert "Tổng cộng" in text
    assert "4.930.000" in text
    assert "chấp nhận ngoại lệ khi thẩm định — Nghỉ điều trị bệnh nghề nghiệp" in text
    word = Document(io.BytesIO(_read(decision.document.docx)))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[1] == [
        "1",
        "Lê Thị Thu Hà",
        "Điều dưỡng trưởng, Khoa Nội A1",
        "Chiến sĩ thi đua cơ sở",
        "1",
        "2.340.000",
    ]
    assert AuditEntry.objects.filter(target_type="awards.awardrecord").count() == 3


def test_an_award_held_already_for_the_year_is_not_given_twice(org, cast) -> None:
    setup, session = voted(org, cast)
    decision = draft_decision(session, by=setup.officer)
    review_decision(decision, by=setup.head)
    AwardRecord.objects.create(
        person=setup.nominations[0].person, award_code="cstdcs", year=2026, decision_number="9/QĐ"
    )

    with pytest.raises(DomainError, match="đã có “Chiến sĩ thi đua cơ sở” năm 2026"):
        issue_award_decision(decision, by=setup.officer)

    assert IssuedDocument.objects.count() == 0
    assert AwardRecord.objects.count() == 1


def test_certificates_are_issued_in_batch_in_the_award_layout(org, cast, tmp_path: Path) -> None:
    setup, decision = issued(org, cast)

    job = run_generation_job(start_award_certificates(decision, by=setup.officer))

    assert (job.status, job.error) == (JobStatus.SUCCEEDED, "")
    certificates = list(IssuedDocument.objects.filter(job=job).order_by("id"))
    assert [(c.number_text, c.kind_name) for c in certificates] == [
        ("01/BCN-BVA", "Bằng chứng nhận"),
        ("02/BCN-BVA", "Bằng chứng nhận"),
        ("03/BCN-BVA", "Bằng chứng nhận"),
    ]
    path = tmp_path / "cstdcs.pdf"
    path.write_bytes(_read(certificates[0].pdf))
    text = one_line(pdf_text(path))
    order = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "GIÁM ĐỐC BỆNH VIỆN A",
        "TẶNG DANH HIỆU",
        "CHIẾN SĨ THI ĐUA CƠ SỞ",
        "Ông (bà) Lê Thị Thu Hà",
        "Điều dưỡng trưởng, Khoa Nội A1",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Quyết định số 01/QĐ-BVA" in text
    assert "Số sổ vàng: 1" in text
    assert certificates[0].verification_code in text
    content = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"\.752941?\d* 0 0 rg", content)  # C00000: the red of title and presenter
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    assert all(" yes " in line and "LiberationSerif" in line for line in fonts)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    poppler(
        "pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(ARTIFACTS / "awards-cstdcs")
    )
    with pytest.raises(DomainError, match="Đã tạo đủ"):
        start_award_certificates(decision, by=setup.officer)


def test_revoking_an_award_takes_it_out_of_the_chains(org, cast) -> None:
    """Luật TĐKT Chương VII: the revoked CSTĐCS 2026 no longer counts toward "03 lần liên tục
    đạt Chiến sĩ thi đua cơ sở" (Chiến sĩ thi đua Thành phố, Luật Điều 22 khoản 1 điểm a)."""
    setup, decision = issued(org, cast)
    ha = setup.nominations[0].person
    assert ha is not None
    for year in (2024, 2025):
        AwardRecord.objects.create(person=ha, award_code="cstdcs", year=year)
    spec = from_json(RulebookVersion.objects.get(label="2025.1").spec)

    def chain_passes() -> bool:
        facts = person_facts_for(2026, Person.objects.filter(pk=ha.pk))[ha.pk]
        result = evaluate(spec, "cstd_tp", facts, 2026)
        return next(r for r in result.results if r.code == "ba_lan_cstdcs").passed

    before = chain_passes()
    recipient = decision.recipients.get(register_number=1)
    with pytest.raises(DomainError, match="Hãy chọn căn cứ"):
        revoke_recipient(recipient, ground="khac", reason="x", by=setup.officer)
    record = revoke_recipient(
        recipient,
        ground="false_declaration",
        reason="Kê khai sáng kiến không có thật.",
        by=setup.officer,
    )

    assert (before, chain_passes()) == (True, False)
    assert record.revoked_reason == (
        "Gian dối trong việc kê khai thành tích (Luật Thi đua, khen thưởng năm 2022, Chương VII): "
        "Kê khai sáng kiến không có thật."
    )
    with pytest.raises(DomainError, match="đã bị hủy bỏ"):
        revoke_recipient(recipient, ground="false_declaration", reason="lại", by=setup.officer)


def test_the_tally_minutes_and_ballot_paper_are_generated(org, cast, tmp_path: Path) -> None:
    setup, session = voted(org, cast)

    ballot = tmp_path / "phieu.pdf"
    ballot.write_bytes(ballot_pdf(session))
    tally, minutes = issue_session_records(session, by=setup.officer)

    ballot_text = one_line(pdf_text(ballot))
    assert "PHIẾU BẦU" in ballot_text
    assert "Không đồng ý" in ballot_text
    assert "Lê Thị Thu Hà" in ballot_text
    assert "Thành viên 03" not in ballot_text
    assert (tally.number_text, minutes.number_text) == ("01/BB-BVA", "02/BB-BVA")
    path = tmp_path / "kiem-phieu.pdf"
    path.write_bytes(_read(tally.pdf))
    text = one_line(pdf_text(path))
    assert "10/10 (100%)" in text
    assert "từ 80% (8/10)" in text
    minutes_path = tmp_path / "bien-ban.pdf"
    minutes_path.write_bytes(_read(minutes.pdf))
    minutes_text = one_line(pdf_text(minutes_path))
    assert "Thành viên 02" in minutes_text
    assert "Ủy viên kiêm Thư ký" in minutes_text
    assert "Chấp nhận ngoại lệ: Nghỉ điều trị bệnh nghề nghiệp" in minutes_text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    poppler(
        "pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(ARTIFACTS / "awards-tally")
    )
    with pytest.raises(DomainError, match="đã được phát hành"):
        issue_session_records(session, by=setup.officer)


def test_initiative_codes_are_read_from_the_evaluation_except_those_already_used() -> None:
    evaluation = {
        "results": [
            {"code": "xep_loai", "facts_used": {"Năm 2026": "HTTNV"}},
            {
                "code": "thanh_tich",
                "facts_used": {
                    "Sáng kiến SK-2026-0001": "Cấp cơ sở, năm 2026",
                    "Sáng kiến SK-2025-0009": "Cấp cơ sở, năm 2025; đã dùng làm căn cứ khen thưởng khác",
                },
            },
        ]
    }

    assert initiative_codes(evaluation) == ["SK-2026-0001"]


def test_certificates_made_later_carry_the_decision_date(org, cast, tmp_path: Path) -> None:
    """A certificate is signed with its decision (NĐ 98/2023 Điều 104): a batch run in January
    still dates the certificates of a decision of 30/12 on 30/12, in that year's series."""
    setup, decision = issued(org, cast)
    AwardDecision.objects.filter(pk=decision.pk).update(issued_on=dt.date(2026, 12, 30))
    decision.refresh_from_db()

    job = run_generation_job(start_award_certificates(decision, by=setup.officer))

    certificates = list(IssuedDocument.objects.filter(job=job))
    assert {c.issued_on for c in certificates} == {dt.date(2026, 12, 30)}
    assert {c.number_text.split("/")[0] for c in certificates} == {"01", "02", "03"}
    path = tmp_path / "cert.pdf"
    path.write_bytes(_read(certificates[0].pdf))
    assert "ngày 30 tháng 12 năm 2026" in one_line(pdf_text(path))
