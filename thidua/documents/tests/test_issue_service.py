"""issue_document: what a document lacks is refused in Vietnamese before it is numbered;
numbers follow each other per issuer, kind and year; a failed rendering uses no number."""

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError

from thidua.accounts.roles import Role
from thidua.core.errors import PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditEntry
from thidua.documents.content import Authority, Issuer, Signer
from thidua.documents.models import IssuedDocument, NumberSeries
from thidua.documents.services import issuing
from thidua.documents.services.issuing import issue_document
from thidua.documents.tests.issuing_support import (
    ON,
    decision,
    failing_render,
    fake_render,
    read,
    rendered,
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_SITE_URL = "https://thidua.example.vn"


def _issue(cast: Any, org: Any, **kwargs: Any) -> IssuedDocument:
    arguments: dict[str, Any] = {
        "by": cast[Role.DEPT_OFFICER],
        "document": decision(),
        "unit_path": org.root.path,
        "source": "tests:1",
        "render": fake_render,
        "issued_on": ON,
    }
    return issue_document(**{**arguments, **kwargs})


def test_issue_numbers_dates_and_stores_the_document(cast: Any, org: Any) -> None:
    item = _issue(cast, org)

    pdf = read(item.pdf)
    seen = rendered(pdf)
    assert (item.number, item.symbol, item.number_text) == (1, "QĐ-SYT", "01/QĐ-SYT")
    assert item.issued_on == ON
    assert seen["number_line"] == "Số: 01/QĐ-SYT"
    assert seen["issued_on"] == "2026-03-05"
    assert seen["verification"] == item.verification_code
    assert seen["verification_url"] == (
        f"https://thidua.example.vn/xac-thuc/{item.verification_code}/"
    )
    assert item.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert read(item.docx).startswith(b"DOCX")
    assert item.issued_by == cast[Role.DEPT_OFFICER]
    assert (item.unit_path, item.source) == (org.root.path, "tests:1")
    assert NumberSeries.objects.get().last_number == 1


def test_issue_is_audited(cast: Any, org: Any) -> None:
    item = _issue(cast, org)

    entry = AuditEntry.objects.get(target_type="documents.issueddocument")
    assert (entry.target_id, entry.unit_path) == (str(item.pk), org.root.path)
    assert entry.changes["number"] == [None, "01/QĐ-SYT"]


def test_numbers_follow_each_other_in_a_series(cast: Any, org: Any) -> None:
    numbers = [_issue(cast, org).number_text for _ in range(3)]

    assert numbers == ["01/QĐ-SYT", "02/QĐ-SYT", "03/QĐ-SYT"]


def test_each_kind_and_issuer_has_its_own_series(cast: Any, org: Any) -> None:
    first = _issue(cast, org)
    report = _issue(cast, org, document=decision(kind_name="Báo cáo", kind_code="BC"))
    other_issuer = _issue(
        cast, org, document=decision(issuer=Issuer(name="Bệnh viện A", abbreviation="BVA"))
    )
    second = _issue(cast, org)

    assert [first.number_text, report.number_text, other_issuer.number_text] == [
        "01/QĐ-SYT", "01/BC-SYT", "01/QĐ-BVA"
    ]  # fmt: skip
    assert second.number_text == "02/QĐ-SYT"


def test_an_agency_numbering_all_kinds_in_one_series_continues_it_across_kinds(
    cast: Any, org: Any, settings: Any
) -> None:
    settings.THIDUA_DOCUMENT_SERIES = "per_issuer"
    first = _issue(cast, org)
    report = _issue(cast, org, document=decision(kind_name="Báo cáo", kind_code="BC"))
    other_issuer = _issue(
        cast, org, document=decision(issuer=Issuer(name="Bệnh viện A", abbreviation="BVA"))
    )
    notice = _issue(cast, org, document=decision(kind_name="Thông báo", kind_code="TB"))

    assert [first.number_text, report.number_text, other_issuer.number_text, notice.number_text] == [
        "01/QĐ-SYT", "02/BC-SYT", "01/QĐ-BVA", "03/TB-SYT"
    ]  # fmt: skip
    assert (report.kind_code, report.symbol) == ("BC", "BC-SYT")


def test_a_new_year_restarts_at_one(cast: Any, org: Any) -> None:
    _issue(cast, org, issued_on=date(2026, 12, 31))
    _issue(cast, org, issued_on=date(2026, 12, 31))

    new_year = _issue(cast, org, issued_on=date(2027, 1, 1))

    assert (new_year.year, new_year.number_text) == (2027, "01/QĐ-SYT")
    assert sorted(NumberSeries.objects.values_list("year", "last_number")) == [
        (2026, 2),
        (2027, 1),
    ]


def test_missing_data_is_named_in_vietnamese_and_nothing_is_numbered(cast: Any, org: Any) -> None:
    lacking = decision(
        summary="  ",
        issuer=Issuer(name="Sở Y tế", abbreviation=""),
        signer=Signer(authority=Authority.NONE, titles=(), name=""),
    )

    with pytest.raises(ValidationFailedError) as refused:
        _issue(cast, org, document=lacking)

    assert refused.value.errors == {
        "issuer.abbreviation": (
            "Thiếu tên viết tắt của cơ quan ban hành (phần cuối của ký hiệu, ví dụ “SYT” "
            "trong “15/QĐ-SYT”)."
        ),
        "summary": "Thiếu trích yếu nội dung văn bản.",
        "signer.name": "Thiếu họ và tên người ký.",
        "signer.titles": "Thiếu chức vụ của người ký.",
    }
    assert NumberSeries.objects.count() == 0
    assert IssuedDocument.objects.count() == 0


def test_a_document_already_numbered_is_refused(cast: Any, org: Any) -> None:
    with pytest.raises(ValidationFailedError) as refused:
        _issue(cast, org, document=decision(number="15"))

    assert refused.value.errors == {
        "number": "Văn bản đã mang số 15: mỗi văn bản chỉ được đánh số một lần."
    }


def test_a_render_failure_uses_no_number_and_leaves_no_file(
    cast: Any, org: Any, tmp_path: Path
) -> None:
    _issue(cast, org)

    with pytest.raises(RuntimeError):
        _issue(cast, org, render=failing_render)
    after = _issue(cast, org)

    assert after.number_text == "02/QĐ-SYT"
    assert NumberSeries.objects.get().last_number == 2
    assert sorted(p.suffix for p in tmp_path.rglob("*") if p.is_file()) == [
        ".docx", ".docx", ".pdf", ".pdf"
    ]  # fmt: skip


def test_a_failure_after_the_files_are_stored_removes_them(
    cast: Any, org: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _issue(cast, org).verification_code
    # The same verification code again: the insert fails after both files were written.
    monkeypatch.setattr(issuing, "_unused_verification_code", lambda: taken)

    with pytest.raises(IntegrityError):
        _issue(cast, org)

    assert NumberSeries.objects.get().last_number == 1
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 2


def test_issuing_outside_ones_scope_is_refused(cast: Any, org: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        _issue(cast, org, by=cast[Role.UNIT_OFFICER], unit_path=org.b.path)

    assert NumberSeries.objects.count() == 0


def test_a_unit_officer_issues_for_their_unit(cast: Any, org: Any) -> None:
    item = _issue(cast, org, by=cast[Role.UNIT_OFFICER], unit_path=org.a1.path)

    assert item.unit_path == org.a1.path


def test_a_leader_without_the_issue_permission_is_refused(cast: Any, org: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        _issue(cast, org, by=cast[Role.DEPT_LEADER])
