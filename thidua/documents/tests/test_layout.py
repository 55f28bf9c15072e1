"""The Decree 30/2020 layout as data: dates in full, the signer's and recipients' lines."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.documents import layout
from thidua.documents.content import Authority, Signer
from thidua.documents.samples import decision_recognising_initiatives


def test_full_date_pads_day_and_month_below_ten() -> None:
    assert layout.full_date("Hà Nội", date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"


def test_full_date_keeps_two_digit_day_and_month() -> None:
    assert layout.full_date("Huế", date(2026, 12, 31)) == "Huế, ngày 31 tháng 12 năm 2026"


@given(
    st.dates(min_value=date(1000, 1, 1)), st.sampled_from(["Hà Nội", "Đà Nẵng", "TP. Hồ Chí Minh"])
)
def test_full_date_reads_back_as_the_same_date(on: date, place: str) -> None:
    text = layout.full_date(place, on)

    head, _, tail = text.partition(", ngày ")
    day, _, rest = tail.partition(" tháng ")
    month, _, year = rest.partition(" năm ")
    assert head == place
    assert (len(day), len(month)) == (2, 2)
    assert date(int(year), int(month), int(day)) == on


def test_margins_sit_inside_the_decree_ranges() -> None:
    page = layout.PORTRAIT

    assert (page.width_mm, page.height_mm) == (210, 297)
    assert 20 <= page.top_mm <= 25
    assert 20 <= page.bottom_mm <= 25
    assert 30 <= page.left_mm <= 35
    assert 15 <= page.right_mm <= 20
    assert 1.0 <= layout.LINE_SPACING <= 1.5
    assert layout.PARAGRAPH_SPACE_PT >= 6


def test_landscape_swaps_the_page_but_keeps_the_margins() -> None:
    page = layout.page_setup(landscape=True)

    assert (page.width_mm, page.height_mm) == (297, 210)
    assert (page.left_mm, page.right_mm) == (30, 15)


def test_signer_lines_join_the_authority_to_the_first_title() -> None:
    signer = Signer(Authority.DEPUTY, ("Giám đốc", "Phó Giám đốc"), "Nguyễn Văn An")

    assert layout.signer_lines(signer) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_signer_lines_without_authority_are_the_title_alone() -> None:
    signer = Signer(Authority.NONE, ("Giám đốc",), "Nguyễn Văn An")

    assert layout.signer_lines(signer) == ("GIÁM ĐỐC",)


def test_recipient_lines_end_with_the_archive() -> None:
    doc = decision_recognising_initiatives()

    assert layout.recipient_lines(doc) == (
        "- Như Điều 3;",
        "- Giám đốc Sở (để báo cáo);",
        "- Ban Thi đua - Khen thưởng thành phố;",
        "- Lưu: VT, TCCB.",
    )


def test_place_date_line_of_an_issued_document_is_in_full() -> None:
    doc = decision_recognising_initiatives()

    assert layout.place_date_line(doc) == "Hà Nội, ngày 05 tháng 02 năm 2026"


def test_place_date_line_of_a_draft_leaves_day_and_month_blank() -> None:
    doc = replace(decision_recognising_initiatives(), number="")

    assert layout.place_date_line(doc) == "Hà Nội, ngày      tháng      năm 2026"


def test_vietnamese_capitals_keep_their_diacritics() -> None:
    assert layout.upper("Ủy ban nhân dân thành phố Hà Nội") == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"


def test_fit_column_widths_keeps_the_shares_asked_for_when_every_word_fits():
    widths = layout.fit_column_widths(
        ("STT", "Tên sáng kiến"), (("1", "Cải tiến quy trình"),), (0.2, 0.8), 160.0
    )

    assert widths == pytest.approx([32.0, 128.0])


def test_fit_column_widths_widens_a_column_whose_number_would_break_and_takes_from_the_wide():
    header = ("Hạng", "Đơn vị", *(f"TC{i}" for i in range(1, 10)))
    rows = (("12", "Bệnh viện Đa khoa Hà Đông", *("30,16",) * 9),)
    shares = (0.03, 0.4, *(0.0633,) * 9)

    widths = layout.fit_column_widths(header, rows, shares, 247.0)

    assert sum(widths) == pytest.approx(247.0)
    number = layout.text_width_mm("30,16", layout.TABLE_TEXT.size_pt)
    assert all(w >= number + 2 * layout.TABLE_CELL_PADDING_MM for w in widths[2:])
    rank = layout.text_width_mm("Hạng", layout.TABLE_HEADER.size_pt, bold=True)
    assert widths[0] >= rank + 2 * layout.TABLE_CELL_PADDING_MM
    assert widths[1] < 247.0 * 0.4  # the unit names' column gave the room


def test_fit_column_widths_shares_the_page_by_need_when_the_words_cannot_all_fit():
    header = tuple(f"Cột{i}" for i in range(30))
    rows = (tuple("1.234.567,89" for _ in range(30)),)

    widths = layout.fit_column_widths(header, rows, None, 100.0)

    assert sum(widths) == pytest.approx(100.0)
    assert max(widths) == pytest.approx(min(widths))
