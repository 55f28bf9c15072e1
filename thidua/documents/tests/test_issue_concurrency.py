"""Two people issuing at the same moment get two different, consecutive numbers.

Each thread has its own database connection. The suite's in-memory SQLite shares one cache
between connections, where a second writer fails at once ("table is locked") instead of
waiting; so the test copies the database into a file and points the threads' connections at
it, with the production settings (WAL, IMMEDIATE transactions, busy timeout): SQLite then
serialises the writers as it does in production, PostgreSQL's row lock on the series doing the
same there. Either way the numbers must come out distinct and without gaps.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from thidua.accounts.roles import Role
from thidua.documents.content import OfficialDocument
from thidua.documents.models import IssuedDocument, NumberSeries
from thidua.documents.services.issuing import RenderedFiles, issue_document
from thidua.documents.tests.issuing_support import ON, decision, failing_render, fake_render

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 4


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def file_database(cast: Any, tmp_path: Path) -> Iterator[None]:
    """New connections (the threads') open a file copy of the test database."""
    if connection.vendor != "sqlite":
        yield  # PostgreSQL: the threads share the real test database already.
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    saved = connections.settings["default"]
    connections.settings["default"] = {**saved, "NAME": str(path)}
    yield
    connections.settings["default"] = saved


def _in_thread[T](work: Callable[[], T]) -> T:
    """Run `work` on a fresh connection (the threads' database), returning its result."""
    results: list[T] = []

    def run() -> None:
        try:
            results.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return results[0]


@pytest.mark.usefixtures("file_database")
def test_simultaneous_issues_get_distinct_consecutive_numbers(cast: Any, org: Any) -> None:
    start = threading.Barrier(THREADS)
    numbers: list[int] = []
    failures: list[BaseException] = []
    officer = cast[Role.DEPT_OFFICER]

    def issue(render: Callable[[OfficialDocument], RenderedFiles]) -> None:
        try:
            start.wait(timeout=10)
            item = issue_document(
                by=officer,
                document=decision(),
                unit_path=org.root.path,
                source="tests:concurrency",
                render=render,
                issued_on=ON,
            )
            numbers.append(item.number)
        except BaseException as error:  # reported by the assertions below
            failures.append(error)
        finally:
            connections.close_all()

    # One of them fails while rendering: its number goes back to the series.
    renders = [fake_render] * (THREADS - 1) + [failing_render]
    threads = [threading.Thread(target=issue, args=(render,)) for render in renders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    stored = _in_thread(
        lambda: (
            sorted(IssuedDocument.objects.values_list("number", flat=True)),
            NumberSeries.objects.get().last_number,
        )
    )

    assert [type(error) for error in failures] == [RuntimeError]
    assert sorted(numbers) == list(range(1, THREADS))
    assert stored == (list(range(1, THREADS)), THREADS - 1)
