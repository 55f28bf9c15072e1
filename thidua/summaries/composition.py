"""A phase report as an `OfficialDocument`: sections I–VI with the officer's wording (its
placeholders filled with the figures), and in section II the tables and charts of the results.
Pure: no Django.

Tables carry numbers the Vietnamese way ("1.234", "82,40") in right-aligned columns; charts are
PNG images 160 mm wide (`charts`); an empty result prints a sentence instead of an empty table.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from thidua.documents.content import (
    Block,
    Heading,
    Image,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)
from thidua.documents.placeholders import fill, lines_of
from thidua.summaries import charts
from thidua.summaries.figures import (
    TITLE,
    AwardLine,
    PhaseFigures,
    decimal_text,
    number,
    placeholder_values,
)
from thidua.summaries.template import PHASE_REPORT_SPEC, SECTIONS

CHART_WIDTH_MM = 160.0


@dataclass(frozen=True, slots=True)
class Charts:
    areas: bytes | None
    ranking: bytes | None
    initiatives: bytes | None
    trend: bytes | None
    awards: bytes | None = None


def draw_charts(figures: PhaseFigures) -> Charts:
    """The report's five charts (None for a chart without data)."""
    return Charts(
        areas=charts.area_chart(figures.areas) if figures.areas else None,
        ranking=charts.ranking_chart(figures.units) if figures.units else None,
        initiatives=(
            charts.initiatives_chart(figures.initiative_years) if figures.initiative_years else None
        ),
        trend=charts.trend_chart(figures.years) if figures.years else None,
        awards=charts.awards_chart(figures.award_years) if figures.awards else None,
    )


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(line) for line in lines_of(text)]


def _nothing(text: str) -> Paragraph:
    return Paragraph(text, italic=True)


def _area_blocks(figures: PhaseFigures, chart: bytes | None) -> list[Block]:
    blocks: list[Block] = [Heading("1. Kết quả thực hiện các nội dung thi đua", level=2)]
    if not figures.areas:
        return [*blocks, _nothing("Chưa có nội dung thi đua nào có kết quả đánh giá.")]
    rows = tuple(
        (
            area.code,
            area.name,
            number(area.indicators),
            f"{number(area.met)}/{number(area.checks)}",
            decimal_text(area.rate, 1),
            f"{decimal_text(area.mean_points)}/{decimal_text(area.max_points)}",
        )
        for area in figures.areas
    )
    total = (
        "",
        "Cộng",
        number(figures.indicators),
        f"{number(figures.met)}/{number(figures.checks)}",
        decimal_text(figures.rate, 1),
        "",
    )
    blocks.append(
        Table(
            caption="Bảng 1. Kết quả thực hiện chỉ tiêu theo nội dung thi đua",
            header=(
                "Mã",
                "Nội dung thi đua, nhóm giải pháp",
                "Số chỉ tiêu",
                "Lượt đạt/ lượt đánh giá",
                "Tỷ lệ đạt (%)",
                "Điểm BQ/ tối đa",
            ),
            rows=(*rows, total),
            widths=(0.08, 0.42, 0.1, 0.14, 0.11, 0.15),
            numeric_columns=frozenset({2, 3, 4, 5}),
        )
    )
    if chart is not None:
        blocks.append(
            Image(
                chart,
                CHART_WIDTH_MM,
                caption="Biểu đồ 1. Điểm bình quân theo nội dung thi đua so với điểm tối đa",
            )
        )
    return blocks


def _unit_blocks(figures: PhaseFigures, chart: bytes | None) -> list[Block]:
    blocks: list[Block] = [Heading("2. Kết quả chấm điểm, xếp hạng các đơn vị", level=2)]
    if not figures.units:
        return [*blocks, _nothing("Chưa có đơn vị nào có kết quả chấm điểm trong giai đoạn.")]
    blocks.append(
        Paragraph(
            f"{number(len(figures.units))} đơn vị có kết quả chấm điểm; điểm bình quân "
            f"{decimal_text(figures.mean_total)} điểm. Điểm của mỗi đơn vị là bình quân điểm "
            f"các năm {figures.first_year}–{figures.last_year} có báo cáo được phê duyệt."
        )
    )
    if chart is not None:
        blocks.append(
            Image(chart, CHART_WIDTH_MM, caption="Biểu đồ 2. Các đơn vị dẫn đầu theo điểm")
        )
    blocks.append(
        Table(
            caption="Bảng 2. Kết quả chấm điểm, xếp hạng các đơn vị",
            header=("Hạng", "Đơn vị", "Cụm, khối thi đua", "Điểm bình quân", "Hạng trong cụm"),
            rows=tuple(
                (
                    str(unit.rank),
                    unit.name,
                    unit.cluster or "–",
                    decimal_text(unit.total),
                    str(unit.rank_in_cluster) if unit.rank_in_cluster else "–",
                )
                for unit in figures.units
            ),
            widths=(0.08, 0.42, 0.22, 0.14, 0.14),
            numeric_columns=frozenset({0, 3, 4}),
        )
    )
    return blocks


