"""The repeated parts of the score pages, built in Python: the rows of a ranking and of the heat
map, a unit's period totals and criteria, the trend chart's SVG, the clusters' tabs and the
year, span and cluster choices.

Through the template engine these rows cost more than every query of the page together (a
scorecard's twenty criteria, its periods and some forty chart elements: about ten lookups and
filters per row; a heat map's 150 units × areas). One format string per row keeps the markup in
one readable place and escapes every value, as the people list does
(organizations/templatetags/people_table.py). The markup is the templates' own; only the
whitespace between cells is gone.
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeData, SafeString

from thidua.core.templatetags.thidua import ngay, so
from thidua.organizations.models import Cluster
from thidua.reporting.charts import LineChart
from thidua.reporting.enums import ReportStatus
from thidua.reporting.selectors.scores import (
    AreaBlock,
    CriterionLine,
    HeatMap,
    Ranking,
    Scorecard,
    Span,
)

# By the enum: `get_status_display` rebuilds the field's choices on every call.
_STATUS_LABELS = {str(value): str(label) for value, label in ReportStatus.choices}

register = template.Library()

DASH = "—"


def _html(template: str, *values: object) -> SafeString:
    """`template` filled with `values`, each escaped unless already safe: Django's format_html
    for the plain strings and numbers of these rows, without its per-value checks for lazy
    strings (a third of a scorecard's rows' cost)."""
    return SafeString(
        template.format(
            *[value if isinstance(value, SafeData) else escape(str(value)) for value in values]
        )
    )


# --- Rankings and the heat map -------------------------------------------------------------------

_RANKING_ROW = (
    '<tr><td class="num fw-semibold">{}</td>{}<th scope="row" class="fw-normal">{} '
    '<code class="small">{}</code></th>{}<td class="num"><strong>{}</strong></td>'
    '<td class="num">{}</td><td class="num">{}</td>{}<td>{}</td></tr>'
)


@register.simple_tag
def ranking_rows(
    ranking: Ranking, scorecard_url: tuple[str, str], year: int, with_areas: bool
) -> SafeString:
    """A ranking's `<tr>` rows: rank (and the overall rank within a cluster), the unit (a link
    to its scorecard when the user may open it), its cluster (overall), totals, the points of
    each top-level criterion (`with_areas`) and the title."""
    in_cluster = ranking.cluster is not None
    before, after = scorecard_url
    rows = []
    for row in ranking.rows:
        standing = row.standing
        unit = standing.unit
        cluster = standing.cluster.name if standing.cluster is not None else ""
        rows.append(
            _html(
                _RANKING_ROW,
                row.rank,
                _html('<td class="num">{}</td>', standing.rank_overall) if in_cluster else "",
                _html('<a href="{}{}{}?nam={}">{}</a>', before, unit.pk, after, year, unit.name)
                if row.opens
                else unit.name,
                unit.code,
                "" if in_cluster else _html('<td class="small">{}</td>', cluster or DASH),
                so(standing.total),
                so(standing.self_total),
                so(standing.penalty),
                _number_cells(row.areas) if with_areas else "",
                standing.title,
            )
        )
    return SafeString("\n".join(rows))


def _number_cells(values: Iterable[object]) -> SafeString:
    return SafeString("".join(f'<td class="num">{escape(so(value))}</td>' for value in values))


_HEAT_ROW = (
    '<tr><th scope="row" class="fw-normal text-nowrap">{}</th>'
    '<td class="num fw-semibold">{}</td>{}</tr>'
)
_HEAT_CELL = (
    '<td class="num td-heat td-heat-{}" title="{} / {} điểm ({} %)">{}'
    '<span class="td-heat-share"> · {}%</span></td>'
)


@register.simple_tag
def heat_rows(heat: HeatMap, scorecard_url: tuple[str, str], year: int) -> SafeString:
    """The heat map's `<tr>` rows: the unit (a link to its scorecard when the user may open
    it), its total, then each area's points coloured by their share of the area's maximum."""
    before, after = scorecard_url
    maxima = {maximum: so(maximum) for _, maximum in heat.areas}  # the same down each column
    rows = []
    for row in heat.rows:
        unit = row.standing.unit
        cells = []
        for cell in row.cells:
            points = so(cell.points)
            cells.append(
                _html(
                    _HEAT_CELL,
                    cell.level,
                    points,
                    maxima.get(cell.maximum) or so(cell.maximum),
                    cell.share,
                    points,
                    cell.share,
                )
            )
        rows.append(
            _html(
                _HEAT_ROW,
                _html('<a href="{}{}{}?nam={}">{}</a>', before, unit.pk, after, year, unit.name)
                if row.opens
                else unit.name,
                so(row.standing.total),
                SafeString("".join(cells)),
            )
        )
    return SafeString("\n".join(rows))


# --- A unit's scorecard ------------------------------------------------------------------------

_PERIOD_ROW = (
    '<tr{}><th scope="row" class="fw-normal text-nowrap">{}</th><td>{}</td>'
    '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
    '<td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
    '<td class="text-nowrap">{}</td></tr>'
)
_SELECTED = SafeString(' class="table-active"')
_NOT_STARTED = SafeString('<span class="text-muted">Chưa bắt đầu</span>')


@register.simple_tag
def period_rows(card: Scorecard) -> SafeString:
    """The year's periods: status, self and appraised totals, bonus, penalty, title, ranks, the
    cluster's average and a link to the period's criteria (the chosen period highlighted)."""
    selected = card.selected.period.pk if card.selected is not None else None
    rows = []
    for line in card.periods:
        score, standing = line.score, line.standing
        rows.append(
            _html(
                _PERIOD_ROW,
                _SELECTED if line.period.pk == selected else "",
                line.period.name,
                _STATUS_LABELS.get(line.report.status, line.report.status)
                if line.report is not None
                else _NOT_STARTED,
                so(score.self_total) if score is not None else DASH,
                _html("<strong>{}</strong>", so(score.appraised_total))
                if score is not None
                else DASH,
                so(score.bonus) if score is not None else "",
                so(score.penalty) if score is not None else "",
                score.title if score is not None else "",
                (standing.rank_overall if standing is not None else None) or DASH,
                (standing.rank_in_cluster if standing is not None else None) or DASH,
                so(line.cluster_average) if line.cluster_average is not None else DASH,
                _html(
                    '<a href="?nam={}&amp;ky={}#bang-diem">Xem tiêu chí</a>',
                    card.year,
                    line.period.pk,
                )
                if score is not None
                else "",
            )
        )
    return SafeString("\n".join(rows))


_AREA_ROW = (
    '<tr class="td-area-row"><th scope="rowgroup" colspan="1">{}. {}</th><td class="num">{}</td>'
    '<td class="num">{}</td><td class="num">{}</td><td></td>{}</tr>'
)
_CRITERION_ROW = (
    '<tr id="tc-{}"{}><th scope="row" class="fw-normal td-depth-{}"><span class="text-muted small">'
    '{}</span> {}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}{}</td>'
    '<td class="small">{}</td>{}</tr>'
)
_ADJUSTED = SafeString(' class="td-adjusted"')
_ADJUSTED_BADGE = SafeString(' <span class="badge td-badge-adjusted">đã điều chỉnh</span>')
_EMPTY_CELL = SafeString("<td></td>")
_APPRAISE = (
    '<td class="text-nowrap"><a class="btn btn-outline-primary btn-sm" href="{}" hx-get="{}" '
    'hx-target="#tc-{}" hx-swap="outerHTML" aria-label="Điều chỉnh điểm tiêu chí {}">'
    '<i class="bi bi-pencil" aria-hidden="true"></i> Điều chỉnh</a></td>'
)
_NO_APPRAISE = SafeString('<td class="text-nowrap"></td>')


@register.simple_tag
def area_rows(block: AreaBlock, appraisable: bool, appraisal_url: tuple[str, str]) -> SafeString:
    """A content area's row (its maximum, self and appraised points), then its criteria."""
    head = _html(
        _AREA_ROW,
        block.area.code,
        block.area.name,
        so(block.maximum),
        so(block.self_points),
        so(block.appraised_points),
        _EMPTY_CELL if appraisable else "",
    )
    lines = (criterion_row(line, appraisable, appraisal_url) for line in block.lines)
    return SafeString("\n".join([head, *lines]))


