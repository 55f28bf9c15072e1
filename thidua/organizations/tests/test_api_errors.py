"""API v1 errors: JSON with Vietnamese messages, whatever went wrong."""

import json
import logging

import pytest
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import HttpError

from thidua.api import (
    MSG_SERVER_ERROR,
    api,
    on_domain_error,
    on_http_error,
    on_not_found,
    on_unexpected,
    on_validation_failed,
    vietnamese_message,
)
from thidua.core.audit import AuditContext, current_audit_context
from thidua.core.errors import DomainError, ValidationFailedError


@pytest.fixture
def request_():
    return RequestFactory().get("/api/v1/units")


def _body(response) -> dict:
    return json.loads(response.content)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "missing"}, "Thiếu trường bắt buộc."),
        ({"type": "string_too_short", "ctx": {"min_length": 3}}, "Phải có ít nhất 3 ký tự."),
        (
            {"type": "string_too_long", "ctx": {"max_length": 32}},
            "Không được dài quá 32 ký tự.",
        ),
        ({"type": "int_parsing"}, "Phải là số nguyên."),
        ({"type": "bool_parsing"}, "Phải là true hoặc false."),
        (
            {"type": "date_from_datetime_parsing", "ctx": {"error": "input is too short"}},
            "Ngày không hợp lệ; hãy dùng định dạng YYYY-MM-DD (ví dụ 2026-03-31).",
        ),
        (
            {"type": "literal_error", "ctx": {"expected": "'ten' or 'ma'"}},
            "Giá trị không hợp lệ; chỉ nhận: 'ten' hoặc 'ma'.",
        ),
        (
            {"type": "enum", "ctx": {"expected": "'male' or 'female'"}},
            "Giá trị không hợp lệ; chỉ nhận: 'male' hoặc 'female'.",
        ),
        (
            {"type": "value_error", "ctx": {"error": "Địa chỉ thư điện tử không hợp lệ."}},
            "Địa chỉ thư điện tử không hợp lệ.",
        ),
        ({"type": "greater_than_equal", "ctx": {"ge": 0}}, "Phải lớn hơn hoặc bằng 0."),
        ({"type": "json_invalid"}, "Nội dung JSON không hợp lệ."),
        ({"type": "some_future_type"}, "Giá trị không hợp lệ."),
        ({"type": "string_too_short"}, "Giá trị không hợp lệ."),
    ],
)
def test_vietnamese_message_per_pydantic_type(error, message):
    assert vietnamese_message(error) == message


def test_domain_error_answers_400_with_the_field(request_):
    response = on_domain_error(request_, DomainError("Mã đơn vị đã được dùng.", field="code"))

    assert response.status_code == 400
    assert _body(response) == {"detail": "Mã đơn vị đã được dùng.", "field": "code"}


def test_several_field_errors_answer_400_with_each_field(request_):
    exc = ValidationFailedError({"code": "Mã sai.", "name": "Tên trống."})

    response = on_validation_failed(request_, exc)

    assert response.status_code == 400
    assert _body(response) == {
        "detail": "Mã sai.",
        "field": None,
        "errors": {"code": "Mã sai.", "name": "Tên trống."},
    }


def test_not_found_never_echoes_the_internal_message(request_):
    response = on_not_found(request_, Http404("No Unit matches the given query."))

    assert response.status_code == 404
    assert _body(response) == {
        "detail": "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."
    }


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (
            429,
            "Too many requests.",
            "Quá nhiều yêu cầu trong thời gian ngắn. Xin vui lòng thử lại sau.",
        ),
        (403, "Forbidden", "Bạn không có quyền xem hoặc thực hiện thao tác này."),
        (405, "Method not allowed", "Yêu cầu không hợp lệ."),
    ],
)
def test_ninja_http_errors_translated(request_, status, message, expected):
    response = on_http_error(request_, HttpError(status, message))

    assert response.status_code == status
    assert _body(response) == {"detail": expected}


def test_unexpected_error_answers_500_in_vietnamese_and_is_logged(request_, caplog):
    error = RuntimeError("database exploded")
    token = current_audit_context.set(AuditContext(request_id="abc123"))
    try:
        with caplog.at_level(logging.ERROR, logger="thidua.api"):
            response = on_unexpected(request_, error)
    finally:
        current_audit_context.reset(token)

    assert response.status_code == 500
    assert _body(response) == {"detail": MSG_SERVER_ERROR, "request_id": "abc123"}
    assert "database exploded" not in response.content.decode()
    assert [record.getMessage() for record in caplog.records] == [
        "API GET /api/v1/units failed (request abc123)"
    ]
    assert caplog.records[0].exc_info[1] is error


def test_every_unexpected_exception_reaches_the_vietnamese_500_handler():
    assert api._lookup_exception_handler(KeyError("x")) is on_unexpected
