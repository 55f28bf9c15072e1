"""The duplicate check against stored initiatives (selectors.similarity): candidates past the
draft, every unit and year, ordered by score, with passages; the fingerprints kept in step."""

import pytest

from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.selectors.similarity import forget_index, similar_initiatives
from thidua.initiatives.services.similarity import rebuild_fingerprints, refresh_fingerprint
from thidua.initiatives.tests.factories import make_initiative

QUEUE_TITLE = "Đặt lịch khám trực tuyến và nhắn tin nhắc lịch cho người bệnh"


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    forget_index()


def test_similar_initiatives_finds_the_same_text_without_diacritics_in_another_unit(org):
    original = make_initiative(org.b, None, title=QUEUE_TITLE, year=2025)
    refresh_fingerprint(original)

    found = similar_initiatives(
        title="Dat lich kham truc tuyen va nhan tin nhac lich cho nguoi benh",
        problem="Nguoi benh phai xep hang lau tai quay tiep don de lay so thu tu kham benh, "
        "nhat la vao buoi sang dau tuan.",
        solution="Trien khai dat lich kham truc tuyen qua cong thong tin cua benh vien, gui tin "
        "nhan nhac lich va bo tri quay tiep don rieng cho nguoi da dat lich.",
        effect="Thoi gian cho trung binh giam tu 45 phut xuong 15 phut.",
    )

    assert [(item.initiative_id, item.is_duplicate) for item in found] == [(original.pk, True)]
    assert found[0].score == 1.0
    assert found[0].unit_name == "Bệnh viện B"
    assert found[0].passages[0].match_text == QUEUE_TITLE


def test_similar_initiatives_leaves_out_drafts_and_withdrawn(org):
    for status in (InitiativeStatus.DRAFT, InitiativeStatus.WITHDRAWN):
        refresh_fingerprint(make_initiative(org.a, None, title=QUEUE_TITLE, status=status))

    found = similar_initiatives(title=QUEUE_TITLE)

    assert found == []


def test_rebuild_fingerprints_counts_every_initiative(org):
    make_initiative(org.a, None, title=QUEUE_TITLE)
    make_initiative(org.b, None, title="Phân loại chất thải y tế tại nguồn")

    count = rebuild_fingerprints(batch_size=1)

    assert count == 2
    assert [item.title for item in similar_initiatives(title=QUEUE_TITLE, limit=1)] == [
        QUEUE_TITLE
    ]
