"""A unit's abbreviation (the "SYT" of "15/QĐ-SYT"): normalised and checked by the services,
audited like the other fields, edited on the unit forms, shown on the unit page, in the API."""

from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.services.units import (
    check_unit_abbreviation,
    create_unit,
    update_unit,
)
from thidua.organizations.tests.api_client import ApiClient


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _update(unit: Unit, by: Any, **changes: Any) -> Unit:
    fields: dict[str, Any] = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "sort_order": unit.sort_order,
        "head": None,
        "is_active": unit.is_active,
    }
    fields.update(changes)
    return update_unit(unit, by=by, **fields)


# --- The rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("syt", "SYT"), ("  bvđkđđ ", "BVĐKĐĐ"), ("TTYT-HK", "TTYT-HK"), ("", ""), ("   ", "")],
)
def test_check_unit_abbreviation_trims_and_capitalises(typed: str, stored: str) -> None:
    assert check_unit_abbreviation(typed) == stored


@pytest.mark.parametrize("typed", ["S YT", "SYT/BV", "S\tYT"])
def test_check_unit_abbreviation_refuses_spaces_and_slashes(typed: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_unit_abbreviation(typed)

    assert refused.value.field == "abbreviation"
    assert refused.value.message == (
        "Chữ viết tắt không được chứa dấu cách hoặc dấu “/” (ví dụ: SYT, BVĐKĐĐ)."
    )


def test_check_unit_abbreviation_refuses_more_than_20_characters() -> None:
    assert check_unit_abbreviation("A" * 20) == "A" * 20

    with pytest.raises(DomainError) as refused:
        check_unit_abbreviation("A" * 21)

    assert (refused.value.field, refused.value.message) == (
        "abbreviation",
        "Chữ viết tắt dài tối đa 20 ký tự.",
    )


# --- Services ------------------------------------------------------------------------------------


def test_update_unit_stores_the_abbreviation_in_capitals_and_audits_it(
    org: Org, cast: Cast
) -> None:
    _update(org.a, cast[Role.DEPT_OFFICER], abbreviation="bva", reason="Ký hiệu văn bản")

    assert Unit.objects.get(pk=org.a.pk).abbreviation == "BVA"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(org.a.pk))
    assert entry.changes == {"abbreviation": ["", "BVA"]}
    assert entry.reason == "Ký hiệu văn bản"


def test_update_unit_without_an_abbreviation_keeps_the_stored_one(org: Org, cast: Cast) -> None:
    Unit.objects.filter(pk=org.a.pk).update(abbreviation="BVA")
    unit = Unit.objects.get(pk=org.a.pk)

    _update(unit, cast[Role.DEPT_OFFICER], name="Bệnh viện Đa khoa A")

    assert Unit.objects.get(pk=org.a.pk).abbreviation == "BVA"


def test_update_unit_with_a_bad_abbreviation_changes_nothing(org: Org, cast: Cast) -> None:
    with pytest.raises(DomainError) as refused:
        _update(org.a, cast[Role.DEPT_OFFICER], name="Tên mới", abbreviation="BV/A")

    assert refused.value.field == "abbreviation"
    stored = Unit.objects.get(pk=org.a.pk)
    assert (stored.name, stored.abbreviation) == ("Bệnh viện A", "")
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_create_unit_stores_and_audits_the_abbreviation(org: Org, cast: Cast) -> None:
    unit = create_unit(
        by=cast[Role.DEPT_OFFICER],
        code="TTYT_HK",
        name="Trung tâm Y tế quận Hoàn Kiếm",
        kind=UnitKind.DISTRICT_CENTRE,
        parent=org.root,
        abbreviation="ttyt",
    )

    assert unit.abbreviation == "TTYT"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, target_id=str(unit.pk))
    assert entry.changes["abbreviation"] == [None, "TTYT"]


# --- Pages ---------------------------------------------------------------------------------------


def test_unit_edit_page_saves_the_abbreviation(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])
    form = client.get(f"/don-vi/{org.a.pk}/sua/").content.decode()

    response = client.post(
        f"/don-vi/{org.a.pk}/sua/",
        {
            "code": org.a.code,
            "name": org.a.name,
            "abbreviation": " bva ",
            "kind": org.a.kind,
            "sort_order": "0",
            "head": "",
            "is_active": "on",
        },
    )

    assert 'name="abbreviation"' in form
    assert response.status_code == 302
    assert Unit.objects.get(pk=org.a.pk).abbreviation == "BVA"


def test_unit_edit_page_shows_the_abbreviation_error_at_its_field(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        f"/don-vi/{org.a.pk}/sua/",
        {
            "code": org.a.code,
            "name": org.a.name,
            "abbreviation": "BV A",
            "kind": org.a.kind,
            "sort_order": "0",
            "head": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["abbreviation"] == [
        "Chữ viết tắt không được chứa dấu cách hoặc dấu “/” (ví dụ: SYT, BVĐKĐĐ)."
    ]
    assert Unit.objects.get(pk=org.a.pk).abbreviation == ""


def test_unit_create_page_saves_the_abbreviation(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        "/don-vi/them/",
        {
            "parent": org.a.pk,
            "code": "BV_A_K3",
            "name": "Khoa Hồi sức tích cực",
            "abbreviation": "hstc",
            "kind": UnitKind.CLINICAL_DEPARTMENT,
            "sort_order": "3",
        },
    )

    assert response.status_code == 302
    assert Unit.objects.get(code="BV_A_K3").abbreviation == "HSTC"


def test_unit_page_shows_the_abbreviation(client: Client, cast: Cast, org: Org) -> None:
    Unit.objects.filter(pk=org.a.pk).update(abbreviation="BVA")
    client.force_login(cast[Role.UNIT_OFFICER])

    page = client.get(f"/don-vi/{org.a.pk}/").content.decode()

    assert "Chữ viết tắt trên văn bản" in page
    assert "<span data-abbreviation>BVA</span>" in page


# --- API -----------------------------------------------------------------------------------------


def test_units_api_returns_the_abbreviation(cast: Cast, org: Org) -> None:
    Unit.objects.filter(pk=org.root.pk).update(abbreviation="SYT")
    api = ApiClient(cast[Role.DEPT_OFFICER])

    one = api.get(f"/units/{org.root.pk}").json()
    listed = api.get("/units", {"limit": 2}).json()["items"]

    assert one["abbreviation"] == "SYT"
    assert [item["abbreviation"] for item in listed] == ["SYT", ""]


def test_units_api_patch_sets_the_abbreviation_and_refuses_a_bad_one(cast: Cast, org: Org) -> None:
    api = ApiClient(cast[Role.DEPT_OFFICER])

    saved = api.patch(f"/units/{org.b.pk}", {"abbreviation": "bvb"})
    refused = api.patch(f"/units/{org.b.pk}", {"abbreviation": "BV B", "name": "Tên khác"})

    assert (saved.status_code, saved.json()["abbreviation"]) == (200, "BVB")
    assert refused.status_code == 400
    assert refused.json()["field"] == "abbreviation"
    stored = Unit.objects.get(pk=org.b.pk)
    assert (stored.abbreviation, stored.name) == ("BVB", "Bệnh viện B")


def test_units_api_create_takes_the_abbreviation(cast: Cast, org: Org) -> None:
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.post(
        "/units",
        {
            "parent_id": org.root.pk,
            "code": "TTYT_BD",
            "name": "Trung tâm Y tế quận Ba Đình",
            "abbreviation": "ttytbd",
            "kind": UnitKind.DISTRICT_CENTRE,
        },
    )

    assert response.status_code == 201
    assert response.json()["abbreviation"] == "TTYTBD"
