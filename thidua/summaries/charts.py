"""The charts of a phase report as PNG images, drawn with matplotlib. Pure: no Django.

Why matplotlib and not Pillow: these are real charts (grouped bars against a target, lines
over years, a ranking) that must stay legible on A4 — axes with nice ticks, value labels that
do not collide, a legend. matplotlib draws them in a few lines each, with its non-interactive
Agg backend (no display, thread-safe enough for a worker that draws one report at a time);
drawing the same with Pillow would mean writing an axis and label layout engine ourselves.

Text is set in Liberation Sans from the same font folder the PDF renderer embeds Liberation
Serif from (`documents.layout.PDF_FONT_DIR`): it carries every Vietnamese glyph, so "Điểm bình
quân" prints with its diacritics (matplotlib's default DejaVu would too, but a sans face of the
documents' own family keeps the charts consistent and the font choice explicit). Each chart is
drawn at its printed size (160 mm wide) with 9–10 pt text, at 200 dpi.
"""

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from thidua.documents import layout
from thidua.summaries.figures import (
    AreaResult,
    AwardYear,
    InitiativeYear,
    UnitResult,
    YearTrend,
    decimal_text,
    number,
)

CHART_WIDTH_MM = 160.0
DPI = 200
FONT_FAMILY = "Liberation Sans"
FONT_FILES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
BLUE = "#1f5fa8"
LIGHT = "#c9d3df"
ORANGE = "#e07b1f"
RANKING_TOP = 15


@lru_cache(maxsize=1)
def _register_fonts() -> str:
    """Add Liberation Sans to matplotlib's font list (once per process). A machine with the
    older fonts-liberation too has a second "Liberation Sans" without Vietnamese glyphs (no
    "ể"), which matplotlib may prefer: only the faces of the renderer's folder keep the name."""
    folder = Path(layout.PDF_FONT_DIR)
    manager = font_manager.fontManager
    added = False
    for filename in FONT_FILES:
        path = folder / filename
        if path.exists():
            manager.addfont(str(path))
            added = True
    if added:
        manager.ttflist = [
            font
            for font in manager.ttflist
            if font.name != FONT_FAMILY or Path(font.fname).parent == folder
        ]
        manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]  # list changed
    return FONT_FAMILY


def _style() -> Any:  # matplotlib types rc keys as literals; these are checked at run time
    return {
        "font.family": _register_fonts(),
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#e3e3e3",
        "legend.frameon": False,
        "savefig.dpi": DPI,
    }


def _figure(height_mm: float) -> Figure:
    return plt.figure(figsize=(CHART_WIDTH_MM / 25.4, height_mm / 25.4), layout="constrained")


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _f(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def area_chart(areas: Sequence[AreaResult]) -> bytes:
    """Per content area (by code; the table beside it names them): the units' mean points
    beside the area's maximum, the target they compete for."""
    with plt.rc_context(_style()):
        figure = _figure(85)
        axes = figure.add_subplot()
        positions = list(range(len(areas)))
        width = 0.38
        axes.bar(
            [p - width / 2 for p in positions],
            [_f(a.max_points) for a in areas],
            width,
            color=LIGHT,
            label="Điểm tối đa (mục tiêu)",
        )
        bars = axes.bar(
            [p + width / 2 for p in positions],
            [_f(a.mean_points) for a in areas],
            width,
            color=BLUE,
            label="Điểm bình quân đạt được",
        )
        axes.bar_label(bars, labels=[decimal_text(a.mean_points, 1) for a in areas], fontsize=8)
        top = max([_f(a.max_points) for a in areas] + [1.0])
        axes.set_ylim(0, top * 1.15)
        axes.set_xticks(positions, [a.code for a in areas])
        axes.set_ylabel("Điểm")
        axes.set_title("Kết quả theo nội dung thi đua so với mục tiêu")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2)
        axes.grid(axis="x", visible=False)
        return _png(figure)


