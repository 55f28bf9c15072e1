"""Writing an initiative: the draft with its authors, submission with the duplicate check,
withdrawal, and the unit's screening (admit or return with a reason).

Life of an initiative (this module's part):

    DRAFT ──submit──▶ SUBMITTED ──admit──▶ ADMITTED ──(councils)──▶ IN_REVIEW ──▶ …
      ▲                   │ return (reason)
      └──── RETURNED ◀────┘              withdraw: DRAFT, SUBMITTED, RETURNED, ADMITTED
                                                   (not once put before a round) → WITHDRAWN

- The author writes their own (any staff member with a Person); an officer holding
  SUBMIT_INITIATIVE_FOR_OTHERS writes for a person of their scope (`selectors.access`).
- The initiative belongs to its main author's unit; its year is the year it is first
  submitted (an officer of the unit may change it).
- Submitting needs a complete text (NĐ 13/2012/NĐ-CP, Điều 3–4: what the solution is, that it
  has been applied or trialled, and its benefit), an authors list adding to 100 % and, when the
  duplicate detector finds an initiative with the same content, the author's explanation of
  what differs. What the author saw is kept (`duplicate_matches`).
- Screening (SCREEN_INITIATIVE at the unit, never one's own) admits, or returns with a
  mandatory reason; the authors are told in-app.

Every write is one transaction, writes an `InitiativeAction` where it is a step of the
history, and an audit entry. Text changes refresh the duplicate detector's fingerprint.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.core.notifications import notify_many
from thidua.core.text import search_document
from thidua.initiatives.authorship import AuthorEntry, AuthorProblem, check_authors
from thidua.initiatives.enums import (
    ActionKind,
    EffectKind,
    InfluenceScope,
    InitiativeStatus,
    SolutionKind,
)
from thidua.initiatives.models import Authorship, Initiative, InitiativeAction
from thidua.initiatives.selectors.access import (
    MSG_NO_SCREEN,
    MSG_NOT_YOURS,
    authors_and_creator,
    edit_refusal,
    screen_refusal,
    screeners_of,
    withdraw_refusal,
)
from thidua.initiatives.selectors.initiatives import (
    areas_for_unit,
    default_movement,
    people_by_id,
)
from thidua.initiatives.selectors.similarity import similar_initiatives
from thidua.initiatives.services.similarity import refresh_fingerprint
from thidua.movements.models import ContentArea
from thidua.organizations.models import Person
from thidua.organizations.scoping import can

TITLE_MAX = 300
TEXT_MAX = 20_000
PLACE_MAX = 300
REASON_MAX = 5_000
AMOUNT_MAX = Decimal("9" * 16)
FIRST_YEAR = 2000

# The fields of the text an author writes, as the audit trail names them.
TEXT_FIELDS = (
    "title",
    "area",
    "kind",
    "problem",
    "solution",
    "applied_where",
    "applied_since",
    "effect_kind",
    "effect",
    "effect_amount",
    "scope",
    "year",
)
# What the duplicate detector reads.
_FINGERPRINTED = ("title", "problem", "solution", "effect")

MSG_DUPLICATE = (
    "Sáng kiến có nội dung tương tự {codes}. Hãy giải trình điểm khác biệt trước khi nộp."
)


@dataclass(frozen=True)
class InitiativeText:
    """What the author writes (the form and the API both build one). `year` None keeps the
    year (an officer of the unit may set it)."""

    title: str
    area: ContentArea | None = None
    kind: str = SolutionKind.TECHNICAL
    problem: str = ""
    solution: str = ""
    applied_where: str = ""
    applied_since: dt.date | None = None
    effect_kind: str = EffectKind.SOCIAL
    effect: str = ""
    effect_amount: Decimal | None = None
    scope: str = InfluenceScope.UNIT
    year: int | None = None
    # The area the platform suggested from the text (kept to learn how often authors agree).
    suggested_area: ContentArea | None = None


class AuthorsInvalidError(ValidationFailedError):
    """The authors list was refused; `problems` says at which row and field."""

    def __init__(self, problems: Sequence[AuthorProblem]) -> None:
        errors = {
            (
                "authors" if problem.row is None else f"authors.{problem.row}.{problem.field}"
            ): problem.message
            for problem in problems
        }
        super().__init__(errors)
        self.field = "authors"
        self.problems = list(problems)


# -- Checks ----------------------------------------------------------------------------------------


def _too_long(label: str, limit: int) -> str:
    return f"{label} không được dài quá {limit:,} ký tự.".replace(",", ".")


def check_text(data: InitiativeText) -> None:
    """Refuse (ValidationFailedError, every field at once) a text that is too long, a choice
    that does not exist, an amount below zero or too large, an application date in the
    future or a year out of range. The title is required even for a draft."""
    errors: dict[str, str] = {}
    title = data.title.strip()
    if not title:
        errors["title"] = "Hãy nhập tên sáng kiến."
    elif len(title) > TITLE_MAX:
        errors["title"] = _too_long("Tên sáng kiến", TITLE_MAX)
    for name, label in (
        ("problem", "Thực trạng, vấn đề cần giải quyết"),
        ("solution", "Nội dung giải pháp"),
        ("effect", "Hiệu quả đo được"),
    ):
        if len(getattr(data, name)) > TEXT_MAX:
            errors[name] = _too_long(label, TEXT_MAX)
    if len(data.applied_where.strip()) > PLACE_MAX:
        errors["applied_where"] = _too_long("Nơi áp dụng", PLACE_MAX)
    if data.kind not in SolutionKind.values:
        errors["kind"] = "Loại giải pháp không hợp lệ."
    if data.effect_kind not in EffectKind.values:
        errors["effect_kind"] = "Loại hiệu quả không hợp lệ."
    if data.scope not in InfluenceScope.values:
        errors["scope"] = "Phạm vi ảnh hưởng không hợp lệ."
    if data.effect_amount is not None and not (0 <= data.effect_amount <= AMOUNT_MAX):
        errors["effect_amount"] = "Giá trị làm lợi phải là số không âm (đồng/năm)."
    elif data.effect_amount is not None and data.effect_amount != data.effect_amount.to_integral():
        errors["effect_amount"] = "Giá trị làm lợi tính bằng đồng, không có phần lẻ."
    if data.applied_since is not None and data.applied_since > timezone.localdate():
        errors["applied_since"] = (
            "Ngày áp dụng không được sau hôm nay: sáng kiến phải đã được áp dụng hoặc áp dụng thử."
        )
    if data.year is not None and not (FIRST_YEAR <= data.year <= timezone.localdate().year + 1):
        errors["year"] = f"Năm xét phải từ {FIRST_YEAR} đến {timezone.localdate().year + 1}."
    if errors:
        raise ValidationFailedError(errors)


def _authors_people(
    entries: Sequence[AuthorEntry],
) -> dict[int, Person]:
    """The people named in the list (one query); refuses an unknown or inactive one at its row."""
    ids = [e.person_id for e in entries if e.person_id is not None]
    people = people_by_id(ids)
    problems = [
        AuthorProblem(
            index, "person", "Không tìm thấy cán bộ này (hoặc người này đã thôi công tác)."
        )
        for index, entry in enumerate(entries)
        if entry.person_id is not None
        and (entry.person_id not in people or not people[entry.person_id].is_active)
    ]
    if problems:
        raise AuthorsInvalidError(problems)
    return people


def check_authors_list(entries: Sequence[AuthorEntry]) -> dict[int, Person]:
    """Refuse (AuthorsInvalidError) a list with any problem (`authorship.check_authors`) or naming
    someone who is not an active person; the people named otherwise."""
    problems = check_authors(entries)
    if problems:
        raise AuthorsInvalidError(problems)
    return _authors_people(entries)


def _check_main_author(by: User, main: Person) -> None:
    """The user writes for themself, or for a person of their SUBMIT_INITIATIVE_FOR_OTHERS
    scope."""
    if main.user_id == by.pk:
        return
    if not can(by, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, main.unit.path):
        raise AuthorsInvalidError(
            [
                AuthorProblem(
                    0,
                    "person",
                    "Bạn chỉ đứng tên tác giả chính cho chính mình; nộp thay người khác cần "
                    "quyền nộp sáng kiến thay của đơn vị người đó.",
                )
            ]
        )


def _check_area(area: ContentArea | None, main: Person) -> None:
    if area is not None and area.pk not in {a.pk for a in areas_for_unit(main.unit)}:
        raise DomainError(
            "Lĩnh vực này không thuộc phong trào mà đơn vị của tác giả chính tham gia.",
            field="area",
        )


# -- Helpers ---------------------------------------------------------------------------------------


def _next_code(year: int) -> str:
    """SK-<year>-<5 digits>, after the highest code of the year."""
    prefix = f"SK-{year}-"
    last = (
        Initiative.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{number:05d}"


def _write_authors(initiative: Initiative, entries: Sequence[AuthorEntry]) -> None:
    Authorship.objects.filter(initiative=initiative).delete()
    Authorship.objects.bulk_create(
        [
            Authorship(
                initiative=initiative,
                person_id=entry.person_id,
                external_name="" if entry.person_id else entry.external_name.strip(),
                external_workplace="" if entry.person_id else entry.external_workplace.strip(),
                share=entry.share or Decimal(0),
                is_main=index == 0,
                order=index,
            )
            for index, entry in enumerate(entries)
        ]
    )


def _authors_snapshot(entries: Sequence[AuthorEntry], people: dict[int, Person]) -> list[str]:
    return [
        f"{people[e.person_id].full_name if e.person_id else e.external_name.strip()}: {e.share} %"
        for e in entries
    ]


def _stored_entries(initiative: Initiative) -> list[AuthorEntry]:
    return [
        AuthorEntry(
            person_id=a.person_id,
            external_name=a.external_name,
            external_workplace=a.external_workplace,
            share=a.share,
        )
        for a in Authorship.objects.filter(initiative=initiative).order_by("order", "pk")
    ]


def refresh_search_text(initiative: Initiative) -> None:
    """The stored search column: the code, title, authors' names and the unit's name, folded."""
    names = [
        a.person.full_name if a.person is not None else a.external_name
        for a in Authorship.objects.filter(initiative=initiative).select_related("person")
    ]
    initiative.search_text = search_document(
        initiative.code, initiative.title, *names, initiative.unit.name
    )
    Initiative.objects.filter(pk=initiative.pk).update(search_text=initiative.search_text)


def _apply_text(initiative: Initiative, data: InitiativeText) -> None:
    initiative.title = data.title.strip()
    initiative.area = data.area
    if data.area is not None:
        initiative.movement = data.area.movement
    initiative.kind = data.kind
    initiative.problem = data.problem.strip()
    initiative.solution = data.solution.strip()
    initiative.applied_where = data.applied_where.strip()
    initiative.applied_since = data.applied_since
    initiative.effect_kind = data.effect_kind
    initiative.effect = data.effect.strip()
    initiative.effect_amount = data.effect_amount
    initiative.scope = data.scope
    if data.suggested_area is not None:
        initiative.suggested_area = data.suggested_area


def _locked(initiative: Initiative) -> Initiative:
    return (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit", "area")
        .get(pk=initiative.pk)
    )


def _action(initiative: Initiative, kind: str, by: User, note: str = "") -> None:
    InitiativeAction.objects.create(initiative=initiative, kind=kind, by=by, note=note)


def _people_to_tell(initiative: Initiative, *, but: User) -> list[User]:
    """The authors with an account and the initiative's creator, except the acting user."""
    return [user for user in authors_and_creator(initiative) if user.pk != but.pk]


