"""The issue panel of a page (documents issued from its data): judged on each document's row,
it lists exactly what the reader's register scope gives, newest first, ten at most — also when a
source has more documents than the panel reads at once and most are someone else's."""

import datetime as dt
import itertools

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.documents.models import IssuedDocument
from thidua.documents.selectors import documents_visible_to
from thidua.movements.selectors.documents import PANEL_SIZE, issue_panel
from thidua.organizations.models import Unit
from thidua.organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SOURCE = "reporting.ranking:1:y:2026"
_numbers = itertools.count(1)


def _issue(unit: Unit, by: object, *, source: str = SOURCE, day: int = 1) -> IssuedDocument:
    number = next(_numbers)
    return IssuedDocument.objects.create(
        issuer_code=unit.code,
        issuer_name=unit.name,
        kind_code="TB",
        kind_name="Thông báo",
        year=2026,
        number=number,
        symbol=f"{number}/TB-{unit.code}",
        summary="Kết quả xếp hạng",
        signer_name="Nguyễn Văn A",
        issued_on=dt.date(2026, 1, 1) + dt.timedelta(days=day),
        unit_path=unit.path,
        source=source,
        pdf_sha256="0" * 64,
        verification_code=f"V{number:08d}",
        issued_by=by,
    )


def _expected(user: object, source: str = SOURCE) -> list[IssuedDocument]:
    return list(
        documents_visible_to(user).filter(source=source).order_by("-issued_on", "-pk")[:PANEL_SIZE]
    )


def test_the_panel_lists_what_the_readers_register_scope_gives(cast: Cast, org: Org) -> None:
    issuer = cast[Role.DEPT_OFFICER]
    for day, unit in enumerate([org.root, org.a, org.a1, org.b, org.a, org.b1]):
        _issue(unit, issuer, day=day)
    _issue(org.a, issuer, source="another", day=9)
    readers = [*cast.users.values(), cast.nobody, UserFactory()]
    sizes = set()
    for reader in readers:
        panel = issue_panel(reader, source=SOURCE, unit_path=org.a.path)
        assert panel.issued == _expected(reader), reader
        sizes.add(len(panel.issued))
    assert len(sizes) > 2  # the readers see different parts of the source
    assert [d.issued_on.day for d in issue_panel(issuer, source=SOURCE, unit_path="/").issued] == [
        6,
        5,
        4,
        3,
        2,
        1,
    ]


def test_a_source_with_many_documents_of_other_units_still_lists_the_readers(
    cast: Cast, org: Org
) -> None:
    issuer = cast[Role.DEPT_OFFICER]
    mine = [_issue(org.a, issuer, day=1), _issue(org.a1, issuer, day=2)]
    for day in range(60):
        _issue(org.b, issuer, day=10 + day)  # newer than A's: the first read holds none of A's
    reader = cast[Role.UNIT_OFFICER]  # on hospital A with its subtree
    panel = issue_panel(reader, source=SOURCE, unit_path=org.a.path)
    assert panel.issued == [mine[1], mine[0]]
    assert panel.issued == _expected(reader)
    assert len(issue_panel(issuer, source=SOURCE, unit_path="/").issued) == PANEL_SIZE
