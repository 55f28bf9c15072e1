"""Writes about scoring tables (bảng chấm điểm): tables, their versions, rules and title bands.

A table's content lives in versions, each effective from a date. A version is edited until it is
frozen; `freeze_version` is called by the reporting app the first time the version scores a
submitted report (or by the department through `lock_version`). From then on nothing in the
version changes: its rules and title bands are exactly those that produced the scores stored
with the reports, so past scores stay as they were. A change of the table is a new version,
effective from a date after every existing version's date (`create_version`), which
`selectors.scoring.version_in_force` selects for scoring on or after that date.

Rule parameters are checked by the pure `thidua.movements.scoring.check_rule`, title bands by
`check_title_bands`; their Vietnamese problems are refused with nothing saved.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements import scoring as rules_math
from thidua.movements.enums import Direction, ScoringMethod, ValueType
from thidua.movements.models import (
    Indicator,
    Movement,
    ScoringRule,
    ScoringTable,
    ScoringVersion,
    TitleBand,
)
from thidua.organizations.scoping import can

FROZEN_MESSAGE = (
    "Phiên bản đã dùng để chấm báo cáo nên không sửa được; "
    "hãy tạo phiên bản mới có hiệu lực từ một ngày sau."
)
MAX_TOTAL_POINTS = Decimal("1000")
MAX_TABLE_NAME = 200
MAX_BAND_LABEL = 100

# Which scoring methods suit which kind of value. Yes/no values are 1/0: a yes/no indicator
# is scored yes/no, or earns a bonus or a penalty per "yes" (a flag received, an incident
# caused). A text indicator (with evidence) can only be judged present or not.
METHODS_BY_VALUE_TYPE: Mapping[str, frozenset[str]] = {
    ValueType.NUMBER: frozenset(
        {ScoringMethod.BANDS, ScoringMethod.LINEAR, ScoringMethod.BONUS, ScoringMethod.PENALTY}
    ),
    ValueType.PERCENTAGE: frozenset({ScoringMethod.BANDS, ScoringMethod.LINEAR}),
    ValueType.COUNT: frozenset(
        {ScoringMethod.BANDS, ScoringMethod.LINEAR, ScoringMethod.BONUS, ScoringMethod.PENALTY}
    ),
    ValueType.BOOLEAN: frozenset(
        {ScoringMethod.YES_NO, ScoringMethod.BONUS, ScoringMethod.PENALTY}
    ),
    ValueType.TEXT: frozenset({ScoringMethod.YES_NO}),
}


class FrozenVersionError(DomainError):
    """The version has scored a submitted report: it is never edited again (API: 409)."""

    def __init__(self, message: str = FROZEN_MESSAGE) -> None:
        super().__init__(message, code="frozen")


class RuleProblemsError(DomainError):
    """`scoring.check_rule` (or `check_title_bands`) found problems; all of them are kept in
    `problems` so that a form can list them at its parameters."""

    def __init__(self, problems: Sequence[str], *, field: str) -> None:
        super().__init__(" ".join(problems), field=field)
        self.problems = list(problems)


@dataclass(frozen=True, kw_only=True)
class BandData:
    """One title band: from `min_total` points up, the total maps to `label`."""

    min_total: Decimal
    label: str


# --- Checks --------------------------------------------------------------------------------


def _require_manage(by: User, movement: Movement) -> None:
    if not can(by, Perm.MANAGE_MOVEMENT, movement.owner.path):
        raise PermissionDeniedError(
            f"Bạn không có quyền sửa bảng chấm điểm của phong trào “{movement.name}”."
        )


def _shown(number: Decimal) -> str:
    """A number in a message as Vietnamese users write it ("12,5", "1.000")."""
    return rules_math.format_number(number)


def _more_than_two_decimals(value: Decimal) -> bool:
    return int(value.normalize().as_tuple().exponent) < -2


def check_points(value: Decimal, *, field: str, label: str, allow_zero: bool = False) -> Decimal:
    """A points figure with at most two decimals, above zero (or zero when allowed)."""
    if not value.is_finite():
        raise DomainError(f"{label} không hợp lệ.", field=field)
    if value < 0 or (value == 0 and not allow_zero):
        raise DomainError(f"{label} phải {'không âm' if allow_zero else 'lớn hơn 0'}.", field=field)
    if _more_than_two_decimals(value):
        raise DomainError(f"{label} chỉ được có tối đa 2 chữ số thập phân.", field=field)
    return value


def _check_total_points(total_points: Decimal) -> Decimal:
    check_points(total_points, field="total_points", label="Tổng điểm")
    if total_points > MAX_TOTAL_POINTS:
        raise DomainError(
            f"Tổng điểm không được vượt quá {_shown(MAX_TOTAL_POINTS)}.", field="total_points"
        )
    return total_points


def _check_name(name: str, movement: Movement, *, exclude: ScoringTable | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError("Tên bảng điểm không được để trống.", field="name")
    if len(name) > MAX_TABLE_NAME:
        raise DomainError(f"Tên bảng điểm dài quá {MAX_TABLE_NAME} ký tự.", field="name")
    clash = ScoringTable.objects.filter(movement=movement, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise DomainError(f"Phong trào đã có bảng điểm “{name}”.", field="name")
    return name


def _check_within_movement(day: dt.date, movement: Movement) -> dt.date:
    if not movement.start_date <= day <= movement.end_date:
        raise DomainError(
            f"Ngày áp dụng phải trong thời gian của phong trào "
            f"({movement.start_date:%d/%m/%Y} – {movement.end_date:%d/%m/%Y}).",
            field="effective_from",
        )
    return day


def _locked(version: ScoringVersion) -> ScoringVersion:
    """The version re-read under a row lock: a freeze racing an edit waits for it (and the
    edit sees the freeze), so a frozen version is never changed."""
    locked = (
        ScoringVersion.objects.select_for_update()
        .select_related("table__movement__owner")
        .get(pk=version.pk)
    )
    if locked.is_frozen:
        raise FrozenVersionError
    return locked


def _canonical(value: Any) -> str:
    """A number as plain text without exponent or trailing zeros ("50", "12.5")."""
    number = Decimal(str(value).strip())
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _canonical_or_none(value: Any) -> str | None:
    """An open end of a band (None or empty) stays None."""
    return None if value is None or value == "" else _canonical(value)


def normalise_params(method: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of a checked rule as stored: only the keys of its method, numbers as
    canonical text (JSON keeps them exact)."""
    if method == ScoringMethod.BANDS:
        return {
            "bands": [
                {
                    "from": _canonical_or_none(band["from"]),
                    "to": _canonical_or_none(band["to"]),
                    "points": _canonical(band["points"]),
                }
                for band in params["bands"]
            ]
        }
    if method == ScoringMethod.LINEAR:
        cap = params.get("cap_ratio")
        return {"cap_ratio": _canonical(1 if cap in (None, "") else cap)}
    if method in (ScoringMethod.BONUS, ScoringMethod.PENALTY):
        return {"per_unit": _canonical(params["per_unit"])}
    return {}


