"""Area suggestion from an initiative's text (area_suggestion.py, pure) with the default
movement's areas and keywords (thidua/movements/defaults.py, folded as the installer folds)."""

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import fold
from thidua.initiatives import area_suggestion
from thidua.initiatives.demo_texts import DEMO_INITIATIVES
from thidua.movements.defaults import AREAS

CHOICES = [
    area_suggestion.AreaChoice(
        id=index,
        code=area.code,
        name=area.name,
        keywords=" ".join(dict.fromkeys(fold(" ".join(area.keywords).replace(",", " ")).split())),
    )
    for index, area in enumerate(AREAS, start=1)
]


def _codes(text: str) -> list[str]:
    return [s.code for s in area_suggestion.suggest(text, CHOICES)]


def test_suggest_emr_text_gives_the_digital_transformation_area_first():
    found = area_suggestion.suggest(
        "Ứng dụng chữ ký số trong bệnh án điện tử nội trú, giảm in giấy", CHOICES
    )

    assert found[0].code == "ND1"
    assert found[0].matched[:4] == ("benh an", "chu ky", "dien tu", "an dien")


def test_suggest_works_without_diacritics():
    assert _codes("dien tap ung cuu su co an toan thong tin, phong chong ma doc")[0] == "ND4"


def test_suggest_training_text_gives_the_digital_society_area():
    assert (
        _codes("Tập huấn kỹ năng số cho người dân theo phong trào Bình dân học vụ số")[0] == "ND3"
    )


def test_suggest_nothing_for_a_text_without_keywords():
    assert area_suggestion.suggest("Sửa chữa mái tôn nhà để xe", CHOICES) == []


def test_suggest_nothing_for_an_empty_text_or_no_areas():
    assert area_suggestion.suggest("", CHOICES) == []
    assert area_suggestion.suggest("bệnh án điện tử", []) == []


def test_suggest_at_most_the_limit_best_first():
    found = area_suggestion.suggest(
        "Đào tạo kỹ năng số, diễn tập an toàn thông tin, bệnh án điện tử, hợp tác quốc tế",
        CHOICES,
        limit=2,
    )

    assert len(found) == 2
    assert found[0].score >= found[1].score


def test_suggest_agrees_with_most_demo_initiatives_area_hints():
    # The hints are the authors' own reading; several initiatives fit two areas.
    agreed = [
        _codes(f"{d.title}. {d.problem} {d.solution}")[:1] == [d.area_code]
        for d in DEMO_INITIATIVES
    ]

    assert sum(agreed) / len(agreed) >= 0.7


@given(st.text(max_size=300))
def test_suggest_matches_only_words_found_in_the_text(text):
    words = set(fold(text).replace(",", " ").split())

    for suggestion in area_suggestion.suggest(text, CHOICES):
        assert suggestion.score >= area_suggestion.MIN_SCORE
        for keyword in suggestion.matched:
            assert all(part in " ".join(words) for part in keyword.split())
