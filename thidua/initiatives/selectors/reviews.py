"""Reading reviews: a reviewer's own assignments ("Phiếu chấm của tôi"), the scoring sheet of one
assignment, the attachments a reviewer downloads, and the reviews a council's managers read.

Nobody reads another reviewer's sheet: `assignment_of_reviewer` finds an assignment only for
its own reviewer, `reviews_for_manager` only for the managers of the round's council (the
holders of MANAGE_INITIATIVE_COUNCILS at its unit).

**Blind rounds.** The reviewer sees neither the authors nor the unit: the initiative is called
"Sáng kiến số n" (its place in the round, not its code), the names of its authors and of the
author units (with their ancestors below the Sở) are replaced by "[đã ẩn]" in every text shown
(`blind.redact`, whatever the case and diacritics), the place of application is hidden, and
attachments are downloaded under a neutral name, their author metadata removed where the format
allows (`blind.strip_author_metadata`).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.initiatives.blind import REDACTED, redact
from thidua.initiatives.enums import ReviewStatus, RoundStatus
from thidua.initiatives.models import (
    Assignment,
    Attachment,
    Authorship,
    Initiative,
    Review,
    ReviewRound,
    ReviewScore,
    RoundEntry,
    RubricCriterion,
    RubricLevel,
)
from thidua.initiatives.selectors.councils import managed_rounds
from thidua.organizations import tree
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser

CENT = Decimal("0.01")


def today() -> dt.date:
    return timezone.localdate()


def criterion_field(criterion_id: int) -> str:
    """The name of a criterion's field in forms and error maps."""
    return f"tieu_chi_{criterion_id}"


def scoring_refusal(round_: ReviewRound, *, today: dt.date | None = None) -> str | None:
    """Why nobody may score in the round now (None when they may)."""
    today = today or timezone.localdate()
    if round_.status == RoundStatus.DRAFT:
        return "Đợt chấm chưa mở; chưa chấm được."
    if round_.status != RoundStatus.OPEN:
        return "Đợt chấm đã đóng; không chấm, sửa phiếu chấm được nữa."
    if today < round_.opens_on:
        return f"Đợt chấm bắt đầu từ ngày {round_.opens_on:%d/%m/%Y}; chưa chấm được."
    return None


def weighted_total(criteria: list[RubricCriterion], chosen: Mapping[int, RubricLevel]) -> Decimal:
    """Σ weight × level / top level over the criteria chosen (levels prefetched), to 0,01."""
    total = Decimal(0)
    for criterion in criteria:
        level = chosen.get(criterion.pk)
        if level is None:
            continue
        top = max((lv.score for lv in criterion.levels.all()), default=0)
        if top > 0:
            total += criterion.weight * Decimal(level.score) / Decimal(top)
    return total.quantize(CENT)


# -- Blind labels and redaction ------------------------------------------------------------------


def positions_in_rounds(round_ids: list[int]) -> dict[tuple[int, int], int]:
    """{(round_id, initiative_id): place of the initiative in its round, from 1} (one query)."""
    places: dict[tuple[int, int], int] = {}
    counters: dict[int, int] = defaultdict(int)
    for round_id, initiative_id in (
        RoundEntry.objects.filter(round_id__in=round_ids)
        .order_by("round_id", "id")
        .values_list("round_id", "initiative_id")
    ):
        counters[round_id] += 1
        places[(round_id, initiative_id)] = counters[round_id]
    return places


