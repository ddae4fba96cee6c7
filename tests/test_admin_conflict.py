"""Issue 19, defect 4: the admin change form refuses a stale save, as the staff pages do."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from projects import services
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would submit from the page's change form."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.values.append((name, attrs.get("value", "")))
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.values.append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            self.values[-1] = (self._textarea, self.values[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None


def form_data(page, **changes):
    parser = FormFields()
    parser.feed(page.content.decode())
    data = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    data = {k: v if len(v) > 1 else v[0] for k, v in data.items()}
    data.update(changes)
    return data


def test_a_stale_admin_save_is_refused_with_the_staff_message(admin_client, admin_user):
    project = ProjectFactory(leader="", contact_name="")
    url = reverse("admin:projects_project_change", args=[project.pk])
    opened = admin_client.get(url)
    # Meanwhile a staff member saves a change through the staff pages' service.
    services.project_update(actor=admin_user, project=project, version=1, leader="王局长")

    refused = admin_client.post(url, form_data(opened, contact_name="李四", leader=""))

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "其他人已修改并保存了该项目" in html
    assert "王局长" in html  # what they changed is shown
    project.refresh_from_db()
    assert (project.leader, project.contact_name, project.version) == ("王局长", "", 2)

    # Submitting again saves this user's change and keeps the other's.
    saved = admin_client.post(url, form_data(refused, contact_name="李四"))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    project.refresh_from_db()
    assert (project.leader, project.contact_name, project.version) == ("王局长", "李四", 3)


def test_a_fresh_admin_save_goes_through(admin_client):
    project = ProjectFactory(total_investment=Decimal("100"))
    url = reverse("admin:projects_project_change", args=[project.pk])
    saved = admin_client.post(url, form_data(admin_client.get(url), total_investment="250.00"))
    assert saved.status_code == 302
    project.refresh_from_db()
    assert (project.total_investment, project.version) == (Decimal("250.00"), 2)
    assert project.history.count() == 2
