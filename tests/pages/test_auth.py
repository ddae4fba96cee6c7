"""Signing in and out, the lockout page, the home page and the language switch."""

import pytest
from django.urls import reverse

from tests.pages.conftest import PASSWORD


def test_home_sends_anonymous_users_to_the_login_page(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_sends_staff_to_their_projects(staff_client):
    response = staff_client.get(reverse("home"))

    assert response.status_code == 302 and response["Location"] == reverse("projects:list")


def test_home_sends_officials_and_admins_to_their_dashboard(official_client, admin_client):
    for client in (official_client, admin_client):
        response = client.get(reverse("home"))

        assert response.status_code == 302
        assert response["Location"] == reverse("dashboards:home")


def test_home_explains_a_missing_unit(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x" * 12))

    response = client.get(reverse("home"))

    assert response.status_code == 403 and "尚未分配所属单位" in response.content.decode()


def test_pages_send_anonymous_users_to_the_login_page(client):
    response = client.get(reverse("projects:list"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/projects/"


def test_the_login_page_is_in_chinese(client):
    html = client.get(reverse("login")).content.decode()

    assert "<h1>登录</h1>" in html and "用户名" in html and "密码" in html
    assert 'lang="zh-hans"' in html


def test_it_signs_in_and_out(client, staff):
    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    page = client.get(reverse("projects:list"))
    assert "staff_a" in page.content.decode() and "staff_a单位" in page.content.decode()

    client.post(reverse("logout"))
    assert client.get(reverse("projects:list")).status_code == 302


def test_a_wrong_password_is_explained_in_chinese(client, staff):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})

    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_login_with_a_chinese_message(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})

    assert response.status_code == 429
    html = response.content.decode()
    assert (
        f"密码连续输错 {settings.AXES_FAILURE_LIMIT} 次，账号已暂时锁定。请 15 分钟后再试" in html
    )


def test_the_header_names_the_user_unit_and_role(official_client):
    html = official_client.get(reverse("projects:list")).content.decode()

    assert "official单位" in html and "领导（只读）" in html
    assert "录入项目" not in html  # officials get no entry button


def test_the_footer_says_when_the_totals_were_computed(official_client, project):
    html = official_client.get(reverse("projects:list")).content.decode()

    assert "汇总尚未计算，0 项待重算" in html


def test_the_404_page_is_friendly(staff_client):
    response = staff_client.get("/projects/999999/")

    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.content.decode()
