"""API v1 /people: cán bộ, viên chức, người lao động, scoped like the people pages."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status
from pydantic import field_validator, model_validator

from thidua.accounts.roles import Perm
from thidua.organizations.api.common import (
    UNSET,
    OrmOut,
    UnitRef,
    acting_user,
    api_field_names,
    check_email,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.models import Person
from thidua.organizations.selectors.people import (
    PeopleFilter,
    membership_history,
    people_visible_to,
    search_people,
)
from thidua.organizations.selectors.units import units_visible_to
from thidua.organizations.services.people import PersonData, create_person, update_person

router = Router(tags=["Cán bộ"])

# The sort keys of the people selector (`selectors.people.SORTS`; a test keeps them in step).
PeopleSort = Literal["ten", "-ten", "ma", "-ma", "don-vi", "-don-vi", "ngay-sinh", "-ngay-sinh"]


class PersonOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của cán bộ")
    staff_code: str = Field(description="Mã cán bộ")
    full_name: str = Field(description="Họ và tên")
    gender: Gender = Field(description="Giới tính")
    gender_label: str = Field(description="Giới tính bằng tiếng Việt")
    date_of_birth: dt.date | None = Field(description="Ngày sinh (YYYY-MM-DD)")
    position: str = Field(description="Chức vụ, chức danh")
    employment_kind: EmploymentKind = Field(description="Loại cán bộ")
    employment_kind_label: str = Field(description="Loại cán bộ bằng tiếng Việt")
    unit: UnitRef = Field(description="Đơn vị công tác hiện tại")
    email: str = Field(description="Thư điện tử")
    phone: str = Field(description="Điện thoại")
    is_active: bool = Field(description="Đang công tác")


# The columns PersonOut reads: loading only these skips the others' conversion on every row.
LIST_COLUMNS = (
    "staff_code",
    "full_name",
    "gender",
    "date_of_birth",
    "position",
    "employment_kind",
    "email",
    "phone",
    "is_active",
    "unit__code",
    "unit__name",
)


class MembershipOut(OrmOut):
    unit: UnitRef = Field(description="Đơn vị")
    position: str = Field(description="Chức vụ, chức danh trong thời gian này")
    start_date: dt.date = Field(description="Từ ngày")
    end_date: dt.date | None = Field(description="Đến ngày (null: hiện nay)")
    note: str = Field(description="Ghi chú")


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut] = Field(description="Quá trình công tác, mới nhất trước")

    @model_validator(mode="before")
    @classmethod
    def _with_history(cls, obj: Any) -> Any:
        # The history in its order (newest first), not the related manager.
        if isinstance(obj, Person):
            return {
                **{name: getattr(obj, name) for name in PersonOut.model_fields},
                "memberships": membership_history(obj),
            }
        return obj


class PeopleFilters(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="Tìm theo họ tên, mã cán bộ, chức vụ (không phân biệt dấu, hoa thường)",
    )
    unit: int | None = Field(None, description="Chỉ cán bộ của đơn vị này")
    include_subunits: bool = Field(True, description="Gồm cả các đơn vị trực thuộc `unit`")
    employment_kind: EmploymentKind | None = Field(None, description="Loại cán bộ")
    position: str = Field("", max_length=120, description="Chức vụ, chức danh (đúng từng chữ)")
    gender: Gender | None = Field(None, description="Giới tính")
    active: bool | Literal["all"] = Field(
        True, description="true: đang công tác (mặc định); false: đã nghỉ; all: tất cả"
    )
    sort: PeopleSort = Field(
        "ten",
        description=(
            "Sắp xếp: ten (theo tên, kiểu Việt Nam), ma (mã cán bộ), don-vi, ngay-sinh; "
            "thêm dấu - phía trước để đảo chiều"
        ),
    )


class PersonFields(Schema):
    staff_code: str = Field(min_length=1, max_length=32, description="Mã cán bộ, duy nhất")
    full_name: str = Field(min_length=1, max_length=150, description="Họ và tên")
    gender: Gender = Field(description="Giới tính")
    employment_kind: EmploymentKind = Field(description="Loại cán bộ")
    unit_id: int = Field(description="Đơn vị công tác (cần quyền cập nhật cán bộ của đơn vị đó)")
    position: str = Field("", max_length=120, description="Chức vụ, chức danh")
    date_of_birth: dt.date | None = Field(None, description="Ngày sinh (YYYY-MM-DD)")
    email: str = Field("", max_length=254, description="Thư điện tử")
    phone: str = Field("", max_length=20, description="Điện thoại")

    @field_validator("email")
    @classmethod
    def check_email(cls, value: str) -> str:
        return check_email(value)


class PersonCreateIn(PersonFields):
    start_date: dt.date | None = Field(
        None, description="Bắt đầu công tác tại đơn vị từ ngày (mặc định: hôm nay)"
    )
    reason: str = Field("", max_length=500, description="Ghi chú, lý do (ghi vào nhật ký)")


class PersonPatchIn(Schema):
    """Only the fields sent are changed. A new `unit_id` moves the person (`moved_on`)."""

    staff_code: str = Field(UNSET, min_length=1, max_length=32, description="Mã cán bộ")
    full_name: str = Field(UNSET, min_length=1, max_length=150, description="Họ và tên")
    gender: Gender = Field(UNSET, description="Giới tính")
    employment_kind: EmploymentKind = Field(UNSET, description="Loại cán bộ")
    unit_id: int = Field(UNSET, description="Chuyển sang đơn vị này")
    position: str = Field(UNSET, max_length=120, description="Chức vụ, chức danh")
    date_of_birth: dt.date | None = Field(None, description="Ngày sinh (YYYY-MM-DD)")
    email: str = Field(UNSET, max_length=254, description="Thư điện tử")
    phone: str = Field(UNSET, max_length=20, description="Điện thoại")
    is_active: bool = Field(UNSET, description="Đang công tác")
    moved_on: dt.date | None = Field(
        None, description="Ngày chuyển đơn vị khi đổi `unit_id` (mặc định: hôm nay)"
    )
    reason: str = Field("", max_length=500, description="Lý do thay đổi (ghi vào nhật ký)")

    @field_validator("email")
    @classmethod
    def check_email(cls, value: str) -> str:
        return check_email(value)


_PERSON_FIELDS = {"unit": "unit_id"}


@router.get(
    "/people",
    response=list[PersonOut],
    summary="Danh sách cán bộ trong phạm vi",
)
@paginate(LimitOffsetPagination)
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> QuerySet[Person]:
    """People the user may see, searched, filtered, sorted (403 without VIEW_PERSON anywhere,
    as the list page: a staff member reads their own record at /people/{id})."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_PERSON)
    unit = None
    if filters.unit is not None:
        unit = units_visible_to(user, Perm.VIEW_PERSON).filter(pk=filters.unit).first()
        if unit is None:  # a unit one cannot see holds nobody one may list
            return Person.objects.none()
    people_filter = PeopleFilter(
        query=filters.q,
        unit=unit,
        include_subunits=filters.include_subunits,
        employment_kind=filters.employment_kind or "",
        position=filters.position,
        gender=filters.gender or "",
        active=None if filters.active == "all" else bool(filters.active),
        sort=filters.sort,
    )
    return search_people(user, people_filter).only(*LIST_COLUMNS)


