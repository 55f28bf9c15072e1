from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import fold, search_document, search_tokens, vietnamese_sort_key


def test_fold_strips_diacritics_and_case():
    assert fold("Nguyễn Văn An") == "nguyen van an"


def test_fold_turns_d_with_stroke_into_d():
    assert fold("Bệnh viện Đa khoa Đức Giang") == "benh vien da khoa duc giang"


def test_fold_collapses_whitespace():
    assert fold("  Trần   Thị\tBình \n") == "tran thi binh"


def test_fold_handles_precomposed_and_decomposed_input_alike():
    precomposed = "Hoàng Thị Ánh"
    decomposed = "Hoa\u0300ng Thi\u0323 A\u0301nh"
    assert fold(precomposed) == fold(decomposed) == "hoang thi anh"


def test_search_tokens_drop_punctuation_and_duplicates():
    assert search_tokens("Nguyễn, nguyen  VĂN (an)") == ["nguyen", "van", "an"]


def test_search_document_puts_a_space_before_every_word():
    assert search_document("Lê Văn Lan", "CB001") == " le van lan cb001 "


def test_vietnamese_sort_key_puts_the_given_name_first():
    assert vietnamese_sort_key("Nguyễn Văn An") == "an nguyen van"


def test_vietnamese_sort_key_orders_by_given_name():
    names = ["Trần Thị Bình", "Nguyễn Văn An", "Lê Chí Cường"]

    ordered = sorted(names, key=vietnamese_sort_key)

    assert ordered == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Chí Cường"]


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐÂĂ"
    )
)
def test_fold_of_vietnamese_text_is_plain_ascii(text):
    assert fold(text).isascii()