def _url(initiative: Initiative) -> str:
    return reverse("initiatives:initiative_detail", args=[initiative.pk])


def _check_year_change(by: User, initiative: Initiative, year: int | None) -> None:
    if year is None or year == initiative.year:
        return
    path = initiative.unit.path
    if not (
        can(by, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, path) or can(by, Perm.SCREEN_INITIATIVE, path)
    ):
        raise DomainError("Chỉ cán bộ phụ trách của đơn vị được đổi năm xét.", field="year")


# -- Draft -----------------------------------------------------------------------------------------


@transaction.atomic
def create_initiative(
    *, by: User, data: InitiativeText, authors: Sequence[AuthorEntry]
) -> Initiative:
    """A new draft written by `by`, for themself (their Person first in `authors`) or, with
    SUBMIT_INITIATIVE_FOR_OTHERS at that person's unit, for someone else.

    Refuses: a text refused by `check_text`; an authors list refused by `check_authors_list`;
    a main author who is neither the user nor in their scope; an area outside the movements of
    the main author's unit; a year set by someone other than the unit's officer."""
    check_text(data)
    people = check_authors_list(authors)
    main = people[authors[0].person_id or 0]
    _check_main_author(by, main)
    _check_area(data.area, main)
    year = timezone.localdate().year
    if data.year is not None and data.year != year:
        if not can(by, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, main.unit.path):
            raise DomainError("Chỉ cán bộ phụ trách của đơn vị được đổi năm xét.", field="year")
        year = data.year
    initiative = Initiative(
        unit=main.unit,
        year=year,
        movement=data.area.movement if data.area is not None else default_movement(main.unit),
        created_by=by,
        status=InitiativeStatus.DRAFT,
    )
    _apply_text(initiative, data)
    for _attempt in range(5):
        initiative.code = _next_code(year)
        try:
            with transaction.atomic():
                initiative.save()
            break
        except IntegrityError:  # another draft took the code at the same moment
            initiative.pk = None
            continue
    else:  # pragma: no cover - five collisions in a row
        raise DomainError("Không cấp được mã sáng kiến, xin vui lòng thử lại.")
    _write_authors(initiative, authors)
    refresh_search_text(initiative)
    refresh_fingerprint(initiative)
    _action(initiative, ActionKind.CREATE, by)
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=initiative,
        unit_path=initiative.unit.path,
        changes={
            **{name: [None, value] for name, value in snapshot(initiative, TEXT_FIELDS).items()},
            "authors": [None, _authors_snapshot(authors, people)],
        },
    )
    return initiative


