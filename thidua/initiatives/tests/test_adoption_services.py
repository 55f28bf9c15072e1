"""Nhân rộng: another unit records that it adopted a recognised initiative, with indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditEntry
from thidua.initiatives.enums import ActionKind, InitiativeStatus
from thidua.initiatives.models import Adoption, AdoptionIndicator, InitiativeAction
from thidua.initiatives.services.adoption import IndicatorInput, record_adoption
from thidua.initiatives.tests.decision_factories import make_recognised, officer_of
from thidua.initiatives.tests.factories import make_initiative

D = Decimal
WAIT = IndicatorInput(name="Thời gian chờ khám", measure_unit="phút", before=D(45), after=D(15))


@pytest.fixture
def initiative(org):
    return make_recognised(org.b)


def _record(initiative, unit, by, **fields):
    values = {
        "adopted_on": dt.date(2025, 3, 1),
        "description": "Triển khai tại khoa Khám bệnh.",
        "indicators": [WAIT],
    }
    values.update(fields)
    return record_adoption(initiative, unit=unit, by=by, **values)


def test_record_adoption_stores_the_indicators_and_history(initiative, org, cast):
    adoption = _record(initiative, org.a, cast[Role.UNIT_OFFICER])

    assert (adoption.unit, adoption.adopted_on, adoption.recorded_by) == (
        org.a,
        dt.date(2025, 3, 1),
        cast[Role.UNIT_OFFICER],
    )
    assert list(
        AdoptionIndicator.objects.values_list("name", "measure_unit", "before", "after")
    ) == [("Thời gian chờ khám", "phút", D("45.00"), D("15.00"))]
    action = InitiativeAction.objects.get(initiative=initiative, kind=ActionKind.ADOPT)
    assert action.note == "Bệnh viện A áp dụng từ ngày 01/03/2025."
    entry = AuditEntry.objects.get(target_type="initiatives.adoption")
    assert (entry.unit_path, entry.changes["indicators"]) == (
        org.a.path,
        [None, ["Thời gian chờ khám: 45.00 → 15.00 phút"]],
    )


def test_record_adoption_refuses_the_initiatives_own_unit(initiative, org):
    officer = officer_of(org.b, "can_bo_b")

    with pytest.raises(DomainError) as refused:
        _record(initiative, org.b, officer)

    assert (refused.value.field, refused.value.message) == (
        "unit",
        "Bệnh viện B thuộc Bệnh viện B, đơn vị của sáng kiến: nhân rộng là việc đơn vị khác áp "
        "dụng sáng kiến.",
    )


def test_record_adoption_refuses_a_unit_inside_the_initiatives_unit(initiative, org):
    officer = officer_of(org.b, "can_bo_b")

    with pytest.raises(DomainError) as refused:
        _record(initiative, org.b1, officer)

    assert refused.value.field == "unit"
    assert Adoption.objects.count() == 0


def test_record_adoption_for_a_unit_outside_the_officers_scope_is_refused(initiative, org, cast):
    with pytest.raises(PermissionDeniedError) as refused:
        _record(initiative, org.office, cast[Role.UNIT_OFFICER])

    assert refused.value.message == (
        "Bạn không có quyền ghi nhận nhân rộng sáng kiến cho Phòng Tổ chức cán bộ."
    )
    assert Adoption.objects.count() == 0


def test_record_adoption_once_per_unit(initiative, org, cast):
    _record(initiative, org.a, cast[Role.UNIT_OFFICER])

    with pytest.raises(DomainError) as refused:
        _record(initiative, org.a, cast[Role.UNIT_OFFICER], adopted_on=dt.date(2025, 6, 1))

    assert refused.value.message == (
        f"Bệnh viện A đã ghi nhận nhân rộng sáng kiến {initiative.code}."
    )
    assert Adoption.objects.count() == 1


def test_record_adoption_refuses_an_initiative_not_recognised(org, cast):
    pending = make_initiative(org.b, None, status=InitiativeStatus.IN_REVIEW)

    with pytest.raises(DomainError) as refused:
        _record(pending, org.a, cast[Role.UNIT_OFFICER])

    assert refused.value.message == (
        f"Sáng kiến {pending.code} chưa được công nhận: chỉ ghi nhận nhân rộng sáng kiến đã "
        "được công nhận."
    )


def test_record_adoption_requires_at_least_one_indicator(initiative, org, cast):
    with pytest.raises(DomainError) as refused:
        _record(initiative, org.a, cast[Role.UNIT_OFFICER], indicators=[])

    assert refused.value.field == "indicators"
    assert Adoption.objects.count() == 0


def test_record_adoption_names_each_bad_indicator_row(initiative, org, cast):
    rows = [
        WAIT,
        IndicatorInput(name="  ", measure_unit="", before=D(1), after=D(2)),
        IndicatorInput(name="thời gian chờ khám", measure_unit="phút", before=D(1), after=D(2)),
        IndicatorInput(name="Chi phí", measure_unit="đồng", before=D(10) ** 15, after=D(1)),
    ]

    with pytest.raises(ValidationFailedError) as refused:
        _record(initiative, org.a, cast[Role.UNIT_OFFICER], indicators=rows)

    assert refused.value.errors == {
        "indicators-2": "Dòng 2: hãy nhập tên chỉ số.",
        "indicators-3": "Dòng 3: chỉ số “thời gian chờ khám” đã nhập ở dòng trên.",
        "indicators-4": "Dòng 4: giá trị quá lớn.",
    }
    assert Adoption.objects.count() == 0


def test_record_adoption_refuses_a_future_date(initiative, org, cast):
    with pytest.raises(DomainError) as refused:
        _record(
            initiative,
            org.a,
            cast[Role.UNIT_OFFICER],
            adopted_on=timezone.localdate() + dt.timedelta(days=1),
        )

    assert (refused.value.field, refused.value.message) == (
        "adopted_on",
        "Ngày áp dụng không được sau ngày hôm nay.",
    )


def test_record_adoption_refuses_a_date_before_the_recognition(initiative, org, cast):
    with pytest.raises(DomainError) as refused:
        _record(initiative, org.a, cast[Role.UNIT_OFFICER], adopted_on=dt.date(2024, 1, 1))

    assert refused.value.message == (
        "Ngày áp dụng phải từ ngày sáng kiến được công nhận (20/12/2024) trở đi."
    )
