"""Nhân rộng: another unit records that it adopted a recognised initiative, with the indicators
the adoption moved (value before and after)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.initiatives.enums import ActionKind, InitiativeStatus
from thidua.initiatives.models import Adoption, AdoptionIndicator, Initiative, InitiativeAction
from thidua.organizations.models import Unit

MAX_DESCRIPTION = 4000
MAX_INDICATORS = 30
# AdoptionIndicator.before/after are DECIMAL(16, 2): at most 14 digits before the point.
VALUE_LIMIT = Decimal("100000000000000")


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    """One indicator of an adoption as typed: name, measure unit, value before and after."""

    name: str
    measure_unit: str
    before: Decimal
    after: Decimal


def check_indicators(indicators: Sequence[IndicatorInput]) -> list[IndicatorInput]:
    """The indicators cleaned (names trimmed), or ValidationFailedError naming each bad row
    ("indicators-<n>"): at least one, a name on each, no name twice, values within what is
    stored (two decimals, 14 digits)."""
    errors: dict[str, str] = {}
    cleaned: list[IndicatorInput] = []
    seen: set[str] = set()
    if not indicators:
        raise DomainError(
            "Hãy nhập ít nhất một chỉ số trước và sau khi áp dụng (ví dụ: thời gian chờ khám, "
            "phút).",
            field="indicators",
        )
    if len(indicators) > MAX_INDICATORS:
        raise DomainError(
            f"Tối đa {MAX_INDICATORS} chỉ số cho một lần nhân rộng.", field="indicators"
        )
    for index, row in enumerate(indicators, start=1):
        key = f"indicators-{index}"
        name = " ".join(row.name.split())
        if not name:
            errors[key] = f"Dòng {index}: hãy nhập tên chỉ số."
            continue
        if len(name) > 255 or len(row.measure_unit.strip()) > 50:
            errors[key] = f"Dòng {index}: tên chỉ số hoặc đơn vị tính quá dài."
            continue
        if name.lower() in seen:
            errors[key] = f"Dòng {index}: chỉ số “{name}” đã nhập ở dòng trên."
            continue
        if any(not v.is_finite() or abs(v) >= VALUE_LIMIT for v in (row.before, row.after)):
            errors[key] = f"Dòng {index}: giá trị quá lớn."
            continue
        seen.add(name.lower())
        cleaned.append(
            IndicatorInput(
                name=name,
                measure_unit=row.measure_unit.strip(),
                before=row.before.quantize(Decimal("0.01")),
                after=row.after.quantize(Decimal("0.01")),
            )
        )
    if errors:
        raise ValidationFailedError(errors)
    return cleaned


def record_adoption(
    initiative: Initiative,
    *,
    unit: Unit,
    adopted_on: dt.date,
    description: str,
    indicators: Sequence[IndicatorInput],
    by: User,
) -> Adoption:
    """Record that `unit` adopted `initiative` from `adopted_on`, with the indicators it moved.

    By an officer holding RECORD_ADOPTION at `unit`. Refuses: an initiative that is not
    recognised; the initiative's own unit or a unit inside it (that is applying it, not spreading
    it); a unit that already recorded this initiative (once per unit); a date in the future or
    before the initiative was recognised; no indicator, or a bad one (see check_indicators).
    """
    if not by.has_perm(Perm.RECORD_ADOPTION.value, unit):
        raise PermissionDeniedError(
            f"Bạn không có quyền ghi nhận nhân rộng sáng kiến cho {unit.name}."
        )
    if initiative.status != InitiativeStatus.RECOGNISED:
        raise DomainError(
            f"Sáng kiến {initiative.code} chưa được công nhận: chỉ ghi nhận nhân rộng sáng kiến "
            "đã được công nhận."
        )
    own = initiative.unit
    if unit.path.startswith(own.path):
        raise DomainError(
            f"{unit.name} thuộc {own.name}, đơn vị của sáng kiến: nhân rộng là việc đơn vị khác "
            "áp dụng sáng kiến.",
            field="unit",
        )
    if adopted_on > timezone.localdate():
        raise DomainError("Ngày áp dụng không được sau ngày hôm nay.", field="adopted_on")
    if initiative.decision_date is not None and adopted_on < initiative.decision_date:
        raise DomainError(
            "Ngày áp dụng phải từ ngày sáng kiến được công nhận "
            f"({initiative.decision_date:%d/%m/%Y}) trở đi.",
            field="adopted_on",
        )
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise DomainError(f"Mô tả dài quá {MAX_DESCRIPTION} ký tự.", field="description")
    rows = check_indicators(indicators)
    if Adoption.objects.filter(initiative=initiative, unit=unit).exists():
        raise DomainError(
            f"{unit.name} đã ghi nhận nhân rộng sáng kiến {initiative.code}.", field="unit"
        )
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                initiative=initiative,
                unit=unit,
                adopted_on=adopted_on,
                description=description,
                recorded_by=by,
            )
            AdoptionIndicator.objects.bulk_create(
                AdoptionIndicator(
                    adoption=adoption,
                    name=row.name,
                    measure_unit=row.measure_unit,
                    before=row.before,
                    after=row.after,
                )
                for row in rows
            )
            InitiativeAction.objects.create(
                initiative=initiative,
                kind=ActionKind.ADOPT,
                by=by,
                note=f"{unit.name} áp dụng từ ngày {adopted_on:%d/%m/%Y}.",
            )
            record_audit(
                actor=by,
                action=AuditAction.CREATE,
                target=adoption,
                target_repr=f"{unit.name} nhân rộng sáng kiến {initiative.code}",
                unit_path=unit.path,
                changes={
                    "adopted_on": [None, adopted_on.isoformat()],
                    "indicators": [
                        None,
                        [
                            f"{r.name}: {r.before} → {r.after} {r.measure_unit}".strip()
                            for r in rows
                        ],
                    ],
                },
            )
    except IntegrityError:
        raise DomainError(
            f"{unit.name} đã ghi nhận nhân rộng sáng kiến {initiative.code}.", field="unit"
        ) from None
    return adoption