@transaction.atomic
def update_initiative(
    initiative: Initiative,
    *,
    by: User,
    data: InitiativeText,
    authors: Sequence[AuthorEntry] | None = None,
) -> Initiative:
    """Change a draft or returned initiative's text (and, given `authors`, its whole authors
    list). A new main author moves it to their unit.

    Refuses: someone who may not write it, a status other than draft or returned (see
    `selectors.access.edit_refusal`); the checks of `create_initiative`."""
    initiative = _locked(initiative)
    _refuse_edit(by, initiative)
    check_text(data)
    before = snapshot(initiative, TEXT_FIELDS)
    old_entries = _stored_entries(initiative)
    entries = list(authors) if authors is not None else old_entries
    people = check_authors_list(entries)
    main = people[entries[0].person_id or 0]
    if authors is not None and old_entries[:1] != entries[:1]:
        old_main = old_entries[0].person_id if old_entries else None
        if main.pk != old_main:
            _check_main_author(by, main)
    _check_area(data.area, main)
    _check_year_change(by, initiative, data.year)
    text_before = [getattr(initiative, name) for name in _FINGERPRINTED]
    _apply_text(initiative, data)
    if data.year is not None:
        initiative.year = data.year
    initiative.unit = main.unit
    if data.area is None and initiative.movement_id is None:
        initiative.movement = default_movement(main.unit)
    initiative.save()
    changes = diff(before, snapshot(initiative, TEXT_FIELDS))
    if authors is not None and entries != old_entries:
        _write_authors(initiative, entries)
        old_people = people_by_id([e.person_id for e in old_entries if e.person_id])
        changes["authors"] = [
            _authors_snapshot(old_entries, old_people),
            _authors_snapshot(entries, people),
        ]
    refresh_search_text(initiative)
    if text_before != [getattr(initiative, name) for name in _FINGERPRINTED]:
        refresh_fingerprint(initiative)
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=initiative,
            unit_path=initiative.unit.path,
            changes=changes,
        )
    return initiative


