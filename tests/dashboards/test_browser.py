"""The province dashboard in headless Chromium: charts drawn, no console errors, a screenshot."""

from pathlib import Path

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.totp import totp_current_code
from projects.models import Membership
from tests.dashboards.conftest import PASSWORD, World, member
from tests.signin import sign_in

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _page(request):
    """The `page` fixture of tests/conftest.py (a zh-CN Chromium page collecting console errors)."""
    try:
        return request.getfixturevalue("page")
    except pytest.FixtureLookupError:
        pytest.skip("no `page` fixture: tests/conftest.py (the browser services) is missing")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_province_dashboard_draws_its_charts(request, live_server, django_user_model):
    from projects import totals

    page = _page(request)

    world = World()
    world.add_projects(40)
    world.add_records()
    totals.aggregates_rebuild()
    leader = member(
        django_user_model, "leader", Membership.Role.OFFICIAL, scope_region=world.province
    )
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)

    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    # Officials sign in with a second factor: the code of their authenticator app.
    page.fill("input[name=token]", totp_current_code(device))
    page.press("input[name=token]", "Enter")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/dashboards/region/130000/?kind=year&year=2023")
    try:
        page.wait_for_selector("html[data-charts-drawn]", state="attached")
    except Exception:
        print(page.url, page.console_errors, page.content()[:3000])
        raise
    page.wait_for_selector(".map-canvas[data-map-drawn]", state="attached")
    drawn = page.locator(".chart-canvas canvas")
    charts = page.locator(".chart-canvas")
    assert charts.count() == 11  # the map, the ten charts (flows and 北京's districts among them)
    assert drawn.count() == charts.count()
    # Something was painted: a canvas is not blank once ECharts has drawn on it.
    assert page.evaluate(
        """() => [...document.querySelectorAll('.chart-canvas canvas')].every(c => {
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
            return false;
        })"""
    )
    assert "河北省承接项目看板" in page.content()
    page.wait_for_timeout(1200)  # ECharts' entry animation
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard_province.png", full_page=True)
    page.screenshot(path=SCREENSHOTS / "dashboard_province_top.png")
    page.emulate_media(media="print")
    page.screenshot(path=SCREENSHOTS / "dashboard_province_print.png", full_page=True)
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_province_map_draws_every_city_and_drills_down(request, live_server, django_user_model):
    from django.core.management import call_command

    from projects import totals

    page = _page(request)
    world = World()
    world.add_projects(40)
    call_command("load_divisions", verbosity=0)
    totals.aggregates_rebuild()
    member(django_user_model, "leader", Membership.Role.OFFICIAL, scope_region=world.province)

    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/dashboards/region/130000/?kind=year&year=2023")
    page.wait_for_selector(".map-canvas[data-map-drawn]", state="attached")
    assert page.locator(".map-canvas").get_attribute("data-map-drawn") == "12"
    page.select_option("[data-map-measure]", index=6)  # plan completion
    page.wait_for_timeout(600)
    page.locator(".map-canvas").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".dash-map").screenshot(path=SCREENSHOTS / "dashboard_province_map.png")
    # A point inside 沧州市 (黄骅 area), through ECharts' own projection, then a click.
    x, y = page.evaluate(
        """() => {
            const el = document.querySelector('.map-canvas');
            const chart = echarts.getInstanceByDom(el);
            const box = el.getBoundingClientRect();
            const [px, py] = chart.convertToPixel({seriesIndex: 0}, [116.9, 38.1]);
            return [box.left + px, box.top + py];
        }"""
    )
    page.mouse.click(x, y)
    page.wait_for_url("**/dashboards/region/130900/**")
    page.wait_for_selector(".map-canvas[data-map-drawn]", state="attached")
    assert page.locator(".map-canvas").get_attribute("data-map-drawn") == "16"
    page.wait_for_timeout(800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard_city_map.png")
    assert page.console_errors == []
