"""Settings for the benchmarks only (bench/cache_miss.py): the installation as `make run` serves it,
plus a bare Django view at ``/bench/bare`` to compare the pages with. Never used in production."""

from config.settings.local import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