@transaction.atomic
def set_authors(
    initiative: Initiative, *, by: User, authors: Sequence[AuthorEntry]
) -> list[Authorship]:
    """Replace the whole authors list of a draft or returned initiative (the API's PUT).
    Same refusals as `update_initiative`."""
    current = _locked(initiative)
    data = InitiativeText(
        title=current.title,
        area=current.area,
        kind=current.kind,
        problem=current.problem,
        solution=current.solution,
        applied_where=current.applied_where,
        applied_since=current.applied_since,
        effect_kind=current.effect_kind,
        effect=current.effect,
        effect_amount=current.effect_amount,
        scope=current.scope,
    )
    update_initiative(current, by=by, data=data, authors=authors)
    return list(
        Authorship.objects.filter(initiative=current)
        .select_related("person__unit")
        .order_by("order", "pk")
    )


def _refuse_edit(by: User, initiative: Initiative) -> None:
    refusal = edit_refusal(by, initiative)
    if refusal == MSG_NOT_YOURS:
        raise PermissionDeniedError(refusal)
    if refusal is not None:
        raise DomainError(refusal)


# -- Submission ------------------------------------------------------------------------------------


def missing_for_submission(initiative: Initiative) -> dict[str, str]:
    """The fields a submission needs and the initiative lacks, with what to write there."""
    missing: dict[str, str] = {}
    if not initiative.title.strip():
        missing["title"] = "Hãy nhập tên sáng kiến."
    if not initiative.problem.strip():
        missing["problem"] = "Hãy mô tả thực trạng, vấn đề cần giải quyết."
    if not initiative.solution.strip():
        missing["solution"] = "Hãy mô tả nội dung giải pháp."
    if not initiative.applied_where.strip():
        missing["applied_where"] = (
            "Hãy ghi nơi đã áp dụng hoặc áp dụng thử (sáng kiến phải đã được áp dụng)."
        )
    if initiative.applied_since is None:
        missing["applied_since"] = "Hãy ghi ngày bắt đầu áp dụng hoặc áp dụng thử."
    if not initiative.effect.strip():
        missing["effect"] = "Hãy mô tả hiệu quả đo được (lợi ích kinh tế hoặc xã hội)."
    return missing