def check_rule_data(
    *,
    indicator: Indicator,
    method: str,
    max_points: Decimal,
    params: Mapping[str, Any],
    total_points: Decimal,
) -> dict[str, Any]:
    """The normalised parameters of a rule for `indicator`, or a DomainError naming the field.

    Refuses: an unknown method, a method that does not suit the indicator's kind of value
    (METHODS_BY_VALUE_TYPE), a maximum that is not above 0, has more than two decimals or
    exceeds the table's total, and every problem `scoring.check_rule` finds in the parameters
    (all listed, field "params").
    """
    if method not in ScoringMethod.values:
        raise DomainError("Cách tính điểm không hợp lệ.", field="method")
    allowed = METHODS_BY_VALUE_TYPE.get(indicator.value_type, frozenset())
    if method not in allowed:
        names = ", ".join(
            str(label).lower() for value, label in ScoringMethod.choices if value in allowed
        )
        raise DomainError(
            f"Chỉ tiêu kiểu “{indicator.get_value_type_display()}” không chấm được theo cách "
            f"“{ScoringMethod(method).label}”; chỉ dùng: {names}.",
            field="method",
        )
    check_points(max_points, field="max_points", label="Điểm tối đa")
    if max_points > total_points:
        raise DomainError(
            f"Điểm tối đa ({_shown(max_points)}) vượt tổng điểm của bảng ({_shown(total_points)}).",
            field="max_points",
        )
    spec = rules_math.RuleSpec(
        method=method,
        max_points=max_points,
        params=params,
        higher_is_better=indicator.direction != Direction.LOWER_IS_BETTER,
    )
    problems = rules_math.check_rule(spec)
    if problems:
        raise RuleProblemsError(problems, field="params")
    try:
        return normalise_params(method, params)
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        # check_rule accepted the parameters, so this would be a disagreement between the two.
        raise DomainError("Tham số của cách tính điểm không hợp lệ.", field="params") from error


