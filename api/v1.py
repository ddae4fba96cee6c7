"""API v1: the NinjaAPI instance, its authentication, error handlers and routers."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from api.auth import SessionAuth, TokenAuth
from api.endpoints import oc4ids, places, projects, totals, writes
from api.errors import install_error_handlers

DESCRIPTION = """京津冀承接项目库的数据接口（第 1 版）。

**认证**：在“API 令牌”页面创建个人令牌，请求头带 `Authorization: Bearer <令牌>`；
令牌分只读与读写两种，读到的范围与令牌所属用户在网页上看到的完全相同。
本站页面也可凭登录会话调用（写请求须带 CSRF 令牌）。每个令牌每分钟的请求数有上限（超过返回 429）。

**错误**：一律为 JSON `{code, message}`，message 的语言随 `Accept-Language`：
参数或筛选条件有误 400，未登录或令牌无效 401，无权限（如只读）403，
不存在或不在管辖范围内 404，版本已过期 409，幂等键被另一请求占用 422，请求过频 429。

**金额**：以万元为单位的精确小数，JSON 中为字符串（OC4IDS 导出按其标准用人民币元数值）。

**幂等**：写请求可带 `Idempotency-Key` 请求头；以同一键重试时返回第一次的结果，不会重复写入。
"""


class Utf8JSONRenderer(JSONRenderer):
    """Chinese as characters, not \\u escapes: half the bytes, and readable."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="京津冀承接项目库 API",
    version="1.0.0",
    description=DESCRIPTION,
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api_v1",
    docs_url=None,  # the docs page is api.views.docs, from static files (no CDN)
    openapi_url="/openapi.json",
)
install_error_handlers(api)
for module in (places, projects, totals, writes, oc4ids):
    api.add_router("/", module.router)
