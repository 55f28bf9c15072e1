"""Forms of the plan pages: a movement, its scope, its phases, generating and editing periods.

Forms only parse what was typed; every rule lives in `services/plan.py`, whose refusals the
views show at the field they name (`form.add_domain_error`).
"""

from typing import Any

from django import forms

from thidua.movements import periods as period_rules
from thidua.movements.enums import MovementKind, ReviewKind
from thidua.movements.models import Movement, Period, Phase
from thidua.movements.selectors.plan import owner_choices
from thidua.movements.services.plan import MovementData, PhaseData
from thidua.organizations.forms.widgets import BootstrapFormMixin, date_field
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser

THEMATIC_HELP = (
    "Thường xuyên: thi đua hằng năm theo nhiệm vụ được giao. Theo chuyên đề: thi đua về một "
    "nội dung, trong một thời gian xác định (như phong trào chuyển đổi số 2025–2030). Kết quả "
    "khen thưởng thi đua theo chuyên đề không dùng làm căn cứ đề nghị cấp trên khen thưởng công "
    "trạng (Nghị định 152/2025/NĐ-CP, Điều 4 khoản 3)."
)
REASON_HELP = "Ghi vào nhật ký thao tác. Bắt buộc khi phong trào đã phát động."


def reason_field(help_text: str = REASON_HELP) -> forms.CharField:
    return forms.CharField(
        label="Lý do",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
        error_messages={"max_length": "Lý do dài quá 500 ký tự."},
    )


def _days_field(label: str, initial: int, help_text: str) -> forms.IntegerField:
    limit = period_rules.MAX_DAYS_AFTER_END
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=0,
        max_value=limit,
        help_text=help_text,
        error_messages={
            "required": f"Hãy nhập {label.lower()}.",
            "invalid": "Hãy nhập một số ngày, ví dụ 10.",
            "min_value": "Số ngày không được âm.",
            "max_value": f"Số ngày tối đa là {limit}.",
        },
    )


class MovementForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label="Mã phong trào",
        max_length=32,
        help_text="Chữ in hoa không dấu, chữ số, gạch dưới; ví dụ CDS_2025_2030.",
        error_messages={"required": "Hãy nhập mã phong trào."},
    )
    name = forms.CharField(
        label="Tên phong trào",
        max_length=300,
        error_messages={"required": "Hãy nhập tên phong trào."},
    )
    kind = forms.ChoiceField(
        label="Hình thức tổ chức",
        choices=MovementKind.choices,
        initial=MovementKind.THEMATIC,
        widget=forms.RadioSelect,
        help_text=THEMATIC_HELP,
        error_messages={"required": "Hãy chọn hình thức tổ chức."},
    )
    owner = forms.ModelChoiceField(
        label="Đơn vị tổ chức (phát động)",
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text="Chỉ các đơn vị bạn được quyền tổ chức phong trào.",
        error_messages={
            "required": "Hãy chọn đơn vị tổ chức.",
            "invalid_choice": "Bạn không được tổ chức phong trào tại đơn vị này.",
        },
    )
    for_collectives = forms.BooleanField(
        label="Tập thể (đơn vị, khoa, phòng)", required=False, initial=True
    )
    for_individuals = forms.BooleanField(
        label="Cá nhân (cán bộ, viên chức, người lao động)", required=False, initial=True
    )
    start_date = date_field("Ngày bắt đầu", required=True)
    end_date = date_field("Ngày kết thúc", required=True)
    description = forms.CharField(
        label="Mục tiêu, yêu cầu",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    legal_basis = forms.CharField(
        label="Căn cứ",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Các văn bản làm căn cứ, ví dụ Kế hoạch số 190/KH-UBND ngày 18/7/2025 của "
        "UBND Thành phố Hà Nội.",
    )
    reason = reason_field()

    def __init__(
        self, *args: Any, user: AnyUser, movement: Movement | None = None, **kwargs: Any
    ) -> None:
        if movement is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": movement.code,
                    "name": movement.name,
                    "kind": movement.kind,
                    "owner": movement.owner_id,
                    "for_collectives": movement.for_collectives,
                    "for_individuals": movement.for_individuals,
                    "start_date": movement.start_date,
                    "end_date": movement.end_date,
                    "description": movement.description,
                    "legal_basis": movement.legal_basis,
                },
            )
        super().__init__(*args, **kwargs)
        choices = owner_choices(user)
        if movement is not None:
            # The current owner stays listed; the service refuses a change the user may not make.
            choices = (choices | Unit.objects.filter(pk=movement.owner_id)).distinct()
        owner: Any = self.fields["owner"]
        owner.queryset = choices

    def movement_data(self) -> MovementData:
        data = self.cleaned_data
        return MovementData(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            owner=data["owner"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            for_collectives=data["for_collectives"],
            for_individuals=data["for_individuals"],
            description=data.get("description") or "",
            legal_basis=data.get("legal_basis") or "",
        )


class ScopeForm(BootstrapFormMixin, forms.Form):
    """The units taking part; each ticked unit takes part with its subtree unless also ticked
    in `alone`."""

    units = forms.ModelMultipleChoiceField(
        label="Đơn vị tham gia",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Đơn vị không thuộc đơn vị tổ chức phong trào."},
    )
    alone = forms.ModelMultipleChoiceField(
        label="Chỉ đơn vị này (không kèm khoa, phòng, đơn vị trực thuộc)",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Đơn vị không thuộc đơn vị tổ chức phong trào."},
    )
    reason = reason_field()

    def __init__(self, *args: Any, candidates: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Unit.objects.filter(pk__in=[unit.pk for unit in candidates]).order_by(
            "depth", "sort_order", "name_folded", "pk"
        )
        for name in ("units", "alone"):
            field: Any = self.fields[name]
            field.queryset = queryset
        self.candidates = candidates

    def rows(self) -> list[tuple[Any, Any]]:
        """(the "takes part" checkbox, the "this unit only" checkbox) of each candidate."""
        return list(zip(self["units"], self["alone"], strict=True))

    def entries(self) -> list[tuple[Unit, bool]]:
        """(unit, with its subtree) for every ticked unit, in the candidates' order."""
        chosen = {unit.pk for unit in self.cleaned_data["units"]}
        alone = {unit.pk for unit in self.cleaned_data["alone"]}
        return [(unit, unit.pk not in alone) for unit in self.candidates if unit.pk in chosen]


class PhaseForm(BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(
        label="Giai đoạn số",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "Hãy nhập số thứ tự giai đoạn.",
            "invalid": "Số thứ tự phải là một số, ví dụ 1.",
            "min_value": "Số thứ tự giai đoạn phải từ 1 đến 99.",
            "max_value": "Số thứ tự giai đoạn phải từ 1 đến 99.",
        },
    )
    name = forms.CharField(
        label="Tên giai đoạn",
        max_length=200,
        error_messages={"required": "Hãy nhập tên giai đoạn."},
        help_text="Ví dụ: Giai đoạn 1 (2025–2027): triển khai và sơ kết.",
    )
    start_date = date_field("Ngày bắt đầu", required=True)
    end_date = date_field("Ngày kết thúc", required=True)
    review_kind = forms.ChoiceField(
        label="Kết thúc giai đoạn bằng",
        choices=ReviewKind.choices,
        required=False,
        help_text="Sơ kết: đánh giá giữa chừng; tổng kết: đánh giá cuối cùng, chỉ ở giai đoạn "
        "cuối.",
    )
    review_name = forms.CharField(
        label="Tên hội nghị sơ kết, tổng kết", max_length=200, required=False
    )
    review_date = date_field(
        "Ngày sơ kết, tổng kết",
        help_text="Trong giai đoạn hoặc sau khi giai đoạn kết thúc, chậm nhất một năm.",
    )
    reason = reason_field()

    def __init__(self, *args: Any, phase: Phase | None = None, **kwargs: Any) -> None:
        if phase is not None:
            kwargs.setdefault(
                "initial",
                {
                    "number": phase.number,
                    "name": phase.name,
                    "start_date": phase.start_date,
                    "end_date": phase.end_date,
                    "review_kind": phase.review_kind,
                    "review_name": phase.review_name,
                    "review_date": phase.review_date,
                },
            )
        super().__init__(*args, **kwargs)

    def phase_data(self) -> PhaseData:
        data = self.cleaned_data
        return PhaseData(
            number=data["number"],
            name=data["name"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            review_kind=data.get("review_kind") or "",
            review_name=data.get("review_name") or "",
            review_date=data.get("review_date"),
        )


class PeriodGenerateForm(BootstrapFormMixin, forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Loại kỳ",
        choices=[(kind, period_rules.KIND_LABELS[kind]) for kind in period_rules.KINDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Hãy chọn ít nhất một loại kỳ báo cáo.",
            "invalid_choice": "Loại kỳ báo cáo không hợp lệ.",
        },
    )
    opens_before_end_days = _days_field(
        "Mở nhập liệu trước cuối kỳ (ngày)",
        0,
        "0: mở nhập liệu đúng ngày cuối kỳ. Không bao giờ mở trước ngày đầu kỳ.",
    )
    due_after_days = _days_field(
        "Hạn nộp sau cuối kỳ (ngày)", 10, "Ví dụ 10: kỳ kết thúc 31/03 thì hạn nộp 10/04."
    )
    lock_after_days = _days_field(
        "Khóa số liệu sau cuối kỳ (ngày)", 30, "Không nhỏ hơn số ngày của hạn nộp."
    )
    start = date_field("Từ ngày", help_text="Bỏ trống: từ ngày phong trào bắt đầu.")
    end = date_field("Đến ngày", help_text="Bỏ trống: đến ngày phong trào kết thúc.")


class PeriodDatesForm(BootstrapFormMixin, forms.Form):
    opens_on = date_field("Mở nhập liệu", required=True)
    due_on = date_field("Hạn nộp", required=True)
    locks_on = date_field("Khóa số liệu", required=True)
    reason = reason_field()

    def __init__(self, *args: Any, period: Period, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"opens_on": period.opens_on, "due_on": period.due_on, "locks_on": period.locks_on},
        )
        super().__init__(*args, **kwargs)


class ReasonForm(BootstrapFormMixin, forms.Form):
    """Launching or closing a movement, or deleting a phase: an optional reason."""

    reason = reason_field("Ghi vào nhật ký thao tác.")