def _cluster_blocks(figures: PhaseFigures) -> list[Block]:
    blocks: list[Block] = [Heading("3. Kết quả theo cụm, khối thi đua", level=2)]
    if not figures.clusters:
        return [*blocks, _nothing("Chưa có cụm, khối thi đua nào có kết quả.")]
    blocks.append(
        Table(
            caption="Bảng 3. Kết quả theo cụm, khối thi đua",
            header=(
                "STT",
                "Cụm, khối thi đua",
                "Số đơn vị",
                "Điểm bình quân",
                "Đơn vị dẫn đầu",
                "Điểm",
            ),
            rows=tuple(
                (
                    str(position),
                    cluster.name,
                    number(cluster.units),
                    decimal_text(cluster.mean_total),
                    cluster.best_unit,
                    decimal_text(cluster.best_total),
                )
                for position, cluster in enumerate(figures.clusters, start=1)
            ),
            widths=(0.07, 0.26, 0.1, 0.13, 0.32, 0.12),
            numeric_columns=frozenset({0, 2, 3, 5}),
        )
    )
    return blocks


def _initiative_blocks(figures: PhaseFigures, chart: bytes | None) -> list[Block]:
    blocks: list[Block] = [Heading("4. Sáng kiến được công nhận và nhân rộng", level=2)]
    if not figures.recognised:
        return [*blocks, _nothing("Chưa có sáng kiến nào được công nhận trong giai đoạn.")]
    years = figures.initiative_years
    blocks.append(
        Table(
            caption="Bảng 4. Sáng kiến được công nhận theo năm và cấp công nhận",
            header=("Năm", "Cấp cơ sở", "Cấp thành phố", "Cấp toàn quốc", "Tổng số"),
            rows=(
                *(
                    (
                        str(y.year),
                        number(y.base),
                        number(y.city),
                        number(y.national),
                        number(y.total),
                    )
                    for y in years
                ),
                (
                    "Cộng",
                    number(sum(y.base for y in years)),
                    number(sum(y.city for y in years)),
                    number(sum(y.national for y in years)),
                    number(figures.recognised),
                ),
            ),
            numeric_columns=frozenset({1, 2, 3, 4}),
        )
    )
    if chart is not None:
        blocks.append(
            Image(chart, CHART_WIDTH_MM, caption="Biểu đồ 3. Sáng kiến được công nhận theo năm")
        )
    if figures.initiative_areas:
        blocks.append(
            Table(
                caption="Bảng 5. Sáng kiến theo nội dung thi đua",
                header=(
                    "Mã",
                    "Nội dung thi đua",
                    "Được công nhận",
                    "Được nhân rộng",
                    "Lượt áp dụng",
                ),
                rows=tuple(
                    (
                        area.code,
                        area.name,
                        number(area.recognised),
                        number(area.replicated),
                        number(area.adoptions),
                    )
                    for area in figures.initiative_areas
                ),
                widths=(0.09, 0.49, 0.14, 0.14, 0.14),
                numeric_columns=frozenset({2, 3, 4}),
            )
        )
    blocks.append(
        Paragraph(
            f"{number(figures.replicated_count)} sáng kiến được nhân rộng với "
            f"{number(figures.adoptions)} lượt đơn vị áp dụng."
        )
    )
    if figures.replicated:
        blocks.append(
            Table(
                caption="Bảng 6. Sáng kiến được nhân rộng nhiều nhất",
                header=("STT", "Tên sáng kiến", "Đơn vị", "Cấp, năm", "Lượt áp dụng"),
                rows=tuple(
                    (
                        str(position),
                        item.title,
                        item.unit,
                        f"{item.level}, {item.year}",
                        number(item.adoptions),
                    )
                    for position, item in enumerate(figures.replicated, start=1)
                ),
                widths=(0.07, 0.41, 0.24, 0.16, 0.12),
                numeric_columns=frozenset({0, 4}),
            )
        )
    return blocks


