"""Test settings: fast hasher, local-memory cache; the database still comes from DATABASE_URL."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files through the finders; no collectstatic directory is needed.
WHITENOISE_AUTOREFRESH = True
# The second factor is switched on by the tests that exercise it (workbench/tests/test_second_factor.py):
# most tests sign in a 负责人 with force_login and are about something else.
GONGKAI_REQUIRE_SECOND_FACTOR = False
# Page caching is switched on explicitly by the tests that exercise it (portal/tests/test_cache.py).
GONGKAI_PORTAL_CACHE_SECONDS = 0
# Likewise the fragment cache (gongkai/portal/tests/test_fragments.py switches it on).
GONGKAI_FRAGMENT_CACHE_SECONDS = 0
GONGKAI_LIST_COUNT_CACHE_SECONDS = 0
# Indexing runs only where a test asks for it (gongkai/search/tests use a private index directory).
GONGKAI_SEARCH_INDEXER = "worker"
GONGKAI_SEARCH_INDEX_DIR = str(VAR_DIR / "test-search-index")
# The malware scanner is a fake clamd started by the tests that need one.
GONGKAI_CLAMD = ""
# Anchors of one test run never meet another run's log.
GONGKAI_AUDIT_ANCHOR_FILE = str(Path(tempfile.mkdtemp(prefix="gongkai-anchors-")) / "audit-anchors.log")
# Migration imports run in threads with their own connections; a test's transaction is one connection
# (the threaded path has its own transactional test in gongkai/migration/tests).
GONGKAI_MIGRATION_WORKERS = 1
