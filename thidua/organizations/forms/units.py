"""Forms of the unit pages: create, edit, move. They validate input; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from thidua.accounts.roles import Perm
from thidua.organizations.enums import SUB_UNIT_KINDS, UnitKind
from thidua.organizations.forms.widgets import (
    BootstrapFormMixin,
    FastSelect,
    PickerWidget,
    select_max,
)
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, subtree_q
from thidua.organizations.selectors.units import unit_choices, units_visible_to

REASON_HELP = "Ghi vào nhật ký thao tác."


class UnitChoiceField(forms.ModelChoiceField[Unit]):
    """A unit among those the user may act on; labels indented by tree level."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "invalid_choice", "Đơn vị không có trong danh sách bạn được chọn."
        )
        kwargs["error_messages"].setdefault("required", "Hãy chọn đơn vị.")
        kwargs.setdefault("empty_label", "— Chọn đơn vị —")
        super().__init__(*args, **kwargs)


def configure_unit_field(
    field: forms.ModelChoiceField[Unit],
    user: AnyUser,
    *,
    perm: Perm,
    autosubmit: bool = False,
    active_only: bool = True,
) -> None:
    """A select of the user's units (tree order) when they are few, a search field otherwise.

    The field's queryset is the whole scope either way: validation never trusts the page.
    """
    units = units_visible_to(user, perm)
    field.queryset = units.filter(is_active=True) if active_only else units
    choices = unit_choices(user, perm=perm, limit=select_max(), active_only=active_only)
    if choices.too_many:
        url = reverse("organizations:unit_tree") + f"?chon=1&quyen={perm.value}"
        if not active_only:
            url += "&ca_ngung=1"
        field.widget = PickerWidget(
            search_url=url, placeholder="Gõ tên hoặc mã đơn vị…", autosubmit=autosubmit
        )
        field.widget.attrs["class"] = "form-control"
        field.widget.choices = field.choices
    else:
        options: list[tuple[Any, Any]] = [("", field.empty_label or "— Chọn đơn vị —")]
        options += [(unit.pk, "\u2003" * level + unit.name) for unit, level in choices.units]
        field.widget = FastSelect(
            attrs={"class": "form-select", **({"data-autosubmit": ""} if autosubmit else {})},
            choices=options,
        )


def configure_person_field(
    field: forms.ModelChoiceField[Person], people: QuerySet[Person], *, search_url: str
) -> None:
    """A select of `people` when they are few, a search field (asking `search_url`) otherwise."""
    field.queryset = people
    listed = list(
        people.select_related(None).order_by("sort_name", "staff_code")[: select_max() + 1]
    )
    if len(listed) > select_max():
        field.widget = PickerWidget(search_url=search_url, placeholder="Gõ tên hoặc mã cán bộ…")
        field.widget.attrs["class"] = "form-control"
        field.widget.choices = field.choices
    else:
        options: list[tuple[Any, Any]] = [("", field.empty_label or "— Không chọn —")]
        options += [(p.pk, f"{p.full_name} — {p.position or p.staff_code}") for p in listed]
        field.widget = FastSelect(attrs={"class": "form-select"}, choices=options)