def _award_sum(label: str, lines: list[AwardLine], years: int) -> tuple[str, ...]:
    counts = [sum(line.counts[at] for line in lines) for at in range(years)]
    return ("", label, "", *(number(c) for c in counts), number(sum(counts)))


def award_table_rows(figures: PhaseFigures) -> tuple[tuple[str, ...], ...]:
    """The awards table's rows: each award × subject with its count per year and its total
    (regular titles, regular forms, then the movement's thematic awards), each group's sum,
    and the grand total."""
    years = len(figures.award_years)
    rows: list[tuple[str, ...]] = [
        (
            str(position),
            f"{line.name} (theo chuyên đề)" if line.thematic else line.name,
            "Cá nhân" if line.individual else "Tập thể",
            *(number(count) for count in line.counts),
            number(line.total),
        )
        for position, line in enumerate(figures.award_lines, start=1)
    ]
    lines = list(figures.award_lines)
    groups = (
        ("Cộng danh hiệu thi đua", [x for x in lines if not x.thematic and x.kind == TITLE]),
        ("Cộng hình thức khen thưởng", [x for x in lines if not x.thematic and x.kind != TITLE]),
        ("Cộng khen thưởng theo chuyên đề", [x for x in lines if x.thematic]),
    )
    rows += [_award_sum(label, group, years) for label, group in groups if group]
    rows.append(_award_sum("Tổng cộng", lines, years))
    return tuple(rows)


def _award_blocks(figures: PhaseFigures, chart: bytes | None) -> list[Block]:
    blocks: list[Block] = [Heading("5. Công tác khen thưởng", level=2)]
    if not figures.awards:
        return [
            *blocks,
            _nothing("Chưa có danh hiệu thi đua, hình thức khen thưởng nào trong giai đoạn."),
        ]
    years = [str(y.year) for y in figures.award_years]
    individuals = sum(y.individuals for y in figures.award_years)
    blocks.append(
        Paragraph(
            f"Trong các năm {figures.first_year}–{figures.last_year} có "
            f"{number(figures.awards)} lượt tập thể, cá nhân được khen thưởng "
            f"({number(individuals)} lượt cá nhân, "
            f"{number(figures.awards - individuals)} lượt tập thể): "
            f"{number(figures.award_titles)} lượt danh hiệu thi đua, "
            f"{number(figures.award_forms)} lượt hình thức khen thưởng và "
            f"{number(figures.award_thematic)} lượt khen thưởng theo chuyên đề của phong trào "
            "(không tính các danh hiệu, hình thức khen thưởng đã bị hủy bỏ)."
        )
    )
    share = 0.38 / (len(years) + 1)
    blocks.append(
        Table(
            caption="Bảng 7. Danh hiệu thi đua, hình thức khen thưởng theo năm",
            header=("STT", "Danh hiệu, hình thức khen thưởng", "Đối tượng", *years, "Cộng"),
            rows=award_table_rows(figures),
            widths=(0.06, 0.44, 0.12, *([share] * (len(years) + 1))),
            numeric_columns=frozenset({0, *range(3, len(years) + 4)}),
        )
    )
    if chart is not None:
        blocks.append(
            Image(
                chart,
                CHART_WIDTH_MM,
                caption="Biểu đồ 4. Danh hiệu thi đua, hình thức khen thưởng theo năm",
            )
        )
    blocks.append(
        Table(
            caption="Bảng 8. Tỷ lệ người lao động đạt danh hiệu “Lao động tiên tiến”",
            header=(
                "Năm",
                "Số người được đánh giá, xếp loại",
                "Đạt “Lao động tiên tiến”",
                "Tỷ lệ (%)",
            ),
            rows=tuple(
                (
                    str(item.year),
                    number(item.staff),
                    number(item.advanced),
                    decimal_text(item.rate, 1),
                )
                for item in figures.advanced_workers
            ),
            widths=(0.16, 0.32, 0.32, 0.2),
            numeric_columns=frozenset({1, 2, 3}),
        )
    )
    if figures.awarded_units:
        blocks.append(
            Table(
                caption="Bảng 9. Các đơn vị có nhiều danh hiệu thi đua, hình thức khen thưởng",
                header=(
                    "STT",
                    "Đơn vị (tập thể và cá nhân thuộc đơn vị)",
                    "Danh hiệu thi đua",
                    "Hình thức khen thưởng",
                    "Theo chuyên đề",
                    "Tổng số",
                ),
                rows=tuple(
                    (
                        str(position),
                        unit.name,
                        number(unit.titles),
                        number(unit.forms),
                        number(unit.thematic),
                        number(unit.total),
                    )
                    for position, unit in enumerate(figures.awarded_units, start=1)
                ),
                widths=(0.07, 0.41, 0.14, 0.14, 0.12, 0.12),
                numeric_columns=frozenset({0, 2, 3, 4, 5}),
            )
        )
    return blocks


