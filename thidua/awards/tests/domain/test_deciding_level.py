"""Who decides each award (thẩm quyền, LEGAL.md §1.4): the level is part of the rulebook's data,
stored in its JSON, read from versions written before it existed, and checked on publishing."""

import json
from dataclasses import replace

import pytest

from thidua.awards.domain.default_rulebook import default_rulebook
from thidua.awards.domain.rule_kinds import validate_rulebook
from thidua.awards.domain.rules import (
    LEGACY_DECIDED_BY,
    RulebookFormatError,
    from_json,
    level_decides,
    to_json,
)
from thidua.awards.tests.domain.support import award, book, rule


def test_the_city_decides_its_titles_and_bang_khen_the_units_their_own_titles_and_giay_khen():
    levels = {item.code: item.decided_by for item in default_rulebook().awards}

    assert levels == {
        "ldtt": "unit",
        "cstdcs": "unit",
        "cstd_tp": "city",
        "ttldtt": "unit",
        "ttldxs": "city",
        "co_thi_dua_tp": "city",
        "giay_khen_ca_nhan": "unit",
        "giay_khen_tap_the": "unit",
        "bang_khen_ca_nhan": "city",
        "bang_khen_tap_the": "city",
    }


def test_every_default_level_cites_its_source_and_marks_practice():
    spec = default_rulebook()

    assert all(item.decided_by_citation.strip() for item in spec.awards)
    assert "Điều 75" in spec.award("giay_khen_ca_nhan").decided_by_citation
    assert "[M]" in spec.award("ldtt").decided_by_citation
    assert "Điều 22" in spec.award("cstd_tp").decided_by_citation
    assert "Điều 74" in spec.award("bang_khen_tap_the").decided_by_citation


def test_the_level_survives_the_stored_json():
    stored = json.loads(json.dumps(to_json(default_rulebook()), ensure_ascii=False))

    assert stored["awards"][2]["decided_by"] == "city"
    assert from_json(stored) == default_rulebook()


def test_a_version_stored_before_the_level_existed_takes_the_default_catalogue_levels():
    data = to_json(default_rulebook())
    for item in data["awards"]:  # type: ignore[attr-defined]
        del item["decided_by"]
        del item["decided_by_citation"]
    data["awards"].append(  # type: ignore[attr-defined]
        {**data["awards"][0], "code": "giay_khen_rieng", "name": "Giấy khen riêng"}  # type: ignore[index]
    )

    spec = from_json(data)

    assert spec.award("cstd_tp").decided_by == "city"
    assert spec.award("ldtt").decided_by == "unit"
    assert spec.award("giay_khen_rieng").decided_by == "unit"
    assert validate_rulebook(spec) == ()


def test_the_legacy_levels_are_the_default_catalogue_levels():
    assert dict(LEGACY_DECIDED_BY) == {
        item.code: item.decided_by for item in default_rulebook().awards
    }


def test_an_unknown_level_is_refused_in_vietnamese():
    spec = book(
        replace(award("a", rule("rating_at_least", min_rating="HTTNV")), decided_by="province")  # type: ignore[arg-type]
    )

    assert validate_rulebook(spec) == (
        "“Danh hiệu a”: cấp quyết định “province” không hợp lệ; chọn “unit” (Thủ trưởng đơn "
        "vị), “department” (Giám đốc Sở), “city” (Chủ tịch Ủy ban nhân dân Thành phố).",
    )


def test_a_level_that_is_not_text_is_refused_when_read():
    data = to_json(default_rulebook())
    data["awards"][0]["decided_by"] = 3  # type: ignore[index]

    with pytest.raises(RulebookFormatError) as raised:
        from_json(data)

    assert raised.value.messages == [
        "Danh hiệu, hình thức “ldtt”: “decided_by” (cấp quyết định) phải là chuỗi ký tự."
    ]


@pytest.mark.parametrize(
    ("level", "award_level", "decides"),
    [
        ("unit", "unit", True),
        ("unit", "department", False),
        ("unit", "city", False),
        ("department", "unit", True),
        ("department", "department", True),
        ("department", "city", False),
        ("city", "city", True),
        ("unit", "province", False),
    ],
)
def test_a_level_decides_its_own_awards_and_those_below(level, award_level, decides):
    assert level_decides(level, award_level) is decides
