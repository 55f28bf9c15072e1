"""Writing the inputs the Law's rules read: yearly ratings, awards held, accepted research,
discipline, holds, maternity leave. One person or one collective per row; every write scoped
(EDIT_AWARD_INPUTS at the subject's unit, see `selectors.access`), audited, in one transaction;
every refusal a Vietnamese DomainError, logged.
"""

import datetime as dt
import logging
from dataclasses import dataclass, fields
from typing import Any, NoReturn

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.enums import DisciplineForm, HoldKind, InputSource, Rating, ResearchLevel
from thidua.awards.models import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    MaternityLeave,
    ResearchProject,
    YearlyRating,
)
from thidua.awards.selectors.access import can_on_person, memberships_in_year
from thidua.awards.selectors.rulebook import known_award_codes
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import can

logger = logging.getLogger(__name__)

FIRST_YEAR = 1990
MSG_OUT_OF_SCOPE = "Bạn không có quyền nhập thông tin thi đua, khen thưởng của {subject}."
MSG_PERSON_ONLY = "Thông tin này chỉ ghi cho cá nhân, không ghi cho tập thể."


@dataclass(frozen=True)
class Subject:
    """Who a row is about: a person (cá nhân) or a collective (tập thể, a Unit)."""

    person: Person | None = None
    unit: Unit | None = None

    def __post_init__(self) -> None:
        if (self.person is None) == (self.unit is None):
            raise ValueError("A subject is one person or one unit.")

    @property
    def path(self) -> str:
        return self.person.unit.path if self.person is not None else self.unit_or_fail.path

    @property
    def unit_or_fail(self) -> Unit:
        if self.unit is None:
            raise ValueError("A person subject has no unit of its own.")
        return self.unit

    @property
    def label(self) -> str:
        if self.person is not None:
            return f"{self.person.full_name} ({self.person.staff_code})"
        return self.unit_or_fail.name

    @classmethod
    def of(cls, row: Any) -> "Subject":
        return cls(person=getattr(row, "person", None), unit=getattr(row, "unit", None))


@dataclass(frozen=True)
class RatingData:
    year: int
    rating: str
    note: str = ""
    source: str = InputSource.FORM


@dataclass(frozen=True)
class AwardData:
    award_code: str
    year: int
    decision_number: str = ""
    decision_date: dt.date | None = None
    issuer: str = ""
    thematic: bool = False
    source: str = InputSource.FORM


@dataclass(frozen=True)
class ResearchData:
    title: str
    level: str
    year: int
    decision_number: str = ""


@dataclass(frozen=True)
class DisciplineData:
    form: str
    start: dt.date
    end: dt.date | None = None
    decision_number: str = ""


@dataclass(frozen=True)
class HoldData:
    kind: str
    start: dt.date
    end: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class MaternityData:
    start: dt.date
    end: dt.date


InputData = RatingData | AwardData | ResearchData | DisciplineData | HoldData | MaternityData
InputRow = YearlyRating | AwardRecord | ResearchProject | DisciplineRecord | Hold | MaternityLeave

MODEL_OF: dict[type[Any], type[Model]] = {
    RatingData: YearlyRating,
    AwardData: AwardRecord,
    ResearchData: ResearchProject,
    DisciplineData: DisciplineRecord,
    HoldData: Hold,
    MaternityData: MaternityLeave,
}
DATA_OF: dict[type[Model], type[Any]] = {model: data for data, model in MODEL_OF.items()}
PERSON_ONLY = (ResearchData, DisciplineData, MaternityData)


def refuse(message: str, *, by: User | None, field: str | None = None) -> NoReturn:
    """Log the refusal (who, what) and raise it as a DomainError."""
    logger.info("awards refusal for user %s: %s", getattr(by, "pk", None), message)
    raise DomainError(message, field=field)


def _year_of(data: InputData) -> int | None:
    if isinstance(data, RatingData | AwardData | ResearchData):
        return data.year
    return data.start.year


def check_can_edit(by: User, subject: Subject, year: int | None = None) -> None:
    """EDIT_AWARD_INPUTS where the subject's inputs sit (for a person: their current unit or, for
    the year, the units they worked in), else PermissionDeniedError (logged)."""
    if subject.person is not None:
        allowed = can_on_person(by, Perm.EDIT_AWARD_INPUTS, subject.person, year)
    else:
        allowed = can(by, Perm.EDIT_AWARD_INPUTS, subject.path)
    if not allowed:
        message = MSG_OUT_OF_SCOPE.format(subject=subject.label)
        logger.info("awards refusal for user %s: %s", by.pk, message)
        raise PermissionDeniedError(message)


