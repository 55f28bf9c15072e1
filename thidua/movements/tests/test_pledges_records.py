"""Pledges (giao ước thi đua) of clusters: the department records them with their signatories;
the cluster's members and the department read them."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Movement, Pledge, PledgeSignatory
from thidua.movements.services.registrations.pledges import (
    PledgeData,
    SignatoryData,
    create_pledge,
    update_pledge,
)
from thidua.movements.tests.factories import make_movement
from thidua.organizations.models import Cluster, ClusterMember

YEAR = 2026
SIGNED = dt.date(2026, 3, 3)


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    return make_movement(org.root, status=MovementStatus.LAUNCHED)


def _cluster(code: str, units: list[Any], year: int = YEAR) -> Cluster:
    cluster = Cluster.objects.create(year=year, code=code, name=f"Khối {code}")
    for unit in units:
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=year)
    return cluster


@pytest.fixture
def hospitals(org: Org) -> Cluster:
    return _cluster("BV", [org.a, org.office])


def _data(*signatories: SignatoryData, **changes: Any) -> PledgeData:
    fields: dict[str, Any] = {
        "title": "Giao ước thi đua chuyển đổi số năm 2026",
        "content": "Các đơn vị cam kết 100% hồ sơ công việc xử lý trên môi trường mạng.",
        "signed_on": SIGNED,
        "place": "Hà Nội",
        "signatories": signatories,
        **changes,
    }
    return PledgeData(**fields)


def _signer(unit: Any, name: str = "Nguyễn Văn Giám", position: str = "Giám đốc") -> SignatoryData:
    return SignatoryData(unit=unit, signer_name=name, signer_position=position)


# --- Services -----------------------------------------------------------------------------------


def test_create_pledge_with_its_signatories(
    cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    pledge = create_pledge(
        by=cast[Role.DEPT_OFFICER],
        movement=movement,
        cluster=hospitals,
        data=_data(_signer(org.a), _signer(org.office, "Trần Thị Phòng", "Trưởng phòng")),
    )

    assert (pledge.title, pledge.signed_on, pledge.place) == (
        "Giao ước thi đua chuyển đổi số năm 2026",
        SIGNED,
        "Hà Nội",
    )
    assert list(
        PledgeSignatory.objects.filter(pledge=pledge)
        .order_by("pk")
        .values_list("unit__code", "signer_name", "signer_position")
    ) == [
        ("BV_A", "Nguyễn Văn Giám", "Giám đốc"),
        ("PS_TCCB", "Trần Thị Phòng", "Trưởng phòng"),
    ]
    entry = AuditEntry.objects.get(target_type="movements.pledge")
    assert (entry.action, entry.unit_path) == (AuditAction.CREATE, org.root.path)
    assert entry.changes["signatories"] == [
        None,
        ["BV_A: Nguyễn Văn Giám, Giám đốc", "PS_TCCB: Trần Thị Phòng, Trưởng phòng"],
    ]


def test_pledge_signatory_not_in_the_cluster_refused(
    cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    with pytest.raises(DomainError) as excinfo:
        create_pledge(
            by=cast[Role.DEPT_OFFICER],
            movement=movement,
            cluster=hospitals,
            data=_data(_signer(org.a), _signer(org.b)),
        )

    assert (excinfo.value.field, excinfo.value.message) == (
        "signatories",
        "“Bệnh viện B” không phải thành viên của “Khối BV” năm 2026; chỉ đơn vị thành viên "
        "mới ký giao ước.",
    )
    assert Pledge.objects.count() == 0
    assert PledgeSignatory.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Hãy nhập tiêu đề giao ước."),
        ({"content": ""}, "content", "Hãy nhập nội dung giao ước."),
        ({"signed_on": None}, "signed_on", "Hãy nhập ngày ký."),
        (
            {"signed_on": dt.date(2024, 12, 30)},
            "signed_on",
            "Ngày ký phải trong năm 2026 (hoặc cuối năm 2025), năm của cụm, khối.",
        ),
        ({"signatories": ()}, "signatories", "Giao ước phải có ít nhất một đơn vị ký."),
    ],
)
def test_create_pledge_refuses_incomplete_data(
    cast: Cast,
    movement: Movement,
    hospitals: Cluster,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    with pytest.raises(DomainError) as excinfo:
        create_pledge(
            by=cast[Role.DEPT_OFFICER],
            movement=movement,
            cluster=hospitals,
            data=_data(**changes),
        )

    assert (excinfo.value.field, excinfo.value.message) == (field, message)


def test_create_pledge_refuses_signer_without_position_and_repeats(
    cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    with pytest.raises(DomainError) as no_position:
        create_pledge(
            by=cast[Role.DEPT_OFFICER],
            movement=movement,
            cluster=hospitals,
            data=_data(_signer(org.a, position=" ")),
        )
    with pytest.raises(DomainError) as twice:
        create_pledge(
            by=cast[Role.DEPT_OFFICER],
            movement=movement,
            cluster=hospitals,
            data=_data(_signer(org.a), _signer(org.a)),
        )

    assert (no_position.value.field, no_position.value.message) == (
        f"signer_position_{org.a.pk}",
        "Hãy ghi chức vụ người ký của “Bệnh viện A”.",
    )
    assert twice.value.message == "“Bệnh viện A” được ghi hai lần."


def test_create_pledge_once_per_cluster_within_the_movement_years(
    cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    old = _cluster("CU", [org.b], year=2024)
    create_pledge(by=officer, movement=movement, cluster=hospitals, data=_data(_signer(org.a)))

    with pytest.raises(DomainError) as again:
        create_pledge(by=officer, movement=movement, cluster=hospitals, data=_data(_signer(org.a)))
    with pytest.raises(DomainError) as outside:
        create_pledge(
            by=officer,
            movement=movement,
            cluster=old,
            data=_data(_signer(org.b), signed_on=dt.date(2024, 3, 1)),
        )

    assert again.value.message == "“Khối BV” năm 2026 đã có giao ước trong phong trào này."
    assert outside.value.message == (
        "Cụm, khối năm 2024 nằm ngoài thời gian của phong trào (2025–2030)."
    )


def test_create_pledge_refused_to_a_unit_officer(
    cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    with pytest.raises(PermissionDeniedError):
        create_pledge(
            by=cast[Role.UNIT_OFFICER],
            movement=movement,
            cluster=hospitals,
            data=_data(_signer(org.a)),
        )

    assert Pledge.objects.count() == 0


def test_update_pledge_replaces_signatories_audited(
    cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    pledge = create_pledge(
        by=officer, movement=movement, cluster=hospitals, data=_data(_signer(org.a))
    )

    update_pledge(
        pledge,
        by=officer,
        data=_data(_signer(org.office, "Lê Thị Tổ", "Trưởng phòng"), place="Sở Y tế"),
        reason="Bổ sung đơn vị ký",
    )

    assert list(pledge.signatories.values_list("unit__code", flat=True)) == ["PS_TCCB"]
    entry = AuditEntry.objects.filter(target_type="movements.pledge").latest("id")
    assert (entry.action, entry.reason) == (AuditAction.UPDATE, "Bổ sung đơn vị ký")
    assert entry.changes == {
        "place": ["Hà Nội", "Sở Y tế"],
        "signatories": [
            ["BV_A: Nguyễn Văn Giám, Giám đốc"],
            ["PS_TCCB: Lê Thị Tổ, Trưởng phòng"],
        ],
    }


# --- Pages --------------------------------------------------------------------------------------


@pytest.fixture
def pledges(cast: Cast, org: Org, movement: Movement, hospitals: Cluster) -> dict[str, Pledge]:
    officer = cast[Role.DEPT_OFFICER]
    other = _cluster("KHAC", [org.b])
    return {
        "a": create_pledge(
            by=officer, movement=movement, cluster=hospitals, data=_data(_signer(org.a))
        ),
        "b": create_pledge(
            by=officer,
            movement=movement,
            cluster=other,
            data=_data(_signer(org.b), title="Giao ước khối B"),
        ),
    }


def test_pledge_list_shows_members_their_clusters_pledges_only(
    client: Client, cast: Cast, movement: Movement, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])
    unit_view = client.get(f"/phong-trao/{movement.pk}/giao-uoc/?nam={YEAR}")
    client.force_login(cast[Role.DEPT_LEADER])
    dept_view = client.get(f"/phong-trao/{movement.pk}/giao-uoc/?nam={YEAR}")

    assert [p.pk for p in unit_view.context["pledges"]] == [pledges["a"].pk]
    assert "Giao ước khối B" not in unit_view.content.decode()
    assert [p.cluster.code for p in dept_view.context["pledges"]] == ["BV", "KHAC"]


def test_pledge_detail_of_another_cluster_is_404(
    client: Client, cast: Cast, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    own = client.get(f"/giao-uoc/{pledges['a'].pk}/")
    other = client.get(f"/giao-uoc/{pledges['b'].pk}/")

    assert own.status_code == 200
    assert [s.signer_name for s in own.context["signatories"]] == ["Nguyễn Văn Giám"]
    assert own.context["can_manage"] is False
    assert other.status_code == 404


def test_pledge_form_records_the_pledge_of_a_cluster(
    client: Client, cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    url = f"/phong-trao/{movement.pk}/giao-uoc/them/?cum={hospitals.pk}"

    page = client.get(url)
    response = client.post(
        url,
        {
            "title": "Giao ước khối bệnh viện",
            "signed_on": "03/03/2026",
            "place": "Hà Nội",
            "content": "Cam kết thực hiện bệnh án điện tử.",
            f"signer_name_{org.a.pk}": "Nguyễn Văn Giám",
            f"signer_position_{org.a.pk}": "Giám đốc",
            f"signer_name_{org.office.pk}": "",
            f"signer_position_{org.office.pk}": "",
        },
    )

    assert [c.code for c in page.context["clusters"]] == ["BV"]
    assert [u.code for u, _, _ in page.context["form"].signatory_rows()] == ["BV_A", "PS_TCCB"]
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/giao-uoc/{pledge.pk}/"
    assert list(pledge.signatories.values_list("unit__code", flat=True)) == ["BV_A"]


def test_pledge_form_shows_a_half_filled_signer_at_its_field(
    client: Client, cast: Cast, org: Org, movement: Movement, hospitals: Cluster
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/giao-uoc/them/?cum={hospitals.pk}",
        {
            "title": "Giao ước",
            "signed_on": "03/03/2026",
            "content": "Nội dung",
            f"signer_name_{org.a.pk}": "Nguyễn Văn Giám",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"signer_position_{org.a.pk}": ["Hãy ghi chức vụ người ký."]
    }
    assert Pledge.objects.count() == 0


def test_pledge_pages_refuse_writes_to_unit_officers(
    client: Client, cast: Cast, movement: Movement, hospitals: Cluster, pledges: dict[str, Pledge]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    create = client.get(f"/phong-trao/{movement.pk}/giao-uoc/them/")
    edit = client.post(f"/giao-uoc/{pledges['a'].pk}/sua/", {"title": "Đổi"})

    assert (create.status_code, edit.status_code) == (403, 403)
    pledges["a"].refresh_from_db()
    assert pledges["a"].title == "Giao ước thi đua chuyển đổi số năm 2026"


def test_pledge_edit_by_the_department(
    client: Client, cast: Cast, org: Org, pledges: dict[str, Pledge]
) -> None:
    pledge = pledges["a"]
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get(f"/giao-uoc/{pledge.pk}/sua/")
    response = client.post(
        f"/giao-uoc/{pledge.pk}/sua/",
        {
            "title": "Giao ước đã sửa",
            "signed_on": "04/03/2026",
            "content": "Nội dung mới",
            f"signer_name_{org.a.pk}": "Nguyễn Văn Giám",
            f"signer_position_{org.a.pk}": "Giám đốc",
            f"signer_name_{org.office.pk}": "Lê Thị Tổ",
            f"signer_position_{org.office.pk}": "Trưởng phòng",
            "reason": "Bổ sung chữ ký",
        },
    )

    assert page.context["form"].initial[f"signer_name_{org.a.pk}"] == "Nguyễn Văn Giám"
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.title, pledge.signed_on) == ("Giao ước đã sửa", dt.date(2026, 3, 4))
    assert pledge.signatories.count() == 2
