"""Forms of the cluster pages: create/edit a cluster, copy a year to the next."""

from typing import Any

from django import forms

from thidua.organizations.forms.widgets import BootstrapFormMixin
from thidua.organizations.models import Cluster, Unit
from thidua.organizations.scoping import AnyUser
from thidua.organizations.selectors.clusters import cluster_candidate_units, cluster_member_ids
from thidua.organizations.services.clusters import MAX_YEAR, MIN_YEAR, ClusterData

_NOT_A_CANDIDATE = "Đơn vị không có trong danh sách đơn vị bạn được xếp vào cụm, khối."


class ClusterForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label="Mã cụm, khối", max_length=32, help_text="Ví dụ: KHOI_BVDK. Duy nhất trong năm."
    )
    name = forms.CharField(label="Tên cụm, khối", max_length=255)
    description = forms.CharField(
        label="Mô tả", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = forms.ModelMultipleChoiceField(
        label="Đơn vị thành viên",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Thứ tự luân phiên Trưởng, Phó cụm là thứ tự các đơn vị được thêm vào cụm.",
        error_messages={
            "required": "Hãy chọn ít nhất một đơn vị thành viên.",
            "invalid_choice": _NOT_A_CANDIDATE,
            "invalid_pk_value": _NOT_A_CANDIDATE,
        },
    )
    head_unit = forms.ModelChoiceField(
        label="Đơn vị Trưởng cụm, khối",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— Chưa chọn —",
        error_messages={"invalid_choice": _NOT_A_CANDIDATE},
    )
    deputy_unit = forms.ModelChoiceField(
        label="Đơn vị Phó cụm, khối",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— Chưa chọn —",
        error_messages={"invalid_choice": _NOT_A_CANDIDATE},
    )
    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi vào nhật ký thao tác.",
    )

    def __init__(
        self, *args: Any, user: AnyUser, cluster: Cluster | None = None, **kwargs: Any
    ) -> None:
        self.cluster = cluster
        self.member_order: list[int] = []
        if cluster is not None:
            self.member_order = cluster_member_ids(cluster)
            kwargs.setdefault(
                "initial",
                {
                    "code": cluster.code,
                    "name": cluster.name,
                    "description": cluster.description,
                    "members": self.member_order,
                    "head_unit": cluster.head_unit_id,
                    "deputy_unit": cluster.deputy_unit_id,
                },
            )
        super().__init__(*args, **kwargs)
        candidates = cluster_candidate_units(user)
        if cluster is not None:
            # Current members stay listed even when outside the user's scope: the service
            # refuses the change then, with a message naming the unit.
            candidates = (candidates | Unit.objects.filter(pk__in=self.member_order)).distinct()
        self.candidates = list(candidates)
        for name in ("members", "head_unit", "deputy_unit"):
            field: Any = self.fields[name]
            field.queryset = candidates

    def cluster_data(self) -> ClusterData:
        data = self.cleaned_data
        chosen = {unit.pk: unit for unit in data["members"]}
        # Members that stay keep their rotation place; new ones follow in the listed order.
        ordered = [chosen[pk] for pk in self.member_order if pk in chosen]
        ordered += [u for u in self.candidates if u.pk in chosen and u.pk not in self.member_order]
        return ClusterData(
            code=data["code"],
            name=data["name"],
            description=data.get("description") or "",
            members=ordered,
            head_unit=data.get("head_unit"),
            deputy_unit=data.get("deputy_unit"),
        )


class ClusterCreateForm(ClusterForm):
    year = forms.IntegerField(
        label="Năm",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "required": "Hãy nhập năm.",
            "invalid": "Năm phải là một số, ví dụ 2026.",
            "min_value": f"Năm phải từ {MIN_YEAR} trở đi.",
            "max_value": f"Năm phải trước {MAX_YEAR + 1}.",
        },
    )
    field_order = ["year", "code", "name", "description", "members", "head_unit", "deputy_unit"]


class ClusterCopyForm(BootstrapFormMixin, forms.Form):
    from_year = forms.IntegerField(
        label="Sao chép từ năm", min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.HiddenInput
    )
    to_year = forms.IntegerField(
        label="Sang năm",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={"required": "Hãy nhập năm đích.", "invalid": "Năm phải là một số."},
    )
    reason = forms.CharField(
        label="Lý do",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi vào nhật ký thao tác.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from_year"), data.get("to_year")
        if start is not None and end is not None and end <= start:
            self.add_error("to_year", "Năm đích phải sau năm nguồn.")
        return data