def trend_chart(years: Sequence[YearTrend]) -> bytes:
    """Per year: the units' mean total (points on 100) and the share of results meeting their
    targets (%), on one 0–100 scale."""
    with plt.rc_context(_style()):
        figure = _figure(75)
        axes = figure.add_subplot()
        labels = [str(y.year) for y in years]
        for values, color, label in (
            ([y.mean_total for y in years], BLUE, "Điểm bình quân các đơn vị"),
            ([y.rate for y in years], ORANGE, "Tỷ lệ lượt chỉ tiêu đạt kế hoạch (%)"),
        ):
            points = [(x, float(v)) for x, v in zip(labels, values, strict=True) if v is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o", color=color, linewidth=2, label=label)
            for x, y in points:
                axes.annotate(
                    decimal_text(Decimal(str(y)), 1),
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 7),
                    ha="center",
                    fontsize=8,
                    color=color,
                )
        axes.set_xticks(range(len(labels)), labels)
        axes.set_ylim(0, 110)
        axes.set_title("Diễn biến qua các năm")
        axes.legend(loc="lower center", ncols=2, bbox_to_anchor=(0.5, -0.28))
        return _png(figure)


def ranking_chart(units: Sequence[UnitResult], top: int = RANKING_TOP) -> bytes:
    """The `top` units by mean total, best at the top, with their totals."""
    shown = list(units[:top])
    with plt.rc_context(_style()):
        figure = _figure(max(60.0, 8.0 * len(shown) + 20))
        axes = figure.add_subplot()
        names = [f"{u.rank}. {_short(u.name)}" for u in shown]
        bars = axes.barh(names, [_f(u.total) for u in shown], color=BLUE, height=0.65)
        axes.bar_label(bars, labels=[decimal_text(u.total) for u in shown], padding=3, fontsize=8)
        axes.invert_yaxis()
        axes.set_xlim(0, 110)
        axes.set_xlabel("Điểm bình quân")
        axes.set_title(
            f"{len(shown)} đơn vị dẫn đầu" if len(units) > len(shown) else "Điểm các đơn vị"
        )
        axes.grid(axis="y", visible=False)
        return _png(figure)


def initiatives_chart(years: Sequence[InitiativeYear]) -> bytes:
    """Initiatives recognised per year, stacked by level."""
    with plt.rc_context(_style()):
        figure = _figure(70)
        axes = figure.add_subplot()
        labels = [str(y.year) for y in years]
        bottom = [0.0] * len(years)
        for values, color, label in (
            ([y.base for y in years], LIGHT, "Cấp cơ sở"),
            ([y.city for y in years], BLUE, "Cấp thành phố"),
            ([y.national for y in years], ORANGE, "Cấp toàn quốc"),
        ):
            axes.bar(labels, values, 0.55, bottom=bottom, color=color, label=label)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        for x, total in zip(labels, bottom, strict=True):
            axes.annotate(
                f"{int(total)}",
                (x, total),
                textcoords="offset points",
                xytext=(0, 3),
                ha="center",
                fontsize=8,
            )
        axes.set_ylim(0, max([*bottom, 1.0]) * 1.2)
        axes.set_ylabel("Số sáng kiến")
        axes.set_title("Sáng kiến được công nhận theo năm và cấp công nhận")
        axes.legend(loc="upper left", ncols=3)
        axes.grid(axis="x", visible=False)
        return _png(figure)


def awards_chart(years: Sequence[AwardYear]) -> bytes:
    """Awards per year, stacked by kind: titles, forms, thematic awards of the movement."""
    with plt.rc_context(_style()):
        figure = _figure(70)
        axes = figure.add_subplot()
        labels = [str(y.year) for y in years]
        bottom = [0.0] * len(years)
        for values, color, label in (
            ([y.titles for y in years], LIGHT, "Danh hiệu thi đua"),
            ([y.forms for y in years], BLUE, "Hình thức khen thưởng"),
            ([y.thematic for y in years], ORANGE, "Khen thưởng theo chuyên đề"),
        ):
            axes.bar(labels, values, 0.55, bottom=bottom, color=color, label=label)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        for x, total in zip(labels, bottom, strict=True):
            axes.annotate(
                number(int(total)),
                (x, total),
                textcoords="offset points",
                xytext=(0, 3),
                ha="center",
                fontsize=8,
            )
        axes.set_ylim(0, max([*bottom, 1.0]) * 1.2)
        axes.set_ylabel("Số lượt khen thưởng")
        axes.yaxis.set_major_formatter(lambda value, _: number(int(value)))
        axes.set_title("Danh hiệu thi đua, hình thức khen thưởng theo năm")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3)
        axes.grid(axis="x", visible=False)
        return _png(figure)


def _short(name: str, limit: int = 42) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
