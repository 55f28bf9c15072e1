"""What the API modules of organizations share: the acting user, scope lookups, field names."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db.models import Model, QuerySet
from django.forms import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError

# The default of a PATCH field that was not sent: handlers tell sent from unsent fields by
# `model_fields_set`, and an explicit null for a non-nullable field is refused by its type.
# Typed Any so that the field keeps its precise type.
UNSET: Any = None


def acting_user(request: HttpRequest) -> User:
    """The authenticated user of an API request (the auth classes guarantee one)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def require_anywhere(user: User, perm: Perm) -> None:
    """403 unless a grant gives `perm` on some unit (the list pages ask the same)."""
    if not user.has_perm(perm.value):
        raise PermissionDenied


def get_in_scope[M: Model](queryset: QuerySet[M], pk: int) -> M:
    """The object with this id within an already scoped queryset, or 404."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@contextmanager
def api_field_names(mapping: Mapping[str, str]) -> Iterator[None]:
    """Report a service's DomainError under the field name the API uses (`unit` → `unit_id`)."""
    try:
        yield
    except DomainError as exc:
        if exc.field is not None:
            exc.field = mapping.get(exc.field, exc.field)
        raise


def check_email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as exc:
            raise ValueError("Địa chỉ thư điện tử không hợp lệ.") from exc
    return value


class OrmOut(BaseModel):
    """An output schema read straight from model attributes by pydantic (compiled), without
    ninja's per-attribute getter: the lists of 50–500 rows serialise several times faster.
    Values a model does not hold as attributes are small properties on the model."""

    model_config = ConfigDict(from_attributes=True)


class UnitRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của đơn vị")
    code: str = Field(description="Mã đơn vị")
    name: str = Field(description="Tên đơn vị")


class PersonRef(Schema):
    id: int = Field(description="Số hiệu nội bộ của cán bộ")
    staff_code: str = Field(description="Mã cán bộ")
    full_name: str = Field(description="Họ và tên")
