"""The filters of the initiative lists, in the query string (`?q=…&linh_vuc=…&nam=…`).

Invalid values are dropped rather than refused: a list page always shows something.
"""

from typing import Any

from django import forms
from django.http import QueryDict

from thidua.accounts.roles import Perm
from thidua.initiatives.enums import InitiativeStatus, RecognitionLevel
from thidua.initiatives.selectors.initiatives import (
    DEFAULT_SORT,
    SORTS,
    InitiativeFilter,
    filter_areas,
)
from thidua.organizations.forms.units import UnitChoiceField, configure_unit_field
from thidua.organizations.forms.widgets import BootstrapFormMixin, FastSelect
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser
from thidua.organizations.selectors.units import units_visible_to


class InitiativeFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    linh_vuc = forms.TypedChoiceField(
        label="Lĩnh vực", required=False, coerce=int, empty_value=None, choices=[]
    )
    don_vi = UnitChoiceField(
        label="Đơn vị (gồm trực thuộc)",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Tất cả đơn vị",
    )
    nam = forms.TypedChoiceField(
        label="Năm xét", required=False, coerce=int, empty_value=None, choices=[]
    )
    trang_thai = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Tất cả"), *InitiativeStatus.choices],
    )
    cap = forms.ChoiceField(
        label="Cấp công nhận",
        required=False,
        choices=[("", "Tất cả"), *RecognitionLevel.choices],
    )
    sap_xep = forms.ChoiceField(
        required=False, choices=[(key, key) for key in SORTS], widget=forms.HiddenInput
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        user: AnyUser,
        years: list[int],
        units: Any = None,
        with_status: bool = True,
        with_unit_widget: bool = True,
    ) -> None:
        """`units`: the unit filter's queryset (None: the units where the user holds
        VIEW_INITIATIVE, as a select or a search picker; an empty queryset hides the filter)."""
        super().__init__(data)
        area_choices: list[tuple[Any, Any]] = [("", "Tất cả")]
        groups: dict[str, list[tuple[int, str]]] = {}
        for area in filter_areas():
            groups.setdefault(area.movement.name, []).append((area.pk, area.name))
        if len(groups) == 1:
            area_choices += next(iter(groups.values()))
        else:
            area_choices += [(name, options) for name, options in groups.items()]
        self.fields["linh_vuc"].choices = area_choices  # type: ignore[attr-defined]
        self.fields["linh_vuc"].widget = FastSelect(
            attrs={"class": "form-select", "data-autosubmit": ""}, choices=area_choices
        )
        self.fields["nam"].choices = [("", "Tất cả"), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        field: Any = self.fields["don_vi"]
        if units is None:
            if with_unit_widget:
                configure_unit_field(
                    field, user, perm=Perm.VIEW_INITIATIVE, autosubmit=True, active_only=False
                )
            else:
                field.queryset = units_visible_to(user, Perm.VIEW_INITIATIVE)
        else:
            field.queryset = units
            options: list[tuple[Any, Any]] = [("", "Tất cả đơn vị")]
            options += [(unit.pk, unit.name) for unit in units]
            field.widget = FastSelect(
                attrs={"class": "form-select", "data-autosubmit": ""}, choices=options
            )
        if not with_status:
            del self.fields["trang_thai"]
        for name in ("nam", "trang_thai", "cap"):
            if name in self.fields:
                self.fields[name].widget.attrs["data-autosubmit"] = ""

    def to_filter(self) -> InitiativeFilter:
        self.is_valid()  # fills cleaned_data with the valid fields; the others are dropped
        data: dict[str, Any] = self.cleaned_data
        return InitiativeFilter(
            query=(data.get("q") or "").strip(),
            area_id=data.get("linh_vuc"),
            unit=data.get("don_vi"),
            year=data.get("nam"),
            status=data.get("trang_thai") or "",
            level=data.get("cap") or "",
            sort=data.get("sap_xep") or DEFAULT_SORT,
        )


def describe_filter(filters: InitiativeFilter) -> str:
    """The filters in words, for the export's audit entry."""
    parts = []
    if filters.query:
        parts.append(f"tìm “{filters.query}”")
    if filters.unit is not None:
        parts.append(f"đơn vị {filters.unit.name}")
    if filters.year is not None:
        parts.append(f"năm {filters.year}")
    if filters.status:
        parts.append(f"trạng thái {InitiativeStatus(filters.status).label}")
    if filters.level:
        parts.append(f"cấp {RecognitionLevel(filters.level).label}")
    if filters.area_id is not None:
        parts.append(f"lĩnh vực #{filters.area_id}")
    return ", ".join(parts) or "không lọc"