@transaction.atomic
def submit_initiative(
    initiative: Initiative, *, by: User, duplicate_explanation: str = ""
) -> Initiative:
    """Submit a draft or returned initiative to its unit's screening.

    Refuses: someone who may not write it or a status other than draft/returned; a missing
    field (ValidationFailedError, all at once); an authors list not adding to 100 %; an
    initiative the duplicate detector finds the same as another one (any unit, any year)
    without an explanation of what differs (DomainError on `duplicate_explanation`).
    Keeps the warning as the author saw it (highest score, the matches) and their answer."""
    initiative = _locked(initiative)
    _refuse_edit(by, initiative)
    missing = missing_for_submission(initiative)
    if missing:
        raise ValidationFailedError(missing)
    check_authors_list(_stored_entries(initiative))
    explanation = duplicate_explanation.strip()
    if len(explanation) > REASON_MAX:
        raise DomainError(
            _too_long("Giải trình về trùng lặp", REASON_MAX), field="duplicate_explanation"
        )
    matches = similar_initiatives(
        title=initiative.title,
        problem=initiative.problem,
        solution=initiative.solution,
        effect=initiative.effect,
        exclude_id=initiative.pk,
    )
    duplicates = [m for m in matches if m.is_duplicate]
    if duplicates and not explanation:
        codes = ", ".join(m.code for m in duplicates)
        raise DomainError(MSG_DUPLICATE.format(codes=codes), field="duplicate_explanation")
    first_time = initiative.submitted_at is None
    was = initiative.status
    initiative.status = InitiativeStatus.SUBMITTED
    initiative.submitted_at = timezone.now()
    initiative.submitted_by = by
    if first_time:
        initiative.year = timezone.localdate().year
    initiative.duplicate_max_score = (
        Decimal(str(round(max(m.score for m in matches), 4))) if matches else None
    )
    initiative.duplicate_matches = [m.as_json() for m in matches]
    initiative.duplicate_explanation = explanation if duplicates else ""
    initiative.screen_note = ""
    initiative.save()
    _action(initiative, ActionKind.SUBMIT, by, note=initiative.duplicate_explanation)
    record_audit(
        actor=by,
        action=AuditAction.SUBMIT,
        target=initiative,
        unit_path=initiative.unit.path,
        changes={
            "status": [was, initiative.status],
            "duplicate_matches": [None, [m.code for m in duplicates]],
        },
        reason=initiative.duplicate_explanation,
    )
    notify_many(
        screeners_of(initiative),
        f"Sáng kiến chờ sàng lọc: {initiative.code}",
        body=initiative.title,
        url=_url(initiative),
    )
    return initiative