def hidden_names(initiatives: list[Initiative]) -> dict[int, list[str]]:
    """{initiative_id: names a blind reviewer must not read}: its authors (people and external
    names), the author units and their ancestors below the Sở, with their codes (two queries;
    the initiatives' units loaded)."""
    authors: dict[int, list[Authorship]] = defaultdict(list)
    for authorship in Authorship.objects.filter(
        initiative_id__in=[i.pk for i in initiatives]
    ).select_related("person__unit"):
        authors[authorship.initiative_id].append(authorship)
    paths: dict[int, set[str]] = {}
    for initiative in initiatives:
        paths[initiative.pk] = {initiative.unit.path}
        for authorship in authors[initiative.pk]:
            if authorship.person is not None:
                paths[initiative.pk].add(authorship.person.unit.path)
    unit_ids = {
        unit_id
        for group in paths.values()
        for path in group
        for unit_id in tree.ancestor_ids(path)[1:]
    }
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).only("pk", "name", "code")}
    result: dict[int, list[str]] = {}
    for initiative in initiatives:
        names: set[str] = set()
        for authorship in authors[initiative.pk]:
            names.add(authorship.display_name)
            if authorship.external_workplace:
                names.add(authorship.external_workplace)
        for path in paths[initiative.pk]:
            for unit_id in tree.ancestor_ids(path)[1:]:
                unit = units.get(unit_id)
                if unit is not None:
                    names.update({unit.name, unit.code})
        result[initiative.pk] = sorted(names)
    return result


def blind_label(place: int) -> str:
    return f"Sáng kiến số {place}"


def is_blind_reviewer_of(user: AnyUser, initiative: Initiative) -> bool:
    """The user reviews `initiative` in a blind round that is not closed yet: the initiative's
    own page (authors, unit, history) must not open for them (one query)."""
    if not user.is_authenticated:
        return False
    return Assignment.objects.filter(
        initiative=initiative,
        reviewer_id=user.pk,
        round__blind=True,
        round__status__in=[RoundStatus.DRAFT, RoundStatus.OPEN],
    ).exists()


# -- "Phiếu chấm của tôi" ------------------------------------------------------------------------


@dataclass
class MyAssignment:
    assignment: Assignment
    label: str
    title: str
    status: str
    status_label: str
    total: Decimal | None
    overdue: bool


@dataclass
class MyRound:
    round: ReviewRound
    items: list[MyAssignment] = field(default_factory=list)
    refusal: str | None = None

    @property
    def submitted(self) -> int:
        return sum(1 for item in self.items if item.status == ReviewStatus.SUBMITTED)


STATUS_NOT_STARTED = ("not_started", "Chưa chấm")


def my_assignments(user: AnyUser) -> list[MyRound]:
    """The user's assignments grouped by round (rounds under way first, then by deadline), each
    with the review's status and total; titles of blind rounds redacted. A fixed number of
    queries (about five) whatever the number of assignments."""
    if not user.is_authenticated:
        return []
    assignments = list(
        Assignment.objects.filter(reviewer_id=user.pk)
        .select_related("round__council", "initiative__unit", "review")
        .order_by("round__closes_on", "round_id", "id")
    )
    blind = [a.initiative for a in assignments if a.round.blind]
    hidden = hidden_names(blind) if blind else {}
    places = positions_in_rounds(sorted({a.round_id for a in assignments}))
    current = today()
    rounds: dict[int, MyRound] = {}
    for assignment in assignments:
        round_ = assignment.round
        group = rounds.get(round_.pk)
        if group is None:
            group = rounds[round_.pk] = MyRound(round=round_, refusal=scoring_refusal(round_))
        review: Review | None = getattr(assignment, "review", None)
        status, label = (
            (review.status, review.get_status_display()) if review else STATUS_NOT_STARTED
        )
        place = places.get((round_.pk, assignment.initiative_id), 0)
        initiative = assignment.initiative
        group.items.append(
            MyAssignment(
                assignment=assignment,
                label=blind_label(place) if round_.blind else initiative.code,
                title=redact(initiative.title, hidden.get(initiative.pk, []))
                if round_.blind
                else initiative.title,
                status=status,
                status_label=label,
                total=review.total if review else None,
                overdue=round_.status == RoundStatus.OPEN
                and current > round_.closes_on
                and status != ReviewStatus.SUBMITTED,
            )
        )
    order: dict[str, int] = {RoundStatus.OPEN: 0, RoundStatus.DRAFT: 1, RoundStatus.CLOSED: 2}
    return sorted(rounds.values(), key=lambda g: (order.get(g.round.status, 3), g.round.closes_on))