class UnitCreateForm(BootstrapFormMixin, forms.Form):
    parent = UnitChoiceField(label="Đơn vị cấp trên", queryset=Unit.objects.none())
    code = forms.CharField(
        label="Mã đơn vị",
        max_length=32,
        help_text="Chữ in hoa không dấu, chữ số, dấu - _ . (ví dụ: BV_XANHPON.K01).",
    )
    name = forms.CharField(label="Tên đơn vị", max_length=255)
    abbreviation = forms.CharField(
        label="Chữ viết tắt trên văn bản",
        max_length=20,
        required=False,
        help_text="Phần cuối của ký hiệu văn bản đơn vị ban hành, ví dụ “SYT” trong "
        "“15/QĐ-SYT”; không dấu cách, không “/”.",
    )
    kind = forms.ChoiceField(label="Loại", choices=[("", "— Chọn loại —"), *UnitKind.choices])
    sort_order = forms.IntegerField(
        label="Thứ tự hiển thị", min_value=0, max_value=100_000, initial=0, required=False
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        configure_unit_field(self.fields["parent"], user, perm=Perm.CHANGE_UNIT)  # type: ignore[arg-type]
        # The Sở is created once, by a system command: never from this form.
        kind_field: Any = self.fields["kind"]
        kind_field.choices = [
            (value, label) for value, label in kind_field.choices if value != UnitKind.DEPARTMENT
        ]

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean_abbreviation(self) -> str:
        return str(self.cleaned_data.get("abbreviation") or "").strip().upper()


class UnitEditForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label="Mã đơn vị", max_length=32)
    name = forms.CharField(label="Tên đơn vị", max_length=255)
    abbreviation = forms.CharField(
        label="Chữ viết tắt trên văn bản",
        max_length=20,
        required=False,
        help_text="Phần cuối của ký hiệu văn bản đơn vị ban hành, ví dụ “SYT” trong "
        "“15/QĐ-SYT”; không dấu cách, không “/”.",
    )
    kind = forms.ChoiceField(label="Loại", choices=UnitKind.choices)
    sort_order = forms.IntegerField(
        label="Thứ tự hiển thị", min_value=0, max_value=100_000, required=False
    )
    head = forms.ModelChoiceField(
        label="Thủ trưởng / trưởng khoa, phòng",
        queryset=Person.objects.none(),
        required=False,
        empty_label="— Chưa chọn —",
        help_text="Chọn trong số người đang công tác tại đơn vị hoặc đơn vị trực thuộc.",
        error_messages={
            "invalid_choice": "Người được chọn không công tác tại đơn vị này hoặc đơn vị "
            "trực thuộc."
        },
    )
    is_active = forms.BooleanField(label="Đang hoạt động", required=False)
    reason = forms.CharField(
        label="Lý do thay đổi",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "code": unit.code,
                "name": unit.name,
                "abbreviation": unit.abbreviation,
                "kind": unit.kind,
                "sort_order": unit.sort_order,
                "head": unit.head_id,
                "is_active": unit.is_active,
            },
        )
        super().__init__(*args, **kwargs)
        self.unit = unit
        people = Person.objects.filter(subtree_q("unit__path", unit.path), is_active=True)
        search_url = reverse("organizations:person_list") + f"?chon=1&don_vi={unit.pk}&truc_thuoc=1"
        configure_person_field(self.fields["head"], people, search_url=search_url)  # type: ignore[arg-type]
        kinds = UnitKind.choices
        if unit.parent_id is None:
            kinds = [(UnitKind.DEPARTMENT.value, UnitKind.DEPARTMENT.label)]
        elif unit.kind in SUB_UNIT_KINDS:
            kinds = [(value, label) for value, label in kinds if value in SUB_UNIT_KINDS]
        else:
            kinds = [(value, label) for value, label in kinds if value != UnitKind.DEPARTMENT]
        kind_field: Any = self.fields["kind"]
        kind_field.choices = kinds

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean_abbreviation(self) -> str:
        return str(self.cleaned_data.get("abbreviation") or "").strip().upper()


class UnitMoveForm(BootstrapFormMixin, forms.Form):
    parent = UnitChoiceField(
        label="Chuyển tới đơn vị cấp trên mới",
        queryset=Unit.objects.none(),
        help_text="Cả các đơn vị trực thuộc và cán bộ của đơn vị được chuyển theo.",
    )
    reason = forms.CharField(
        label="Lý do chuyển",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
        error_messages={"required": "Hãy ghi lý do chuyển đơn vị."},
    )

    def __init__(self, *args: Any, user: AnyUser, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        configure_unit_field(self.fields["parent"], user, perm=Perm.CHANGE_UNIT)  # type: ignore[arg-type]
