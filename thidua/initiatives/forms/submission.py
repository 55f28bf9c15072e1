"""Forms of the submission page: the initiative's text, its authors rows, screening, withdrawal.

The authors list is a set of rows named `tac_gia-<n>-…` (n = 0, 1, … as the page numbered
them; the browser may add and remove rows). `AuthorRows` reads them, keeps what was typed to
show it again, and carries each row's errors — the service's `AuthorsInvalidError` names rows
by their position among the rows actually sent, which `AuthorRows.add_problems` maps back.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import QueryDict

from thidua.initiatives.authorship import MAX_AUTHORS, AuthorEntry, AuthorProblem, parse_share
from thidua.initiatives.enums import EffectKind, InfluenceScope, SolutionKind
from thidua.initiatives.services.submission import (
    PLACE_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    InitiativeText,
)
from thidua.movements.models import ContentArea
from thidua.organizations.forms.widgets import BootstrapFormMixin, FastSelect, date_field
from thidua.organizations.models import Person

ROW_PREFIX = "tac_gia"
EXTERNAL = "ngoai"
INTERNAL = "noi_bo"


def _too_long(label: str, limit: int) -> str:
    return f"{label} không được dài quá {limit:,} ký tự.".replace(",", ".")


def _text_field(label: str, *, limit: int = TEXT_MAX, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "data-similarity": ""}),
        error_messages={"max_length": _too_long(label, limit)},
    )


class AmountField(forms.CharField):
    """Đồng as typed in Vietnam: "1.234.567", "1 234 567", "1234567 đ" → 1234567."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(super().to_python(value) or "").strip()
        for noise in (".", " ", "\u00a0", "đồng", "đ", "VND", "vnd"):
            text = text.replace(noise, "")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError(
                "Giá trị làm lợi phải là số đồng, ví dụ 120.000.000."
            ) from error
        if not amount.is_finite() or amount < 0 or amount != amount.to_integral():
            raise forms.ValidationError("Giá trị làm lợi phải là số đồng, ví dụ 120.000.000.")
        return amount