def check_bands(bands: Sequence[BandData], total_points: Decimal) -> list[BandData]:
    """The title bands trimmed and ordered from the highest threshold down, or a refusal
    listing every problem `scoring.check_title_bands` finds (field "bands")."""
    cleaned = [BandData(min_total=b.min_total, label=" ".join(b.label.split())) for b in bands]
    problems = [
        f"Mức xếp loại “{band.label}” dài quá {MAX_BAND_LABEL} ký tự."
        for band in cleaned
        if len(band.label) > MAX_BAND_LABEL
    ]
    problems += [
        f"Ngưỡng {_shown(band.min_total)} chỉ được có tối đa 2 chữ số thập phân."
        for band in cleaned
        if band.min_total.is_finite() and _more_than_two_decimals(band.min_total)
    ]
    problems += rules_math.check_title_bands(
        [(band.min_total, band.label) for band in cleaned], total_points
    )
    if problems:
        raise RuleProblemsError(problems, field="bands")
    return sorted(cleaned, key=lambda band: band.min_total, reverse=True)


# --- Tables --------------------------------------------------------------------------------


def _table_summary(table: ScoringTable) -> dict[str, Any]:
    return {"name": table.name, "total_points": _canonical(table.total_points)}


@transaction.atomic
def create_table(
    *,
    by: User,
    movement: Movement,
    name: str,
    total_points: Decimal = Decimal(100),
    effective_from: dt.date | None = None,
    note: str = "",
) -> ScoringTable:
    """Create a scoring table of `movement` with its version 1 (no rules yet), effective from
    `effective_from` (default: the movement's start).

    Refuses: a caller without MANAGE_MOVEMENT at the movement's organising unit, an empty or
    too long name, a name the movement already has (any case), a total that is not above 0, has
    more than two decimals or is above 1000, a date outside the movement.
    """
    _require_manage(by, movement)
    name = _check_name(name, movement, exclude=None)
    _check_total_points(total_points)
    effective_from = _check_within_movement(effective_from or movement.start_date, movement)
    table = ScoringTable.objects.create(movement=movement, name=name, total_points=total_points)
    version = ScoringVersion.objects.create(
        table=table, number=1, effective_from=effective_from, note=note.strip(), created_by=by
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=table,
        unit_path=movement.owner.path,
        changes={
            **{key: [None, value] for key, value in _table_summary(table).items()},
            "version_1_effective_from": [None, version.effective_from.isoformat()],
        },
    )
    return table


