"""Domain errors: raised by services, turned into Vietnamese messages by views and the API."""

from collections.abc import Mapping


class DomainError(Exception):
    """A business rule refused the operation. `message` is shown to the user as is.

    `field` names the form field (or import column) the problem belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDeniedError(DomainError):
    """The acting user may not do this to this object."""

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(message, code="forbidden")


class ValidationFailedError(DomainError):
    """Several field problems at once (e.g. one API call or form with more than one bad field)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors.values()), "Dữ liệu không hợp lệ.")
        super().__init__(first, code="invalid")
        self.errors = dict(errors)
