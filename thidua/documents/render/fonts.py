"""Liberation Serif for the PDF, and text widths for both renderers.

Liberation Serif has Times New Roman's metrics, so a width measured here is the width Word gives
the same text in Times New Roman: the Word file's rules are sized with it too.
"""

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from thidua.documents import layout
from thidua.documents.layout import TextStyle

_FACES = {
    (False, False): "regular",
    (True, False): "bold",
    (False, True): "italic",
    (True, True): "bold_italic",
}


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register Liberation Serif's four faces as one family (so <b> and <i> pick the right
    face); returns the family's name. The files are parsed once per process."""
    names = {}
    for face, filename in layout.PDF_FONT_FILES.items():
        name = f"{layout.PDF_FONT}-{face}"
        pdfmetrics.registerFont(TTFont(name, str(Path(layout.PDF_FONT_DIR) / filename)))
        names[face] = name
    pdfmetrics.registerFontFamily(
        layout.PDF_FONT,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold_italic"],
    )
    return layout.PDF_FONT


def font_name(*, bold: bool = False, italic: bool = False) -> str:
    """The registered name of one face of Liberation Serif."""
    register_fonts()
    return f"{layout.PDF_FONT}-{_FACES[(bold, italic)]}"


def text_width_pt(text: str, style: TextStyle) -> float:
    """The printed width of one line of `text` in `style` (capitals applied), in points."""
    shown = layout.upper(text) if style.caps else text
    return float(
        pdfmetrics.stringWidth(
            shown, font_name(bold=style.bold, italic=style.italic), style.size_pt
        )
    )


def balanced_lines(text: str, style: TextStyle, width_pt: float) -> list[str]:
    """`text` on one line if it fits in `width_pt`, otherwise broken at the space that makes the
    longer line shortest: "ỦY BAN NHÂN DÂN / THÀNH PHỐ HÀ NỘI", as offices set an agency's
    name, rather than a greedy "ỦY BAN NHÂN DÂN THÀNH / PHỐ HÀ NỘI". Names too long for two
    lines are returned whole, for the paragraph to wrap."""
    if text_width_pt(text, style) <= width_pt:
        return [text]
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [
        (max(text_width_pt(first, style), text_width_pt(second, style)), [first, second])
        for first, second in splits
        if max(text_width_pt(first, style), text_width_pt(second, style)) <= width_pt
    ]
    return min(fitting)[1] if fitting else [text]
