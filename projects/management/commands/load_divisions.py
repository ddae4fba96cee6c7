"""Load Hebei's divisions (and Beijing's and Tianjin's districts) from the vendored package.

Idempotent; keeps every existing code and id. See platforms/divisions.py for the source
and the statistical decisions (雄安新区 on its own, 定州/辛集 省直管).
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from platforms import divisions
from platforms.models import Platform, Region
from platforms.services import DivisionConflict, regions_load_divisions
from projects import figures, totals


def _follow_platform_regions(platform_codes):
    """Records at a moved platform and filed at its old region follow it to the new one.

    Every model with both a `region` and a `platform` requires the region to lie within the
    platform's; a platform moved from 保定市 to 雄安新区 takes its records filed at 保定市
    itself along (those filed at a county stay).
    """
    moved = 0
    for platform in Platform.objects.filter(code__in=platform_codes).select_related("region"):
        old = Region.objects.get(code=divisions.XIONGAN_ADMINISTRATIVE_PARENT)
        for model in apps.get_models():
            names = {f.name for f in model._meta.get_fields()}
            if {"region", "platform"} <= names and model._meta.app_label == "projects":
                moved += model._default_manager.filter(platform=platform, region=old).update(
                    region=platform.region
                )
    return moved


class Command(BaseCommand):
    help = "Load the region tree from the vendored GB/T 2260 package; safe to run again."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                result = regions_load_divisions()
                records = _follow_platform_regions(result.platforms_moved)
        except DivisionConflict as error:
            raise CommandError(
                "nothing was written:\n" + "\n".join(f"  {m}" for m in error.messages)
            ) from error
        self.stdout.write(
            f"{divisions.PACKAGE} {divisions.PACKAGE_VERSION}: {len(result.created)} created, "
            f"{len(result.moved)} moved, {len(result.updated)} updated, "
            f"{len(result.platforms_moved)} platforms and {records} records moved "
            f"({Region.objects.count()} regions)"
        )
        if result.moved or result.platforms_moved:
            # A move changes what the totals above it hold: rebuild them (README).
            run = totals.aggregates_rebuild()
            checks = figures.figures_reconcile()
            bad = sum(not c.matches for c in checks)
            self.stdout.write(
                f"totals rebuilt in {run.seconds:.1f} s; {len(checks)} figures, {bad} not matching"
            )