@transaction.atomic
def update_table(
    table: ScoringTable, *, by: User, name: str, total_points: Decimal, reason: str = ""
) -> ScoringTable:
    """Rename a table or change its total points.

    Refuses what `create_table` refuses for the name and total; a new total once a version is
    frozen (the frozen versions scored reports out of the old total: make a new table); a new
    total below a rule's maximum or a title band's threshold of an editable version.
    """
    movement = table.movement
    _require_manage(by, movement)
    table = ScoringTable.objects.select_for_update().get(pk=table.pk)
    name = _check_name(name, movement, exclude=table)
    _check_total_points(total_points)
    if total_points != table.total_points:
        versions = ScoringVersion.objects.select_for_update().filter(table=table)
        if any(version.is_frozen for version in versions):
            raise DomainError(
                "Bảng điểm đã có phiên bản dùng để chấm báo cáo nên không đổi được tổng điểm; "
                "hãy tạo bảng điểm mới.",
                field="total_points",
            )
        above = ScoringRule.objects.filter(version__table=table, max_points__gt=total_points)
        rule = above.select_related("indicator").order_by("-max_points").first()
        if rule is not None:
            raise DomainError(
                f"Chỉ tiêu {rule.indicator.code} có điểm tối đa {_shown(rule.max_points)}, lớn hơn "
                f"tổng điểm mới.",
                field="total_points",
            )
        if TitleBand.objects.filter(version__table=table, min_total__gt=total_points).exists():
            raise DomainError(
                "Có mức xếp loại có ngưỡng lớn hơn tổng điểm mới; hãy sửa các mức xếp loại trước.",
                field="total_points",
            )
    before = _table_summary(table)
    table.name, table.total_points = name, total_points
    table.save(update_fields=["name", "total_points", "updated_at"])
    after = _table_summary(table)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=table,
            unit_path=movement.owner.path,
            changes=changes,
            reason=reason,
        )
    return table


# --- Versions ------------------------------------------------------------------------------


@transaction.atomic
def create_version(
    table: ScoringTable,
    *,
    by: User,
    effective_from: dt.date,
    copy_from: ScoringVersion | None = None,
    note: str = "",
) -> ScoringVersion:
    """A new version of `table`, effective from `effective_from`, with an exact copy of the
    rules and title bands of `copy_from` (default: the latest version, by date), editable
    until it is frozen.

    Existing versions are untouched: scores already made with them stay as they were; from
    `effective_from` on, new scoring uses the new version.

    Refuses: a caller without MANAGE_MOVEMENT at the movement's organising unit, a date not
    after every existing version's date, a date outside the movement, a `copy_from` of another
    table.
    """
    movement = table.movement
    _require_manage(by, movement)
    # Lock the table so that two versions created at once get distinct numbers and dates.
    ScoringTable.objects.select_for_update().filter(pk=table.pk).first()
    _check_within_movement(effective_from, movement)
    latest = ScoringVersion.objects.filter(table=table).order_by("-effective_from").first()
    if latest is not None and effective_from <= latest.effective_from:
        raise DomainError(
            f"Ngày áp dụng phải sau ngày áp dụng của mọi phiên bản đã có "
            f"(phiên bản {latest.number} áp dụng từ {latest.effective_from:%d/%m/%Y}).",
            field="effective_from",
        )
    if copy_from is not None and copy_from.table_id != table.pk:
        raise DomainError(
            "Chỉ sao chép được từ một phiên bản của cùng bảng điểm.", field="copy_from"
        )
    source = copy_from or latest
    number = (ScoringVersion.objects.filter(table=table).aggregate(m=Max("number"))["m"] or 0) + 1
    version = ScoringVersion.objects.create(
        table=table, number=number, effective_from=effective_from, note=note.strip(), created_by=by
    )
    copied_rules = copied_bands = 0
    if source is not None:
        rules = ScoringRule.objects.bulk_create(
            ScoringRule(
                version=version,
                indicator_id=rule.indicator_id,
                method=rule.method,
                max_points=rule.max_points,
                params=rule.params,
            )
            for rule in ScoringRule.objects.filter(version=source).order_by("pk")
        )
        bands = TitleBand.objects.bulk_create(
            TitleBand(version=version, min_total=band.min_total, label=band.label)
            for band in TitleBand.objects.filter(version=source).order_by("-min_total")
        )
        copied_rules, copied_bands = len(rules), len(bands)
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=version,
        unit_path=movement.owner.path,
        changes={
            "number": [None, number],
            "effective_from": [None, effective_from.isoformat()],
            "copied_from": [None, source.pk if source is not None else None],
            "rules": [None, copied_rules],
            "bands": [None, copied_bands],
        },
        reason=note.strip(),
    )
    return version


