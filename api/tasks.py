"""Celery tasks of the api app: thin, named, safe to run twice."""

from celery import shared_task

from api import services


@shared_task(name="api.purge_idempotent_responses")
def purge_idempotent_responses():
    """Forget the Idempotency-Key answers past their keeping time (beat: hourly)."""
    return services.idempotent_responses_purge()
