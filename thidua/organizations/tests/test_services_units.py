"""Unit services: moving a subtree rebases every path, cycles are refused with nothing changed."""

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.models import Unit
from thidua.organizations.services.units import move_unit, update_unit
from thidua.organizations.tests.factories import PersonFactory, make_unit


def _paths() -> dict[str, tuple[str, int, int | None]]:
    return {u.code: (u.path, u.depth, u.parent_id) for u in Unit.objects.all()}


def test_move_unit_rebases_the_whole_subtree(org: Org, cast: Cast) -> None:
    ward = make_unit("BV_A_K1_T1", "Tổ hồi sức", parent=org.a1)

    move_unit(org.a1, by=cast[Role.DEPT_OFFICER], new_parent=org.b, reason="Sáp nhập khoa")

    a1 = Unit.objects.get(pk=org.a1.pk)
    ward.refresh_from_db()
    assert (a1.parent_id, a1.path, a1.depth) == (org.b.pk, f"{org.b.path}{org.a1.pk}/", 2)
    assert (ward.path, ward.depth) == (f"{org.b.path}{org.a1.pk}/{ward.pk}/", 3)


def test_move_unit_writes_an_audit_entry_with_the_reason(org: Org, cast: Cast) -> None:
    old_path = org.a2.path

    move_unit(org.a2, by=cast[Role.DEPT_OFFICER], new_parent=org.b, reason="Sáp nhập khoa")

    entry = AuditEntry.objects.get(action=AuditAction.MOVE, target_id=str(org.a2.pk))
    assert entry.reason == "Sáp nhập khoa"
    assert entry.changes == {
        "parent": [org.a.pk, org.b.pk],
        "path": [old_path, f"{org.b.path}{org.a2.pk}/"],
    }


def test_move_unit_under_its_own_descendant_is_refused_and_nothing_changes(
    org: Org, cast: Cast
) -> None:
    before = _paths()

    with pytest.raises(DomainError) as refused:
        move_unit(org.a, by=cast[Role.DEPT_OFFICER], new_parent=org.a1)

    assert refused.value.field == "parent"
    assert refused.value.message == (
        "Không thể chuyển đơn vị vào chính nó hoặc một đơn vị trực thuộc của nó (tạo vòng lặp)."
    )
    assert _paths() == before
    assert not AuditEntry.objects.filter(action=AuditAction.MOVE).exists()


def test_move_unit_to_a_target_outside_the_callers_scope_is_refused(org: Org, cast: Cast) -> None:
    before = _paths()

    with pytest.raises(PermissionDeniedError):
        move_unit(org.a1, by=cast[Role.UNIT_OFFICER], new_parent=org.b)

    assert _paths() == before


def test_update_unit_refuses_a_head_from_another_unit(org: Org, cast: Cast) -> None:
    outsider = PersonFactory(unit=org.b1)

    with pytest.raises(DomainError) as refused:
        update_unit(
            org.a,
            by=cast[Role.DEPT_OFFICER],
            name=org.a.name,
            code=org.a.code,
            kind=org.a.kind,
            sort_order=0,
            head=outsider,
            is_active=True,
        )

    assert refused.value.field == "head"
    assert Unit.objects.get(pk=org.a.pk).head_id is None
