"""The benchmark harness's own pieces: the floor page stays out of production, the doc
generator keeps the hand-written prose, and recorded command lines carry no password."""

import importlib.util
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

BENCH = Path(__file__).resolve().parent.parent.parent / "bench"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_floor_is_not_a_production_url():
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")


@pytest.mark.django_db
@pytest.mark.urls("bench.urls")
def test_the_floor_is_a_logged_in_template_page(client, django_user_model):
    url = reverse("bench-floor")
    assert client.get(url).status_code == 302  # to the login page, like every page

    client.force_login(django_user_model.objects.create_user("floor", password="x" * 12))
    response = client.get(url)
    assert response.status_code == 200
    assert b"<li>9</li>" in response.content
    assert reverse("projects:list") == "/projects/"  # the registry's own URLs are all there


def test_the_doc_keeps_the_prose_and_replaces_only_the_blocks(tmp_path):
    report = _load("report")
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        "# Hand-written\n\n<!-- bench:summary -->\nold table\n<!-- /bench:summary -->\n\nmore prose\n"
    )
    results = {"dashboard_vs_floor": 7.5, "list_vs_admin": 0.7}

    report.write_doc(results, doc)
    report.write_doc(results, doc)  # idempotent

    text = doc.read_text()
    assert text.startswith("# Hand-written\n")
    assert "more prose" in text and "old table" not in text
    assert text.count("<!-- bench:summary -->") == 1
    assert "| `dashboard_vs_floor` | 7.5 | ≤ 10 | ✓ |" in text
    assert "| `list_vs_admin` | 0.7 | ≤ 0.5 | ✗ |" in text
    assert "<!-- bench:pages -->" in text  # a missing block is appended, not lost


def test_a_recorded_command_line_hides_the_database_password():
    run = _load("run")
    shown = run._shown_args(["--cluster-url", "postgres://registry:s3cret@127.0.0.1:5432/x"])
    assert shown == ["--cluster-url", "postgres://registry:***@127.0.0.1:5432/x"]


@pytest.mark.django_db(transaction=True)
def test_the_bench_signs_in_through_the_form_and_the_second_factor(live_server, official):
    """bench/pages.py's Server.login, against the live server, as an official with a device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.pages.conftest import PASSWORD

    Server = _load("pages").Server

    device = TOTPDevice.objects.create(user=official, name="bench", confirmed=True)
    server = Server("live", "", "/tmp")
    server.port = int(live_server.url.rsplit(":", 1)[1])

    server.login("official", PASSWORD, device.key)

    response, _body = server.request("GET", "/projects/")
    assert response.status == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["api_list", "api_totals"])
def test_the_api_pages_of_the_bench_answer_a_signed_in_official(page, django_user_model):
    from django.test import Client

    from platforms.models import Region
    from projects.models import Membership, Unit

    province = Region.objects.create(code="130000", name="河北省", level="province")
    city = Region.objects.create(code="130900", name="沧州市", level="city", parent=province)
    user = django_user_model.objects.create_user(username="bench-official", password="x")
    unit = Unit.objects.create(name="省", scope_region=province)
    Membership.objects.create(user=user, unit=unit, role=Membership.Role.OFFICIAL)
    client = Client()
    client.force_login(user)

    response = client.get(_load("pages").PAGES[page]({"city": city.pk}))

    assert response.status_code == 200, response.content