def _check_year(year: int, *, by: User, field: str = "year") -> None:
    this_year = clock.today().year
    if not FIRST_YEAR <= year <= this_year:
        refuse(f"Năm phải từ {FIRST_YEAR} đến {this_year}.", by=by, field=field)


def _check_dates(start: dt.date, end: dt.date | None, *, by: User) -> None:
    if end is not None and end < start:
        refuse("Ngày kết thúc phải từ ngày bắt đầu trở đi.", by=by, field="end")
    if start > clock.today():
        refuse("Ngày bắt đầu không được sau ngày hôm nay.", by=by, field="start")


def check_input(data: InputData, *, subject: Subject, by: User) -> InputData:
    """The data cleaned, or a Vietnamese refusal naming the field: values among the choices,
    years and dates that make sense, a person-only input on a person, a rating only for a year
    the person worked in a unit, an award code of the rulebook."""
    if isinstance(data, PERSON_ONLY) and subject.person is None:
        refuse(MSG_PERSON_ONLY, by=by)
    if isinstance(data, RatingData):
        _check_year(data.year, by=by)
        if data.rating not in Rating.values:
            refuse("Mức xếp loại không hợp lệ.", by=by, field="rating")
        if subject.person is not None and not memberships_in_year(subject.person, data.year):
            refuse(
                f"{subject.label} không có quá trình công tác nào trong năm {data.year}: không "
                "thể ghi xếp loại cho năm này. Hãy bổ sung quá trình công tác trước.",
                by=by,
                field="year",
            )
        return RatingData(data.year, data.rating, data.note.strip()[:255], data.source)
    if isinstance(data, AwardData):
        _check_year(data.year, by=by)
        typed = data.award_code.strip()
        codes = {
            known.lower(): known for known in known_award_codes(person=subject.person is not None)
        }
        code = codes.get(typed.lower(), typed)
        if code not in codes.values():
            refuse(
                f"Mã danh hiệu, hình thức “{code}” không có trong bộ quy tắc khen thưởng cho "
                f"{'cá nhân' if subject.person is not None else 'tập thể'}.",
                by=by,
                field="award_code",
            )
        if data.decision_date is not None and data.decision_date > clock.today():
            refuse("Ngày quyết định không được sau ngày hôm nay.", by=by, field="decision_date")
        return AwardData(
            code,
            data.year,
            data.decision_number.strip()[:64],
            data.decision_date,
            data.issuer.strip()[:255],
            data.thematic,
            data.source,
        )
    if isinstance(data, ResearchData):
        _check_year(data.year, by=by)
        title = " ".join(data.title.split())
        if not title:
            refuse("Hãy nhập tên đề tài, đề án.", by=by, field="title")
        if data.level not in ResearchLevel.values:
            refuse("Cấp đề tài không hợp lệ.", by=by, field="level")
        return ResearchData(title[:300], data.level, data.year, data.decision_number.strip()[:64])
    if isinstance(data, DisciplineData):
        if data.form not in DisciplineForm.values:
            refuse("Hình thức kỷ luật không hợp lệ.", by=by, field="form")
        _check_dates(data.start, data.end, by=by)
        return DisciplineData(data.form, data.start, data.end, data.decision_number.strip()[:64])
    if isinstance(data, HoldData):
        if data.kind not in HoldKind.values:
            refuse("Loại xem xét không hợp lệ.", by=by, field="kind")
        _check_dates(data.start, data.end, by=by)
        return HoldData(data.kind, data.start, data.end, data.note.strip()[:255])
    _check_dates(data.start, data.end, by=by)
    return data


def _duplicate_message(data: InputData, subject: Subject) -> str:
    if isinstance(data, RatingData):
        return f"{subject.label} đã có xếp loại năm {data.year}: hãy sửa bản ghi đó."
    if isinstance(data, AwardData):
        return (
            f"{subject.label} đã có {data.award_code} năm {data.year} (chưa bị hủy bỏ): "
            "hãy sửa bản ghi đó."
        )
    return "Bản ghi trùng với một bản ghi đã có."


def _is_duplicate(data: InputData, subject: Subject, exclude: int | None) -> bool:
    subject_filter: dict[str, Any] = (
        {"person": subject.person} if subject.person is not None else {"unit": subject.unit}
    )
    found: QuerySet[Any]
    if isinstance(data, RatingData):
        found = YearlyRating.objects.filter(year=data.year, **subject_filter)
    elif isinstance(data, AwardData):
        found = AwardRecord.objects.filter(
            award_code=data.award_code, year=data.year, revoked=False, **subject_filter
        )
    else:
        return False
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.exists()


