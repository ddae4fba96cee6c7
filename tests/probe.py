"""A probe task for the real-stack smoke test, loaded by the test worker only (`--include`)."""

from celery import shared_task
from django.contrib.auth.models import Group


@shared_task(name="registry.touch_group")
def touch_group(name):
    """Its only effect is one Group row."""
    Group.objects.get_or_create(name=name)
