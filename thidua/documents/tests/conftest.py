"""A template declared for the tests (registered for one test, then removed): a decision with
căn cứ lines, one article using two placeholders, its trích yếu, and the signer fields."""

from collections.abc import Iterator

import pytest

from thidua.documents.placeholders import SIGNER_FIELDS, TemplateField, TemplateSpec
from thidua.documents.services.templates import register_template, unregister_template

TEST_KEY = "tests.decision"

TEST_SPEC = TemplateSpec(
    key=TEST_KEY,
    name="Quyết định công nhận sáng kiến (thử nghiệm)",
    kind_name="Quyết định",
    kind_code="QĐ",
    fields=(
        TemplateField(
            "summary",
            "Trích yếu",
            "Về việc công nhận sáng kiến năm {{nam}}",
            help="Dòng “Về việc …” dưới tên loại văn bản.",
        ),
        TemplateField(
            "preamble",
            "Các căn cứ ban hành",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
            "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ;",
            lines=True,
            only=frozenset(),
        ),
        TemplateField(
            "article_1",
            "Điều 1",
            "Công nhận {{so_luong}} sáng kiến năm {{nam}} của các đơn vị trực thuộc Sở Y tế "
            "(có danh sách kèm theo).",
        ),
        *SIGNER_FIELDS,
    ),
    placeholders={"so_luong": "Số sáng kiến được công nhận", "nam": "Năm xét công nhận"},
    sample={"so_luong": "25", "nam": "2026"},
)


@pytest.fixture
def test_template() -> Iterator[TemplateSpec]:
    register_template(TEST_SPEC)
    yield TEST_SPEC
    unregister_template(TEST_KEY)
