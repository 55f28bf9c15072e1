"""Excel imports of units and people: store the upload, check every row, then write all of it in
one transaction or nothing at all.

Two phases. Reading and checking run outside any transaction (so the progress bar moves and the
database is not held): each row goes through the pure parsers of `importing.rows`, then the whole
file through `importing.plans` against what is stored, loaded in a handful of bulk queries. Any
row error ends the job FAILED with the errors stored row by row. Otherwise everything is written
in one transaction with bulk inserts and updates, and audited: one IMPORT entry for the job and
one entry per created or changed record.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connections, models, router, transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import build_audit_entry, diff, json_safe, record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.services import refresh_query_planner_statistics
from thidua.core.text import fold
from thidua.core.uploads import check_upload
from thidua.organizations import tree
from thidua.organizations.enums import ImportKind, ImportStatus
from thidua.organizations.importing import rows as r
from thidua.organizations.importing.plans import (
    ExistingPerson,
    ExistingUnit,
    UnitPlan,
    UnitRef,
    check_people,
    plan_units,
)
from thidua.organizations.importing.sheet import count_import_rows, open_import_sheet
from thidua.organizations.importing.templates import columns_for
from thidua.organizations.importing.vocabulary import VOCABULARY
from thidua.organizations.models import ImportJob, Membership, Person, Unit
from thidua.organizations.scoping import can, grants_for
from thidua.organizations.services.people import AUDITED_PERSON_FIELDS, person_search_fields

logger = logging.getLogger(__name__)

MAX_ROWS = 200_000
ERRORS_KEPT = 1_000
WRITE_BATCH = 1_000
LOOKUP_BATCH = 5_000  # codes per IN (...) query: under every database's parameter limit
UNEXPECTED_FAILURE = (
    "Hệ thống gặp lỗi ngoài ý muốn khi nhập tệp này; chưa có dữ liệu nào được ghi. Sự cố đã "
    "được ghi lại. Hãy thử lại sau ít phút hoặc báo quản trị hệ thống."
)
_UNIT_AUDITED = (
    "code",
    "name",
    "abbreviation",
    "kind",
    "parent",
    "head",
    "is_active",
    "sort_order",
)


def so(number: int) -> str:
    """1234567 → "1.234.567"."""
    return f"{number:,}".replace(",", ".")


# -- Upload -------------------------------------------------------------------------------------


def create_import_job(*, by: User, kind: str, upload: UploadedFile[bytes]) -> ImportJob:
    """Keep an uploaded file as a pending import job, once it is known to be readable.

    Refuses, with a Vietnamese message for the `file` field and without creating a job: a user
    who may import nowhere, an unknown kind, a file that is not really an .xlsx (name, size,
    content), a corrupt or empty workbook, one missing a required column, one with no data row
    or more than `MAX_ROWS` rows.
    """
    if not has_anywhere(grants_for(by), Perm.IMPORT_DATA):
        raise PermissionDeniedError("Bạn không có quyền nhập dữ liệu từ Excel.")
    if kind not in ImportKind.values:
        raise DomainError("Loại dữ liệu nhập không hợp lệ.", field="kind")
    check_upload(upload, allowed_extensions={".xlsx"})
    upload.seek(0)
    total = count_import_rows(upload, columns_for(kind), max_rows=MAX_ROWS)
    if total == 0:
        raise DomainError("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", field="file")
    upload.seek(0)
    job = ImportJob(
        kind=kind,
        original_name=(upload.name or "tep.xlsx")[:255],
        created_by=by,
        total_rows=total,
    )
    job.file.save(f"{kind}-{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save()
    return job


# -- Running ------------------------------------------------------------------------------------


def run_import(job: ImportJob, *, by: User) -> ImportJob:
    """Check every row of the job's file; if none is wrong, write them all in one transaction.

    Refuses (job FAILED, nothing written): any row error (stored row by row, the first
    `ERRORS_KEPT` of them), a file that can no longer be read, an importer who may no longer
    import. An unexpected exception also ends the job FAILED with a Vietnamese message and is
    logged: a job is never left RUNNING. A job that is not PENDING is returned as it is, so a
    task delivered twice does not import twice.
    """
    started = timezone.now()
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=started, processed_rows=0
    )
    if not claimed:
        job.refresh_from_db()
        return job
    try:
        if not has_anywhere(grants_for(by), Perm.IMPORT_DATA):
            raise DomainError("Người tải tệp lên không còn quyền nhập dữ liệu.")
        if job.kind == ImportKind.UNITS:
            _import_units(job, by)
        else:
            _import_people(job, by)
        refresh_query_planner_statistics()
    except DomainError as exc:
        _finish_failed(job, message=exc.message)
    except Exception:
        logger.exception("Import job %s failed unexpectedly", job.pk)
        _finish_failed(job, message=UNEXPECTED_FAILURE)
    job.refresh_from_db()
    return job


class _Progress:
    """Moves `processed_rows` every ~2% of the rows, not on every row."""

    def __init__(self, job: ImportJob, total: int) -> None:
        self.job_id = job.pk
        self.total = max(total, 1)
        self.step = max(1, self.total // 50)
        self.done = 0

    def tick(self) -> None:
        self.done += 1
        if self.done % self.step == 0:
            ImportJob.objects.filter(pk=self.job_id).update(
                processed_rows=min(self.done, self.total)
            )


@dataclass
class _Read[T]:
    parsed: list[T]
    errors: list[r.RowError]
    keys: list[tuple[int, str]]  # (row, code) of every row, readable or not

    @property
    def row_count(self) -> int:
        return len(self.keys)


def _read[T](
    job: ImportJob,
    columns: Sequence[r.ColumnSpec],
    parse: Callable[[int, Mapping[str, object]], T | list[r.RowError]],
    key: Callable[[Mapping[str, object]], str],
) -> _Read[T]:
    result: _Read[T] = _Read(parsed=[], errors=[], keys=[])
    with job.file.open("rb") as stream:
        sheet = open_import_sheet(stream, columns, max_rows=MAX_ROWS)
        progress = _Progress(job, sheet.total)
        for row in sheet.rows:
            result.keys.append((row.number, key(row.values)))
            outcome = parse(row.number, row.values)
            if isinstance(outcome, list):
                result.errors.extend(outcome)
            else:
                result.parsed.append(outcome)
            progress.tick()
    if result.row_count == 0:
        raise DomainError("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=result.row_count, total_rows=result.row_count
    )
    return result


def _finish_failed(
    job: ImportJob,
    *,
    message: str,
    errors: Sequence[r.RowError] = (),
    columns: Sequence[r.ColumnSpec] = (),
    row_count: int | None = None,
) -> None:
    ordered = r.sort_errors(errors, [spec.header for spec in columns])
    kept = r.kept_errors(ordered, ERRORS_KEPT)
    fields: dict[str, Any] = {
        "status": ImportStatus.FAILED,
        "errors": kept,
        "message": message[:500],
        "finished_at": timezone.now(),
        "created_count": 0,
        "updated_count": 0,
        "unchanged_count": 0,
    }
    if row_count is not None:
        fields["processed_rows"] = row_count
        fields["total_rows"] = row_count
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _fail_rows(
    job: ImportJob, errors: list[r.RowError], columns: Sequence[r.ColumnSpec], row_count: int
) -> None:
    bad_rows = len({error.row for error in errors})
    _finish_failed(
        job,
        message=f"Có {so(len(errors))} lỗi ở {so(bad_rows)} trên {so(row_count)} dòng; chưa "
        "ghi dữ liệu nào. Hãy sửa tệp theo danh sách lỗi rồi tải lên lại.",
        errors=errors,
        columns=columns,
        row_count=row_count,
    )


def _finish_succeeded(
    job: ImportJob,
    *,
    by: User,
    created: int,
    updated: int,
    unchanged: int,
    row_count: int,
    unit_paths: Iterable[str],
) -> None:
    """Inside the write transaction: the job's outcome and its IMPORT audit entry."""
    job.status = ImportStatus.SUCCEEDED
    job.created_count, job.updated_count, job.unchanged_count = created, updated, unchanged
    job.processed_rows = job.total_rows = row_count
    job.errors = []
    job.message = (
        f"Đã nhập {so(row_count)} dòng: {so(created)} tạo mới, {so(updated)} cập nhật, "
        f"{so(unchanged)} không thay đổi."
    )
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "created_count",
            "updated_count",
            "unchanged_count",
            "processed_rows",
            "total_rows",
            "errors",
            "message",
            "finished_at",
            "updated_at",
        ]
    )
    record_audit(
        actor=by,
        action=AuditAction.IMPORT,
        target=job,
        unit_path=common_path(unit_paths),
        changes={
            "created_count": [0, created],
            "updated_count": [0, updated],
            "unchanged_count": [0, unchanged],
        },
        reason=f"Nhập {job.get_kind_display().lower()} từ tệp “{job.original_name}”.",
    )


