"""Forms of the people pages: the list filters (shared by the export) and create/edit."""

from typing import Any

from django import forms
from django.http import QueryDict

from thidua.accounts.roles import Perm
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.forms.units import UnitChoiceField, configure_unit_field
from thidua.organizations.forms.widgets import BootstrapFormMixin, date_field
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser
from thidua.organizations.selectors.people import DEFAULT_SORT, SORTS, PeopleFilter
from thidua.organizations.selectors.units import units_visible_to
from thidua.organizations.services.people import PersonData

STATUS_CHOICES = [
    ("dang", "Đang công tác"),
    ("nghi", "Đã nghỉ"),
    ("tat-ca", "Tất cả"),
]
_ACTIVE_BY_STATUS: dict[str, bool | None] = {"dang": True, "nghi": False, "tat-ca": None}
SORT_LABELS = {
    "ten": "Họ và tên",
    "ma": "Mã cán bộ",
    "don-vi": "Đơn vị",
    "ngay-sinh": "Ngày sinh",
}


class PeopleFilterForm(BootstrapFormMixin, forms.Form):
    """The filters of the people list, in the query string (`?q=…&don_vi=…`).

    Invalid values are dropped rather than refused: a list page always shows something.
    """

    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    don_vi = UnitChoiceField(
        label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Tất cả đơn vị"
    )
    truc_thuoc = forms.BooleanField(label="Gồm đơn vị trực thuộc", required=False)
    loai = forms.ChoiceField(
        label="Loại cán bộ", required=False, choices=[("", "Tất cả"), *EmploymentKind.choices]
    )
    chuc_vu = forms.ChoiceField(label="Chức vụ, chức danh", required=False, choices=[])
    gioi_tinh = forms.ChoiceField(
        label="Giới tính", required=False, choices=[("", "Tất cả"), *Gender.choices]
    )
    trang_thai = forms.ChoiceField(label="Trạng thái", required=False, choices=STATUS_CHOICES)
    sap_xep = forms.ChoiceField(
        required=False, choices=[(key, key) for key in SORTS], widget=forms.HiddenInput
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        user: AnyUser,
        positions: list[str] | None = None,
        perm: Perm = Perm.VIEW_PERSON,
        with_unit_widget: bool = True,
    ) -> None:
        params = data.copy()
        # The checkbox is ticked unless the filter form itself was sent without it.
        if "loc" not in params and "truc_thuoc" not in params:
            params["truc_thuoc"] = "1"
        super().__init__(params)
        field: Any = self.fields["don_vi"]
        if with_unit_widget:
            configure_unit_field(field, user, perm=perm, autosubmit=True, active_only=False)
        else:
            field.queryset = units_visible_to(user, perm)
        if positions is None:
            # Without the list (the results fragment, the export) any position is accepted:
            # the scoped query finds nobody for a position nobody in scope holds.
            wanted = str(params.get("chuc_vu", ""))
            positions = [wanted] if wanted else []
        position_field: Any = self.fields["chuc_vu"]
        position_field.choices = [("", "Tất cả"), *((p, p) for p in positions)]
        for name in ("loai", "gioi_tinh", "trang_thai", "chuc_vu"):
            self.fields[name].widget.attrs["data-autosubmit"] = ""

    def to_filter(self) -> PeopleFilter:
        self.is_valid()  # fills cleaned_data with the valid fields; the others are dropped
        data: dict[str, Any] = self.cleaned_data
        status = data.get("trang_thai") or "dang"
        sort = data.get("sap_xep") or DEFAULT_SORT
        return PeopleFilter(
            query=data.get("q", "") or "",
            unit=data.get("don_vi"),
            include_subunits=bool(data.get("truc_thuoc")),
            employment_kind=data.get("loai", "") or "",
            position=data.get("chuc_vu", "") or "",
            gender=data.get("gioi_tinh", "") or "",
            active=_ACTIVE_BY_STATUS.get(status, True),
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )


def describe_filter(filters: PeopleFilter) -> str:
    """The filters in words, for the audit entry of an export and the page subtitle."""
    parts: list[str] = []
    if filters.query:
        parts.append(f"tìm “{filters.query}”")
    if filters.unit is not None:
        scope = "gồm đơn vị trực thuộc" if filters.include_subunits else "chỉ đơn vị này"
        parts.append(f"đơn vị {filters.unit.name} ({scope})")
    if filters.employment_kind:
        parts.append(f"loại {EmploymentKind(filters.employment_kind).label}")
    if filters.position:
        parts.append(f"chức vụ {filters.position}")
    if filters.gender:
        parts.append(f"giới tính {Gender(filters.gender).label}")
    status = {True: "đang công tác", False: "đã nghỉ", None: "mọi trạng thái"}[filters.active]
    parts.append(status)
    return "; ".join(parts)


class PersonForm(BootstrapFormMixin, forms.Form):
    staff_code = forms.CharField(label="Mã cán bộ", max_length=32)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    gender = forms.ChoiceField(label="Giới tính", choices=[("", "— Chọn —"), *Gender.choices])
    date_of_birth = date_field("Ngày sinh")
    position = forms.CharField(label="Chức vụ, chức danh", max_length=120, required=False)
    employment_kind = forms.ChoiceField(
        label="Loại cán bộ", choices=[("", "— Chọn —"), *EmploymentKind.choices]
    )
    unit = UnitChoiceField(label="Đơn vị công tác", queryset=Unit.objects.none())
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        configure_unit_field(self.fields["unit"], user, perm=Perm.CHANGE_PERSON)  # type: ignore[arg-type]

    def clean_staff_code(self) -> str:
        return str(self.cleaned_data["staff_code"]).strip().upper()

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            staff_code=data["staff_code"],
            full_name=data["full_name"],
            gender=data["gender"],
            employment_kind=data["employment_kind"],
            unit=data["unit"],
            position=data.get("position") or "",
            date_of_birth=data.get("date_of_birth"),
            email=data.get("email") or "",
            phone=data.get("phone") or "",
        )


class PersonCreateForm(PersonForm):
    start_date = date_field(
        "Ngày bắt đầu công tác tại đơn vị", help_text="Để trống: tính từ hôm nay."
    )


class PersonEditForm(PersonForm):
    is_active = forms.BooleanField(label="Đang công tác", required=False)
    moved_on = date_field(
        "Ngày chuyển đơn vị",
        help_text="Chỉ cần khi chuyển sang đơn vị khác: ngày bắt đầu công tác tại đơn vị mới.",
    )
    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi vào nhật ký thao tác (bắt buộc khi chuyển đơn vị).",
    )

    def __init__(self, *args: Any, user: AnyUser, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "staff_code": person.staff_code,
                "full_name": person.full_name,
                "gender": person.gender,
                "date_of_birth": person.date_of_birth,
                "position": person.position,
                "employment_kind": person.employment_kind,
                "unit": person.unit_id,
                "email": person.email,
                "phone": person.phone,
                "is_active": person.is_active,
            },
        )
        super().__init__(*args, user=user, **kwargs)
        self.person = person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.get("unit")
        if unit is not None and unit.pk != self.person.unit_id:
            if data.get("moved_on") is None and "moved_on" not in self.errors:
                self.add_error("moved_on", "Hãy nhập ngày chuyển sang đơn vị mới.")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Hãy ghi lý do chuyển đơn vị.")
        return data