@transaction.atomic
def update_version(
    version: ScoringVersion,
    *,
    by: User,
    effective_from: dt.date,
    note: str,
    reason: str = "",
) -> ScoringVersion:
    """Change an editable version's date or note.

    Refuses: a caller without MANAGE_MOVEMENT, a frozen version (FrozenVersionError), a date
    outside the movement, a date not strictly between the previous and the next version's
    dates (versions keep their order).
    """
    movement = version.table.movement
    _require_manage(by, movement)
    version = _locked(version)
    _check_within_movement(effective_from, movement)
    siblings = ScoringVersion.objects.filter(table_id=version.table_id).exclude(pk=version.pk)
    previous = siblings.filter(number__lt=version.number).order_by("-effective_from").first()
    following = siblings.filter(number__gt=version.number).order_by("effective_from").first()
    if previous is not None and effective_from <= previous.effective_from:
        raise DomainError(
            f"Ngày áp dụng phải sau {previous.effective_from:%d/%m/%Y} "
            f"(phiên bản {previous.number}).",
            field="effective_from",
        )
    if following is not None and effective_from >= following.effective_from:
        raise DomainError(
            f"Ngày áp dụng phải trước {following.effective_from:%d/%m/%Y} "
            f"(phiên bản {following.number}).",
            field="effective_from",
        )
    before = {"effective_from": version.effective_from.isoformat(), "note": version.note}
    version.effective_from, version.note = effective_from, note.strip()
    version.save(update_fields=["effective_from", "note"])
    after = {"effective_from": version.effective_from.isoformat(), "note": version.note}
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=version,
            unit_path=movement.owner.path,
            changes=changes,
            reason=reason,
        )
    return version


@transaction.atomic
def freeze_version(
    version: ScoringVersion, *, reason: str, by: User | None = None
) -> ScoringVersion:
    """Freeze a version for good: from now on its rules and title bands never change.

    The reporting app calls this the first time the version scores a submitted report, on
    behalf of whoever submitted it (`by`, or None for the system); no permission is checked
    here, the caller has decided. Freezing a frozen version changes nothing and writes no
    audit entry, so calling it for every report is safe.
    """
    locked = (
        ScoringVersion.objects.select_for_update()
        .select_related("table__movement__owner")
        .get(pk=version.pk)
    )
    if locked.is_frozen:
        return locked
    locked.frozen_at = timezone.now()
    locked.save(update_fields=["frozen_at"])
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=locked,
        unit_path=locked.table.movement.owner.path,
        changes={"frozen_at": [None, locked.frozen_at.isoformat()]},
        reason=reason,
    )
    version.frozen_at = locked.frozen_at
    return locked


@transaction.atomic
def lock_version(version: ScoringVersion, *, by: User, reason: str) -> ScoringVersion:
    """The department's "Khóa phiên bản": freeze a version before any report uses it.

    Refuses: a caller without MANAGE_MOVEMENT, a version already frozen (FrozenVersionError
    with the date), a version without any rule, an empty reason.
    """
    _require_manage(by, version.table.movement)
    locked = ScoringVersion.objects.select_for_update().get(pk=version.pk)
    if locked.frozen_at is not None:
        local = timezone.localtime(locked.frozen_at)
        raise FrozenVersionError(f"Phiên bản đã được khóa lúc {local:%H:%M %d/%m/%Y}.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do khóa phiên bản.", field="reason")
    if not ScoringRule.objects.filter(version=locked).exists():
        raise DomainError(
            "Phiên bản chưa có quy tắc chấm điểm nào; không khóa một phiên bản rỗng.",
            field="reason",
        )
    return freeze_version(version, reason=reason.strip(), by=by)


# --- Rules and title bands -----------------------------------------------------------------


