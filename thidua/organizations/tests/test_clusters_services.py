"""Cluster services: one cluster per unit and year, head/deputy among members, yearly rotation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.services.clusters import (
    ClusterData,
    common_ancestor_path,
    copy_clusters_to_year,
    create_cluster,
    rotate_leadership,
    update_cluster,
)
from thidua.organizations.tests.factories import make_unit


def _data(code: str, members: list[Unit], **extra: object) -> ClusterData:
    return ClusterData(code=code, name=f"Khối {code}", members=members, **extra)  # type: ignore[arg-type]


def _members(cluster: Cluster) -> list[str]:
    return [m.unit.code for m in ClusterMember.objects.filter(cluster=cluster).order_by("pk")]


@pytest.fixture
def hospitals(org: Org) -> list[Unit]:
    """Four hospitals under the Sở, in this order: A, B, C, D."""
    return [
        org.a,
        org.b,
        make_unit("BV_C", "Bệnh viện C", parent=org.root),
        make_unit("BV_D", "Bệnh viện D", parent=org.root),
    ]


def test_create_cluster_stores_members_in_order_and_audits(
    hospitals: list[Unit], cast: Cast, org: Org
) -> None:
    a, b, c, _ = hospitals

    cluster = create_cluster(
        by=cast[Role.DEPT_OFFICER],
        year=2026,
        data=_data("KHOI_BV", [c, a, b], head_unit=c, deputy_unit=a, description=" Mô tả "),
        reason="Kế hoạch năm",
    )

    assert (cluster.code, cluster.year, cluster.description) == ("KHOI_BV", 2026, "Mô tả")
    assert _members(cluster) == ["BV_C", "BV_A", "BV_B"]
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, target_type="organizations.cluster", target_id=str(cluster.pk)
    )
    assert entry.unit_path == org.root.path
    assert entry.reason == "Kế hoạch năm"
    assert entry.changes["members"] == [None, [c.pk, a.pk, b.pk]]


def test_create_cluster_refuses_a_unit_already_in_a_cluster_that_year(
    hospitals: list[Unit], cast: Cast
) -> None:
    a, b, c, _ = hospitals
    create_cluster(by=cast[Role.DEPT_OFFICER], year=2026, data=_data("KHOI_1", [a, b]))

    with pytest.raises(DomainError) as refused:
        create_cluster(by=cast[Role.DEPT_OFFICER], year=2026, data=_data("KHOI_2", [c, b]))

    assert refused.value.field == "members"
    assert refused.value.message == (
        "Đơn vị “Bệnh viện B” đã thuộc “Khối KHOI_1” năm 2026; mỗi đơn vị chỉ thuộc một cụm, "
        "khối trong một năm."
    )
    assert list(Cluster.objects.values_list("code", flat=True)) == ["KHOI_1"]


def test_create_cluster_allows_the_same_unit_in_another_year(
    hospitals: list[Unit], cast: Cast
) -> None:
    a = hospitals[0]
    create_cluster(by=cast[Role.DEPT_OFFICER], year=2025, data=_data("KHOI_1", [a]))

    cluster = create_cluster(by=cast[Role.DEPT_OFFICER], year=2026, data=_data("KHOI_1", [a]))

    assert _members(cluster) == ["BV_A"]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"head_unit": "c"}, "head_unit", "Đơn vị Trưởng cụm, khối phải là thành viên."),
        ({"deputy_unit": "c"}, "deputy_unit", "Đơn vị Phó cụm, khối phải là thành viên."),
        (
            {"head_unit": "a", "deputy_unit": "a"},
            "deputy_unit",
            "Đơn vị Phó cụm, khối phải khác đơn vị Trưởng cụm, khối.",
        ),
    ],
)
def test_create_cluster_refuses_a_head_or_deputy_that_is_not_right(
    hospitals: list[Unit], cast: Cast, extra: dict[str, str], field: str, message: str
) -> None:
    units = {"a": hospitals[0], "b": hospitals[1], "c": hospitals[2]}
    chosen = {key: units[value] for key, value in extra.items()}

    with pytest.raises(DomainError) as refused:
        create_cluster(
            by=cast[Role.DEPT_OFFICER],
            year=2026,
            data=_data("KHOI_1", [units["a"], units["b"]], **chosen),
        )

    assert (refused.value.field, refused.value.message) == (field, message)
    assert not Cluster.objects.exists()


def test_create_cluster_refuses_a_khoa_and_the_so(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError) as khoa:
        create_cluster(by=cast[Role.DEPT_OFFICER], year=2026, data=_data("K", [org.a1]))
    with pytest.raises(DomainError) as so:
        create_cluster(by=cast[Role.DEPT_OFFICER], year=2026, data=_data("K", [org.root]))

    assert khoa.value.message == (
        "“Khoa Nội A1” là khoa, không thể là thành viên cụm, khối thi đua "
        "(chỉ các đơn vị trực thuộc Sở)."
    )
    assert so.value.field == "members"


def test_create_cluster_refuses_no_members_and_a_taken_code(
    hospitals: list[Unit], cast: Cast
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    create_cluster(by=officer, year=2026, data=_data("KHOI_1", [hospitals[0]]))

    with pytest.raises(DomainError) as empty:
        create_cluster(by=officer, year=2026, data=_data("KHOI_2", []))
    with pytest.raises(DomainError) as taken:
        create_cluster(by=officer, year=2026, data=_data("khoi_1", [hospitals[1]]))

    assert empty.value.message == "Cụm, khối phải có ít nhất một đơn vị thành viên."
    assert (taken.value.field, taken.value.message) == (
        "code",
        "Năm 2026 đã có cụm, khối mã “KHOI_1”.",
    )


def test_create_cluster_refuses_a_caller_without_manage_clusters(
    hospitals: list[Unit], cast: Cast
) -> None:
    with pytest.raises(PermissionDeniedError):
        create_cluster(by=cast[Role.UNIT_OFFICER], year=2026, data=_data("K", [hospitals[0]]))

    assert not Cluster.objects.exists()


def test_update_cluster_keeps_the_order_of_staying_members_and_appends_new_ones(
    hospitals: list[Unit], cast: Cast
) -> None:
    a, b, c, d = hospitals
    officer = cast[Role.DEPT_OFFICER]
    cluster = create_cluster(by=officer, year=2026, data=_data("KHOI", [a, b, c], head_unit=a))

    update_cluster(
        cluster, by=officer, data=_data("KHOI", [d, c, a], head_unit=c), reason="Bổ sung BV D"
    )

    assert _members(cluster) == ["BV_A", "BV_C", "BV_D"]
    cluster.refresh_from_db()
    assert cluster.head_unit_id == c.pk
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE, target_type="organizations.cluster", target_id=str(cluster.pk)
    )
    assert entry.changes == {
        "head_unit": [a.pk, c.pk],
        "members": [[a.pk, b.pk, c.pk], [a.pk, c.pk, d.pk]],
    }
    assert entry.reason == "Bổ sung BV D"


def test_update_cluster_refuses_a_unit_of_another_cluster_and_changes_nothing(
    hospitals: list[Unit], cast: Cast
) -> None:
    a, b, c, _ = hospitals
    officer = cast[Role.DEPT_OFFICER]
    first = create_cluster(by=officer, year=2026, data=_data("K1", [a]))
    create_cluster(by=officer, year=2026, data=_data("K2", [b]))

    with pytest.raises(DomainError):
        update_cluster(first, by=officer, data=_data("K1", [a, b, c]))

    assert _members(first) == ["BV_A"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("A", ("B", "C")),
        ("B", ("C", "D")),
        ("C", ("D", "A")),
        ("D", ("A", "B")),
        (None, ("A", "B")),
    ],
)
def test_copy_clusters_to_year_rotates_head_and_deputy(
    hospitals: list[Unit], cast: Cast, head: str | None, expected: tuple[str, str]
) -> None:
    units = dict(zip("ABCD", hospitals, strict=True))
    officer = cast[Role.DEPT_OFFICER]
    create_cluster(
        by=officer,
        year=2026,
        data=_data("KHOI", hospitals, head_unit=units[head] if head else None),
    )

    [copied] = copy_clusters_to_year(by=officer, from_year=2026, to_year=2027)

    names = {u.pk: key for key, u in units.items()}
    copy = copied.copy
    assert (copy.year, copy.code, copy.name) == (2027, "KHOI", "Khối KHOI")
    assert (names[copy.head_unit_id], names[copy.deputy_unit_id]) == expected
    assert _members(copy) == ["BV_A", "BV_B", "BV_C", "BV_D"]


def test_copy_clusters_to_year_skips_inactive_members_in_the_rotation(
    hospitals: list[Unit], cast: Cast
) -> None:
    a, b, c, d = hospitals
    officer = cast[Role.DEPT_OFFICER]
    create_cluster(by=officer, year=2026, data=_data("KHOI", hospitals, head_unit=a))
    Unit.objects.filter(pk=b.pk).update(is_active=False)

    [copied] = copy_clusters_to_year(by=officer, from_year=2026, to_year=2027)

    assert (copied.copy.head_unit_id, copied.copy.deputy_unit_id) == (c.pk, d.pk)
    assert _members(copied.copy) == ["BV_A", "BV_C", "BV_D"]
    assert [u.code for u in copied.dropped_units] == ["BV_B"]


def test_copy_clusters_over_two_years_rotates_twice(hospitals: list[Unit], cast: Cast) -> None:
    a, _, c, d = hospitals
    officer = cast[Role.DEPT_OFFICER]
    create_cluster(by=officer, year=2025, data=_data("KHOI", hospitals, head_unit=a))

    [copied] = copy_clusters_to_year(by=officer, from_year=2025, to_year=2027)

    assert (copied.copy.head_unit_id, copied.copy.deputy_unit_id) == (c.pk, d.pk)


def test_copy_clusters_refuses_a_year_that_already_has_clusters(
    hospitals: list[Unit], cast: Cast
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    create_cluster(by=officer, year=2026, data=_data("K1", [hospitals[0]]))
    create_cluster(by=officer, year=2027, data=_data("K2", [hospitals[1]]))

    with pytest.raises(DomainError) as refused:
        copy_clusters_to_year(by=officer, from_year=2026, to_year=2027)

    assert (refused.value.field, refused.value.message) == (
        "to_year",
        "Năm 2027 đã có 1 cụm, khối thi đua; không sao chép đè lên.",
    )
    assert Cluster.objects.filter(year=2027).count() == 1


def test_copy_clusters_refuses_an_empty_source_year_and_a_backward_copy(
    hospitals: list[Unit], cast: Cast
) -> None:
    officer = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError) as empty:
        copy_clusters_to_year(by=officer, from_year=2026, to_year=2027)
    with pytest.raises(DomainError) as backward:
        copy_clusters_to_year(by=officer, from_year=2026, to_year=2026)

    assert empty.value.message == "Năm 2026 chưa có cụm, khối thi đua nào."
    assert backward.value.message == "Năm đích phải sau năm nguồn."


def test_copy_clusters_writes_one_audit_entry_per_copy(hospitals: list[Unit], cast: Cast) -> None:
    officer = cast[Role.DEPT_OFFICER]
    create_cluster(by=officer, year=2026, data=_data("K1", [hospitals[0]]))
    create_cluster(by=officer, year=2026, data=_data("K2", [hospitals[1], hospitals[2]]))

    copied = copy_clusters_to_year(by=officer, from_year=2026, to_year=2027)

    entries = AuditEntry.objects.filter(
        action=AuditAction.CREATE,
        target_type="organizations.cluster",
        target_id__in=[str(c.copy.pk) for c in copied],
    )
    assert sorted(e.reason for e in entries) == ["Sao chép từ năm 2026"] * 2


def test_rotate_leadership_with_one_or_no_member() -> None:
    assert rotate_leadership([7], 7) == (7, None)
    assert rotate_leadership([], None) == (None, None)


def test_common_ancestor_path_of_unit_paths() -> None:
    assert common_ancestor_path(["/1/2/4/", "/1/2/5/"]) == "/1/2/"
    assert common_ancestor_path(["/1/2/", "/1/3/"]) == "/1/"
    assert common_ancestor_path([]) == ""


@given(
    members=st.lists(st.integers(min_value=1, max_value=50), min_size=2, max_size=12, unique=True),
    data=st.data(),
)
def test_rotate_leadership_hands_the_head_to_the_next_member(
    members: list[int], data: st.DataObject
) -> None:
    head = data.draw(st.sampled_from(members))

    new_head, new_deputy = rotate_leadership(members, head)

    position = members.index(head)
    assert new_head == members[(position + 1) % len(members)]
    assert new_deputy == members[(position + 2) % len(members)]


@given(
    members=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=12, unique=True),
    data=st.data(),
)
def test_rotate_leadership_picks_staying_distinct_members(
    members: list[int], data: st.DataObject
) -> None:
    head = data.draw(st.sampled_from(members))
    staying = frozenset(data.draw(st.lists(st.sampled_from(members), unique=True)))

    new_head, new_deputy = rotate_leadership(members, head, staying=staying)

    if not staying:
        assert (new_head, new_deputy) == (None, None)
    else:
        assert new_head in staying
        assert new_deputy is None if len(staying) == 1 else new_deputy in staying - {new_head}


def test_unit_kind_office_is_not_a_cluster_member(org: Org, cast: Cast) -> None:
    office = make_unit("BV_A_P1", "Phòng Kế hoạch", parent=org.a, kind=UnitKind.OFFICE)

    with pytest.raises(DomainError):
        create_cluster(by=cast[Role.DEPT_OFFICER], year=2026, data=_data("K", [office]))
