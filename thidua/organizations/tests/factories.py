"""Factories for the organisation: units go through the service so paths are always right."""

import datetime as dt
from typing import Any

import factory

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.core.text import search_document, vietnamese_sort_key
from thidua.organizations.enums import EmploymentKind, Gender, UnitKind
from thidua.organizations.models import Membership, Person, RoleAssignment, Unit
from thidua.organizations.services.units import create_unit


def make_unit(
    code: str, name: str | None = None, *, parent: Unit | None, kind: str | None = None
) -> Unit:
    if kind is None:
        kind = (
            UnitKind.DEPARTMENT
            if parent is None
            else (UnitKind.HOSPITAL if parent.parent_id is None else UnitKind.CLINICAL_DEPARTMENT)
        )
    return create_unit(by=None, code=code, name=name or f"Đơn vị {code}", kind=kind, parent=parent)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("mat-khau-thu-nghiem-1")


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        # The membership hook writes its own row; the person needs no second save.
        skip_postgeneration_save = True

    staff_code = factory.Sequence(lambda n: f"CB{n:05d}")
    full_name = factory.Faker("name", locale="vi_VN")
    gender = Gender.FEMALE
    employment_kind = EmploymentKind.PUBLIC_EMPLOYEE
    position = "Điều dưỡng"
    date_of_birth = dt.date(1990, 5, 17)
    unit: Any = None
    search_text = factory.LazyAttribute(
        lambda p: search_document(p.full_name, p.staff_code, p.position)
    )
    sort_name = factory.LazyAttribute(lambda p: vietnamese_sort_key(p.full_name))

    @factory.post_generation
    def membership(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Membership.objects.create(
                person=self, unit=self.unit, position=self.position, start_date=dt.date(2020, 1, 1)
            )


def grant(user: User, role: Role, unit: Unit, *, subtree: bool = True) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, unit=unit, include_subtree=subtree)
