"""Settings for the benchmarks: the registry's own, with the floor view's URLconf.

bench/pages.py starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings, so the
bench-only floor page is served beside the real ones and never in production.
"""

from registry.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The rounds request the API pages faster than a client would; the limit is not what is measured.
API_RATE_LIMIT_PER_MINUTE = 0