def assignment_of_reviewer(user: AnyUser, pk: int) -> Assignment | None:
    """The assignment `pk` when the user is its reviewer (with its round, council, rubric and
    initiative), else None: another reviewer's assignment is not found."""
    if not user.is_authenticated:
        return None
    return (
        Assignment.objects.filter(pk=pk, reviewer_id=user.pk)
        .select_related(
            "round__council__unit",
            "round__rubric",
            "initiative__unit",
            "initiative__area",
        )
        .first()
    )


# -- The scoring sheet ---------------------------------------------------------------------------


@dataclass
class SheetAttachment:
    pk: int
    name: str
    description: str
    size: int


@dataclass
class SheetInitiative:
    """What the reviewer reads of the initiative: everything in an open round, no author, unit
    or code in a blind one."""

    label: str
    title: str
    kind_label: str
    area_name: str
    problem: str
    solution: str
    applied_where: str
    applied_since: dt.date | None
    effect_kind_label: str
    effect: str
    effect_amount: Decimal | None
    scope_label: str
    year: int
    authors: list[str]
    unit_name: str
    attachments: list[SheetAttachment]


@dataclass
class CriterionRow:
    criterion: RubricCriterion
    field_name: str
    chosen_level_id: int | None
    top_score: int


@dataclass
class ReviewSheet:
    assignment: Assignment
    round: ReviewRound
    blind: bool
    initiative: SheetInitiative
    criteria: list[CriterionRow]
    review: Review | None
    total: Decimal
    refusal: str | None
    overdue: bool

    @property
    def submitted(self) -> bool:
        return self.review is not None and self.review.status == ReviewStatus.SUBMITTED

    @property
    def can_edit(self) -> bool:
        return self.refusal is None and not self.submitted


def rubric_criteria(rubric_id: int) -> list[RubricCriterion]:
    """The rubric's criteria in order with their levels (two queries)."""
    return list(
        RubricCriterion.objects.filter(rubric_id=rubric_id)
        .prefetch_related("levels")
        .order_by("order", "id")
    )


def _percent(share: Decimal) -> str:
    """33.50 → "33,5", 100.00 → "100"."""
    return format(share.normalize(), "f").replace(".", ",")


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def attachment_name(attachment: Attachment, place: int, *, blind: bool) -> str:
    """The name a reviewer downloads the attachment under: neutral in a blind round (the
    original name may carry the author's or the unit's name)."""
    if not blind:
        return attachment.original_name
    return f"tep-dinh-kem-{place}{_extension(attachment.original_name)}"


