"""API v1: personal registrations — a person's own (`/me/registrations`) and the head's
list and decisions."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError
from thidua.movements.api.registrations.common import (
    TAGS,
    AnyTitle,
    ReasonIn,
    RegistrationStatusName,
    movement_in_scope,
    round_in,
)
from thidua.movements.models import PersonalRegistration, RegistrationRound
from thidua.movements.selectors.registrations import (
    can_list_personal_registrations,
    effective_deadline,
    movements_of_person,
    my_rounds,
    personal_registration_of,
    personal_registrations_of_round,
    personal_registrations_to_decide,
)
from thidua.movements.services.registrations.personal import (
    approve_personal_registrations,
    return_personal_registrations,
    save_personal_registration,
    submit_personal_registration,
)
from thidua.organizations.api.common import (
    OrmOut,
    PersonRef,
    UnitRef,
    acting_user,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.models import Person
from thidua.organizations.selectors.people import own_person

router = Router(tags=TAGS)


class PersonalRegistrationOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ")
    person: PersonRef = Field(description="Cán bộ")
    unit: UnitRef = Field(description="Đơn vị khi đăng ký")
    title: str = Field(description="Danh hiệu đăng ký (mã)")
    commitments: str = Field(description="Nội dung cam kết")
    status: RegistrationStatusName = Field(description="draft, submitted, approved, returned")
    submitted_at: dt.datetime | None = Field(description="Gửi lúc")
    decided_at: dt.datetime | None = Field(description="Duyệt, trả lại lúc")
    return_reason: str = Field(description="Lý do trả lại")


class MyRegistrationOut(Schema):
    movement_id: int = Field(description="Phong trào")
    movement_name: str = Field(description="Tên phong trào")
    year: int = Field(description="Năm")
    opens_on: dt.date = Field(description="Mở đăng ký")
    deadline: dt.date = Field(description="Hạn đăng ký áp dụng cho bạn")
    registration: PersonalRegistrationOut | None = Field(description="Đăng ký của bạn, nếu có")


class MyRegistrationIn(Schema):
    title: AnyTitle = Field(description="Danh hiệu cá nhân đăng ký (mã)")
    commitments: str = Field("", max_length=5000, description="Nội dung cam kết")


class PeopleFilters(Schema):
    status: RegistrationStatusName | None = Field(None, description="Trạng thái")


class IdsIn(Schema):
    ids: list[int] = Field(min_length=1, max_length=1000, description="Các đăng ký")


def _my_out(
    round_: RegistrationRound, registration: PersonalRegistration | None, deadline: dt.date
) -> MyRegistrationOut:
    return MyRegistrationOut(
        movement_id=round_.movement_id,
        movement_name=round_.movement.name,
        year=round_.year,
        opens_on=round_.opens_on,
        deadline=deadline,
        registration=(
            PersonalRegistrationOut.model_validate(registration) if registration else None
        ),
    )


@router.get("/me/registrations", response=list[MyRegistrationOut], summary="Đăng ký của tôi")
def list_my_registrations(request: HttpRequest) -> list[MyRegistrationOut]:
    """The rounds open to the signed-in person's unit, with their own registration of each."""
    person = own_person(acting_user(request))
    if person is None:
        return []
    return [_my_out(item.round, item.registration, item.deadline) for item in my_rounds(person)]


def _my_round(
    request: HttpRequest, movement_id: int, year: int
) -> tuple[User, Person, RegistrationRound]:
    user = acting_user(request)
    person = own_person(user)
    if person is None:
        raise PermissionDenied
    movement = get_in_scope(movements_of_person(person), movement_id)
    return user, person, round_in(movement, year)


@router.get(
    "/me/registrations/{movement_id}/{year}",
    response=MyRegistrationOut,
    summary="Đăng ký của tôi trong một năm",
)
def get_my_registration(request: HttpRequest, movement_id: int, year: int) -> MyRegistrationOut:
    _, person, round_ = _my_round(request, movement_id, year)
    registration = personal_registration_of(round_, person)
    return _my_out(round_, registration, effective_deadline(round_, person.unit))


