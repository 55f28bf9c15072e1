"""Issuing with the real renderers, end to end through the background worker: the stored PDF
and Word files carry the number, the date and the verification code, and the stored hash is
the PDF's."""

import hashlib
import io
import signal
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from thidua.accounts.roles import Role
from thidua.documents.models import IssuedDocument, JobStatus
from thidua.documents.services.batches import (
    BatchItem,
    register_batch_builder,
    start_generation,
    unregister_batch_builder,
)
from thidua.documents.services.issuing import issue_document
from thidua.documents.tests.issuing_support import ON, decision, read

BUILDER = "tests.rendered"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_SITE_URL = "https://thidua.example.vn"


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return " ".join(parts)


@pytest.mark.django_db
def test_issued_files_carry_number_date_and_code(cast: Any, org: Any) -> None:
    item = issue_document(
        by=cast[Role.DEPT_OFFICER],
        document=decision(),
        unit_path=org.root.path,
        source="tests:rendered",
        issued_on=ON,
    )

    pdf, docx = read(item.pdf), read(item.docx)
    pdf_text, docx_text = _pdf_text(pdf), _docx_text(docx)
    assert hashlib.sha256(pdf).hexdigest() == item.pdf_sha256
    assert "Số: 01/QĐ-SYT" in pdf_text
    assert "Số: 01/QĐ-SYT" in docx_text
    assert "ngày 05 tháng 03 năm 2026" in pdf_text
    assert f"Mã xác thực: {item.verification_code}" in pdf_text
    assert f"https://thidua.example.vn/xac-thuc/{item.verification_code}/" in pdf_text


def _two_decisions(params: Mapping[str, Any]) -> list[BatchItem]:
    return [
        BatchItem(decision(summary=f"Về việc khen thưởng đợt {n}"), params["unit_path"], "t")
        for n in (1, 2)
    ]


@pytest.fixture
def run_worker() -> Iterator[Any]:
    """Run `db_worker` until the queue is empty; its signal handlers are put back after."""
    signals = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s]
    saved = {s: signal.getsignal(s) for s in signals}
    register_batch_builder(BUILDER, _two_decisions)

    def run() -> None:
        call_command(
            "db_worker",
            batch=True,
            queue_name="*",
            startup_delay=False,
            reload=False,
            verbosity=0,
            stdout=io.StringIO(),
        )

    yield run
    unregister_batch_builder(BUILDER)
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_batch_runs_in_the_background_worker(cast: Any, org: Any, run_worker: Any) -> None:
    job = start_generation(
        by=cast[Role.DEPT_OFFICER],
        builder=BUILDER,
        params={"unit_path": org.a.path},
        unit_path=org.a.path,
        title="Quyết định khen thưởng",
    )

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 2, 2)
    summaries = IssuedDocument.objects.filter(job=job).order_by("number")
    assert [(d.number_text, d.summary) for d in summaries] == [
        ("01/QĐ-SYT", "Về việc khen thưởng đợt 1"),
        ("02/QĐ-SYT", "Về việc khen thưởng đợt 2"),
    ]
    assert _pdf_text(read(summaries[1].pdf)).count("Về việc khen thưởng đợt 2") == 1