def common_path(paths: Iterable[str]) -> str:
    """The deepest unit path above all `paths` ("" for none), so the IMPORT entry is seen by
    whoever audits that part of the tree."""
    common: list[int] | None = None
    for path in paths:
        ids = tree.ancestor_ids(path)
        if common is None:
            common = ids
            continue
        size = 0
        while size < min(len(common), len(ids)) and common[size] == ids[size]:
            size += 1
        common = common[:size]
    if not common:
        return ""
    return "/" + "".join(f"{pk}/" for pk in common)


def _batches[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_many(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert unsaved instances like `bulk_create`, minus its per-value SQL compilation.

    Values go through each field's own `pre_save` and `get_db_prep_save` (defaults, auto_now,
    JSON, time zones are handled as the ORM does), then one prepared INSERT runs with
    `executemany`: three to four times faster for the tens of thousands of rows of an import.
    Primary keys are not read back; callers that need them look them up by a natural key.
    """
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - identifiers from model metadata
        quote(model._meta.db_table),
        ", ".join(quote(field.column or field.name) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for batch in _batches(objs, WRITE_BATCH):
            cursor.executemany(
                sql,
                [
                    tuple(
                        field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field in fields
                    )
                    for obj in batch
                ],
            )


def update_many(
    model: type[models.Model], objs: Sequence[models.Model], field_names: Sequence[str]
) -> None:
    """Save `field_names` of each instance by primary key, like `bulk_update` without its
    CASE WHEN per row (which grows with the batch: 40.000 people took minutes)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    concrete = [field for field in fields if isinstance(field, models.Field)]
    pk = model._meta.pk
    if pk is None:  # pragma: no cover - every concrete model has one
        raise TypeError(f"{model.__name__} has no primary key")
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - identifiers from model metadata
        quote(model._meta.db_table),
        ", ".join(f"{quote(field.column or field.name)} = %s" for field in concrete),
        quote(pk.column or pk.name),
    )
    with connection.cursor() as cursor:
        for batch in _batches(objs, WRITE_BATCH):
            cursor.executemany(
                sql,
                [
                    (
                        *(
                            field.get_db_prep_save(field.pre_save(obj, False), connection)
                            for field in concrete
                        ),
                        obj.pk,
                    )
                    for obj in batch
                ],
            )


