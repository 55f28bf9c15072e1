"""Checks every upload passes before it is stored: name, size and real content type."""

import hashlib
import re
import zipfile
from collections.abc import Collection
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from thidua.core.errors import DomainError

# Magic numbers of the types the product accepts. Office Open XML files are ZIP archives.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
_SAFE_NAME = re.compile(r"^[^/\\\x00-\x1f]{1,200}$")


def check_upload(
    upload: UploadedFile[bytes],
    *,
    allowed_extensions: Collection[str],
    max_bytes: int | None = None,
) -> None:
    """Refuse, with a Vietnamese message for the `file` field, an upload that is not what it says.

    Checks: a sane file name with an allowed extension, a size within the limit, non-empty, and
    content that starts with the signature of its extension.
    """
    name = upload.name or ""
    if not _SAFE_NAME.match(name) or PurePath(name).name != name:
        raise DomainError("Tên tệp không hợp lệ.", field="file")
    extension = PurePath(name).suffix.lower()
    if extension not in allowed_extensions:
        allowed = ", ".join(sorted(allowed_extensions))
        raise DomainError(
            f"Loại tệp “{extension or '(không có phần mở rộng)'}” không được chấp nhận. "
            f"Chỉ nhận: {allowed}.",
            field="file",
        )
    limit = max_bytes or settings.THIDUA_UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise DomainError("Tệp rỗng.", field="file")
    if size > limit:
        size_mb = f"{size / 1_048_576:.1f}".replace(".", ",")  # Vietnamese decimal comma
        raise DomainError(
            f"Tệp quá lớn ({size_mb} MB); giới hạn là {limit / 1_048_576:.0f} MB.", field="file"
        )
    signatures = _SIGNATURES.get(extension, ())
    if signatures:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in signatures):
            raise DomainError(
                f"Nội dung tệp không phải là tệp {extension} như phần mở rộng của nó.",
                field="file",
            )


# The part an Office Open XML package of each kind holds besides "[Content_Types].xml".
OOXML_PARTS = {".docx": "word/", ".xlsx": "xl/"}


def check_office_package(upload: UploadedFile[bytes], extension: str) -> None:
    """Refuse (DomainError on `file`) a .docx/.xlsx that is not a ZIP package holding
    "[Content_Types].xml" and its Word or Excel part: a ZIP renamed .docx passes the signature
    check of `check_upload`, not this one. Other extensions pass."""
    part = OOXML_PARTS.get(extension)
    if part is None:
        return
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_what_it_says(extension) from error
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or not any(n.startswith(part) for n in names):
        raise not_what_it_says(extension)


def not_what_it_says(extension: str) -> DomainError:
    """The refusal of a file whose content does not match its extension."""
    return DomainError(
        f"Nội dung tệp không phải là tệp {extension} như phần mở rộng của nó.", field="file"
    )


def sha256_of(upload: UploadedFile[bytes]) -> str:
    """The SHA-256 of an upload's bytes (read in chunks), the upload rewound."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