@router.put(
    "/me/registrations/{movement_id}/{year}",
    response=MyRegistrationOut,
    summary="Lưu bản nháp đăng ký của tôi",
)
def put_my_registration(
    request: HttpRequest, movement_id: int, year: int, payload: MyRegistrationIn
) -> MyRegistrationOut:
    user, person, round_ = _my_round(request, movement_id, year)
    registration = save_personal_registration(
        by=user, round_=round_, person=person, title=payload.title, commitments=payload.commitments
    )
    return _my_out(round_, registration, effective_deadline(round_, person.unit))


@router.post(
    "/me/registrations/{movement_id}/{year}/submit",
    response=MyRegistrationOut,
    summary="Gửi đăng ký của tôi",
)
def submit_my_registration(request: HttpRequest, movement_id: int, year: int) -> MyRegistrationOut:
    user, person, round_ = _my_round(request, movement_id, year)
    registration = personal_registration_of(round_, person)
    if registration is None:
        raise DomainError("Bạn chưa có đăng ký; hãy lưu đăng ký trước (PUT).")
    registration = submit_personal_registration(registration, by=user)
    return _my_out(round_, registration, effective_deadline(round_, person.unit))


def _people(user: User, round_: RegistrationRound) -> QuerySet[PersonalRegistration]:
    return personal_registrations_of_round(user, round_).select_related("round__movement")


@router.get(
    "/movements/{movement_id}/registrations/{year}/people",
    response=list[PersonalRegistrationOut],
    summary="Đăng ký cá nhân trong phạm vi",
)
@paginate(LimitOffsetPagination)
def list_personal_registrations(
    request: HttpRequest, movement_id: int, year: int, filters: Query[PeopleFilters]
) -> QuerySet[PersonalRegistration]:
    """For unit heads (who approve), unit officers and the department."""
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    if not can_list_personal_registrations(user):
        raise PermissionDenied
    registrations = _people(user, round_in(movement, year))
    if filters.status is not None:
        registrations = registrations.filter(status=filters.status)
    return registrations


def _personal(user: User, registration_id: int) -> PersonalRegistration:
    require_anywhere(user, Perm.APPROVE_PERSONAL_REGISTRATION)
    registrations = personal_registrations_to_decide(user).select_related(
        "person", "unit", "round__movement"
    )
    return get_in_scope(registrations, registration_id)


@router.post(
    "/personal-registrations/{registration_id}/approve",
    response=PersonalRegistrationOut,
    summary="Thủ trưởng duyệt đăng ký cá nhân",
)
def approve_personal(request: HttpRequest, registration_id: int) -> PersonalRegistration:
    user = acting_user(request)
    registration = _personal(user, registration_id)
    approve_personal_registrations(by=user, registrations=[registration])
    return _personal(user, registration_id)


@router.post(
    "/personal-registrations/{registration_id}/return",
    response=PersonalRegistrationOut,
    summary="Thủ trưởng trả lại đăng ký cá nhân",
)
def return_personal(
    request: HttpRequest, registration_id: int, payload: ReasonIn
) -> PersonalRegistration:
    user = acting_user(request)
    registration = _personal(user, registration_id)
    return_personal_registrations(by=user, registrations=[registration], reason=payload.reason)
    return _personal(user, registration_id)


@router.post(
    "/movements/{movement_id}/registrations/{year}/people/approve",
    response=list[PersonalRegistrationOut],
    summary="Duyệt nhiều đăng ký cá nhân",
)
def approve_personal_bulk(
    request: HttpRequest, movement_id: int, year: int, payload: IdsIn
) -> list[PersonalRegistration]:
    """All or nothing; an id outside the caller's scope is 404."""
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    require_anywhere(user, Perm.APPROVE_PERSONAL_REGISTRATION)
    round_ = round_in(movement, year)
    ids = set(payload.ids)
    registrations = list(_people(user, round_).filter(pk__in=ids))
    if len(registrations) != len(ids):
        raise Http404
    approve_personal_registrations(by=user, registrations=registrations)
    return list(_people(user, round_).filter(pk__in=ids))
