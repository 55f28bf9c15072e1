"""Upload checks: name, extension, size, emptiness and real content type, in Vietnamese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.errors import DomainError
from thidua.core.uploads import check_upload

XLSX_HEAD = b"PK\x03\x04" + b"\x00" * 60
PDF_HEAD = b"%PDF-1.7\n" + b"0" * 60
PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 60


def _refusal(upload, **kwargs) -> tuple[str, str | None]:
    with pytest.raises(DomainError) as caught:
        check_upload(upload, **kwargs)
    return caught.value.message, caught.value.field


@pytest.mark.parametrize(
    ("name", "content", "allowed"),
    [
        ("danh-sach.xlsx", XLSX_HEAD, {".xlsx"}),
        ("DANH SÁCH CÁN BỘ.XLSX", XLSX_HEAD, {".xlsx"}),
        ("minh-chung.pdf", PDF_HEAD, {".pdf", ".png"}),
        ("anh.png", PNG_HEAD, {".pdf", ".png"}),
        ("ghi-chu.txt", b"van ban", {".txt"}),
    ],
)
def test_check_upload_accepts_matching_files(name, content, allowed):
    check_upload(SimpleUploadedFile(name, content), allowed_extensions=allowed)


def test_check_upload_extension_not_allowed_refused():
    upload = SimpleUploadedFile("bao-cao.exe", b"MZ" + b"\x00" * 10)

    assert _refusal(upload, allowed_extensions={".pdf", ".xlsx"}) == (
        "Loại tệp “.exe” không được chấp nhận. Chỉ nhận: .pdf, .xlsx.",
        "file",
    )


def test_check_upload_without_extension_refused():
    upload = SimpleUploadedFile("baocao", PDF_HEAD)

    assert _refusal(upload, allowed_extensions={".pdf"}) == (
        "Loại tệp “(không có phần mở rộng)” không được chấp nhận. Chỉ nhận: .pdf.",
        "file",
    )


def test_check_upload_empty_file_refused():
    upload = SimpleUploadedFile("trong.xlsx", b"")

    assert _refusal(upload, allowed_extensions={".xlsx"}) == ("Tệp rỗng.", "file")


def test_check_upload_over_the_size_limit_refused():
    upload = SimpleUploadedFile("lon.pdf", PDF_HEAD + b"0" * (2 * 1_048_576))

    assert _refusal(upload, allowed_extensions={".pdf"}, max_bytes=1_048_576) == (
        "Tệp quá lớn (2,0 MB); giới hạn là 1 MB.",
        "file",
    )


def test_check_upload_default_limit_comes_from_settings(settings):
    settings.THIDUA_UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("vua.pdf", PDF_HEAD + b"0" * 100)

    message, _ = _refusal(upload, allowed_extensions={".pdf"})

    assert message.startswith("Tệp quá lớn")


def test_check_upload_text_renamed_xlsx_refused():
    upload = SimpleUploadedFile("danh-sach.xlsx", "Mã,Họ và tên\n".encode())

    assert _refusal(upload, allowed_extensions={".xlsx"}) == (
        "Nội dung tệp không phải là tệp .xlsx như phần mở rộng của nó.",
        "file",
    )


def test_check_upload_pdf_signature_mismatch_refused():
    upload = SimpleUploadedFile("minh-chung.pdf", PNG_HEAD)

    assert _refusal(upload, allowed_extensions={".pdf", ".png"}) == (
        "Nội dung tệp không phải là tệp .pdf như phần mở rộng của nó.",
        "file",
    )


@pytest.mark.parametrize(
    "name", ["..\\..\\boot.pdf", "thu\x00muc.pdf", "dong\nmoi.pdf", "x" * 201 + ".pdf"]
)
def test_check_upload_unsafe_name_refused(name):
    upload = SimpleUploadedFile("placeholder.pdf", PDF_HEAD)
    upload.name = name

    assert _refusal(upload, allowed_extensions={".pdf"}) == ("Tên tệp không hợp lệ.", "file")


def test_check_upload_directories_in_the_name_already_stripped_by_django():
    upload = SimpleUploadedFile("../../etc/minh-chung.pdf", PDF_HEAD)

    check_upload(upload, allowed_extensions={".pdf"})

    assert upload.name == "minh-chung.pdf"


def test_check_upload_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("danh-sach.xlsx", XLSX_HEAD)

    check_upload(upload, allowed_extensions={".xlsx"})

    assert upload.read(4) == b"PK\x03\x04"