class InitiativeForm(BootstrapFormMixin, forms.Form):
    """The text of an initiative; the area among those of the main author's unit's movements
    (grouped by movement), the year only for the unit's officers."""

    title = forms.CharField(
        label="Tên sáng kiến",
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"data-similarity": "", "autocomplete": "off"}),
        error_messages={
            "required": "Hãy nhập tên sáng kiến.",
            "max_length": _too_long("Tên sáng kiến", TITLE_MAX),
        },
    )
    area = forms.ModelChoiceField(
        label="Lĩnh vực, nội dung thi đua",
        queryset=ContentArea.objects.none(),
        required=False,
        empty_label="— Chọn lĩnh vực —",
        error_messages={"invalid_choice": "Lĩnh vực không hợp lệ."},
    )
    suggested_area = forms.ModelChoiceField(
        queryset=ContentArea.objects.none(), required=False, widget=forms.HiddenInput
    )
    kind = forms.ChoiceField(
        label="Loại giải pháp", choices=SolutionKind.choices, initial=SolutionKind.TECHNICAL
    )
    year = forms.IntegerField(
        label="Năm xét",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "Năm xét phải là số, ví dụ 2026."},
    )
    problem = _text_field("Thực trạng, vấn đề cần giải quyết")
    solution = _text_field("Nội dung giải pháp", rows=8)
    applied_where = forms.CharField(
        label="Nơi áp dụng, áp dụng thử",
        required=False,
        max_length=PLACE_MAX,
        error_messages={"max_length": _too_long("Nơi áp dụng", PLACE_MAX)},
    )
    applied_since = date_field("Áp dụng từ ngày")
    scope = forms.ChoiceField(
        label="Phạm vi ảnh hưởng", choices=InfluenceScope.choices, initial=InfluenceScope.UNIT
    )
    effect_kind = forms.ChoiceField(
        label="Loại hiệu quả", choices=EffectKind.choices, initial=EffectKind.SOCIAL
    )
    effect = _text_field("Hiệu quả đo được")
    effect_amount = AmountField(
        label="Giá trị làm lợi (đồng/năm)",
        required=False,
        max_length=30,
        help_text="Nếu tính được, ví dụ 120.000.000; để trống nếu là lợi ích xã hội.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    duplicate_explanation = forms.CharField(
        label="Giải trình điểm khác biệt so với sáng kiến tương tự",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _too_long("Giải trình", REASON_MAX)},
    )

    def __init__(
        self,
        *args: Any,
        areas: list[ContentArea],
        with_year: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = [area.pk for area in areas]
        for name in ("area", "suggested_area"):
            self.fields[name].queryset = ContentArea.objects.filter(  # type: ignore[attr-defined]
                pk__in=ids
            ).select_related("movement")
        groups: dict[str, list[tuple[int, str]]] = {}
        for area in areas:
            groups.setdefault(area.movement.name, []).append(
                (area.pk, f"{area.code} — {area.name}")
            )
        choices: list[tuple[Any, Any]] = [("", "— Chọn lĩnh vực —")]
        if len(groups) == 1:
            choices += next(iter(groups.values()))
        else:
            choices += [(name, options) for name, options in groups.items()]
        self.fields["area"].widget = FastSelect(
            attrs={"class": "form-select", "data-area-select": ""}, choices=choices
        )
        if not with_year:
            del self.fields["year"]

    def to_text(self) -> InitiativeText:
        data = self.cleaned_data
        return InitiativeText(
            title=data.get("title") or "",
            area=data.get("area"),
            suggested_area=data.get("suggested_area"),
            kind=data.get("kind") or SolutionKind.TECHNICAL,
            problem=data.get("problem") or "",
            solution=data.get("solution") or "",
            applied_where=data.get("applied_where") or "",
            applied_since=data.get("applied_since"),
            effect_kind=data.get("effect_kind") or EffectKind.SOCIAL,
            effect=data.get("effect") or "",
            effect_amount=data.get("effect_amount"),
            scope=data.get("scope") or InfluenceScope.UNIT,
            year=data.get("year"),
        )


@dataclass
class AuthorRow:
    """One row of the authors editor as typed, with its errors by field."""

    index: int
    kind: str = INTERNAL
    person_id: int | None = None
    person_label: str = ""
    external_name: str = ""
    external_workplace: str = ""
    share_text: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return (
            self.person_id is None
            and not self.external_name.strip()
            and not self.external_workplace.strip()
            and not self.share_text.strip()
        )

    @property
    def is_main(self) -> bool:
        return self.index == 0

    @property
    def name(self) -> str:
        return f"{ROW_PREFIX}-{self.index}"

    def entry(self) -> AuthorEntry:
        if self.kind == EXTERNAL and not self.is_main:
            return AuthorEntry(
                external_name=self.external_name,
                external_workplace=self.external_workplace,
                share=parse_share(self.share_text),
            )
        return AuthorEntry(person_id=self.person_id, share=parse_share(self.share_text))


class AuthorRows:
    """The authors rows of a submitted form, or of a stored initiative, for the editor."""

    def __init__(self, rows: list[AuthorRow]) -> None:
        self.rows = rows
        self.errors: list[str] = []

    @classmethod
    def from_post(cls, data: QueryDict, people: dict[int, Person] | None = None) -> "AuthorRows":
        """Rows 0 … MAX_AUTHORS·2 as sent, empty ones (other than the main author's) left out."""
        rows: list[AuthorRow] = []
        for index in range(MAX_AUTHORS * 2):
            prefix = f"{ROW_PREFIX}-{index}-"
            if not any(key.startswith(prefix) for key in data):
                continue
            raw_person = data.get(prefix + "person", "").strip()
            person_id = int(raw_person) if raw_person.isdigit() else None
            row = AuthorRow(
                index=index,
                kind=EXTERNAL if data.get(prefix + "kind") == EXTERNAL and index else INTERNAL,
                person_id=person_id,
                external_name=data.get(prefix + "external_name", "")[:200],
                external_workplace=data.get(prefix + "external_workplace", "")[:300],
                share_text=data.get(prefix + "share", "")[:20],
            )
            if row.kind == EXTERNAL:
                row.person_id = None
            if row.is_main or not row.is_empty:
                rows.append(row)
        return cls(rows)

    @classmethod
    def for_person(cls, person: Person | None) -> "AuthorRows":
        """A new initiative's list: the writer as main author at 100 %."""
        if person is None:
            return cls([AuthorRow(index=0, share_text="100")])
        return cls(
            [
                AuthorRow(
                    index=0,
                    person_id=person.pk,
                    person_label=_label(person),
                    share_text="100",
                )
            ]
        )

    @classmethod
    def from_authorships(cls, authorships: list[Any]) -> "AuthorRows":
        return cls(
            [
                AuthorRow(
                    index=index,
                    kind=EXTERNAL if a.is_external else INTERNAL,
                    person_id=a.person_id,
                    person_label=_label(a.person) if a.person is not None else "",
                    external_name=a.external_name,
                    external_workplace=a.external_workplace,
                    share_text=_share_text(a.share),
                )
                for index, a in enumerate(authorships)
            ]
        )

    def label_people(self, people: dict[int, Person]) -> None:
        for row in self.rows:
            if row.person_id is not None and row.person_id in people:
                row.person_label = _label(people[row.person_id])

    def entries(self) -> list[AuthorEntry]:
        return [row.entry() for row in self.rows]

    def add_problems(self, problems: list[AuthorProblem]) -> None:
        """Show the service's problems at the rows they name (positions among `rows`)."""
        for problem in problems:
            if problem.row is None or problem.row >= len(self.rows):
                self.errors.append(problem.message)
            else:
                self.rows[problem.row].errors.setdefault(problem.field, problem.message)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    @property
    def next_index(self) -> int:
        return max((row.index for row in self.rows), default=-1) + 1

    @property
    def total_text(self) -> str:
        total = sum(
            (share for row in self.rows if (share := parse_share(row.share_text)) is not None),
            Decimal(0),
        )
        return _share_text(total)


def _label(person: Person) -> str:
    return f"{person.full_name} ({person.staff_code})"


def _share_text(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class ScreenForm(BootstrapFormMixin, forms.Form):
    """Admit or return: the reason is required to return (the service says so at the field)."""

    decision = forms.ChoiceField(
        choices=[("admit", "Đủ điều kiện xét"), ("return", "Trả lại")],
        widget=forms.HiddenInput,
        error_messages={"required": "Hãy chọn đủ điều kiện xét hoặc trả lại."},
    )
    year = forms.IntegerField(
        label="Năm xét",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Năm xét phải là số, ví dụ 2026.",
            "min_value": "Năm xét phải từ 2000.",
            "max_value": "Năm xét không quá 2100.",
        },
    )
    reason = forms.CharField(
        label="Lý do trả lại / ghi chú",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _too_long("Lý do", REASON_MAX)},
    )


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do rút (không bắt buộc)",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _too_long("Lý do", REASON_MAX)},
    )
