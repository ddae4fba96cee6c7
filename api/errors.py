"""Every API error is JSON {code, message[, errors]} in the request's language, never a 500 page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from projects.services import ConcurrentEditError


class ApiError(Exception):
    """A refusal with its HTTP status, a stable machine code and a message for people."""

    def __init__(self, status, code, message, *, errors=None, headers=None, **extra):
        super().__init__(message)
        self.status, self.code, self.message = status, code, str(message)
        self.errors, self.headers, self.extra = errors, headers or {}, extra


def _respond(api, request, status, code, message, errors=None, headers=None, **extra):
    body = {"code": code, "message": str(message), **extra}
    if errors:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _messages(error):
    """{field: [message]} of a Django ValidationError ("__all__" for the general ones)."""
    if hasattr(error, "error_dict"):
        return {key: ValidationError(value).messages for key, value in error.error_dict.items()}
    return {"__all__": error.messages}


def _schema_errors(exc):
    """{parameter: [message]} of ninja's (pydantic's) input errors."""
    errors = {}
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "__all__"
        errors.setdefault(where, []).append(error.get("msg", ""))
    return errors


def install_error_handlers(api):
    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return _respond(
            api, request, exc.status, exc.code, exc.message, exc.errors, exc.headers, **exc.extra
        )

    @api.exception_handler(SchemaValidationError)
    def bad_input(request, exc):
        return _respond(
            api, request, 400, "invalid_parameters", _("请求参数有误。"), _schema_errors(exc)
        )

    @api.exception_handler(ValidationError)
    def refused(request, exc):
        errors = _messages(exc)
        message = "；".join(m for messages in errors.values() for m in messages)
        return _respond(api, request, 400, "invalid", message, errors)

    @api.exception_handler(ConcurrentEditError)
    def stale(request, exc):
        return _respond(
            api,
            request,
            409,
            "stale_version",
            _("该项目已被他人修改：请重新读取后再提交。"),
            current_version=exc.current.version,
            changed_fields=[change.name for change in exc.changes],
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _respond(api, request, 404, "not_found", str(exc) or _("没有找到。"))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return _respond(api, request, 403, "forbidden", str(exc) or _("没有权限。"))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return _respond(
            api,
            request,
            401,
            "unauthenticated",
            _("请先登录，或在请求头中附上 API 令牌（Authorization: Bearer …）。"),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return _respond(api, request, exc.status_code, "http_error", str(exc))
