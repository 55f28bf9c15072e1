"""The rows of the data entry page, built in Python: each criterion's header row and the row of
each of its indicators (label, target, previous value, the input, its state, the khoa/phòng
aggregate, the points, the evidence), and the pieces of a row that the answer to a saved value
swaps (`entry_control`, `entry_state`, `entry_computed`).

Through the template engine the indicator rows cost more than every query of the page together
(some thirty lookups and twenty conditions per row, each a few microseconds). One format string
per piece keeps the markup in one readable place and escapes every value, as the people list
does (organizations/templatetags/people_table.py). The markup, whitespace included, is the one
the page's template had.
"""

from html import escape

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from thidua.core.templatetags.thidua import so
from thidua.movements.enums import ValueType
from thidua.reporting.selectors.entry import (
    AreaBlock,
    CriterionBlock,
    EntryRow,
    EntrySheet,
    IssueLine,
)

register = template.Library()

DASH = "—"

# -- One indicator's row ---------------------------------------------------------------------------

_ROW = """
<tr id="row-{key}">
  <td>
    <code class="small">{code}</code>
    {label}
    <div class="small text-muted">
      {unit}
      {formula}
      {changed}
    </div>
  </td>
  <td class="num" data-label="Chỉ tiêu giao">{target}</td>
  <td class="num" data-label="Kỳ trước">{previous}</td>
  <td class="td-entry-value" data-label="Giá trị kỳ này">
    {value}
    <div class="small mt-1" id="st-{key}" aria-live="polite">{state}</div>
  </td>
  {khoa}
  <td class="num" data-label="Điểm"><span id="pts-{key}">{points}</span></td>
  <td class="small" data-label="Minh chứng">
    {evidence}
    {note}
  </td>
</tr>
"""
_FORMULA = (
    '<span class="badge text-bg-light border">công thức</span> <span class="td-formula">{}</span>'
)
_CHANGED = (
    '<span class="badge text-bg-light border border-warning text-warning-emphasis">'
    "Đã sửa sau khi duyệt</span>"
)
_COMPUTED = """
      <output class="fw-semibold" id="val-{key}" for="entry-form">{computed}</output>
    """
_EDITABLE = """
      {control}
      <input type="hidden" name="r-{key}" id="r-{key}" value="{revision}">
    """
_READ_ONLY = """
      <span class="fw-semibold">{shown}</span>
    """
_AGGREGATE = """
  <td data-label="Tổng hợp khoa/phòng">
    {aggregate}
  </td>
  """
_AGGREGATE_VALUE = """
    <span class="text-nowrap">{shown}</span> <span class="small text-muted">({label})</span>
    {use}
    """
_USE_AGGREGATE = """
    <button class="btn btn-link btn-sm p-0 d-block" type="submit" name="dung_tong_hop" value="1" formaction="{url}"
      hx-post="{url}" hx-vals='{{"dung_tong_hop": "1"}}' hx-include="#r-{key}" hx-target="#st-{key}" hx-swap="innerHTML">Dùng số tổng hợp</button>
    """
_NOT_SCORED = (
    '<span class="text-muted" title="Chỉ tiêu không được chấm điểm trực tiếp">' + DASH + "</span>"
)
_REQUIRED = '<span class="text-danger">Bắt buộc</span>'
_MUTED_DASH = '<span class="text-muted">' + DASH + "</span>"


