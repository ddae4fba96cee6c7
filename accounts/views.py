"""The second factor (enrol, verify), changing one's own password, the security policy."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts import totp
from accounts.forms import TokenForm
from accounts.policy import requires_second_factor
from audit.models import AuditEvent
from audit.services import audit_record

Action = AuditEvent.Action


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return settings.LOGIN_REDIRECT_URL


def _with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: the code of the user's authenticator app."""
    device = totp.totp_device_confirmed(request.user)
    if device is None:
        return redirect(_with_next("accounts:enrol", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            audit_record(request=request, action=Action.OTP_VERIFY, obj=device)
            return redirect(_next_url(request))
        audit_record(
            request=request, action=Action.OTP_VERIFY, obj=device, result=AuditEvent.Result.FAILURE
        )
        form.add_error(
            "token",
            _("验证码不正确或已过期，请输入应用当前显示的验证码。")
            if allowed
            else _("验证码错误次数过多，请稍后再试。"),
        )
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: a QR code and its secret, then one code to confirm."""
    if totp.totp_device_confirmed(request.user) is not None:
        # A second device needs the first factor reset by a security administrator.
        return redirect(_with_next("accounts:verify", request))
    device = totp.totp_device_pending(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(request=request, action=Action.OTP_ENROL, obj=device)
            messages.success(request, _("已绑定双因素验证。以后登录时需输入应用中的验证码。"))
            return redirect(_next_url(request))
        audit_record(
            request=request, action=Action.OTP_ENROL, obj=device, result=AuditEvent.Result.FAILURE
        )
        form.add_error("token", _("验证码不正确，请确认应用已添加此账号并输入当前验证码。"))
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": totp.totp_secret(device),
        "qr": mark_safe(totp.totp_qr_svg(device)),  # segno's own SVG markup, no user input
        "required": requires_second_factor(request.user),
    }
    return render(request, "accounts/enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """A user changes their own password (the old one, then the new one twice)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            update_session_auth_hash(request, user)
            audit_record(request=request, action=Action.PASSWORD_CHANGE, obj=user)
            messages.success(request, _("密码已修改。"))
            return redirect("home")
        audit_record(
            request=request,
            action=Action.PASSWORD_CHANGE,
            obj=request.user,
            result=AuditEvent.Result.FAILURE,
        )
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@permission_required("accounts.view_security_policy", raise_exception=True)
def security_policy(request: HttpRequest) -> HttpResponse:
    """The policy in force, as the settings give it (read-only: it lives in the environment)."""
    rows = [
        (
            _("双因素验证"),
            _("管理员、三员和领导必须；招商局工作人员：%(staff)s")
            % {"staff": _("必须") if settings.OTP_REQUIRED_FOR_STAFF else _("可选")},
        ),
        (_("密码最短长度"), str(_password_min_length())),
        (
            _("连续登录失败锁定"),
            _("%(n)s 次（按用户名和来源地址分别计数），锁定 %(minutes)s 分钟")
            % {
                "n": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME * 60),
            },
        ),
        (_("会话空闲超时"), _("%(minutes)s 分钟") % {"minutes": settings.SESSION_COOKIE_AGE // 60}),
        (_("可信代理数"), str(settings.TRUSTED_PROXY_COUNT)),
        (_("审计日志保留"), _("%(days)s 天") % {"days": settings.AUDIT_RETENTION_DAYS}),
    ]
    return render(request, "accounts/security_policy.html", {"rows": rows})


def _password_min_length():
    for validator in settings.AUTH_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith("MinimumLengthValidator"):
            return validator.get("OPTIONS", {}).get("min_length", 8)
    return 8
