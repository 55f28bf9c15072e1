"""Excel import of yearly ratings and of awards held (history for past years): the template,
then an all-or-nothing import.

Every row is checked first (codes exist, the year makes sense, the rating or award code is
known, the importer holds EDIT_AWARD_INPUTS where the row's subject sits, a person worked
somewhere that year, no row twice in the file); any problem refuses the whole file with a
Vietnamese message per row and nothing is written. Otherwise one transaction writes every row
in bulk: a row for a subject and year (and award) already stored updates it, a new one is
created; one IMPORT audit entry with the counts and one entry per written row.

The import runs during the request: a unit's yearly file is a few thousand rows at most
(`MAX_ROWS`), checked with a fixed number of queries and written in bulk.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.awards import clock
from thidua.awards.enums import InputSource, Rating
from thidua.awards.models import AwardRecord, YearlyRating
from thidua.awards.selectors.rulebook import known_award_codes
from thidua.awards.services.inputs import FIRST_YEAR
from thidua.core.audit import build_audit_entry, record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import Column, build_workbook, open_rows
from thidua.core.uploads import check_upload
from thidua.organizations.models import Membership, Person, Unit
from thidua.organizations.scoping import can, grants_for

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000
ERRORS_SHOWN = 200
RATINGS = "ratings"
AWARDS = "awards"

H_STAFF = "Mã cán bộ"
H_UNIT = "Mã đơn vị (tập thể)"
H_YEAR = "Năm"
H_RATING = "Xếp loại"
H_NOTE = "Ghi chú"
H_CODE = "Mã danh hiệu, hình thức"
H_NUMBER = "Số quyết định"
H_DATE = "Ngày quyết định"
H_ISSUER = "Cấp quyết định"
H_THEMATIC = "Chuyên đề"

COLUMNS: Mapping[str, tuple[Column, ...]] = {
    RATINGS: (
        Column(H_STAFF, 16, note="Mã cán bộ (cá nhân); để trống nếu dòng là của tập thể."),
        Column(H_UNIT, 18, note="Mã đơn vị khi dòng là xếp loại của tập thể."),
        Column(H_YEAR, 8),
        Column(H_RATING, 12, choices=Rating.values),
        Column(H_NOTE, 30),
    ),
    AWARDS: (
        Column(H_STAFF, 16, note="Mã cán bộ (cá nhân); để trống nếu dòng là của tập thể."),
        Column(H_UNIT, 18, note="Mã đơn vị khi dòng là khen thưởng của tập thể."),
        Column(H_CODE, 18),
        Column(H_YEAR, 8),
        Column(H_NUMBER, 18),
        Column(H_DATE, 14),
        Column(H_ISSUER, 30),
        Column(H_THEMATIC, 10, choices=["Có", "Không"]),
    ),
}
REQUIRED: Mapping[str, tuple[str, ...]] = {
    RATINGS: (H_YEAR, H_RATING),
    AWARDS: (H_CODE, H_YEAR),
}
TITLES = {RATINGS: "Xếp loại hằng năm", AWARDS: "Khen thưởng đã đạt"}


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str


class ImportRejectedError(DomainError):
    """The file was refused as a whole: `problems` are the rows' errors, nothing was written."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__(
            f"Tệp có {len(problems)} dòng lỗi; chưa có dữ liệu nào được ghi. Hãy sửa và nhập lại.",
            field="file",
        )
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def import_template(kind: str) -> tuple[str, bytes]:
    """The file name and .xlsx of the template for `kind` ("ratings" or "awards")."""
    instructions = [
        f"Mẫu nhập {TITLES[kind].lower()}. Mỗi dòng là một cá nhân (cột “{H_STAFF}”) hoặc một "
        f"tập thể (cột “{H_UNIT}”), không điền cả hai.",
        "Nhập toàn bộ hoặc không nhập gì: nếu có dòng lỗi, hệ thống báo từng dòng và chưa ghi gì.",
        "Dòng trùng với dữ liệu đã có (cùng đối tượng, năm"
        + (", danh hiệu" if kind == AWARDS else "")
        + ") sẽ cập nhật dữ liệu đó.",
    ]
    if kind == RATINGS:
        instructions.append(
            "Xếp loại: HTXSNV (hoàn thành xuất sắc), HTTNV (hoàn thành tốt), HTNV (hoàn thành), "
            "KHTNV (không hoàn thành nhiệm vụ)."
        )
    else:
        instructions.append(
            "Mã danh hiệu, hình thức theo bộ quy tắc khen thưởng (ví dụ ldtt: Lao động tiên tiến, cstdcs: Chiến sĩ thi đua cơ sở; xem trang Bộ quy tắc). Ngày "
            "quyết định dạng dd/mm/yyyy. Chuyên đề: “Có” nếu khen thưởng theo phong trào chuyên đề."
        )
    content = build_workbook(
        title=TITLES[kind],
        columns=COLUMNS[kind],
        rows=[],
        instructions=instructions,
        template_rows=500,
    )
    name = "mau-xep-loai-hang-nam.xlsx" if kind == RATINGS else "mau-khen-thuong-da-dat.xlsx"
    return name, content


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _year(value: object) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() else None


