"""Factories for initiatives, shared by every area of the app (submission, similarity, councils,
decisions). Rows are written straight to the database (no service, no audit entry, no
fingerprint): tests of a service arrange their data with these, then call the service under test.

Other areas add their own factories at the END of this file, under a comment naming their area.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from thidua.core.text import search_document
from thidua.initiatives.enums import ActionKind, InitiativeStatus, RecognitionLevel
from thidua.initiatives.models import Authorship, Initiative, InitiativeAction
from thidua.movements.enums import AreaKind, MovementStatus
from thidua.movements.models import ContentArea
from thidua.movements.tests.factories import make_movement
from thidua.organizations.models import Person, Unit

_counter = {"initiative": 0}

# The text a complete initiative carries unless a test says otherwise.
DEFAULT_PROBLEM = (
    "Người bệnh phải xếp hàng lâu tại quầy tiếp đón để lấy số thứ tự khám bệnh, "
    "nhất là vào buổi sáng đầu tuần."
)
DEFAULT_SOLUTION = (
    "Triển khai đặt lịch khám trực tuyến qua cổng thông tin của bệnh viện, gửi tin nhắn "
    "nhắc lịch và bố trí quầy tiếp đón riêng cho người đã đặt lịch."
)
DEFAULT_EFFECT = "Thời gian chờ trung bình giảm từ 45 phút xuống 15 phút."


def next_initiative_code(year: int) -> str:
    """A code in the factories' own range (SK-<year>-9xxxx), never one the service would give
    first (the service continues after the highest code of the year)."""
    _counter["initiative"] += 1
    return f"SK-{year}-{90000 + _counter['initiative']:05d}"


def refresh_search_text(initiative: Initiative) -> None:
    """Recompute the stored search column from the initiative's code, title, authors and unit,
    as the submission service does."""
    names = [a.display_name for a in initiative.authors.select_related("person")]
    initiative.search_text = search_document(
        initiative.code, initiative.title, *names, initiative.unit.name
    )
    initiative.save(update_fields=["search_text"])


def make_initiative(
    unit: Unit | None,
    author_person: Person | None,
    *,
    status: str = InitiativeStatus.SUBMITTED,
    title: str | None = None,
    year: int | None = None,
    co_authors: list[tuple[Person | str, Decimal | int]] | None = None,
    created_by: Any = None,
    **fields: Any,
) -> Initiative:
    """An initiative with complete text and a main author.

    `unit` defaults to the author's unit. Without `co_authors` the main author holds 100 %;
    with them (a Person or an external name, and a share each), the main author holds the rest.
    `status` submitted unless told; a submitted or later initiative has `submitted_at` set, and a
    recognised one a level, decision number and date unless given in `fields`.
    """
    if unit is None:
        if author_person is None:
            raise ValueError("make_initiative needs a unit or an author person")
        unit = author_person.unit
    year = year or timezone.localdate().year
    code = fields.pop("code", None) or next_initiative_code(year)
    title = title or f"Sáng kiến thử nghiệm {code}"
    defaults: dict[str, Any] = {
        "problem": DEFAULT_PROBLEM,
        "solution": DEFAULT_SOLUTION,
        "applied_where": unit.name,
        "applied_since": dt.date(year, 1, 15),
        "effect": DEFAULT_EFFECT,
    }
    if status != InitiativeStatus.DRAFT:
        defaults["submitted_at"] = timezone.now()
        defaults["submitted_by"] = created_by
    if status == InitiativeStatus.RECOGNISED:
        defaults.update(
            level=RecognitionLevel.BASE,
            decision_number=f"{_counter['initiative']}/QĐ-HĐSK",
            decision_date=dt.date(year, 12, 20),
        )
    defaults.update(fields)
    initiative = Initiative.objects.create(
        code=code,
        title=title,
        unit=unit,
        year=year,
        status=status,
        created_by=created_by
        if created_by is not None
        else (author_person.user if author_person is not None else None),
        **defaults,
    )
    co_authors = co_authors or []
    rest = Decimal(100) - sum((Decimal(share) for _, share in co_authors), Decimal(0))
    order = 0
    if author_person is not None:
        Authorship.objects.create(
            initiative=initiative, person=author_person, share=rest, is_main=True, order=order
        )
    for who, share in co_authors:
        order += 1
        if isinstance(who, Person):
            Authorship.objects.create(
                initiative=initiative, person=who, share=Decimal(share), order=order
            )
        else:
            Authorship.objects.create(
                initiative=initiative,
                external_name=who,
                external_workplace="Trường Đại học Y Hà Nội",
                share=Decimal(share),
                order=order,
            )
    refresh_search_text(initiative)
    return initiative


def make_areas(owner: Unit, *, status: str = MovementStatus.LAUNCHED) -> list[ContentArea]:
    """A movement organised by `owner` (launched, running this year) with two content areas:
    CDS "Chuyển đổi số" and CLDV "Chất lượng dịch vụ khám chữa bệnh"."""
    today = timezone.localdate()
    movement = make_movement(
        owner,
        status=status,
        start_date=dt.date(today.year - 1, 1, 1),
        end_date=dt.date(today.year + 3, 12, 31),
    )
    return [
        ContentArea.objects.create(
            movement=movement,
            code="CDS",
            name="Chuyển đổi số",
            kind=AreaKind.CONTENT,
            order=1,
            keywords="so hoa phan mem benh an dien tu",
        ),
        ContentArea.objects.create(
            movement=movement,
            code="CLDV",
            name="Chất lượng dịch vụ khám chữa bệnh",
            kind=AreaKind.CONTENT,
            order=2,
            keywords="nguoi benh thoi gian cho tiep don",
        ),
    ]


def make_action(
    initiative: Initiative, kind: str = ActionKind.SUBMIT, *, by: Any = None, note: str = ""
) -> InitiativeAction:
    return InitiativeAction.objects.create(initiative=initiative, kind=kind, by=by, note=note)