def _row(r: EntryRow, accepts: bool, khoa: bool) -> str:
    indicator, key = r.indicator, r.key
    name = escape(indicator.name)
    if r.is_computed:
        value = _COMPUTED.format(key=key, computed=entry_computed(r))
    elif accepts:
        value = _EDITABLE.format(control=entry_control(r), key=key, revision=r.revision)
    else:
        value = _READ_ONLY.format(shown=_read_only(r))
    aggregate = ""
    if khoa:
        shown = ""
        if r.aggregate is not None:
            use = ""
            if accepts and r.aggregate_shown != r.shown:
                use = _USE_AGGREGATE.format(url=escape(r.value_url), key=key)
            shown = _AGGREGATE_VALUE.format(
                shown=escape(r.aggregate_shown), label=escape(r.aggregation_label), use=use
            )
        aggregate = _AGGREGATE.format(aggregate=shown)
    if r.evidence:
        evidence = f'<a href="#minh-chung">{len(r.evidence)} tệp</a>'
    else:
        evidence = _REQUIRED if indicator.evidence_required else _MUTED_DASH
    return _ROW.format(
        key=key,
        code=escape(indicator.code),
        label=(
            f'<label class="d-block" for="v-{key}">{name}</label>'
            if accepts and not r.is_computed
            else f"<div>{name}</div>"
        ),
        unit=f"Đơn vị tính: {escape(indicator.unit_label)}" if indicator.unit_label else "",
        formula=_FORMULA.format(escape(indicator.formula)) if r.is_computed else "",
        changed=_CHANGED if r.changed_since_approval else "",
        target=escape(r.target) or DASH,
        previous=escape(r.previous) or DASH,
        value=value,
        state=entry_state(r),
        khoa=aggregate,
        points=escape(r.points) if r.points is not None else _NOT_SCORED,
        evidence=evidence,
        note=(
            f'<div class="text-muted">{escape(indicator.evidence_note)}</div>'
            if indicator.evidence_note
            else ""
        ),
    )


def _read_only(r: EntryRow) -> str:
    if r.is_boolean:
        return {"1": "Có", "0": "Không"}.get(r.shown, DASH)
    if r.is_text:
        return f'<span class="td-prewrap">{escape(r.shown) or DASH}</span>'
    return escape(r.shown) or DASH


# -- The pieces an htmx answer swaps ------------------------------------------------------------

_OOB = ' hx-swap-oob="true"'
_SELECT = """
      <select class="form-select form-select-sm" name="v-{key}" id="v-{key}" aria-describedby="st-{key}"{oob}
        hx-post="{url}" hx-trigger="change" hx-target="#st-{key}" hx-swap="innerHTML" hx-include="#r-{key}" hx-sync="this:queue last">
        <option value=""{empty}>— Chưa chọn —</option>
        <option value="1"{yes}>Có</option>
        <option value="0"{no}>Không</option>
      </select>
      """
_TEXTAREA = """
      <textarea class="form-control form-control-sm" rows="2" name="v-{key}" id="v-{key}" aria-describedby="st-{key}"{oob}
        hx-post="{url}" hx-trigger="input changed delay:600ms" hx-target="#st-{key}" hx-swap="innerHTML" hx-include="#r-{key}" hx-sync="this:queue last">{shown}</textarea>
      """
_INPUT = """
      <input class="form-control form-control-sm text-end" type="text" inputmode="decimal" autocomplete="off" name="v-{key}" id="v-{key}" aria-describedby="st-{key}"{oob}
        value="{shown}"
        hx-post="{url}" hx-trigger="input changed delay:600ms" hx-target="#st-{key}" hx-swap="innerHTML" hx-include="#r-{key}" hx-sync="this:queue last">
      """
_SELECTED = " selected"


@register.simple_tag
def entry_control(r: EntryRow, oob: bool = False) -> SafeString:
    """The input of a row's value (a select for yes/no, a text area for text, else a number
    field), posting every change to the row's value URL; `oob`: swapped out of band."""
    context = {"key": r.key, "oob": _OOB if oob else "", "url": escape(r.value_url)}
    if r.is_boolean:
        control = _SELECT.format(
            **context,
            empty=_SELECTED if r.shown == "" else "",
            yes=_SELECTED if r.shown == "1" else "",
            no=_SELECTED if r.shown == "0" else "",
        )
    elif r.is_text:
        control = _TEXTAREA.format(**context, shown=escape(r.shown))
    else:
        control = _INPUT.format(**context, shown=escape(r.shown))
    return SafeString(f"\n      {control}\n")


