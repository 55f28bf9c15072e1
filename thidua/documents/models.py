"""Issued documents: their numbering series, the register, and background generation jobs.

An `IssuedDocument` is a row of the register (sổ đăng ký văn bản đi): number and symbol, date,
issuer, kind, summary, the unit whose data it carries (its scope), the stored Word and PDF files
with the PDF's SHA-256, and the short code of the public verification page. Rows are written
only by `services.issuing.issue_document` and never changed afterwards.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from thidua.documents.numbering import number_and_symbol


class NumberSeries(models.Model):
    """The last number used by one issuer for one kind of document in one year. Its row is
    locked while the next number is taken, so two documents issued at the same moment never
    share a number."""

    issuer_code = models.CharField("Mã cơ quan ban hành", max_length=32)
    kind_code = models.CharField("Mã loại văn bản", max_length=16)
    year = models.PositiveIntegerField("Năm")
    last_number = models.PositiveIntegerField("Số đã dùng gần nhất", default=0)

    class Meta:
        verbose_name = "Dãy số văn bản"
        verbose_name_plural = "Dãy số văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "kind_code", "year"], name="documents_series_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_code}-{self.issuer_code} năm {self.year}: {self.last_number}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    SUCCEEDED = "succeeded", "Hoàn thành"
    FAILED = "failed", "Thất bại"


class GenerationJob(models.Model):
    """A batch of documents issued in the background (e.g. 1.000 certificates): a builder
    registered by a domain app turns `params` into documents; progress is kept here for the
    page that polls it. The documents it issued point back to it (`documents`)."""

    title = models.CharField("Nội dung", max_length=255)
    builder = models.CharField("Bộ tạo văn bản", max_length=100)
    params = models.JSONField("Tham số", default=dict, blank=True)
    unit_path = models.CharField("Đường dẫn đơn vị", max_length=255, db_index=True)
    status = models.CharField(
        "Trạng thái", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField("Đã tạo", default=0)
    total = models.PositiveIntegerField("Tổng số", default=0)
    error = models.TextField("Lỗi", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người yêu cầu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("Tạo lúc", default=timezone.now, editable=False)
    started_at = models.DateTimeField("Bắt đầu lúc", null=True, blank=True)
    finished_at = models.DateTimeField("Xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Lượt tạo văn bản"
        verbose_name_plural = "Lượt tạo văn bản"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}

    @property
    def progress_percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


# Files are named by the unguessable verification code, not by the number: a storage listing
# says nothing about which document a file is.
def docx_path(instance: "IssuedDocument", filename: str) -> str:
    return f"documents/{instance.issued_on:%Y}/{instance.verification_code}.docx"


def pdf_path(instance: "IssuedDocument", filename: str) -> str:
    return f"documents/{instance.issued_on:%Y}/{instance.verification_code}.pdf"


class IssuedDocument(models.Model):
    issuer_code = models.CharField("Mã cơ quan ban hành", max_length=32)
    issuer_name = models.CharField("Cơ quan ban hành", max_length=255)
    kind_code = models.CharField("Mã loại văn bản", max_length=16)
    kind_name = models.CharField("Loại văn bản", max_length=100)
    year = models.PositiveIntegerField("Năm")
    number = models.PositiveIntegerField("Số")
    symbol = models.CharField("Ký hiệu", max_length=64)
    summary = models.TextField("Trích yếu")
    signer_name = models.CharField("Người ký", max_length=150)
    issued_on = models.DateField("Ngày ban hành")
    unit_path = models.CharField("Đường dẫn đơn vị", max_length=255, db_index=True)
    source = models.CharField("Nguồn", max_length=100, blank=True, db_index=True)
    search = models.TextField("Chuỗi tìm kiếm", blank=True, editable=False)
    docx = models.FileField("Tệp Word", upload_to=docx_path)
    pdf = models.FileField("Tệp PDF", upload_to=pdf_path)
    pdf_sha256 = models.CharField("SHA-256 của tệp PDF", max_length=64)
    verification_code = models.CharField("Mã xác thực", max_length=16, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người phát hành",
        on_delete=models.PROTECT,
        related_name="+",
    )
    job = models.ForeignKey(
        GenerationJob,
        verbose_name="Lượt tạo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    created_at = models.DateTimeField("Tạo lúc", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "Văn bản đã phát hành"
        verbose_name_plural = "Sổ văn bản đã phát hành"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # The database's own guarantee behind the series lock: one number, one document.
            models.UniqueConstraint(
                fields=["issuer_code", "kind_code", "year", "number"],
                name="documents_issued_number_unique",
            )
        ]
        indexes = [models.Index(fields=["kind_code", "year"], name="documents_kind_year")]

    def __str__(self) -> str:
        return f"{self.kind_name} số {self.number_text}"

    @property
    def number_text(self) -> str:
        """ "05/QĐ-SYT"."""
        return number_and_symbol(self.number, self.symbol)


class DocumentTemplate(models.Model):
    """One saved version of a document template's wording, for a unit and the units below it.

    A document takes, for its template key, the newest version saved at the nearest unit on its
    line up to the root (a hospital's own căn cứ lines override the Sở's); fields a version does
    not hold fall back to the domain app's defaults. Versions are never changed: saving makes a
    new one, so a document issued earlier can always say which wording it was made from.
    """

    key = models.CharField("Mẫu", max_length=100)
    unit_path = models.CharField("Đường dẫn đơn vị", max_length=255)
    version = models.PositiveIntegerField("Phiên bản")
    texts = models.JSONField("Nội dung các trường", default=dict)
    note = models.CharField("Ghi chú thay đổi", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người lưu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("Lưu lúc", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "Mẫu văn bản"
        verbose_name_plural = "Mẫu văn bản"
        ordering = ["key", "unit_path", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "unit_path", "version"], name="documents_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
