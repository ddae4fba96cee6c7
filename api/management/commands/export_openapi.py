"""Write the API's OpenAPI document to docs/openapi.json (the copy tests compare against)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client


class Command(BaseCommand):
    help = "Write /api/v1/openapi.json to docs/openapi.json (or --output)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "openapi.json")
        )

    def handle(self, *args, output, **options):
        # Served through the URL (not built in-process) so the document is what clients get.
        schema = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0]).get("/api/v1/openapi.json").json()
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {output}")
