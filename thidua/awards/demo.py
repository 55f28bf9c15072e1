"""Demo inputs of awards: yearly ratings of the demo people and units for the last three years,
the titles those ratings earned in the past (Lao động tiên tiến, Chiến sĩ thi đua cơ sở,
collectives' titles), one thematic award, one revoked award, a discipline record and a pending
inspection. Bulk writes; run again, it changes nothing. Demo only (`seed_awards_demo`)."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.awards.domain.default_rulebook import CSTDCS, GIAY_KHEN_CA_NHAN, LDTT, TTLDTT
from thidua.awards.enums import InputSource, Rating
from thidua.awards.models import AwardRecord, DisciplineRecord, Hold, YearlyRating
from thidua.organizations.models import Membership, Unit
from thidua.organizations.services.imports import insert_many

DEFAULT_SEED = 2025
RATINGS: tuple[str, ...] = (Rating.HTXSNV, Rating.HTTNV, Rating.HTNV, Rating.KHTNV)
WEIGHTS: tuple[float, ...] = (18, 68, 11, 3)


@dataclass(frozen=True)
class DemoAwardsSummary:
    ratings: int
    awards: int


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year - 2, this_year - 1, this_year]


@transaction.atomic
def install_demo_awards(seed: int = DEFAULT_SEED) -> DemoAwardsSummary:
    if YearlyRating.objects.exists():
        return DemoAwardsSummary(ratings=0, awards=0)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    years = _years()
    ratings, weights = RATINGS, WEIGHTS
    rating_rows: list[YearlyRating] = []
    award_rows: list[AwardRecord] = []
    for year in years:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        people = (
            Membership.objects.filter(start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .distinct()
        )
        for person_id in people:
            rating = rng.choices(ratings, weights)[0]
            rating_rows.append(
                YearlyRating(person_id=person_id, year=year, rating=rating, source=InputSource.DEMO)
            )
            # Past years carry their titles (decided at the year's end); the current one is what
            # the eligibility page judges.
            if year < years[-1] and rating in (Rating.HTXSNV, Rating.HTTNV):
                award_rows.append(
                    AwardRecord(
                        person_id=person_id,
                        award_code=LDTT,
                        year=year,
                        decision_number=f"{year % 100}/QĐ-DEMO",
                        decision_date=dt.date(year + 1, 1, 15),
                        issuer="Thủ trưởng đơn vị",
                        source=InputSource.DEMO,
                    )
                )
                if rating == Rating.HTXSNV and rng.random() < 0.4:
                    award_rows.append(
                        AwardRecord(
                            person_id=person_id,
                            award_code=CSTDCS,
                            year=year,
                            decision_number=f"{year % 100}/QĐ-DEMO-CS",
                            decision_date=dt.date(year + 1, 1, 20),
                            issuer="Thủ trưởng đơn vị",
                            source=InputSource.DEMO,
                        )
                    )
    units = list(Unit.objects.filter(depth__gte=1, is_active=True).values_list("pk", flat=True))
    for year in years:
        for unit_id in units:
            rating = rng.choices(ratings[:3], weights[:3])[0]
            rating_rows.append(
                YearlyRating(unit_id=unit_id, year=year, rating=rating, source=InputSource.DEMO)
            )
            if year < years[-1] and rating != Rating.HTNV:
                award_rows.append(
                    AwardRecord(
                        unit_id=unit_id,
                        award_code=TTLDTT,
                        year=year,
                        decision_number=f"{year % 100}/QĐ-SYT-DEMO",
                        decision_date=dt.date(year + 1, 1, 25),
                        issuer="Giám đốc Sở Y tế",
                        source=InputSource.DEMO,
                    )
                )
    # 200.000 rows at the hanoi scale: one prepared INSERT with executemany, not bulk_create's
    # per-value SQL compilation (17 s → a few seconds of the demo seed).
    insert_many(YearlyRating, rating_rows)
    _special_cases(award_rows, years, rng)
    insert_many(AwardRecord, award_rows)
    return DemoAwardsSummary(ratings=len(rating_rows), awards=len(award_rows))


def _special_cases(award_rows: list[AwardRecord], years: list[int], rng: random.Random) -> None:
    """A thematic award, a revoked one, a discipline and a pending inspection, on the first
    demo people (the same ones on every run with the same seed)."""
    people = [
        row.person_id for row in award_rows if row.person_id is not None and row.award_code == LDTT
    ]
    if len(people) < 3:
        return
    thematic, revoked, disciplined = people[0], people[1], people[2]
    award_rows.append(
        AwardRecord(
            person_id=thematic,
            award_code=GIAY_KHEN_CA_NHAN,
            year=years[1],
            decision_number="88/QĐ-SYT",
            decision_date=dt.date(years[1], 11, 20),
            issuer="Giám đốc Sở Y tế",
            thematic=True,
            source=InputSource.DEMO,
        )
    )
    for row in award_rows:
        if row.person_id == revoked and row.award_code == LDTT:
            row.revoked = True
            row.revoked_reason = (
                "Phát hiện kê khai thành tích không trung thực (Luật Thi đua, khen thưởng, "
                "Chương VII)."
            )
            row.revoked_at = timezone.now()
            break
    DisciplineRecord.objects.create(
        person_id=disciplined,
        form="warning",
        start=dt.date(years[-1], 3, 1),
        end=None,
        decision_number="15/QĐ-DEMO-KL",
    )
    Hold.objects.create(
        person_id=people[3] if len(people) > 3 else disciplined,
        kind="inspection",
        start=dt.date(years[-1], 5, 1),
        note="Đang thanh tra việc sử dụng kinh phí của khoa.",
    )
