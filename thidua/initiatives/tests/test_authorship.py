"""The authors list as plain data: rows, shares adding to exactly 100 %, one message per problem."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.initiatives.authorship import (
    AuthorEntry,
    AuthorProblem,
    check_authors,
    format_percent,
    parse_share,
    share_total,
)


def _person(pk: int, share: str | None) -> AuthorEntry:
    return AuthorEntry(person_id=pk, share=Decimal(share) if share is not None else None)


def _external(name: str, share: str, workplace: str = "Trường Đại học Y Hà Nội") -> AuthorEntry:
    return AuthorEntry(external_name=name, external_workplace=workplace, share=Decimal(share))


def test_check_authors_main_author_alone_at_100_is_valid() -> None:
    assert check_authors([_person(1, "100")]) == []


def test_check_authors_main_author_with_internal_and_external_co_authors_is_valid() -> None:
    entries = [_person(1, "50"), _person(2, "33.33"), _external("Lê Văn Cường", "16.67")]

    assert check_authors(entries) == []


def test_check_authors_total_below_100_names_the_total() -> None:
    problems = check_authors([_person(1, "60"), _person(2, "30")])

    assert problems == [
        AuthorProblem(None, "authors", "Tổng tỷ lệ đóng góp phải bằng 100 % (hiện là 90 %).")
    ]


def test_check_authors_total_above_100_names_the_total_with_decimals() -> None:
    problems = check_authors([_person(1, "70.5"), _person(2, "30")])

    assert problems == [
        AuthorProblem(None, "authors", "Tổng tỷ lệ đóng góp phải bằng 100 % (hiện là 100,5 %).")
    ]


def test_check_authors_empty_list_is_refused() -> None:
    assert check_authors([]) == [
        AuthorProblem(None, "authors", "Sáng kiến phải có ít nhất một tác giả.")
    ]


def test_check_authors_external_main_author_is_refused_at_its_row() -> None:
    problems = check_authors([_external("Lê Văn Cường", "100")])

    assert problems == [
        AuthorProblem(
            0,
            "person",
            "Tác giả chính phải là cán bộ trong hệ thống: hãy chọn người trong danh sách.",
        )
    ]


def test_check_authors_external_co_author_without_name_is_refused_at_its_row() -> None:
    problems = check_authors([_person(1, "80"), _external("  ", "20", workplace="")])

    assert problems == [
        AuthorProblem(
            1,
            "external_name",
            "Hãy chọn cán bộ trong hệ thống hoặc nhập họ tên đồng tác giả ngoài hệ thống.",
        )
    ]


def test_check_authors_external_co_author_without_workplace_is_refused() -> None:
    problems = check_authors([_person(1, "80"), _external("Lê Văn Cường", "20", workplace="")])

    assert problems == [
        AuthorProblem(
            1, "external_workplace", "Hãy nhập nơi công tác của đồng tác giả ngoài hệ thống."
        )
    ]


def test_check_authors_same_person_twice_is_refused_at_the_second_row() -> None:
    problems = check_authors([_person(1, "50"), _person(1, "50")])

    assert problems == [
        AuthorProblem(1, "person", "Người này đã có trong danh sách tác giả, đồng tác giả.")
    ]


def test_check_authors_same_external_name_twice_ignoring_diacritics_is_refused() -> None:
    problems = check_authors(
        [_person(1, "50"), _external("Lê Văn Cường", "25"), _external("le van cuong", "25")]
    )

    assert problems == [
        AuthorProblem(2, "external_name", "Người này đã có trong danh sách tác giả, đồng tác giả.")
    ]


def test_check_authors_missing_share_is_reported_at_its_row_not_as_a_total() -> None:
    problems = check_authors([_person(1, "100"), _person(2, None)])

    assert problems == [
        AuthorProblem(1, "share", "Hãy nhập tỷ lệ đóng góp (số phần trăm, ví dụ 60).")
    ]


def test_check_authors_zero_share_is_refused() -> None:
    problems = check_authors([_person(1, "100"), _person(2, "0")])

    assert problems == [
        AuthorProblem(1, "share", "Tỷ lệ đóng góp phải lớn hơn 0 % và không quá 100 %.")
    ]


def test_check_authors_three_decimals_are_refused() -> None:
    problems = check_authors([_person(1, "66.667"), _person(2, "33.333")])

    assert [(p.row, p.field) for p in problems] == [(0, "share"), (1, "share")]


def test_check_authors_more_than_twenty_rows_are_refused() -> None:
    entries = [_person(pk, "4.76") for pk in range(21)]

    assert check_authors(entries) == [
        AuthorProblem(None, "authors", "Một sáng kiến có tối đa 20 tác giả, đồng tác giả.")
    ]


def test_parse_share_reads_comma_dot_and_percent_sign() -> None:
    assert [parse_share(t) for t in ["60", "33,33", "33.33", " 50 % ", "", "abc", "NaN"]] == [
        Decimal("60"),
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("50"),
        None,
        None,
        None,
    ]


def test_format_percent_uses_the_decimal_comma_without_trailing_zeros() -> None:
    assert [format_percent(Decimal(v)) for v in ["90", "100.00", "33.30", "99.5"]] == [
        "90 %",
        "100 %",
        "33,3 %",
        "99,5 %",
    ]


# Shares in hundredths of a percent, so that the property is exact.
_cents = st.integers(min_value=1, max_value=10_000)


@given(st.lists(_cents, min_size=1, max_size=20))
def test_check_authors_refuses_a_total_exactly_when_it_is_not_100(cents: list[int]) -> None:
    entries = [
        AuthorEntry(person_id=index + 1, share=Decimal(value) / 100)
        for index, value in enumerate(cents)
    ]

    problems = check_authors(entries)

    total_wrong = sum(cents) != 10_000
    assert any(problem.field == "authors" for problem in problems) == total_wrong
    assert share_total(entries) == Decimal(sum(cents)) / 100


@given(st.integers(min_value=1, max_value=20))
def test_check_authors_accepts_every_split_of_100_into_valid_shares(count: int) -> None:
    base = 10_000 // count
    cents = [base] * (count - 1) + [10_000 - base * (count - 1)]
    entries = [
        AuthorEntry(person_id=index + 1, share=Decimal(value) / 100)
        for index, value in enumerate(cents)
    ]

    assert check_authors(entries) == []
