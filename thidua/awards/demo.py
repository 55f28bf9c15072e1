"""Demo inputs of awards: yearly ratings of the demo people and units for the last three years,
the titles those ratings earned in the past (Lao động tiên tiến, Chiến sĩ thi đua cơ sở,
collectives' titles), one thematic award, one revoked award, a discipline record and a pending
inspection. Bulk writes; run again, it changes nothing. Then a round of this year with the showcase
hospital's nominations at each step, made through the services (`install_demo_round`). Demo
only (`seed_awards_demo`)."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.accounts.models import User
from thidua.awards.domain.default_rulebook import CSTDCS, GIAY_KHEN_CA_NHAN, LDTT, TTLDTT
from thidua.awards.enums import InputSource, Rating, RoundKind
from thidua.awards.models import (
    AwardRecord,
    AwardRound,
    DisciplineRecord,
    Hold,
    Nomination,
    YearlyRating,
)
from thidua.awards.selectors.eligibility import rulebook_for_year
from thidua.awards.selectors.rounds import (
    candidates_for,
    nominating_units,
    rulebook_of,
    status_counts,
)
from thidua.awards.services.nomination_documents import issue_achievement_report, issue_proposal
from thidua.awards.services.nominations import (
    accept_nomination,
    create_nomination,
    return_nomination,
    submit_nomination,
)
from thidua.awards.services.rounds import RoundData, create_round, open_round
from thidua.organizations.models import Membership, Person, Unit
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


# --- The demo round: the nomination workflow on screen -----------------------------------------

DEMO_ROUND_DEADLINE_DAYS = 30
RETURN_REASON = (
    "Báo cáo thành tích chưa nêu số liệu cụ thể về khối lượng công việc và kết quả chuyên môn "
    "trong năm; đề nghị bổ sung."
)
OVERRIDE_JUSTIFICATION = (
    "Có thành tích đột xuất trong công tác cấp cứu người bệnh, được Giám đốc bệnh viện biểu "
    "dương; đề nghị Hội đồng xem xét."
)
ACHIEVEMENT = "Hoàn thành xuất sắc nhiệm vụ chuyên môn; tích cực tham gia phong trào thi đua."


@dataclass(frozen=True)
class DemoRoundSummary:
    round_id: int
    nominations: dict[str, int]  # status → count


def install_demo_round(
    *, department_username: str = "thuongtruc", unit_username: str = "tdkt.xanhpon"
) -> DemoRoundSummary | None:
    """The annual round of this year organised by the Sở (the root unit), open until 30 days
    from today, with the showcase hospital's nominations (Bệnh viện Đa khoa Xanh Pôn, where
    `unit_username` nominates) at each step: accepted, returned with reasons, waiting for thẩm
    định (one of them failing a rule, with its justification), and one still a draft. Made
    through the services as the two demo officers would, the dossier generated through the
    document engine (the unit's tờ trình, a báo cáo thành tích for each one sent); every write
    is audited. About 1 s at the hanoi scale (the renderers already loaded).

    Nothing is done when the round exists, when either demo account is missing, or when no
    rulebook judges this year. Demo only."""
    year = timezone.localdate().year
    name = f"Đợt xét khen thưởng năm {year} của Sở Y tế"
    department = User.objects.filter(username=department_username).first()
    officer = User.objects.filter(username=unit_username).first()
    root = Unit.objects.filter(depth=0).order_by("path").first()
    if department is None or officer is None or root is None:
        return None
    if AwardRound.objects.filter(organiser=root, name=name).exists():
        return None
    if rulebook_for_year(year) is None:
        return None
    with transaction.atomic():
        round_ = create_round(
            by=department,
            organiser=root,
            data=RoundData(
                name=name,
                kind=RoundKind.ANNUAL,
                year=year,
                award_codes=(LDTT, CSTDCS, TTLDTT),
                nomination_deadline=timezone.localdate()
                + dt.timedelta(days=DEMO_ROUND_DEADLINE_DAYS),
                disclosure_working_days=5,
                disclosure_public=True,
                note="Đợt xét mẫu của bản demo.",
            ),
        )
        open_round(by=department, round_=round_)
        units = nominating_units(officer, round_)
        if not units:
            return DemoRoundSummary(round_.pk, {})
        _nominate(round_, units[0], officer=officer, department=department)
    return DemoRoundSummary(
        round_.pk,
        status_counts(Nomination.objects.filter(round=round_)),
    )


def _nominate(round_: AwardRound, unit: Unit, *, officer: User, department: User) -> None:
    rulebook = rulebook_of(round_)
    assert rulebook is not None  # noqa: S101  (checked by the caller)
    picks: list[tuple[str, Person | None, Unit | None, str]] = []
    taken: set[str] = set()  # one award per person in the demo, for a readable list
    for award in rulebook.awards_of(round_):
        candidates = [
            c
            for c in candidates_for(round_, unit, award, rulebook.spec)
            if not c.nominated and c.subject_key not in taken and c.unit_pk != unit.pk
        ]
        eligible = [c for c in candidates if c.evaluation.eligible]
        chosen = eligible[: 4 if award.code == LDTT else 1]
        picks += [(award.code, c.person, c.unit, "") for c in chosen]
        taken.update(c.subject_key for c in chosen)
        if award.code == LDTT:
            failing = next((c for c in candidates if not c.evaluation.eligible), None)
            if failing is not None:
                picks.append((award.code, failing.person, None, OVERRIDE_JUSTIFICATION))
                taken.add(failing.subject_key)
    items = [
        create_nomination(
            by=officer,
            round_=round_,
            unit=unit,
            award_code=code,
            person=person,
            subject_unit=collective,
            justification=justification,
            achievement_summary=ACHIEVEMENT,
        )
        for code, person, collective, justification in picks
    ]
    if not items:
        return
    issue_proposal(by=officer, round_=round_, unit=unit)
    if len(items) > 4:
        items.pop(3)  # a draft left for the officer: its báo cáo thành tích, then send it
    for item in items:
        issue_achievement_report(by=officer, nomination=item)
        submit_nomination(by=officer, nomination=item)
    # The department checks: accepts the first and the collective, returns the second; the
    # others (one failing a rule, with its justification) wait for thẩm định.
    for index, item in enumerate(items):
        if index == 1:
            return_nomination(by=department, nomination=item, reason=RETURN_REASON)
        elif (index == 0 or item.subject_unit_id is not None) and item.eligible:
            accept_nomination(by=department, nomination=item, note="Hồ sơ đầy đủ, đủ điều kiện.")
