"""Personal registrations in bulk from Excel: the template of a unit officer's people and the
all-or-nothing import, whose registrations wait for the unit head."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import build_audit_entry
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import Column, build_workbook
from thidua.movements.enums import (
    COLLECTIVE_TITLES,
    INDIVIDUAL_TITLES,
    ApprovalStatus,
    EmulationTitle,
)
from thidua.movements.models import Movement, PersonalRegistration, RegistrationRound
from thidua.movements.selectors.registrations import (
    deadline_for,
    deadline_overrides,
    participant_units,
)
from thidua.movements.services.registrations.common import (
    MAX_TEXT,
    require_open_movement,
    title_label,
    window_problem,
)
from thidua.movements.services.registrations.personal import registration_repr
from thidua.movements.services.registrations.sheets import (
    ALL_OR_NOTHING,
    MAX_ROWS,
    ImportResult,
    check_file,
    so,
)
from thidua.organizations.importing.rows import (
    ColumnSpec,
    RowError,
    cell_text,
    duplicate_errors,
    match_key,
    sort_errors,
)
from thidua.organizations.importing.sheet import open_import_sheet
from thidua.organizations.models import Person
from thidua.organizations.scoping import can, grants_for, scope_q
from thidua.organizations.services.clusters import common_ancestor_path

STAFF_CODE = "Mã cán bộ"
FULL_NAME = "Họ và tên"
TITLE = "Danh hiệu đăng ký"
COMMITMENTS = "Nội dung cam kết"
_INDIVIDUAL_LABELS = [title_label(str(t)) for t in INDIVIDUAL_TITLES]
_TITLE_BY_KEY = {match_key(label): str(value) for value, label in EmulationTitle.choices}

PERSONAL_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(STAFF_CODE, True, "Bắt buộc. Mã cán bộ như trong hệ thống.", 14),
    ColumnSpec(FULL_NAME, True, "Bắt buộc. Họ và tên, để đối chiếu với mã cán bộ (phải khớp).", 28),
    ColumnSpec(
        TITLE,
        True,
        "Bắt buộc. Danh hiệu cá nhân đăng ký: " + ", ".join(_INDIVIDUAL_LABELS) + ".",
        28,
    ),
    ColumnSpec(
        COMMITMENTS, False, f"Nội dung cam kết của cá nhân, tối đa {so(MAX_TEXT)} ký tự.", 60
    ),
)


def _people_to_register(by: User, movement: Movement) -> list[Person]:
    participants = participant_units(movement, include_sub_units=True)
    return list(
        Person.objects.filter(
            scope_q(by, Perm.REGISTER_UNIT, "unit__path"),
            unit__in=participants.values("pk"),
            is_active=True,
        )
        .select_related("unit")
        .order_by("unit__path", "sort_name", "staff_code")
    )


def build_personal_template(*, by: User, round_: RegistrationRound) -> tuple[str, bytes]:
    """(file name, .xlsx) to register people in bulk: a row per active person of the units the
    officer registers for (pre-filled with their current registration), a dropdown of the
    individual titles."""
    people = _people_to_register(by, round_.movement)
    current = {
        r.person_id: r for r in PersonalRegistration.objects.filter(round=round_, person__in=people)
    }
    rows = []
    for person in people:
        registration = current.get(person.pk)
        rows.append(
            [
                person.staff_code,
                person.full_name,
                title_label(registration.title) if registration else "",
                registration.commitments if registration else "",
            ]
        )
    columns = [
        Column(
            spec.header,
            spec.width,
            choices=_INDIVIDUAL_LABELS if spec.header == TITLE else (),
            note=spec.help,
        )
        for spec in PERSONAL_COLUMNS
    ]
    instructions = [
        f"Đăng ký thi đua cá nhân năm {round_.year} — {round_.movement.name}",
        "",
        "• Mỗi dòng là một người; xóa dòng của người không đăng ký.",
        "• Các đăng ký được nhập ở trạng thái “Chờ duyệt”: thủ trưởng đơn vị duyệt hoặc trả lại.",
        "• Đăng ký đã được duyệt không nhập đè được.",
        f"• {ALL_OR_NOTHING}",
        "",
        "Các cột:",
        *[f"• {spec.header}: {spec.help}" for spec in PERSONAL_COLUMNS],
    ]
    content = build_workbook(
        title="Đăng ký cá nhân",
        columns=columns,
        rows=rows,
        instructions=instructions,
        template_rows=max(len(rows), 200),
    )
    return f"dang-ky-ca-nhan-{round_.movement.code.lower()}-{round_.year}.xlsx", content


@dataclass(frozen=True)
class _PersonRow:
    number: int
    person: Person
    title: str
    commitments: str


def import_personal_registrations(
    *, by: User, round_: RegistrationRound, upload: UploadedFile[bytes]
) -> ImportResult:
    """Register people of the importer's units from an uploaded template; the registrations
    are sent at once (status "Chờ duyệt") for the unit head to approve.

    Every row is checked: the staff code exists, belongs to an active person of a unit that
    takes part and where the importer holds REGISTER_UNIT, the name matches the code (case and
    diacritics aside), the title is an individual title, commitments fit, the person appears
    once, their registration is not already approved, and the round is open for their unit
    (a returned registration may be sent again at any time). Any problem: nothing is written.
    Refuses the file itself like `import_targets`.
    """
    if not has_anywhere(grants_for(by), Perm.REGISTER_UNIT):
        raise PermissionDeniedError("Bạn không có quyền đăng ký thi đua cho cán bộ.")
    movement = round_.movement
    require_open_movement(movement)
    check_file(upload)
    sheet = open_import_sheet(upload, PERSONAL_COLUMNS, max_rows=MAX_ROWS)
    rows = list(sheet.rows)
    if not rows:
        raise DomainError("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", field="file")
    keys = [(row.number, cell_text(row.values.get(STAFF_CODE)).upper()) for row in rows]
    errors = duplicate_errors(keys, STAFF_CODE, "Mã cán bộ")
    duplicated = {error.row for error in errors}
    people = {
        p.staff_code.upper(): p
        for p in Person.objects.filter(
            staff_code__in={code for _, code in keys if code}
        ).select_related("unit")
    }
    participants = set(
        participant_units(movement, include_sub_units=True).values_list("pk", flat=True)
    )
    existing = {
        r.person_id: r
        for r in PersonalRegistration.objects.select_related("person", "round").filter(
            round=round_, person__in=[p.pk for p in people.values()]
        )
    }
    overrides = deadline_overrides(round_)
    parsed: list[_PersonRow] = []
    for row, (number, code) in zip(rows, keys, strict=True):
        if number in duplicated:
            continue
        outcome = _check_person_row(
            by, round_, number, code, row.values, people, participants, existing, overrides
        )
        if isinstance(outcome, list):
            errors += outcome
        else:
            parsed.append(outcome)
    if errors:
        ordered = sort_errors(errors, [spec.header for spec in PERSONAL_COLUMNS])
        return ImportResult(row_count=len(rows), errors=ordered)
    created, updated = _write_personal(by, round_, parsed, existing, upload.name or "tep.xlsx")
    return ImportResult(row_count=len(rows), created=created, updated=updated)


def _check_person_row(
    by: User,
    round_: RegistrationRound,
    number: int,
    code: str,
    cells: dict[str, Any],
    people: dict[str, Person],
    participants: set[int],
    existing: dict[int, PersonalRegistration],
    overrides: dict[str, Any],
) -> _PersonRow | list[RowError]:
    errors: list[RowError] = []
    if not code:
        return [RowError(number, STAFF_CODE, "Thiếu mã cán bộ.")]
    person = people.get(code)
    if person is None:
        return [RowError(number, STAFF_CODE, f"Không tìm thấy cán bộ có mã “{code}”.")]
    if not can(by, Perm.REGISTER_UNIT, person.unit.path):
        return [
            RowError(
                number,
                STAFF_CODE,
                f"Cán bộ “{code}” thuộc đơn vị ngoài phạm vi bạn được đăng ký thi đua.",
            )
        ]
    if not person.is_active:
        errors.append(RowError(number, STAFF_CODE, f"{person.full_name} không còn công tác."))
    elif person.unit_id not in participants:
        errors.append(
            RowError(
                number,
                STAFF_CODE,
                f"Đơn vị “{person.unit.name}” của {person.full_name} không tham gia phong trào này.",
            )
        )
    name = cell_text(cells.get(FULL_NAME))
    if not name:
        errors.append(RowError(number, FULL_NAME, "Thiếu họ và tên."))
    elif match_key(name) != match_key(person.full_name):
        errors.append(
            RowError(
                number,
                FULL_NAME,
                f"Họ và tên “{name}” không khớp với mã cán bộ “{code}” (trong hệ thống: "
                f"{person.full_name}).",
            )
        )
    title_text = cell_text(cells.get(TITLE))
    title = _TITLE_BY_KEY.get(match_key(title_text), "")
    if not title_text:
        errors.append(RowError(number, TITLE, "Thiếu danh hiệu đăng ký."))
    elif title in COLLECTIVE_TITLES:
        errors.append(
            RowError(
                number,
                TITLE,
                f"“{title_label(title)}” là danh hiệu tập thể; cá nhân chỉ đăng ký: "
                + ", ".join(_INDIVIDUAL_LABELS)
                + ".",
            )
        )
    elif title not in INDIVIDUAL_TITLES:
        errors.append(
            RowError(
                number,
                TITLE,
                f"Danh hiệu “{title_text}” không hợp lệ; chọn một trong: "
                + ", ".join(_INDIVIDUAL_LABELS)
                + ".",
            )
        )
    commitments = str(cells.get(COMMITMENTS) or "").strip()
    if len(commitments) > MAX_TEXT:
        errors.append(
            RowError(number, COMMITMENTS, f"Nội dung cam kết dài quá {so(MAX_TEXT)} ký tự.")
        )
    current = existing.get(person.pk)
    if current is not None and current.status == ApprovalStatus.APPROVED:
        errors.append(
            RowError(
                number,
                STAFF_CODE,
                f"Đăng ký của {person.full_name} đã được duyệt; không nhập đè được.",
            )
        )
    elif current is None or current.status == ApprovalStatus.DRAFT:
        problem = window_problem(round_, deadline_for(round_, person.unit.path, overrides))
        if problem:
            errors.append(RowError(number, STAFF_CODE, problem))
    if errors:
        return errors
    return _PersonRow(number=number, person=person, title=title, commitments=commitments)


@transaction.atomic
def _write_personal(
    by: User,
    round_: RegistrationRound,
    rows: Sequence[_PersonRow],
    existing: dict[int, PersonalRegistration],
    file_name: str,
) -> tuple[int, int]:
    now = timezone.now()
    reason = f"Nhập từ Excel ({file_name})"
    created: list[PersonalRegistration] = []
    updated: list[tuple[PersonalRegistration, dict[str, Any]]] = []
    for row in rows:
        current = existing.get(row.person.pk)
        if current is None:
            registration = PersonalRegistration(round=round_, person=row.person)
            created.append(registration)
            before: dict[str, Any] = {}
        else:
            registration = current
            before = {
                "title": current.title,
                "commitments": current.commitments,
                "status": current.status,
                "unit": current.unit_id,
            }
            updated.append((registration, before))
        registration.unit = row.person.unit
        registration.title = row.title
        registration.commitments = row.commitments
        registration.status = ApprovalStatus.SUBMITTED
        registration.registered_by = by
        registration.submitted_at = now
        registration.decided_at = None
        registration.decided_by = None
        registration.updated_at = now
    PersonalRegistration.objects.bulk_create(created)
    PersonalRegistration.objects.bulk_update(
        [registration for registration, _ in updated],
        [
            "unit",
            "title",
            "commitments",
            "status",
            "registered_by",
            "submitted_at",
            "decided_at",
            "decided_by",
            "updated_at",
        ],
    )
    audit: list[AuditEntry] = []
    for registration, before in [*((r, {}) for r in created), *updated]:
        after = {
            "title": registration.title,
            "commitments": registration.commitments,
            "status": registration.status,
            "unit": registration.unit_id,
        }
        audit.append(
            build_audit_entry(
                actor=by,
                action=AuditAction.UPDATE if before else AuditAction.CREATE,
                target_type="movements.personalregistration",
                target_id=registration.pk,
                target_repr=registration_repr(registration),
                unit_path=registration.unit.path,
                changes={
                    key: [before.get(key), value]
                    for key, value in after.items()
                    if before.get(key) != value
                },
                reason=reason,
            )
        )
    audit.append(
        build_audit_entry(
            actor=by,
            action=AuditAction.IMPORT,
            target_type="movements.registrationround",
            target_id=round_.pk,
            target_repr=f"Đăng ký thi đua cá nhân năm {round_.year} — {round_.movement.name}",
            unit_path=common_ancestor_path(row.person.unit.path for row in rows),
            changes={
                "file": [None, file_name],
                "created": [None, len(created)],
                "updated": [None, len(updated)],
            },
        )
    )
    AuditEntry.objects.bulk_create(audit)
    return len(created), len(updated)
