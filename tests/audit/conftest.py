import pytest
from django.contrib.auth.models import Group

from accounts.roles import AUDITOR
from tests.pages.conftest import *  # noqa: F403  (the page tests' world and users)
from tests.pages.conftest import PASSWORD, client_for


@pytest.fixture
def auditor(db, django_user_model):
    user = django_user_model.objects.create_user("auditor", password=PASSWORD)
    user.groups.add(Group.objects.get(name=AUDITOR))
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def auditor_client(auditor):
    return client_for(auditor)