def _date(value: object) -> dt.date | str | None:
    """A date, None for an empty cell, or the error text."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(_text(value), fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    return "ngày không hợp lệ (dạng dd/mm/yyyy)"


@dataclass(frozen=True)
class _Row:
    number: int
    person: tuple[int, str] | None  # (pk, label)
    unit: tuple[int, str] | None
    year: int
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, int, int, str]:
        code = str(self.values.get("award_code", ""))
        if self.person is not None:
            return ("p", self.person[0], self.year, code)
        assert self.unit is not None  # noqa: S101 (one of the two is always set)
        return ("u", self.unit[0], self.year, code)


def import_file(*, by: User, kind: str, upload: UploadedFile[bytes]) -> ImportResult:
    """Import `upload` (ratings or awards) all or nothing. Refuses: a user who edits award inputs
    nowhere (PermissionDeniedError); a file that is not a readable .xlsx of the template
    (DomainError on `file`); any bad row (ImportRejectedError with every row's problem)."""
    if not has_anywhere(grants_for(by), Perm.EDIT_AWARD_INPUTS):
        raise PermissionDeniedError("Bạn không có quyền nhập thông tin thi đua, khen thưởng.")
    if kind not in COLUMNS:
        raise DomainError("Loại dữ liệu nhập không hợp lệ.", field="kind")
    check_upload(upload, allowed_extensions={".xlsx"})
    upload.seek(0)
    headers = [column.header for column in COLUMNS[kind]]
    required = REQUIRED[kind]
    optional = [h for h in headers if h not in required]
    stream: IO[bytes] = upload.file  # type: ignore[assignment]
    _total, raw_rows = open_rows(
        stream, required_headers=required, optional_headers=optional, max_rows=MAX_ROWS
    )
    sheet = [(row.number, row.values) for row in raw_rows]
    rows, problems = _check(by=by, kind=kind, sheet=sheet)
    if problems:
        logger.info("awards import refused for user %s: %d row errors", by.pk, len(problems))
        raise ImportRejectedError(problems[:ERRORS_SHOWN])
    if not rows:
        raise DomainError("Tệp không có dòng dữ liệu nào.", field="file")
    return _write(by=by, kind=kind, rows=rows, file_name=upload.name or "")


def _check(
    *, by: User, kind: str, sheet: list[tuple[int, dict[str, Any]]]
) -> tuple[list[_Row], list[RowProblem]]:
    staff_codes = {_text(values.get(H_STAFF)) for _n, values in sheet} - {""}
    unit_codes = {_text(values.get(H_UNIT)) for _n, values in sheet} - {""}
    people = {
        code: (pk, name, path)
        for pk, code, name, path in Person.objects.filter(staff_code__in=staff_codes).values_list(
            "pk", "staff_code", "full_name", "unit__path"
        )
    }
    units = {
        code: (pk, name, path)
        for pk, code, name, path in Unit.objects.filter(code__in=unit_codes).values_list(
            "pk", "code", "name", "path"
        )
    }
    spans: dict[int, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    for person_id, start, end, path in Membership.objects.filter(
        person_id__in=[p[0] for p in people.values()]
    ).values_list("person_id", "start_date", "end_date", "unit__path"):
        spans[person_id].append((start, end, path))
    codes_person = known_award_codes(person=True) if kind == AWARDS else frozenset()
    codes_unit = known_award_codes(person=False) if kind == AWARDS else frozenset()
    this_year = clock.today().year
    rows: list[_Row] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, int, int, str], int] = {}
    for number, values in sheet:
        errors: list[str] = []
        staff, unit_code = _text(values.get(H_STAFF)), _text(values.get(H_UNIT))
        year = _year(values.get(H_YEAR))
        if year is None or not FIRST_YEAR <= year <= this_year:
            errors.append(f"{H_YEAR}: phải là năm từ {FIRST_YEAR} đến {this_year}")
        person = unit = None
        if bool(staff) == bool(unit_code):
            errors.append(f"điền đúng một trong hai cột “{H_STAFF}” hoặc “{H_UNIT}”")
        elif staff:
            found = people.get(staff)
            if found is None:
                errors.append(f"{H_STAFF}: không có cán bộ mã “{staff}”")
            else:
                person = (found[0], f"{found[1]} ({staff})")
                if year is not None:
                    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
                    in_year = [
                        path
                        for start, end, path in spans[found[0]]
                        if start <= last and (end is None or end >= first)
                    ]
                    if kind == RATINGS and not in_year:
                        errors.append(
                            f"{found[1]} không có quá trình công tác nào trong năm {year}"
                        )
                    if not any(can(by, Perm.EDIT_AWARD_INPUTS, p) for p in [found[2], *in_year]):
                        errors.append(f"{found[1]} ngoài phạm vi bạn được nhập")
        else:
            found = units.get(unit_code)
            if found is None:
                errors.append(f"{H_UNIT}: không có đơn vị mã “{unit_code}”")
            else:
                unit = (found[0], found[1])
                if not can(by, Perm.EDIT_AWARD_INPUTS, found[2]):
                    errors.append(f"{found[1]} ngoài phạm vi bạn được nhập")
        parsed: dict[str, Any] = {}
        if kind == RATINGS:
            rating = _text(values.get(H_RATING)).upper()
            if rating not in Rating.values:
                errors.append(f"{H_RATING}: phải là một trong {', '.join(Rating.values)}")
            parsed = {"rating": rating, "note": _text(values.get(H_NOTE))[:255]}
        else:
            typed = _text(values.get(H_CODE))
            codes = {known.lower(): known for known in (codes_person if staff else codes_unit)}
            code = codes.get(typed.lower(), typed)
            if code not in codes.values():
                errors.append(
                    f"{H_CODE}: “{code}” không có trong bộ quy tắc cho "
                    f"{'cá nhân' if staff else 'tập thể'}"
                )
            decision_date = _date(values.get(H_DATE))
            if isinstance(decision_date, str):
                errors.append(f"{H_DATE}: {decision_date}")
                decision_date = None
            thematic = _text(values.get(H_THEMATIC)).lower()
            if thematic not in ("", "có", "co", "không", "khong", "x"):
                errors.append(f"{H_THEMATIC}: ghi “Có” hoặc “Không”")
            parsed = {
                "award_code": code,
                "decision_number": _text(values.get(H_NUMBER))[:64],
                "decision_date": decision_date,
                "issuer": _text(values.get(H_ISSUER))[:255],
                "thematic": thematic in ("có", "co", "x"),
            }
        if errors:
            problems.append(RowProblem(number, "; ".join(errors) + "."))
            continue
        assert year is not None  # noqa: S101 (checked above)
        row = _Row(number, person, unit, year, parsed)
        if row.key in seen:
            problems.append(
                RowProblem(number, f"trùng với dòng {seen[row.key]} (cùng đối tượng và năm).")
            )
            continue
        seen[row.key] = number
        rows.append(row)
    return rows, problems


