"""Batches of documents issued in the background, with progress (e.g. 1.000 certificates).

The documents app knows no domain data: a domain app registers a *builder* under a name
(`register_batch_builder("initiatives.certificates", build)`, in its AppConfig.ready) that turns
the job's JSON parameters into the documents to issue. `start_generation` queues a job;
the task runs `run_generation_job`, which checks every document first (nothing is numbered
when one of them lacks something), then issues them one by one, saving its progress.
"""

import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.documents.content import OfficialDocument
from thidua.documents.models import GenerationJob, IssuedDocument, JobStatus
from thidua.documents.selectors import ISSUE_DOCUMENT, can_at
from thidua.documents.services.issuing import Renderer, check_issuable, issue_document


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One document of a batch, with what `issue_document` needs besides the acting user."""

    document: OfficialDocument
    unit_path: str
    source: str


BatchBuilder = Callable[[Mapping[str, Any]], Iterable[BatchItem]]
_builders: dict[str, BatchBuilder] = {}


def register_batch_builder(name: str, builder: BatchBuilder) -> None:
    _builders[name] = builder


def unregister_batch_builder(name: str) -> None:
    _builders.pop(name, None)


@transaction.atomic
def start_generation(
    *,
    by: AbstractBaseUser,
    builder: str,
    params: Mapping[str, Any],
    unit_path: str,
    title: str,
) -> GenerationJob:
    """Queue a batch: the task issues the documents `builder` makes from `params`.

    Refuses a builder nobody registered and a user without "documents.issue_document" at
    `unit_path` (the unit the batch belongs to; each document is checked again at its own).
    """
    if builder not in _builders:
        raise DomainError(f"Không có bộ tạo văn bản “{builder}”.", field="builder")
    if not can_at(by, ISSUE_DOCUMENT, unit_path):
        raise PermissionDeniedError("Bạn không có quyền phát hành văn bản của đơn vị này.")
    job = GenerationJob.objects.create(
        title=title[:255],
        builder=builder,
        params=dict(params),
        unit_path=unit_path,
        created_by_id=by.pk,
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=job,
        unit_path=unit_path,
        changes={"builder": [None, builder]},
        reason="Tạo văn bản hàng loạt",
    )
    from thidua.documents.tasks import task_generate_documents  # tasks import this module

    transaction.on_commit(partial(task_generate_documents.enqueue, job.pk))
    return job


def _fail(job: GenerationJob, message: str) -> None:
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), error=message
    )


def _first_problems(items: list[BatchItem]) -> str:
    lines = []
    for position, item in enumerate(items, start=1):
        errors = check_issuable(item.document, unit_path=item.unit_path)
        if errors:
            lines.append(f"Văn bản thứ {position}: " + " ".join(errors.values()))
        if len(lines) == 5:
            break
    return "\n".join(lines)


def run_generation_job(job: GenerationJob, *, render: Renderer | None = None) -> GenerationJob:
    """Run a queued batch, keeping its progress and outcome on the job row.

    Every document is checked before the first is numbered; a document refused while issuing
    (e.g. out of the user's scope) stops the batch there, the documents already issued staying
    issued (each has its own transaction and its number).
    """
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    builder = _builders.get(job.builder)
    if builder is None:
        _fail(job, f"Không có bộ tạo văn bản “{job.builder}”.")
        job.refresh_from_db()
        return job
    try:
        items = list(builder(job.params))
    except DomainError as error:
        _fail(job, error.message)
        job.refresh_from_db()
        return job
    GenerationJob.objects.filter(pk=job.pk).update(total=len(items))
    problems = _first_problems(items)
    if problems:
        _fail(job, "Chưa tạo văn bản nào, vì thiếu dữ liệu:\n" + problems)
        job.refresh_from_db()
        return job
    done = 0
    try:
        for item in items:
            issue_document(
                by=job.created_by,
                document=item.document,
                unit_path=item.unit_path,
                source=item.source,
                render=render,
                job_id=job.pk,
            )
            done += 1
            GenerationJob.objects.filter(pk=job.pk).update(done=done)
    except Exception as error:
        reason = error.message if isinstance(error, DomainError) else "Lỗi hệ thống khi tạo."
        if isinstance(error, ValidationFailedError):
            reason = " ".join(error.errors.values())
        _fail(job, f"Dừng ở văn bản thứ {done + 1}/{len(items)}: {reason}")
        if not isinstance(error, DomainError):
            raise
    else:
        GenerationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def zip_of(documents: Iterable[IssuedDocument]) -> bytes:
    """A ZIP of the documents' Word and PDF files, named by number and symbol."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in documents:
            base = download_name(item)
            for stored, extension in ((item.pdf, "pdf"), (item.docx, "docx")):
                with stored.open("rb") as handle:
                    archive.writestr(f"{base}.{extension}", handle.read())
    return buffer.getvalue()


def download_name(item: IssuedDocument) -> str:
    """ "05-QĐ-SYT": the number and symbol without the slash a file name cannot hold."""
    return item.number_text.replace("/", "-")
