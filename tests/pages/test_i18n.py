"""Chinese by default, English on request: the pages, the choices and the messages."""

from django.urls import reverse

LIST = reverse("projects:list")


def test_pages_are_chinese_by_default(official_client, project):
    html = official_client.get(LIST).content.decode()

    assert "<h1>项目</h1>" in html and "更多筛选" in html and "洽谈" in html


def test_the_language_switch_turns_the_pages_english(official_client, project):
    response = official_client.post(reverse("set_language"), {"language": "en", "next": LIST})

    assert response.status_code == 302 and response["Location"] == LIST
    html = official_client.get(LIST).content.decode()
    assert 'lang="en"' in html
    assert "<h1>Projects</h1>" in html and "More filters" in html
    assert ">Negotiating<" in html  # the stage badge comes from the model's choices
    assert "Default (latest entered)" in html
    assert "projects, total investment" in html


def test_field_errors_follow_the_language(staff_client, project):
    staff_client.post(reverse("set_language"), {"language": "en", "next": LIST})
    url = reverse("projects:advance", args=[project.pk])

    response = staff_client.post(url, {"advance-on": "2023-01-01", "advance-version": 1})

    errors = response.context["forms"]["advance"].errors["on"]
    assert errors == ["The Signed date cannot be before the Negotiating date (2023-02-01)."]


def test_django_filter_strings_are_chinese_too(official_client):
    html = official_client.get(LIST).content.decode()

    # django-filter ships only zh_CN; the project's catalogue covers zh-hans.
    assert "项目名称（降序）" in html