def _bulk_audit(entries: list[AuditEntry]) -> None:
    insert_many(AuditEntry, entries)


# -- People -------------------------------------------------------------------------------------


def _import_people(job: ImportJob, by: User) -> None:
    today = timezone.localdate()

    def parse(number: int, cells: Mapping[str, object]) -> r.PersonRow | list[r.RowError]:
        return r.parse_person_row(number, cells, VOCABULARY, today=today)

    read = _read(job, r.PEOPLE_COLUMNS, parse, r.read_staff_code)
    errors = read.errors + r.duplicate_errors(read.keys, r.STAFF_CODE, "Mã cán bộ")
    units = _units_by_code({row.unit_code for row in read.parsed})
    people = _people_by_code([row.staff_code for row in read.parsed])
    open_memberships = _open_memberships([person.pk for person in people.values()])
    existing = {
        code: ExistingPerson(
            id=person.pk,
            unit_id=person.unit_id,
            unit_path=person.unit.path,
            open_since=(
                open_memberships[person.pk].start_date if person.pk in open_memberships else None
            ),
        )
        for code, person in people.items()
    }
    refs = {
        code: UnitRef(id=unit.pk, code=code, path=unit.path, is_active=unit.is_active)
        for code, unit in units.items()
    }
    errors += check_people(
        read.parsed,
        units=refs,
        existing=existing,
        may_change=lambda path: can(by, Perm.CHANGE_PERSON, path),
        today=today,
    )
    if errors:
        _fail_rows(job, errors, r.PEOPLE_COLUMNS, read.row_count)
        return
    with transaction.atomic():
        _write_people(job, by, read.parsed, units, people, open_memberships, today)