_STATE_ERROR = (
    '<span class="text-danger td-state-error"><i class="bi bi-x-circle" aria-hidden="true"></i> '
    "{}</span>"
)
_RELOAD = (
    ' <button class="btn btn-link btn-sm p-0 align-baseline" type="button" hx-get="{url}" '
    'hx-target="#st-{key}" hx-swap="innerHTML">Tải lại giá trị hiện tại</button>'
)
_ISSUE = '<div class="{}"><i class="bi {}" aria-hidden="true"></i> {}{}</div>'


@register.simple_tag
def entry_state(r: EntryRow) -> SafeString:
    """What the row's state cell says: the refused save (with a reload of the stored value
    when another editor won), else the row's errors and warnings."""
    if r.error:
        reload = _RELOAD.format(url=escape(r.value_url), key=r.key) if r.stale else ""
        return SafeString(_STATE_ERROR.format(escape(r.error)) + reload)
    return SafeString(
        "".join(
            _ISSUE.format(
                _issue_class(line),
                "bi-x-circle" if line.is_error else "bi-exclamation-circle",
                escape(line.detail),
                " (đã giải trình)" if line.is_explained else "",
            )
            for line in r.issues
        )
    )


def _issue_class(line: IssueLine) -> str:
    if line.is_error:
        return "text-danger td-state-error"
    return "text-muted" if line.is_explained else "text-warning-emphasis td-state-warning"


@register.simple_tag
def entry_computed(r: EntryRow) -> SafeString:
    """A computed indicator's value (a percentage with its sign)."""
    if not r.shown:
        return SafeString(_MUTED_DASH)
    percent = "&nbsp;%" if r.indicator.value_type == ValueType.PERCENTAGE else ""
    return SafeString(escape(r.shown) + percent)


# -- A criterion and its rows --------------------------------------------------------------------

_BLOCK = """
          <tbody>
            <tr class="table-light">
              <th colspan="{colspan}" scope="rowgroup" class="{indent}">
                {code}. {name}
                <span class="float-end fw-normal small">{points}</span>
              </th>
            </tr>
            {rows}
          </tbody>
          """
_CRITERION_POINTS = '<span id="crit-{pk}">{points}</span> / {maximum} điểm'


def _block(block: CriterionBlock, sheet: EntrySheet, accepts: bool, khoa: bool) -> str:
    criterion = block.criterion
    return _BLOCK.format(
        colspan=7 if khoa else 6,
        indent=f"ps-{block.depth + 2}" if block.depth else "",
        code=escape(criterion.code),
        name=escape(criterion.name),
        points=(
            _CRITERION_POINTS.format(
                pk=criterion.pk,
                points=escape(block.points),
                maximum=escape(so(criterion.max_points)),
            )
            if sheet.version
            else ""
        ),
        rows="".join(_row(r, accepts, khoa) for r in block.rows),
    )


@register.simple_tag
def entry_blocks(area: AreaBlock, sheet: EntrySheet) -> SafeString:
    """The `<tbody>` of each criterion of an area: its header (code, name, points of the
    version in force) and its indicators' rows, inputs when the sheet accepts entry."""
    accepts, khoa = sheet.accepts_entry, bool(sheet.khoa_reports)
    return SafeString("".join(_block(block, sheet, accepts, khoa) for block in area.criteria))


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    """What organizations/includes/field.html shows of a visible field that is not a check box,
    written in Python: the entry page's upload form took four includes of it (~0,4 ms)."""
    if field.is_hidden or field.widget_type == "checkbox":
        return SafeString(render_to_string(_FIELD_TEMPLATE, {"field": field}))
    required = _REQUIRED if field.field.required else ""
    help_text = (
        format_html('<div class="form-text">{}</div>', field.help_text) if field.help_text else ""
    )
    errors = format_html_join(
        "", '<div class="invalid-feedback d-block">{}</div>', ((e,) for e in field.errors)
    )
    return format_html(
        '\n<div class="mb-3">\n  <label class="form-label" for="{}">{}{}</label>\n  {}\n  {}\n'
        "  {}\n</div>\n",
        field.id_for_label,
        field.label,
        required,
        field,
        help_text,
        errors,
    )


_FIELD_TEMPLATE = "organizations/includes/field.html"
_REQUIRED = SafeString(' <span class="text-danger" aria-hidden="true">*</span>')