def review_sheet(assignment: Assignment, *, reveal: bool = False) -> ReviewSheet:
    """The sheet of an assignment (loaded by `assignment_of_reviewer`): the initiative as the
    reviewer may read it (`reveal`: as a council manager reads it, authors shown even in a
    blind round), the rubric with the levels chosen so far, the total, whether scoring is
    possible now. A fixed number of queries."""
    round_ = assignment.round
    initiative = assignment.initiative
    blind = round_.blind and not reveal
    review = Review.objects.filter(assignment=assignment).first()
    chosen = (
        dict(review.scores.values_list("criterion_id", "level_id")) if review is not None else {}
    )
    criteria = rubric_criteria(round_.rubric_id)
    levels_by_id = {lv.pk: lv for c in criteria for lv in c.levels.all()}
    authorships = list(
        Authorship.objects.filter(initiative=initiative)
        .select_related("person")
        .order_by("order", "id")
    )
    attachments = list(
        Attachment.objects.filter(initiative=initiative).select_related("blob").order_by("id")
    )
    hidden = hidden_names([initiative]).get(initiative.pk, []) if blind else []

    def text(value: str) -> str:
        return redact(value, hidden) if blind else value

    place = positions_in_rounds([round_.pk]).get((round_.pk, initiative.pk), 0)
    sheet_initiative = SheetInitiative(
        label=blind_label(place) if blind else initiative.code,
        title=text(initiative.title),
        kind_label=initiative.get_kind_display(),
        area_name=initiative.area.name if initiative.area is not None else "",
        problem=text(initiative.problem),
        solution=text(initiative.solution),
        applied_where=REDACTED if blind and initiative.applied_where else initiative.applied_where,
        applied_since=initiative.applied_since,
        effect_kind_label=initiative.get_effect_kind_display(),
        effect=text(initiative.effect),
        effect_amount=initiative.effect_amount,
        scope_label=initiative.get_scope_display(),
        year=initiative.year,
        authors=[]
        if blind
        else [
            f"{a.display_name} ({_percent(a.share)} %)"
            + (" — ngoài hệ thống" if a.is_external else "")
            for a in authorships
        ],
        unit_name="" if blind else initiative.unit.name,
        attachments=[
            SheetAttachment(
                pk=attachment.pk,
                name=attachment_name(attachment, index, blind=blind),
                description=text(attachment.description),
                size=attachment.blob.size,
            )
            for index, attachment in enumerate(attachments, start=1)
        ],
    )
    refusal = scoring_refusal(round_)
    submitted = review is not None and review.status == ReviewStatus.SUBMITTED
    return ReviewSheet(
        assignment=assignment,
        round=round_,
        blind=blind,
        initiative=sheet_initiative,
        criteria=[
            CriterionRow(
                criterion=criterion,
                field_name=criterion_field(criterion.pk),
                chosen_level_id=chosen.get(criterion.pk),
                top_score=max((lv.score for lv in criterion.levels.all()), default=0),
            )
            for criterion in criteria
        ],
        review=review,
        total=weighted_total(
            criteria,
            {cid: levels_by_id[lid] for cid, lid in chosen.items() if lid in levels_by_id},
        ),
        refusal=refusal,
        overdue=round_.status == RoundStatus.OPEN and today() > round_.closes_on and not submitted,
    )


def attachment_for_reviewer(assignment: Assignment, pk: int) -> tuple[Attachment, int] | None:
    """The attachment `pk` of the assignment's initiative with its place among the
    initiative's attachments (from 1), else None."""
    ids = list(
        Attachment.objects.filter(initiative_id=assignment.initiative_id)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    if pk not in ids:
        return None
    attachment = Attachment.objects.select_related("blob").get(pk=pk)
    return attachment, ids.index(pk) + 1


# -- Managers reading the reviews of their rounds --------------------------------------------------


def reviews_for_manager(user: AnyUser, round_pk: int) -> QuerySet[Review] | None:
    """The reviews of a round of a council the user manages (None when the round is not
    theirs), with reviewer, initiative and scores."""
    round_ = managed_rounds(user).filter(pk=round_pk).first()
    if round_ is None:
        return None
    return (
        Review.objects.filter(assignment__round=round_)
        .select_related("assignment__reviewer", "assignment__initiative")
        .prefetch_related(
            Prefetch("scores", queryset=_scores_queryset()),
        )
        .order_by("assignment__initiative__code", "assignment__reviewer__username")
    )


def _scores_queryset() -> QuerySet[ReviewScore]:
    return ReviewScore.objects.select_related("criterion", "level").order_by(
        "criterion__order", "criterion_id"
    )


def assignment_for_manager(user: AnyUser, round_pk: int, pk: int) -> Assignment | None:
    """An assignment of a round the user manages (with reviewer, initiative, review)."""
    return (
        Assignment.objects.filter(
            pk=pk, round_id=round_pk, round__in=managed_rounds(user).values("pk")
        )
        .select_related("round__council__unit", "round__rubric", "initiative", "reviewer", "review")
        .first()
    )


def users_by_pk(pks: list[int]) -> dict[int, User]:
    return {user.pk: user for user in User.objects.filter(pk__in=pks)}