@register.simple_tag
def criterion_row(
    line: CriterionLine, appraisable: bool, appraisal_url: tuple[str, str]
) -> SafeString:
    """A criterion's row: maximum, self and appraised points (bold when they differ), the
    department's adjustment (reason, by whom, when) and, for who may appraise, the button that
    opens the inline form (`appraisal_url` surrounds the criterion's id)."""
    criterion, row = line.criterion, line.row
    adjusted = row is not None and row.appraised_points is not None
    appraised = so(line.appraised_points)
    adjustment: str = ""
    if adjusted and row is not None:
        adjustment = _html(
            '{}<div class="text-muted">{}, {}</div>',
            row.adjustment_reason,
            row.adjusted_by.display_name if row.adjusted_by is not None else "",
            ngay(row.adjusted_at),
        )
    action: str = ""
    if appraisable:
        url = f"{appraisal_url[0]}{criterion.pk}{appraisal_url[1]}"
        action = (
            _html(_APPRAISE, url, url, criterion.pk, criterion.code)
            if row is not None
            else _NO_APPRAISE
        )
    return _html(
        _CRITERION_ROW,
        criterion.pk,
        _ADJUSTED if adjusted else "",
        line.depth,
        criterion.code,
        criterion.name,
        so(criterion.max_points),
        so(line.self_points),
        _html("<strong>{}</strong>", appraised) if line.differs else appraised,
        _ADJUSTED_BADGE if adjusted else "",
        adjustment,
        action,
    )


