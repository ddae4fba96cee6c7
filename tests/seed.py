"""The seed fixtures (the five articles reconstructed), loaded for a test."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from projects import totals

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))


def load_seed(*, rebuild=True):
    """Load fixtures/*.json (and rebuild the totals).

    On PostgreSQL the tables are analysed in the test's own transaction (ANALYZE samples the
    rows it inserted): otherwise the planner keeps the statistics of the few rows earlier
    tests committed, and a live figure's join of a few thousand projects can take seconds.
    """
    assert FIXTURES, "fixtures/*.json are missing: run manage.py build_fixtures"
    call_command("loaddata", *map(str, FIXTURES), verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if rebuild:
        totals.aggregates_rebuild()