def _units_by_code(codes: set[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for batch in _batches(sorted(codes), LOOKUP_BATCH):
        for unit in Unit.objects.filter(code__in=batch).only("id", "code", "path", "is_active"):
            found[unit.code] = unit
    return found


def _people_by_code(codes: Sequence[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for batch in _batches(sorted(set(codes)), LOOKUP_BATCH):
        for person in Person.objects.filter(staff_code__in=batch).select_related("unit"):
            found[person.staff_code] = person
    return found


def _open_memberships(person_ids: Sequence[int]) -> dict[int, Membership]:
    found: dict[int, Membership] = {}
    for batch in _batches(person_ids, LOOKUP_BATCH):
        for membership in Membership.objects.filter(person_id__in=batch, end_date__isnull=True):
            found[membership.person_id] = membership
    return found


def _person_audit_values(person: Person) -> dict[str, Any]:
    """What `snapshot(person, AUDITED_PERSON_FIELDS)` gives, without a lookup per field."""
    return {
        name: json_safe(person.unit_id if name == "unit" else getattr(person, name))
        for name in AUDITED_PERSON_FIELDS
    }


_PERSON_FIELDS = ("gender", "date_of_birth", "position", "employment_kind", "email", "phone")


def _write_people(
    job: ImportJob,
    by: User,
    rows: Sequence[r.PersonRow],
    units: Mapping[str, Unit],
    people: Mapping[str, Person],
    open_memberships: Mapping[int, Membership],
    today: dt.date,
) -> None:
    now = timezone.now()
    new_people: list[Person] = []
    new_starts: list[dt.date] = []
    changed: list[tuple[Person, dict[str, Any], bool]] = []  # person, before, moved
    closed: list[Membership] = []
    opened: list[Membership] = []
    repositioned: list[Membership] = []
    before_unit_paths: list[str] = []
    unchanged = 0
    for row in rows:
        unit = units[row.unit_code]
        person = people.get(row.staff_code)
        if person is None:
            values: dict[str, Any] = {
                "position": "",
                "email": "",
                "phone": "",
                "date_of_birth": None,
                **row.values,
            }
            new_people.append(
                Person(
                    staff_code=row.staff_code,
                    full_name=row.full_name,
                    unit_id=unit.pk,
                    **values,
                    **person_search_fields(row.full_name, row.staff_code, values["position"]),
                )
            )
            new_starts.append(row.start_date or today)
            continue
        before = _person_audit_values(person)
        previous_path = person.unit.path
        person.full_name = row.full_name
        for name in _PERSON_FIELDS:
            if name in row.values:
                setattr(person, name, row.values[name])
        moved = person.unit_id != unit.pk
        position_changed = before["position"] != person.position
        person.unit_id = unit.pk
        if _person_audit_values(person) == before:
            unchanged += 1
            continue
        for name, value in person_search_fields(
            person.full_name, person.staff_code, person.position
        ).items():
            setattr(person, name, value)
        person.updated_at = now
        changed.append((person, before, moved))
        if moved:
            before_unit_paths.append(previous_path)
        current = open_memberships.get(person.pk)
        if moved:
            start = row.start_date or today
            if current is not None:
                current.end_date = start - dt.timedelta(days=1)
                closed.append(current)
            opened.append(
                Membership(
                    person_id=person.pk, unit_id=unit.pk, position=person.position, start_date=start
                )
            )
        elif position_changed and current is not None:
            current.position = person.position
            repositioned.append(current)

    insert_many(Person, new_people)
    new_ids: dict[str, int] = {}
    for batch in _batches([person.staff_code for person in new_people], LOOKUP_BATCH):
        new_ids.update(Person.objects.filter(staff_code__in=batch).values_list("staff_code", "id"))
    for person in new_people:
        person.pk = new_ids[person.staff_code]
    opened += [
        Membership(
            person_id=person.pk, unit_id=person.unit_id, position=person.position, start_date=start
        )
        for person, start in zip(new_people, new_starts, strict=True)
    ]
    if changed:
        update_many(
            Person,
            [person for person, _, _ in changed],
            [*_PERSON_FIELDS, "full_name", "unit", "search_text", "sort_name", "updated_at"],
        )
    # Close before opening: one open membership per person is a database constraint.
    update_many(Membership, closed, ["end_date"])
    update_many(Membership, repositioned, ["position"])
    insert_many(Membership, opened)

    path_of = {unit.pk: unit.path for unit in units.values()}
    # The IMPORT entry sits above every unit touched, including those people moved out of.
    touched_paths = [*path_of.values(), *before_unit_paths]
    entries = [
        build_audit_entry(
            actor=by,
            action=AuditAction.CREATE,
            target_type="organizations.person",
            target_id=person.pk,
            target_repr=str(person),
            unit_path=path_of[person.unit_id],
            changes=diff({}, _person_audit_values(person)),
            reason=f"Nhập từ Excel (lượt nhập #{job.pk}).",
        )
        for person in new_people
    ]
    entries += [
        build_audit_entry(
            actor=by,
            action=AuditAction.MOVE if moved else AuditAction.UPDATE,
            target_type="organizations.person",
            target_id=person.pk,
            target_repr=str(person),
            unit_path=path_of[person.unit_id],
            changes=diff(before, _person_audit_values(person)),
            reason=f"Nhập từ Excel (lượt nhập #{job.pk}).",
        )
        for person, before, moved in changed
    ]
    _bulk_audit(entries)
    _finish_succeeded(
        job,
        by=by,
        created=len(new_people),
        updated=len(changed),
        unchanged=unchanged,
        row_count=len(rows),
        unit_paths=touched_paths,
    )


# -- Units --------------------------------------------------------------------------------------


def _import_units(job: ImportJob, by: User) -> None:
    def parse(number: int, cells: Mapping[str, object]) -> r.UnitRow | list[r.RowError]:
        return r.parse_unit_row(number, cells, VOCABULARY)

    read = _read(job, r.UNIT_COLUMNS, parse, r.read_unit_code)
    errors = read.errors + r.duplicate_errors(read.keys, r.UNIT_CODE, "Mã đơn vị")
    existing = _all_units()
    parsed_codes = {row.code for row in read.parsed}
    unreadable = {code for _, code in read.keys if code and code not in parsed_codes}
    plan = plan_units(
        read.parsed,
        existing=existing,
        may_change=lambda path: can(by, Perm.CHANGE_UNIT, path),
        vocabulary=VOCABULARY,
        unreadable_codes=unreadable,
    )
    if isinstance(plan, list):
        errors += plan
    if errors or isinstance(plan, list):
        _fail_rows(job, errors, r.UNIT_COLUMNS, read.row_count)
        return
    with transaction.atomic():
        _write_units(job, by, plan, existing, read.row_count, parsed_codes)


def _all_units() -> dict[str, ExistingUnit]:
    rows = list(
        Unit.objects.values_list(
            "id",
            "code",
            "name",
            "kind",
            "parent_id",
            "path",
            "is_active",
            "sort_order",
            "abbreviation",
        )
    )
    code_of = {row[0]: row[1] for row in rows}
    return {
        code: ExistingUnit(
            id=pk,
            code=code,
            name=name,
            kind=kind,
            parent_code=code_of.get(parent_id) if parent_id is not None else None,
            path=path,
            is_active=is_active,
            sort_order=sort_order,
            abbreviation=abbreviation,
        )
        for pk, code, name, kind, parent_id, path, is_active, sort_order, abbreviation in rows
    }


def _write_units(
    job: ImportJob,
    by: User,
    plan: UnitPlan,
    existing: Mapping[str, ExistingUnit],
    row_count: int,
    codes: Iterable[str],
) -> None:
    now = timezone.now()
    pk_of = {code: stored.id for code, stored in existing.items()}
    parent_of: dict[int, int | None] = {}
    path_of: dict[int, str] = {stored.id: stored.path for stored in existing.values()}
    for stored_unit in existing.values():
        parent_of[stored_unit.id] = (
            pk_of[stored_unit.parent_code] if stored_unit.parent_code else None
        )

    # New units, parents first (the plan is ordered by depth), each with a unique placeholder
    # path until its primary key is known.
    created: list[Unit] = []
    pending = list(plan.creates)
    while pending:
        ready = [new for new in pending if new.row.parent_code in pk_of]
        pending = [new for new in pending if new.row.parent_code not in pk_of]
        batch = [
            Unit(
                code=new.row.code,
                name=new.row.name,
                kind=new.kind,
                parent_id=pk_of[new.row.parent_code],
                sort_order=new.sort_order,
                abbreviation=new.row.abbreviation or "",
                path=f"#{new.row.code}",
                depth=0,
                name_folded=fold(new.row.name),
            )
            for new in ready
        ]
        Unit.objects.bulk_create(batch, batch_size=WRITE_BATCH)
        for unit in batch:
            pk_of[unit.code] = unit.pk
            parent_of[unit.pk] = unit.parent_id
            path_of[unit.pk] = unit.path
        created += batch

    # Changed fields of existing units (moves change the parent here, paths below).
    updated: list[Unit] = []
    for change in plan.changes:
        stored = change.unit
        unit = Unit(
            pk=stored.id,
            name=change.fields.get("name", stored.name),
            kind=change.fields.get("kind", stored.kind),
            sort_order=change.fields.get("sort_order", stored.sort_order),
            abbreviation=change.fields.get("abbreviation", stored.abbreviation),
            parent_id=pk_of[change.fields.get("parent_code", stored.parent_code)],
            updated_at=now,
        )
        unit.name_folded = fold(unit.name)
        parent_of[unit.pk] = unit.parent_id
        updated.append(unit)
    update_many(
        Unit,
        updated,
        ["name", "name_folded", "kind", "sort_order", "abbreviation", "parent", "updated_at"],
    )

    # Rebuild every path that the new units and the moves change, in two passes through
    # temporary values so that the unique index never sees two units on one path.
    final: dict[int, str] = {}

    def final_path(pk: int) -> str:
        chain: list[int] = []
        current: int | None = pk
        while current is not None and current not in final:
            chain.append(current)
            current = parent_of[current]
        prefix = final[current] if current is not None else None
        for node in reversed(chain):
            prefix = tree.path_for(prefix, node)
            final[node] = prefix
        return final[pk]

    moved = [
        Unit(pk=pk, path=final_path(pk), depth=tree.depth_of(final_path(pk)))
        for pk in parent_of
        if final_path(pk) != path_of[pk]
    ]
    for unit in moved:
        unit.path = "#" + unit.path
    update_many(Unit, moved, ["path"])
    for unit in moved:
        unit.path = unit.path[1:]
    update_many(Unit, moved, ["path", "depth"])

    reason = f"Nhập từ Excel (lượt nhập #{job.pk})."
    entries = [
        build_audit_entry(
            actor=by,
            action=AuditAction.CREATE,
            target_type="organizations.unit",
            target_id=unit.pk,
            target_repr=unit.name,
            unit_path=final[unit.pk],
            changes=diff(
                {},
                {
                    "code": unit.code,
                    "name": unit.name,
                    **({"abbreviation": unit.abbreviation} if unit.abbreviation else {}),
                    "kind": unit.kind,
                    "parent": unit.parent_id,
                    "is_active": True,
                    "sort_order": unit.sort_order,
                },
            ),
            reason=reason,
        )
        for unit in created
    ]
    for change, unit in zip(plan.changes, updated, strict=True):
        stored = change.unit
        before = {
            "name": stored.name,
            "abbreviation": stored.abbreviation,
            "kind": stored.kind,
            "sort_order": stored.sort_order,
            "parent": pk_of[stored.parent_code] if stored.parent_code else None,
        }
        after = {
            "name": unit.name,
            "abbreviation": unit.abbreviation,
            "kind": unit.kind,
            "sort_order": unit.sort_order,
            "parent": unit.parent_id,
        }
        changes = diff(before, after)
        if change.moves:
            changes["path"] = [stored.path, final[unit.pk]]
        entries.append(
            build_audit_entry(
                actor=by,
                action=AuditAction.MOVE if change.moves else AuditAction.UPDATE,
                target_type="organizations.unit",
                target_id=unit.pk,
                target_repr=unit.name,
                unit_path=final[unit.pk],
                changes=changes,
                reason=reason,
            )
        )
    _bulk_audit(entries)
    _finish_succeeded(
        job,
        by=by,
        created=len(created),
        updated=len(updated),
        unchanged=plan.unchanged,
        row_count=row_count,
        unit_paths=[final_path(pk_of[code]) for code in codes],
    )