# --- The trend chart ---------------------------------------------------------------------------

_SVG_OPEN = (
    '<svg class="td-trend" viewBox="0 0 {} {}" role="img" '
    'aria-labelledby="xu-huong-tieu-de xu-huong-mo-ta" preserveAspectRatio="xMidYMid meet">'
)
_GRID = (
    '<line class="td-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>\n<text class="td-axis" x="{}" '
    'y="{}" text-anchor="end" dominant-baseline="middle">{}</text>'
)
_X_LABEL = '<text class="td-axis" x="{}" y="{}" text-anchor="middle">{}</text>'
_DOT = '<circle class="td-dot {}" cx="{}" cy="{}" r="4"><title>{} — {}: {} điểm</title></circle>'


@register.simple_tag
def trend_svg(chart: LineChart) -> SafeString:
    """The trend chart as inline SVG: the grid with its values, the periods under the axis, a
    line and dots per series, and a text description of every point for screen readers."""
    description = "".join(
        f"{series.name}: "
        + (
            "; ".join(f"{point.label} {so(point.value)} điểm" for point in series.points)
            or "chưa có số liệu"
        )
        + ". "
        for series in chart.series
    )
    parts = [
        _html(_SVG_OPEN, chart.width, chart.height),
        _html(
            '<desc id="xu-huong-mo-ta">{}'
            "Số liệu chi tiết ở bảng tổng điểm theo kỳ bên dưới.</desc>",
            description,
        ),
    ]
    parts += [
        _html(_GRID, chart.left, chart.right, y, y, chart.left - 6, y, label)
        for y, label in chart.y_ticks
    ]
    parts += [_html(_X_LABEL, x, chart.bottom + 18, label) for x, label in chart.x_labels]
    for series in chart.series:
        parts.append(_html('<path class="td-line {}" d="{}"/>', series.css_class, series.path))
        parts += [
            _html(
                _DOT,
                series.css_class,
                point.x,
                point.y,
                series.name,
                point.label,
                so(point.value),
            )
            for point in series.points
        ]
    parts.append(SafeString("</svg>"))
    return SafeString("\n".join(parts))


# --- Navigation and choices ----------------------------------------------------------------------


@register.simple_tag
def cluster_tabs(
    clusters: Iterable[Cluster] | None,
    current: object,
    tab: str,
    ranking_url: str,
    year: object,
    span: Span | None,
) -> SafeString:
    """The tabs of the clusters' rankings (`current` is the cluster shown, if any)."""
    current_pk = getattr(current, "pk", None)
    period = _html("&amp;ky={}", span.key) if span else ""
    return SafeString(
        "".join(
            _html(
                '<li class="nav-item"><a class="nav-link{}" href="{}?nam={}&amp;cum={}{}">'
                "Xếp hạng {}</a></li>",
                _CURRENT_TAB if tab == "cluster" and current_pk == cluster.pk else "",
                ranking_url,
                year,
                cluster.pk,
                period,
                cluster.name,
            )
            for cluster in clusters or ()
        )
    )


_CURRENT_TAB = SafeString(' active" aria-current="page')


def _options(choices: Iterable[tuple[object, object]], selected: object) -> SafeString:
    return SafeString(
        "".join(
            _html(
                '<option value="{}"{}>{}</option>',
                value,
                _SELECTED_OPTION if value == selected else "",
                label,
            )
            for value, label in choices
        )
    )


_SELECTED_OPTION = SafeString(" selected")


@register.simple_tag
def year_options(years: Iterable[int], year: object) -> SafeString:
    return _options(((item, item) for item in years), year)


@register.simple_tag
def span_options(spans: Iterable[Span], span: Span) -> SafeString:
    return _options(((item.key, item.label) for item in spans), span.key)


@register.simple_tag
def cluster_options(clusters: Iterable[Cluster], cluster: Cluster | None) -> SafeString:
    return _options(((item.pk, item.name) for item in clusters), cluster.pk if cluster else None)
