import pytest
from django.contrib.auth import get_user_model

from tests.factories import Places


@pytest.fixture
def places(db):
    return Places()


@pytest.fixture
def actor(db):
    return get_user_model().objects.create_user("recorder", password="a-long-enough-pw-1")
