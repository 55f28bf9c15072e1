"""The duplicate detector's pure module (similarity.py): normalisation with spans, the register
table, the score's properties, the stored profile and the explanation. No database."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.initiatives import similarity
from thidua.initiatives.demo_texts import DEMO_INITIATIVES

DEMO = {item.key: item for item in DEMO_INITIATIVES}


def _analysis(key: str) -> similarity.Analysis:
    item = DEMO[key]
    return similarity.analyse(
        title=item.title, problem=item.problem, solution=item.solution, effect=item.effect
    )


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Vietnamese-looking text: letters with and without marks, digits, punctuation, line breaks.
_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
_WORDS = st.text(alphabet=_LETTERS + _LETTERS.upper() + "0123456789", min_size=1, max_size=9)
_TEXTS = st.lists(
    st.tuples(_WORDS, st.sampled_from([" ", " ", " ", ", ", ". ", "; ", "\n"])), max_size=40
).map(lambda parts: "".join(word + sep for word, sep in parts))
_FIELDS = st.fixed_dictionaries(
    {"title": _TEXTS, "problem": _TEXTS, "solution": _TEXTS, "effect": _TEXTS}
)


# --- Normalisation ------------------------------------------------------------------------------


def test_fold_with_offsets_points_each_folded_character_at_its_source():
    text = "Bệnh viện Đức Giang"

    folded, offsets = similarity.fold_with_offsets(text)

    assert folded == "benh vien duc giang"
    assert [text[offsets[i]] for i in range(4)] == ["B", "ệ", "n", "h"]
    assert text[offsets[10]] == "Đ"


def test_fold_with_offsets_drops_combining_marks_typed_separately():
    decomposed = unicodedata.normalize("NFD", "Người bệnh")

    folded, offsets = similarity.fold_with_offsets(decomposed)

    assert folded == "nguoi benh"
    assert len(offsets) == len(folded)
    assert decomposed[offsets[-1]] == "h"


def test_analyse_canonicalises_synonyms_of_the_register():
    first = similarity.analyse(solution="Rút ngắn thời gian đợi của người bệnh.")
    second = similarity.analyse(solution="Giảm thời gian chờ của bệnh nhân.")

    assert first.sentences[0].words == ("giam", "thoi_gian_cho", "benh_nhan")
    assert second.sentences[0].words == first.sentences[0].words


def test_analyse_keeps_a_figure_with_its_separators_as_one_word():
    analysis = similarity.analyse(effect="Tiết kiệm 12.000 trang, giảm 4,5% sai lệch.")

    assert analysis.sentences[0].words == ("tiet_kiem", "12.000", "trang", "giam", "4,5", "sai_sot")


def test_analyse_cuts_sentences_at_stops_and_line_breaks_not_inside_figures():
    analysis = similarity.analyse(solution="Bước một: quét mã. Bước hai: lưu 1.234 hồ sơ\nBước ba")

    assert [s.words for s in analysis.sentences] == [
        ("buoc", "quet"),
        ("buoc", "hai", "luu", "1.234", "ho_so"),
        ("buoc", "ba"),
    ]


def test_analyse_spans_point_at_the_words_as_typed():
    text = "Triển khai ký số bệnh án điện tử cho người bệnh nội trú."

    sentence = similarity.analyse(solution=text).sentences[0]

    assert [text[start:end] for start, end in sentence.spans] == [
        "Triển khai",
        "ký số",
        "bệnh án điện tử",
        "người bệnh",
        "nội",
        "trú",
    ]
    assert text[sentence.start : sentence.end] == text[:-1]


@given(_FIELDS)
def test_analyse_ignores_diacritics_and_case(fields):
    plain = {name: _strip_marks(value).upper() for name, value in fields.items()}

    assert similarity.analyse(**plain).profile == similarity.analyse(**fields).profile


@given(_FIELDS)
def test_analyse_spans_mark_exactly_the_typed_words_of_each_canonical_word(fields):
    analysis = similarity.analyse(**fields)

    for sentence in analysis.sentences:
        text = analysis.texts[sentence.field]
        for word, (start, end) in zip(sentence.words, sentence.spans, strict=True):
            marked = similarity.analyse(solution=text[start:end])
            assert [s.words for s in marked.sentences] == [(word,)]


# --- The score ----------------------------------------------------------------------------------


@given(_FIELDS, _FIELDS)
def test_score_is_between_zero_and_one_and_symmetric(first, second):
    a, b = similarity.analyse(**first).profile, similarity.analyse(**second).profile

    value = similarity.score(a, b)

    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(similarity.score(b, a), abs=1e-9)


@given(_FIELDS)
def test_score_of_a_text_with_itself_is_one_unless_it_is_empty(fields):
    profile = similarity.analyse(**fields).profile

    expected = 0.0 if profile.is_empty else 1.0

    assert similarity.score(profile, profile) == pytest.approx(expected)


@given(_FIELDS, _FIELDS)
def test_score_is_the_same_without_diacritics(first, second):
    a, b = similarity.analyse(**first).profile, similarity.analyse(**second).profile
    stripped = similarity.analyse(
        **{name: _strip_marks(value) for name, value in second.items()}
    ).profile

    assert similarity.score(a, stripped) == pytest.approx(similarity.score(a, b))


@given(st.lists(_WORDS, min_size=3, max_size=12, unique=True), st.randoms())
def test_score_ignores_the_order_of_sentences(words, rng):
    sentences = [f"{word} {word}x" for word in words]
    shuffled = sentences[:]
    rng.shuffle(shuffled)

    a = similarity.analyse(solution=". ".join(sentences)).profile
    b = similarity.analyse(solution=". ".join(shuffled)).profile

    assert similarity.score(a, b) == pytest.approx(1.0 if not a.is_empty else 0.0)


def test_score_of_an_empty_text_is_zero():
    text = similarity.analyse(title="Ứng dụng bệnh án điện tử").profile

    assert similarity.score(text, similarity.analyse().profile) == 0.0


def test_score_flags_the_demo_duplicates_and_not_two_different_emr_initiatives():
    pairs = {
        (key, item.duplicate_of): similarity.score(
            _analysis(key).profile, _analysis(item.duplicate_of).profile
        )
        for key, item in DEMO.items()
        if item.duplicate_of
    }
    emr = similarity.score(_analysis("O01").profile, _analysis("O04").profile)

    assert sorted(pairs) == [
        ("O08_para", "O08"),
        ("O14_para", "O14"),
        ("O22_plain", "O22"),
        ("O36_para", "O36"),
    ]
    assert all(value >= similarity.DUPLICATE_THRESHOLD for value in pairs.values())
    assert emr < similarity.DUPLICATE_THRESHOLD


def test_score_of_a_short_title_against_a_whole_initiative_stays_below_the_threshold():
    long_text = _analysis("O01").profile
    title_only = similarity.analyse(title="Ứng dụng bệnh án điện tử").profile

    assert similarity.score(title_only, long_text) < similarity.DUPLICATE_THRESHOLD


def test_score_of_an_abridged_version_is_above_the_threshold():
    full = _analysis("O11")
    first_sentences = similarity.analyse(
        title=DEMO["O11"].title, solution=DEMO["O11"].solution.split(". ")[0]
    )

    assert similarity.score(first_sentences.profile, full.profile) >= (
        similarity.DUPLICATE_THRESHOLD
    )


# --- The stored profile -------------------------------------------------------------------------


@given(_FIELDS)
def test_profile_survives_its_stored_form(fields):
    profile = similarity.analyse(**fields).profile

    assert similarity.Profile.from_data(profile.to_data()) == profile


def test_profile_of_another_algorithm_version_is_empty():
    data = similarity.analyse(title="Ký số bệnh án").profile.to_data()

    assert similarity.Profile.from_data({**data, "v": similarity.ALGORITHM + 1}).is_empty


def test_index_keys_are_the_telling_words():
    profile = similarity.analyse(solution="Người bệnh quét mã QR để thanh toán viện phí").profile

    # "mã" folds to "ma", which is also the function word "mà": folding costs that word.
    assert similarity.index_keys(profile) == {"quet", "qr", "thanh_toan", "vien", "phi"}


# --- The explanation ----------------------------------------------------------------------------


def test_explain_pairs_matching_sentences_with_marks_on_the_shared_words():
    query = similarity.analyse(
        solution="Giam thoi gian doi cho nguoi benh. Trien khai ky so EMR cho BN noi tru."
    )
    match = similarity.analyse(
        solution="Ứng dụng ký số bệnh án điện tử cho người bệnh nội trú. Giảm thời gian chờ."
    )

    explanation = similarity.explain(query, match)

    shown = [
        (
            query.texts[p.query_field][p.query_span[0] : p.query_span[1]],
            [match.texts[p.match_field][s:e] for s, e in p.match_marks],
        )
        for p in explanation.passages
    ]
    assert shown == [
        (
            "Trien khai ky so EMR cho BN noi tru",
            ["Ứng dụng ký số bệnh án điện tử", "người bệnh nội trú"],
        ),
        ("Giam thoi gian doi cho nguoi benh", ["Giảm thời gian chờ"]),
    ]
    assert explanation.reason() == "Trùng 2 đoạn, 100 % nội dung giải pháp"


def test_explain_without_shared_sentences_says_so_in_plain_words():
    query = similarity.analyse(solution="Phân loại chất thải tại nguồn.")
    match = similarity.analyse(solution="Đặt lịch khám qua tổng đài.")

    explanation = similarity.explain(query, match)

    assert explanation.passages == ()
    assert explanation.reason() == "Không có đoạn nào trùng rõ rệt; giống nhau ở một số từ ngữ."
