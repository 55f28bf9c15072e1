"""The shared factories build what other areas rely on: a main author at 100 %, or the rest
after co-authors, and a search column that folds the code, title, authors and unit."""

from decimal import Decimal

from thidua.conftest import Cast, Org
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.tests.factories import PersonFactory


def test_make_initiative_main_author_holds_everything(org: Org, cast: Cast) -> None:
    initiative = make_initiative(None, cast.staff_person, title="Đặt lịch khám trực tuyến")

    shares = [(a.person_id, a.share, a.is_main) for a in initiative.authors.all()]
    assert shares == [(cast.staff_person.pk, Decimal(100), True)]
    assert initiative.unit == org.a1
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert " dat lich kham truc tuyen " in initiative.search_text
    assert " nguyen thi hoa " in initiative.search_text


def test_make_initiative_co_authors_take_their_share(org: Org, cast: Cast) -> None:
    colleague = PersonFactory(unit=org.a2, full_name="Trần Văn Bình")

    initiative = make_initiative(
        org.a, cast.staff_person, co_authors=[(colleague, 30), ("Lê Văn Cường", 10)]
    )

    shares = [(a.display_name, a.share, a.is_main) for a in initiative.authors.all()]
    assert shares == [
        ("Nguyễn Thị Hoa", Decimal(60), True),
        ("Trần Văn Bình", Decimal(30), False),
        ("Lê Văn Cường", Decimal(10), False),
    ]