@router.get(
    "/people/{person_id}",
    response=PersonDetailOut,
    summary="Một cán bộ, với quá trình công tác",
)
def get_person(request: HttpRequest, person_id: int) -> Person:
    """Within the user's scope, or their own record; else 404 (403 without VIEW_PERSON at all)."""
    user = acting_user(request)
    person = people_visible_to(user).select_related("unit").filter(pk=person_id).first()
    if person is None:
        require_anywhere(user, Perm.VIEW_PERSON)
        raise Http404
    return person


@router.post("/people", response={201: PersonDetailOut}, summary="Thêm cán bộ")
def create_person_endpoint(request: HttpRequest, payload: PersonCreateIn) -> Status[Person]:
    user = acting_user(request)
    require_anywhere(user, Perm.CHANGE_PERSON)
    unit = get_in_scope(units_visible_to(user), payload.unit_id)
    data = PersonData(
        staff_code=payload.staff_code,
        full_name=payload.full_name,
        gender=payload.gender,
        employment_kind=payload.employment_kind,
        unit=unit,
        position=payload.position,
        date_of_birth=payload.date_of_birth,
        email=payload.email,
        phone=payload.phone,
    )
    with api_field_names(_PERSON_FIELDS):
        person = create_person(
            by=user, data=data, start_date=payload.start_date, reason=payload.reason
        )
    return Status(201, person)


@router.patch(
    "/people/{person_id}",
    response=PersonDetailOut,
    summary="Sửa thông tin hoặc chuyển đơn vị một cán bộ",
)
def patch_person(request: HttpRequest, person_id: int, payload: PersonPatchIn) -> Person:
    user = acting_user(request)
    require_anywhere(user, Perm.CHANGE_PERSON)
    person = get_in_scope(people_visible_to(user).select_related("unit"), person_id)
    if not user.has_perm(Perm.CHANGE_PERSON.value, person):
        raise PermissionDenied
    sent = payload.model_fields_set
    unit = person.unit
    if "unit_id" in sent and payload.unit_id != person.unit_id:
        unit = get_in_scope(units_visible_to(user), payload.unit_id)

    def value(name: str) -> Any:
        return getattr(payload, name) if name in sent else getattr(person, name)

    data = PersonData(
        staff_code=value("staff_code"),
        full_name=value("full_name"),
        gender=value("gender"),
        employment_kind=value("employment_kind"),
        unit=unit,
        position=value("position"),
        date_of_birth=value("date_of_birth"),
        email=value("email"),
        phone=value("phone"),
    )
    with api_field_names(_PERSON_FIELDS):
        person = update_person(
            person,
            by=user,
            data=data,
            is_active=value("is_active"),
            moved_on=payload.moved_on,
            reason=payload.reason,
        )
    return person