def _trend_blocks(figures: PhaseFigures, chart: bytes | None) -> list[Block]:
    blocks: list[Block] = [Heading("6. Diễn biến qua các năm", level=2)]
    blocks.append(
        Table(
            caption="Bảng 10. Kết quả qua các năm",
            header=(
                "Năm",
                "Số đơn vị",
                "Báo cáo được duyệt",
                "Tỷ lệ đạt (%)",
                "Điểm bình quân",
                "Sáng kiến công nhận",
                "Lượt nhân rộng",
            ),
            rows=tuple(
                (
                    str(y.year),
                    number(y.units),
                    number(y.reports),
                    decimal_text(y.rate, 1),
                    decimal_text(y.mean_total),
                    number(y.recognised),
                    number(y.adoptions),
                )
                for y in figures.years
            ),
            numeric_columns=frozenset({1, 2, 3, 4, 5, 6}),
        )
    )
    if chart is not None:
        blocks.append(
            Image(
                chart,
                CHART_WIDTH_MM,
                caption="Biểu đồ 5. Điểm bình quân và tỷ lệ đạt chỉ tiêu qua các năm",
            )
        )
    return blocks


def build_report(
    *,
    figures: PhaseFigures,
    sections: Mapping[str, str],
    texts: Mapping[str, str],
    issuer: Issuer,
    signer: Signer,
    drawn: Charts | None = None,
) -> OfficialDocument:
    """The report: a lead paragraph, sections I–VI from `sections` (the officer's wording,
    placeholders filled from `figures`), section II followed by its tables and charts; the
    trích yếu, recipients and archive note from `texts` (the template's wording in force).

    `sections` and `texts` are checked when saved, so every placeholder has a value here.
    """
    values = placeholder_values(figures)
    drawn = drawn if drawn is not None else draw_charts(figures)
    body: list[Block] = [
        Paragraph(
            f"{issuer.name} báo cáo {values['hinh_thuc'].lower()} {figures.span_label} thực "
            f"hiện phong trào thi đua “{figures.movement_name}” như sau:"
        )
    ]
    defaults = PHASE_REPORT_SPEC.defaults()
    for section in SECTIONS:
        body.append(Heading(f"{section.numeral}. {section.title.upper()}"))
        body += _paragraphs(fill(sections.get(section.key) or defaults[section.key], values))
        if section.key == "ket_qua":
            body += _area_blocks(figures, drawn.areas)
            body += _unit_blocks(figures, drawn.ranking)
            body += _cluster_blocks(figures)
            body += _initiative_blocks(figures, drawn.initiatives)
            body += _award_blocks(figures, drawn.awards)
            body += _trend_blocks(figures, drawn.trend)
    summary = fill(texts.get("summary") or defaults["summary"], values)
    return OfficialDocument(
        issuer=issuer,
        kind_name=PHASE_REPORT_SPEC.kind_name,
        kind_code=PHASE_REPORT_SPEC.kind_code,
        summary=summary,
        body=tuple(body),
        signer=signer,
        recipients=lines_of(texts.get("recipients", "")),
        archive_note=texts.get("archive_note", "").strip() or "VT",
    )