def _audited_fields(model: type[Model]) -> list[str]:
    names = [f.name for f in fields(DATA_OF[model])]
    return [name for name in ("person", "unit") if hasattr(model, name)] + names


def _unit_path(subject: Subject) -> str:
    return subject.path


@transaction.atomic
def create_input(*, by: User, subject: Subject, data: InputData) -> InputRow:
    """Record one input about `subject`. Refuses (Vietnamese, logged): out of the officer's scope;
    bad values (see check_input); a rating for a year with no membership; a second rating of
    the year or a second unrevoked award of the same code and year (duplicate)."""
    check_can_edit(by, subject, _year_of(data))
    cleaned = check_input(data, subject=subject, by=by)
    if _is_duplicate(cleaned, subject, exclude=None):
        refuse(_duplicate_message(cleaned, subject), by=by)
    model: Any = MODEL_OF[type(cleaned)]
    values = {f.name: getattr(cleaned, f.name) for f in fields(cleaned)}
    subject_values = (
        {"person": subject.person}
        if model in (ResearchProject, DisciplineRecord, MaternityLeave)
        else {"person": subject.person, "unit": subject.unit}
    )
    try:
        with transaction.atomic():
            row = model.objects.create(created_by=by, **subject_values, **values)
    except IntegrityError:
        refuse(_duplicate_message(cleaned, subject), by=by)
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=row,
        unit_path=_unit_path(subject),
        changes=diff({}, snapshot(row, _audited_fields(model))),
    )
    created: InputRow = row
    return created


@transaction.atomic
def update_input(row: InputRow, *, by: User, data: InputData) -> InputRow:
    """Change an input's values (its subject stays). Refusals as for create_input; a revoked
    award is not edited (its history is kept as revoked)."""
    subject = Subject.of(row)
    if type(data) is not DATA_OF[type(row)]:
        raise TypeError("The data does not match the row.")
    check_can_edit(by, subject, _year_of(data))
    if isinstance(row, AwardRecord) and row.revoked:
        refuse("Danh hiệu, hình thức đã bị hủy bỏ: không sửa được.", by=by)
    cleaned = check_input(data, subject=subject, by=by)
    if _is_duplicate(cleaned, subject, exclude=row.pk):
        refuse(_duplicate_message(cleaned, subject), by=by)
    names = _audited_fields(type(row))
    before = snapshot(row, names)
    for f in fields(cleaned):
        setattr(row, f.name, getattr(cleaned, f.name))
    row.save()
    changes = diff(before, snapshot(row, names))
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=row,
            unit_path=_unit_path(subject),
            changes=changes,
        )
    return row


@transaction.atomic
def delete_input(row: InputRow, *, by: User) -> None:
    """Delete an input entered by mistake. A revoked award is not deleted (the history shows
    why it was revoked)."""
    subject = Subject.of(row)
    year = getattr(row, "year", None) or getattr(row, "start", clock.today()).year
    check_can_edit(by, subject, year)
    if isinstance(row, AwardRecord) and row.revoked:
        refuse("Danh hiệu, hình thức đã bị hủy bỏ được giữ trong lịch sử: không xóa được.", by=by)
    before = snapshot(row, _audited_fields(type(row)))
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=row,
        unit_path=_unit_path(subject),
        changes=diff(before, {}),
    )
    row.delete()


@transaction.atomic
def revoke_award(record: AwardRecord, *, by: User, reason: str) -> AwardRecord:
    """Hủy bỏ an award (Luật TĐKT Chương VII): it stays in the history with its reason and no
    longer counts in chains or criteria. Refuses: no reason, already revoked, out of scope."""
    subject = Subject.of(record)
    check_can_edit(by, subject, record.year)
    reason = reason.strip()
    if not reason:
        refuse(
            "Hãy ghi lý do hủy bỏ (Luật Thi đua, khen thưởng, Chương VII).", by=by, field="reason"
        )
    if record.revoked:
        refuse("Danh hiệu, hình thức này đã bị hủy bỏ.", by=by)
    record.revoked = True
    record.revoked_reason = reason
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked", "revoked_reason", "revoked_at", "updated_at"])
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=record,
        unit_path=subject.path,
        changes={"revoked": [False, True]},
        reason=reason,
    )
    return record
