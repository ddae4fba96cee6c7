"""Defect 12: a Content-Security-Policy without unsafe-inline; no-store on signed-in pages
and downloads; Referrer-Policy and Permissions-Policy."""

from django.urls import reverse

from tests.pages.conftest import client_for


def test_every_page_carries_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


def test_signed_in_pages_are_not_stored(staff):
    response = client_for(staff).get(reverse("projects:list"))

    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_downloads_are_not_stored(staff):
    response = client_for(staff).get(reverse("ledger:template", args=["projects"]))

    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_the_anonymous_login_page_may_be_cached_by_nobody_but_leaks_nothing(client, db):
    response = client.get(reverse("login"))

    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_style():
    import re
    from pathlib import Path

    from django.conf import settings

    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|<style|\sstyle=")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if inline.search(path.read_text())
    ]
    assert offenders == []