# -- Withdrawal and screening ----------------------------------------------------------------------


@transaction.atomic
def withdraw_initiative(initiative: Initiative, *, by: User, reason: str = "") -> Initiative:
    """Withdraw an initiative not yet before a council's round (draft, submitted, returned or
    admitted). Refuses anyone but its authors and creator."""
    initiative = _locked(initiative)
    refusal = withdraw_refusal(by, initiative)
    if refusal == MSG_NOT_YOURS:
        raise PermissionDeniedError(refusal)
    if refusal is not None:
        raise DomainError(refusal)
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise DomainError(_too_long("Lý do", REASON_MAX), field="reason")
    was = initiative.status
    initiative.status = InitiativeStatus.WITHDRAWN
    initiative.save(update_fields=["status", "updated_at"])
    _action(initiative, ActionKind.WITHDRAW, by, note=reason)
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=initiative,
        unit_path=initiative.unit.path,
        changes={"status": [was, initiative.status]},
        reason=reason,
    )
    return initiative


def _refuse_screen(by: User, initiative: Initiative) -> None:
    refusal = screen_refusal(by, initiative)
    if refusal is None:
        return
    if refusal == MSG_NO_SCREEN:
        raise PermissionDeniedError(refusal)
    raise DomainError(refusal)


@transaction.atomic
def admit_initiative(
    initiative: Initiative, *, by: User, note: str = "", year: int | None = None
) -> Initiative:
    """The unit finds the initiative admissible ("Đủ điều kiện xét"): it waits for a council.
    The screener may set the year it is judged in (`year`; the year of submission otherwise).
    Refuses: no SCREEN_INITIATIVE at its unit, one's own initiative, a status other than
    submitted, a year out of range."""
    initiative = _locked(initiative)
    _refuse_screen(by, initiative)
    note = note.strip()
    if len(note) > REASON_MAX:
        raise DomainError(_too_long("Ghi chú", REASON_MAX), field="note")
    changes: dict[str, list[object]] = {
        "status": [InitiativeStatus.SUBMITTED, InitiativeStatus.ADMITTED]
    }
    if year is not None and year != initiative.year:
        last = timezone.localdate().year + 1
        if not FIRST_YEAR <= year <= last:
            raise DomainError(f"Năm xét phải từ {FIRST_YEAR} đến {last}.", field="year")
        changes["year"] = [initiative.year, year]
        initiative.year = year
    initiative.status = InitiativeStatus.ADMITTED
    initiative.screened_at = timezone.now()
    initiative.screened_by = by
    initiative.screen_note = note
    initiative.save()
    _action(initiative, ActionKind.ADMIT, by, note=note)
    record_audit(
        actor=by,
        action=AuditAction.APPROVE,
        target=initiative,
        unit_path=initiative.unit.path,
        changes=changes,
        reason=note,
    )
    notify_many(
        _people_to_tell(initiative, but=by),
        f"Sáng kiến {initiative.code} đủ điều kiện xét",
        body=initiative.title,
        url=_url(initiative),
    )
    return initiative


@transaction.atomic
def return_initiative(initiative: Initiative, *, by: User, reason: str) -> Initiative:
    """Return a submitted initiative to its authors with the reason (mandatory): they may
    correct and submit it again. Same refusals as `admit_initiative`."""
    initiative = _locked(initiative)
    _refuse_screen(by, initiative)
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy ghi lý do trả lại để tác giả biết cần sửa gì.", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_too_long("Lý do trả lại", REASON_MAX), field="reason")
    initiative.status = InitiativeStatus.RETURNED
    initiative.screened_at = timezone.now()
    initiative.screened_by = by
    initiative.screen_note = reason
    initiative.save()
    _action(initiative, ActionKind.RETURN, by, note=reason)
    record_audit(
        actor=by,
        action=AuditAction.RETURN,
        target=initiative,
        unit_path=initiative.unit.path,
        changes={"status": [InitiativeStatus.SUBMITTED, initiative.status]},
        reason=reason,
    )
    notify_many(
        _people_to_tell(initiative, but=by),
        f"Sáng kiến {initiative.code} bị trả lại",
        body=f"Lý do: {reason}",
        url=_url(initiative),
    )
    return initiative
