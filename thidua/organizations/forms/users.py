"""Forms of the account and role-assignment pages. They validate input shape and offer only the
choices the actor may use; the services make the final decision."""

from typing import Any

from django import forms

from thidua.accounts.models import User
from thidua.accounts.roles import ROLE_CHOICES, ROLE_LABELS, Perm, Role, roles_assignable_by
from thidua.organizations.forms.units import configure_unit_field
from thidua.organizations.forms.widgets import BootstrapFormMixin
from thidua.organizations.models import Unit
from thidua.organizations.scoping import grants_for
from thidua.organizations.selectors.users import (
    UserFilter,
    assignable_roles,
)

ACTIVE_CHOICES = [("", "Tất cả"), ("1", "Đang hoạt động"), ("0", "Đã khóa")]
REASON_WIDGET = forms.Textarea(attrs={"rows": 2, "maxlength": 500})


class UnitChoiceField(forms.ModelChoiceField[Unit]):
    default_error_messages = {
        "invalid_choice": "Đơn vị này không có hoặc nằm ngoài phạm vi bạn quản lý.",
        "required": "Hãy chọn đơn vị.",
    }


class UserFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Vai trò", required=False, choices=[("", "Tất cả"), *ROLE_CHOICES]
    )
    unit = UnitChoiceField(
        label="Đơn vị",
        required=False,
        queryset=Unit.objects.none(),
        empty_label="Tất cả",
    )
    active = forms.ChoiceField(label="Trạng thái", required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A select of the units in reach, or a search field when there are too many.
        configure_unit_field(
            self.fields["unit"],  # type: ignore[arg-type]
            actor,
            perm=Perm.MANAGE_USERS,
            active_only=False,
        )
        widget = self.fields["unit"].widget
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select form-select-sm"

    def to_filter(self) -> UserFilter:
        """The filter of the valid fields (an invalid one is ignored and shown with its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        active = data.get("active", "")
        return UserFilter(
            query=data.get("q", "") or "",
            role=data.get("role", "") or "",
            unit=data.get("unit"),
            active=None if active == "" else active == "1",
        )


class RoleFieldsMixin(BootstrapFormMixin):
    """The role, unit and subtree fields shared by account creation and role granting."""

    actor: User
    cleaned_data: dict[str, Any]

    def _limit_role_fields(self, *, required: bool) -> None:
        roles = assignable_roles(self.actor)
        empty = [] if required else [("", "— Chưa giao vai trò —")]
        self.fields["role"].choices = [*empty, *((r.value, ROLE_LABELS[r]) for r in roles)]  # type: ignore[attr-defined]
        configure_unit_field(self.fields["unit"], self.actor, perm=Perm.MANAGE_USERS)  # type: ignore[arg-type]

    def _check_role_on_unit(self) -> None:
        role, unit = self.cleaned_data.get("role"), self.cleaned_data.get("unit")
        if role and unit is None and "unit" not in self.errors:  # type: ignore[attr-defined]
            self.add_error("unit", "Hãy chọn đơn vị cho vai trò.")
        elif unit is not None and not role and "role" not in self.errors:  # type: ignore[attr-defined]
            self.add_error("role", "Hãy chọn vai trò tại đơn vị đã chọn.")
        elif (
            role
            and unit is not None
            and Role(role) not in roles_assignable_by(grants_for(self.actor), unit.path)
        ):
            self.add_error(
                "role",
                f"Bạn không được giao vai trò “{Role(role).label}” tại đơn vị “{unit.name}”.",
            )


class AccountCreateForm(RoleFieldsMixin, forms.Form):
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        help_text="Chữ thường không dấu, ví dụ “hoa.nt” (tên, dấu chấm, chữ đầu của họ và đệm).",
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        help_text="Đường dẫn đặt mật khẩu được gửi tới địa chỉ này.",
    )
    role = forms.ChoiceField(label="Vai trò ban đầu", required=False)
    unit = UnitChoiceField(
        label="Tại đơn vị",
        required=False,
        queryset=Unit.objects.none(),
        empty_label="— Chọn đơn vị —",
    )
    include_subtree = forms.BooleanField(label="Gồm đơn vị trực thuộc", required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self._limit_role_fields(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_role_on_unit()
        return data


class AccountEditForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử")
    reason = forms.CharField(label="Lý do", required=False, max_length=500, widget=REASON_WIDGET)


class RoleGrantForm(RoleFieldsMixin, forms.Form):
    role = forms.ChoiceField(label="Vai trò")
    unit = UnitChoiceField(
        label="Tại đơn vị", queryset=Unit.objects.none(), empty_label="— Chọn đơn vị —"
    )
    include_subtree = forms.BooleanField(
        label="Gồm đơn vị trực thuộc", required=False, initial=True
    )
    reason = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self._limit_role_fields(required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_role_on_unit()
        return data


class ReasonForm(BootstrapFormMixin, forms.Form):
    """Revoke a role, reset two-factor: a reason is required (it goes to the audit trail)."""

    reason = forms.CharField(
        label="Lý do",
        max_length=500,
        widget=REASON_WIDGET,
        error_messages={"required": "Hãy ghi lý do (được lưu vào nhật ký)."},
    )


class SetActiveForm(ReasonForm):
    active = forms.TypedChoiceField(
        choices=[("1", "Mở khóa"), ("0", "Khóa")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
