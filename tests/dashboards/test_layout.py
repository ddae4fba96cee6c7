"""The dashboard, list, board and detail (and the ranking and figures pages) at 390×844 (a phone) and 1440×900, in Chinese and
English: the page is never wider than the viewport (wide tables scroll inside their card),
the charts are drawn, and the console stays clean."""

from pathlib import Path

import pytest
from django.conf import settings

from projects.models import Membership
from tests.dashboards.conftest import PASSWORD, World, member
from tests.dashboards.test_browser import _page
from tests.signin import sign_in

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
VIEWPORTS = [(390, 844), (1440, 900)]
LANGUAGES = ["zh-hans", "en"]


def _login(page, base):
    sign_in(page, base, "leader", PASSWORD)


def _overflow(page):
    """How far the page is wider than the viewport, in px (0: no horizontal page scroll)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_fit_a_phone_and_a_desktop_in_both_languages(request, live_server, django_user_model):
    from projects import totals

    page = _page(request)
    world = World()
    world.add_projects(40)
    world.add_records()
    totals.aggregates_rebuild()
    member(django_user_model, "leader", Membership.Role.OFFICIAL, scope_region=world.province)
    project = world.projects[7]
    pages = {
        "dashboard": "/dashboards/region/130000/?kind=year&year=2023",
        "list": "/projects/",
        "board": "/projects/board/",
        "detail": project.get_absolute_url(),
        "ranking": "/dashboards/ranking/region/130000/?year=2023",
        "figures": "/dashboards/figures/region/130000/",
    }
    _login(page, live_server.url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    for language in LANGUAGES:
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            for name, path in pages.items():
                page.goto(live_server.url + path)
                page.wait_for_load_state("networkidle")
                if name == "dashboard":
                    page.wait_for_selector("html[data-charts-drawn]", state="attached")
                    charts = page.locator(".chart-canvas").count()
                    assert charts >= 9
                    assert page.locator(".chart-canvas canvas").count() == charts
                assert page.evaluate("document.documentElement.lang").startswith(language[:2])
                over = _overflow(page)
                if over > 0:
                    wide.append((language, width, name, over))
                page.screenshot(path=SCREENSHOTS / f"{name}_{language}_{width}.png", full_page=True)
    assert wide == [], f"pages wider than the viewport (language, width, page, px): {wide}"
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_period_form_shows_only_the_fields_of_its_type(request, live_server, django_user_model):
    page = _page(request)
    world = World()
    member(django_user_model, "leader", Membership.Role.OFFICIAL, scope_region=world.province)
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/dashboards/region/130000/")
    page.wait_for_load_state("networkidle")

    def visible():
        return page.evaluate(
            "() => [...document.querySelectorAll('[data-period-field]')]"
            ".filter(f => !f.hidden).map(f => f.dataset.periodField)"
        )

    assert visible() == ["kind", "year", "month"]  # year to date, the default
    page.select_option("select[name=kind]", "quarter")
    assert visible() == ["kind", "year", "quarter"]
    page.select_option("select[name=kind]", "custom")
    assert visible() == ["kind", "start", "end"]
    page.select_option("select[name=kind]", "year")
    assert visible() == ["kind", "year"]
    assert page.console_errors == []
