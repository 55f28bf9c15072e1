"""The charts' text is set in the Liberation Sans of the renderer's font folder (liberation2,
every Vietnamese glyph), even where the older fonts-liberation, without "ể", is installed too."""

from pathlib import Path

from matplotlib import font_manager

from thidua.documents import layout
from thidua.summaries.charts import _register_fonts


def test_liberation_sans_resolves_to_the_renderers_folder_with_vietnamese_glyphs() -> None:
    family = _register_fonts()

    path = Path(font_manager.findfont(font_manager.FontProperties(family=family)))

    assert path.parent == Path(layout.PDF_FONT_DIR)
    font = font_manager.get_font(str(path))
    assert font.get_char_index(ord("ể")) != 0