_RATING_FIELDS = ("rating", "note")
_AWARD_FIELDS = ("decision_number", "decision_date", "issuer", "thematic")


def _existing(kind: str, rows: Iterable[_Row]) -> dict[tuple[str, int, int, str], Any]:
    rows = list(rows)
    person_ids = {r.person[0] for r in rows if r.person is not None}
    unit_ids = {r.unit[0] for r in rows if r.unit is not None}
    years = {r.year for r in rows}
    subject = Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)
    found: dict[tuple[str, int, int, str], Any] = {}
    if kind == RATINGS:
        for rating in YearlyRating.objects.filter(subject, year__in=years):
            key = (
                ("p", rating.person_id, rating.year, "")
                if rating.person_id
                else ("u", rating.unit_id, rating.year, "")
            )
            found[key] = rating  # type: ignore[index]
    else:
        for award in AwardRecord.objects.filter(subject, year__in=years, revoked=False):
            key = (
                ("p", award.person_id, award.year, award.award_code)
                if award.person_id
                else ("u", award.unit_id, award.year, award.award_code)
            )
            found[key] = award  # type: ignore[index]
    return found


@transaction.atomic
def _write(*, by: User, kind: str, rows: list[_Row], file_name: str) -> ImportResult:
    existing = _existing(kind, rows)
    names = _RATING_FIELDS if kind == RATINGS else _AWARD_FIELDS
    model: Any = YearlyRating if kind == RATINGS else AwardRecord
    new: list[Any] = []
    changed: list[Any] = []
    unchanged = 0
    audit: list[AuditEntry] = []
    for row in rows:
        current = existing.get(row.key)
        if current is None:
            new.append(
                model(
                    person_id=row.person[0] if row.person else None,
                    unit_id=row.unit[0] if row.unit else None,
                    year=row.year,
                    source=InputSource.IMPORT,
                    created_by=by,
                    **row.values,
                )
            )
            continue
        changes = {
            name: [_plain(getattr(current, name)), _plain(row.values[name])]
            for name in names
            if getattr(current, name) != row.values[name]
        }
        if not changes:
            unchanged += 1
            continue
        for name in names:
            setattr(current, name, row.values[name])
        current.updated_at = timezone.now()
        changed.append(current)
        audit.append(
            build_audit_entry(
                actor=by,
                action=AuditAction.UPDATE,
                target_type=model._meta.label_lower,
                target_id=current.pk,
                target_repr=str(row.number),
                changes=changes,
                reason=f"Nhập từ Excel: {file_name}",
            )
        )
    created = model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, [*names, "updated_at"], batch_size=1000)
    for obj in created:
        audit.append(
            build_audit_entry(
                actor=by,
                action=AuditAction.CREATE,
                target_type=model._meta.label_lower,
                target_id=obj.pk or "",
                target_repr=f"{obj.year}",
                changes={name: [None, _plain(getattr(obj, name))] for name in names},
                reason=f"Nhập từ Excel: {file_name}",
            )
        )
    AuditEntry.objects.bulk_create(audit, batch_size=1000)
    result = ImportResult(created=len(new), updated=len(changed), unchanged=unchanged)
    record_audit(
        actor=by,
        action=AuditAction.IMPORT,
        target_type=f"awards.import_{kind}",
        target_repr=file_name,
        changes={
            "created": [0, result.created],
            "updated": [0, result.updated],
            "unchanged": [0, result.unchanged],
        },
    )
    return result


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