def _rule_summary(rule: ScoringRule) -> dict[str, Any]:
    return {"method": rule.method, "max_points": _canonical(rule.max_points), "params": rule.params}


@transaction.atomic
def set_rule(
    version: ScoringVersion,
    *,
    by: User,
    indicator: Indicator,
    method: str,
    max_points: Decimal,
    params: Mapping[str, Any],
    reason: str = "",
) -> ScoringRule:
    """Create or replace the rule that scores `indicator` in an editable version.

    Refuses: a caller without MANAGE_MOVEMENT, a frozen version (FrozenVersionError), an
    indicator of another movement, everything `check_rule_data` refuses (method unsuited to
    the indicator, maximum out of range, parameters with problems — all of them listed).
    """
    movement = version.table.movement
    _require_manage(by, movement)
    version = _locked(version)
    if indicator.movement_id != movement.pk:
        raise DomainError("Chỉ tiêu không thuộc phong trào của bảng điểm.", field="indicator")
    stored = check_rule_data(
        indicator=indicator,
        method=method,
        max_points=max_points,
        params=params,
        total_points=version.table.total_points,
    )
    rule = ScoringRule.objects.filter(version=version, indicator=indicator).first()
    before = _rule_summary(rule) if rule is not None else None
    if rule is None:
        rule = ScoringRule(version=version, indicator=indicator)
    rule.method, rule.max_points, rule.params = method, max_points, stored
    rule.save()
    after = _rule_summary(rule)
    if before != after:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
            target=rule,
            target_repr=f"{version} · {indicator.code}",
            unit_path=movement.owner.path,
            changes={
                key: [None if before is None else before[key], after[key]]
                for key in after
                if before is None or before[key] != after[key]
            },
            reason=reason,
        )
    return rule


@transaction.atomic
def remove_rule(
    version: ScoringVersion, *, by: User, indicator: Indicator, reason: str = ""
) -> None:
    """Stop scoring `indicator` in an editable version (its rule is deleted).

    Refuses: a caller without MANAGE_MOVEMENT, a frozen version, an indicator without a rule.
    """
    movement = version.table.movement
    _require_manage(by, movement)
    version = _locked(version)
    rule = ScoringRule.objects.filter(version=version, indicator=indicator).first()
    if rule is None:
        raise DomainError(f"Chỉ tiêu {indicator.code} chưa có quy tắc chấm điểm trong phiên bản.")
    before = _rule_summary(rule)
    target_id, target_repr = rule.pk, f"{version} · {indicator.code}"
    rule.delete()
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target_type=ScoringRule._meta.label_lower,
        target_id=target_id,
        target_repr=target_repr,
        unit_path=movement.owner.path,
        changes={key: [value, None] for key, value in before.items()},
        reason=reason,
    )


@transaction.atomic
def set_title_bands(
    version: ScoringVersion, *, by: User, bands: Sequence[BandData], reason: str = ""
) -> list[TitleBand]:
    """Replace the title bands of an editable version (highest threshold first).

    Refuses: a caller without MANAGE_MOVEMENT, a frozen version, and every problem of
    `scoring.check_title_bands` against the table's total (repeated thresholds, thresholds
    outside 0..total, empty labels), labels longer than 100 characters, thresholds with more
    than two decimals — all listed at once.
    """
    movement = version.table.movement
    _require_manage(by, movement)
    version = _locked(version)
    cleaned = check_bands(bands, version.table.total_points)
    existing = list(TitleBand.objects.filter(version=version).order_by("-min_total"))
    before = [[_canonical(band.min_total), band.label] for band in existing]
    after = [[_canonical(band.min_total), band.label] for band in cleaned]
    if before == after:
        return existing
    TitleBand.objects.filter(version=version).delete()
    created = TitleBand.objects.bulk_create(
        TitleBand(version=version, min_total=band.min_total, label=band.label) for band in cleaned
    )
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=version,
        unit_path=movement.owner.path,
        changes={"bands": [before, after]},
        reason=reason,
    )
    return created
