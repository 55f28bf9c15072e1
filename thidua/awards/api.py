"""API v1 of awards (read): the rulebook's versions and one version's catalogue, a person's and
a collective's inputs (each row with the id `api_inputs` changes or deletes it by). Scoped like
the pages: a subject outside the reader's scope is a 404; a staff member reads their own inputs.

The awards router is shared: `api_rounds`, `api_round_steps`, `api_dossier`, `api_inputs` and
`api_councils` add their routes to it (thidua/api.py imports them)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.models import RulebookVersion
from thidua.awards.selectors.access import can_view_person_inputs, can_view_unit_inputs
from thidua.awards.selectors.inputs import SubjectInputs, person_inputs, unit_inputs
from thidua.awards.selectors.rulebook import rulebook_versions
from thidua.organizations.api.common import acting_user
from thidua.organizations.models import Person, Unit

router = Router(tags=["Khen thưởng: bộ quy tắc, thông tin thi đua"])


class VersionOut(Schema):
    id: int
    label: str = Field(description="Phiên bản")
    effective_from: dt.date = Field(description="Áp dụng từ ngày")
    status: str = Field(description="draft | published")
    state: str = Field(description="in_force | upcoming | past | draft")
    citation: str = Field(description="Căn cứ ban hành")


class VersionDetailOut(VersionOut):
    spec: dict[str, Any] = Field(description="Bộ quy tắc (JSON của bộ máy xét điều kiện)")


class RatingOut(Schema):
    id: int = Field(description="Để sửa, xóa qua /awards/inputs/ratings/{id}")
    year: int
    rating: str = Field(description="HTXSNV | HTTNV | HTNV | KHTNV")
    source: str


class AwardOut(Schema):
    id: int
    award_code: str
    year: int
    decision_number: str
    decision_date: dt.date | None
    issuer: str
    thematic: bool = Field(description="Khen thưởng theo chuyên đề (không tính vào chuỗi)")
    revoked: bool
    revoked_reason: str


class PeriodOut(Schema):
    id: int = Field(
        description="Để sửa, xóa qua /awards/inputs/{holds|discipline|maternity-leave}/{id}"
    )
    kind: str
    start: dt.date
    end: dt.date | None


class InputsOut(Schema):
    ratings: list[RatingOut]
    awards: list[AwardOut]
    holds: list[PeriodOut]
    discipline: list[PeriodOut] = Field(description="Kỷ luật (kind là hình thức kỷ luật)")
    maternity_leave: list[PeriodOut]
    research: list[dict[str, Any]]
    initiatives: list[dict[str, Any]] = Field(description="Sáng kiến được công nhận")


def _require_rulebook_reader(request: HttpRequest) -> None:
    user = acting_user(request)
    if not (
        user.has_perm(Perm.VIEW_ELIGIBILITY.value) or user.has_perm(Perm.MANAGE_RULEBOOK.value)
    ):
        raise PermissionDenied


@router.get("/awards/rulebook", response=list[VersionOut], summary="Các phiên bản bộ quy tắc")
def list_versions(request: HttpRequest) -> list[VersionOut]:
    _require_rulebook_reader(request)
    return [
        VersionOut(
            id=row.version.pk,
            label=row.version.label,
            effective_from=row.version.effective_from,
            status=row.version.status,
            state=row.state,
            citation=row.version.citation,
        )
        for row in rulebook_versions(clock.today())
        if row.state != "draft"
    ]


@router.get("/awards/rulebook/{version_id}", response=VersionDetailOut, summary="Một phiên bản")
def get_version(request: HttpRequest, version_id: int) -> VersionDetailOut:
    _require_rulebook_reader(request)
    version = RulebookVersion.objects.filter(pk=version_id, status="published").first()
    if version is None:
        raise Http404
    return VersionDetailOut(
        id=version.pk,
        label=version.label,
        effective_from=version.effective_from,
        status=version.status,
        state="",
        citation=version.citation,
        spec=version.spec,
    )


def _inputs_out(inputs: SubjectInputs) -> InputsOut:
    return InputsOut(
        ratings=[
            RatingOut(id=r.pk, year=r.year, rating=r.rating, source=r.source)
            for r in inputs.ratings
        ],
        awards=[
            AwardOut(
                id=a.pk,
                award_code=a.award_code,
                year=a.year,
                decision_number=a.decision_number,
                decision_date=a.decision_date,
                issuer=a.issuer,
                thematic=a.thematic,
                revoked=a.revoked,
                revoked_reason=a.revoked_reason,
            )
            for a in inputs.awards
        ],
        holds=[PeriodOut(id=h.pk, kind=h.kind, start=h.start, end=h.end) for h in inputs.holds],
        discipline=[
            PeriodOut(id=d.pk, kind=d.form, start=d.start, end=d.end) for d in inputs.discipline
        ],
        maternity_leave=[
            PeriodOut(id=m.pk, kind="maternity", start=m.start, end=m.end) for m in inputs.leaves
        ],
        research=[
            {"id": r.pk, "title": r.title, "level": r.level, "year": r.year}
            for r in inputs.research
        ],
        initiatives=[
            {"code": i.code, "title": i.title, "year": i.year, "level": i.level}
            for i in inputs.initiatives
        ],
    )


@router.get(
    "/awards/people/{person_id}/inputs", response=InputsOut, summary="Thông tin của cá nhân"
)
def person_inputs_api(request: HttpRequest, person_id: int) -> InputsOut:
    user = acting_user(request)
    person = Person.objects.select_related("unit").filter(pk=person_id).first()
    if person is None or not can_view_person_inputs(user, person):
        raise Http404
    return _inputs_out(person_inputs(person))


@router.get("/awards/units/{unit_id}/inputs", response=InputsOut, summary="Thông tin của tập thể")
def unit_inputs_api(request: HttpRequest, unit_id: int) -> InputsOut:
    user = acting_user(request)
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not can_view_unit_inputs(user, unit):
        raise Http404
    return _inputs_out(unit_inputs(unit))
