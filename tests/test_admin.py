"""The admin: every registry model is registered, and every changelist renders."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import ProjectFactory

# Written only by the recompute or by simple-history; kept out of the admin on purpose.
INTERNAL = {
    "investmentmonthtotal",
    "planyeartotal",
    "eventtotal",
    "relocationmonthtotal",
    "figurecheck",
    "reviewscore",
}


def registry_models():
    for label in ("platforms", "projects"):
        for model in apps.get_app_config(label).get_models():
            if not model._meta.model_name.startswith("historical"):
                yield model


def test_every_model_has_an_admin():
    missing = [
        m._meta.label
        for m in registry_models()
        if m._meta.model_name not in INTERNAL and not admin.site.is_registered(m)
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_changelist_renders_for_an_admin(admin_client):
    project = ProjectFactory()
    for model in registry_models():
        if not admin.site.is_registered(model):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(url, {"q": "测试"}).status_code == 200, url
    change = reverse("admin:projects_project_change", args=[project.pk])
    assert admin_client.get(change).status_code == 200
