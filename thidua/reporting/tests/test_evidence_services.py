"""Evidence: uploads checked by content, stored once per SHA-256, removed while editable."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Evidence, EvidenceFile, Report
from thidua.reporting.services.entry import start_report
from thidua.reporting.services.evidence import remove_evidence, upload_evidence
from thidua.reporting.tests.factories import make_plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56


def office_package(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
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


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ke-hoach.pdf", PDF),
        ("anh.png", PNG),
        ("anh.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
        ("bao-cao.docx", office_package("word/document.xml")),
        ("so-lieu.xlsx", office_package("xl/workbook.xml")),
        ("cu.doc", OLE2),
        ("cu.xls", OLE2),
    ],
)
def test_upload_accepts_each_kind_by_its_content(plan, officer, report, name, content):
    uploaded = upload_evidence(
        report=report,
        upload=upload(name, content),
        by=officer,
        indicator=plan.indicators["DIEN_TAP"],
    )

    assert uploaded.reused is False
    assert uploaded.evidence.blob.sha256 == hashlib.sha256(content).hexdigest()
    with uploaded.evidence.blob.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", PNG, "Nội dung tệp không phải là tệp .pdf như phần mở rộng của nó."),
        ("bao-cao.docx", office_package("xl/workbook.xml"), "không phải là tệp .docx"),
        ("bao-cao.docx", b"PK\x03\x04 not a zip", "không phải là tệp .docx"),
        ("cu.doc", PDF, "không phải là tệp .doc"),
        ("chay.exe", b"MZ\x90\x00", "Loại tệp “.exe” không được chấp nhận."),
        ("rong.pdf", b"", "Tệp rỗng."),
    ],
)
def test_upload_refuses_a_file_that_is_not_what_its_name_says(
    report, officer, name, content, message
):
    with pytest.raises(DomainError) as refused:
        upload_evidence(report=report, upload=upload(name, content), by=officer)

    assert message in refused.value.message
    assert refused.value.field == "file"
    assert EvidenceFile.objects.count() == 0


def test_upload_refuses_an_oversized_file(report, officer, settings):
    settings.THIDUA_EVIDENCE_MAX_BYTES = 1024 * 1024

    with pytest.raises(DomainError) as refused:
        upload_evidence(
            report=report, upload=upload("lon.pdf", PDF + b"0" * 1024 * 1024), by=officer
        )

    assert refused.value.message == "Tệp quá lớn (1,0 MB); giới hạn là 1 MB."


def test_same_bytes_uploaded_again_reuse_the_stored_file(org, plan, officer, report, cast):
    other = start_report(period=plan.current, unit=org.a1, by=officer)
    first = upload_evidence(report=report, upload=upload("a.pdf", PDF), by=officer)

    second = upload_evidence(report=other, upload=upload("ban-sao.pdf", PDF), by=officer)

    assert second.reused is True
    assert second.evidence.blob == first.evidence.blob
    assert EvidenceFile.objects.count() == 1


def test_same_file_twice_on_the_same_target_is_refused(plan, officer, report):
    upload_evidence(report=report, upload=upload("a.pdf", PDF), by=officer)

    with pytest.raises(DomainError, match="đã được đính kèm"):
        upload_evidence(report=report, upload=upload("a.pdf", PDF), by=officer)


def test_upload_and_removal_are_audited(plan, officer, report):
    uploaded = upload_evidence(
        report=report, upload=upload("a.pdf", PDF), by=officer, criterion=plan.criteria["TC2"]
    )

    remove_evidence(evidence=uploaded.evidence, by=officer)

    actions = list(
        AuditEntry.objects.filter(target_type="reporting.report", target_id=str(report.pk))
        .exclude(action=AuditAction.CREATE)
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == [AuditAction.UPLOAD, AuditAction.DELETE]
    upload_entry = AuditEntry.objects.get(action=AuditAction.UPLOAD)
    assert upload_entry.changes["sha256"] == [None, hashlib.sha256(PDF).hexdigest()]
    assert upload_entry.changes["muc"] == [None, "TC2"]


def test_removing_the_last_use_deletes_the_stored_file(
    plan, officer, report, django_capture_on_commit_callbacks
):
    uploaded = upload_evidence(report=report, upload=upload("a.pdf", PDF), by=officer)
    blob = uploaded.evidence.blob
    storage, name = blob.file.storage, blob.file.name

    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(evidence=uploaded.evidence, by=officer)

    assert Evidence.objects.count() == 0
    assert EvidenceFile.objects.count() == 0
    assert not storage.exists(name)


def test_removal_keeps_a_file_used_elsewhere(org, plan, officer, report):
    other = start_report(period=plan.current, unit=org.a1, by=officer)
    first = upload_evidence(report=report, upload=upload("a.pdf", PDF), by=officer)
    upload_evidence(report=other, upload=upload("a.pdf", PDF), by=officer)

    remove_evidence(evidence=first.evidence, by=officer)

    assert EvidenceFile.objects.count() == 1


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_no_upload_or_removal_on_a_locked_report(plan, officer, report, status):
    uploaded = upload_evidence(report=report, upload=upload("a.pdf", PDF), by=officer)
    Report.objects.filter(pk=report.pk).update(status=status)

    with pytest.raises(DomainError):
        upload_evidence(report=report, upload=upload("b.png", PNG), by=officer)
    with pytest.raises(DomainError):
        remove_evidence(evidence=uploaded.evidence, by=officer)

    assert Evidence.objects.count() == 1


def test_upload_refuses_a_report_out_of_scope(org, plan, officer, cast):
    other = start_report(period=plan.current, unit=org.b, by=cast[Role.SYSTEM_ADMIN])

    with pytest.raises(PermissionDeniedError):
        upload_evidence(report=other, upload=upload("a.pdf", PDF), by=officer)


def test_upload_refuses_both_an_indicator_and_a_criterion(plan, officer, report):
    with pytest.raises(DomainError, match="không chọn cả hai"):
        upload_evidence(
            report=report, upload=upload("a.pdf", PDF), by=officer,
            indicator=plan.indicators["DIEN_TAP"], criterion=plan.criteria["TC2"],
        )  # fmt: skip
