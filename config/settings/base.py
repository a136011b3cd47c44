"""Settings shared by every environment; values that vary come from config.env."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.DEBUG


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, else a per-installation key kept under var/."""
    if env.SECRET_KEY:
        return env.SECRET_KEY
    path = Path(VAR_DIR) / "secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS
SITE_URL = env.SITE_URL

INSTALLED_APPS = [
    "gongkai.accounts.adminapp.OpsAdminConfig",  # django.contrib.admin as the 三员 tool
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "treebeard",
    # Serves Swagger UI from our own static files instead of a foreign CDN (PIPL 第三十六条).
    "ninja",
    "axes",
    # Second factor (TOTP + recovery codes) for administrators and 负责人: gongkai/accounts/second_factor.py.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "gongkai.core",
    "gongkai.accounts",
    "gongkai.orgs",
    "gongkai.audit",
    "gongkai.textproc",
    "gongkai.workdays",
    "gongkai.catalog",
    "gongkai.disclosure",
    "gongkai.info_requests",
    "gongkai.reports",
    "gongkai.workplans",
    "gongkai.inspection",
    "gongkai.participation",
    "gongkai.powers",
    "gongkai.jobs",
    "gongkai.migration",
    "gongkai.search",
    "gongkai.api",
    "gongkai.portal",
    "gongkai.workbench",
    "gongkai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Decides whether this request's reads may go to the read replica (only with DATABASE_REPLICA_URL).
    "gongkai.core.dbrouting.ReplicaRoutingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Early, so every audit entry written while serving a request carries its client address.
    "gongkai.audit.context.AuditContextMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Outside the views and the whole-page cache: 繁體 is converted from the cached simplified page.
    "gongkai.core.preferences.ReadingPreferencesMiddleware",
    # Before CommonMiddleware, so it sees the final 404 (after APPEND_SLASH had its chance).
    "gongkai.migration.middleware.OldLinkRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.core.middleware.ContentSecurityPolicyMiddleware",
    "gongkai.core.middleware.RejectNulMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The second factor before anything else of the workbench, the forced password change included.
    "gongkai.accounts.middleware.SecondFactorMiddleware",
    "gongkai.accounts.middleware.PasswordExpiryMiddleware",
    "gongkai.workbench.middleware.CurrentOrganizationMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.installation",
                "gongkai.workbench.context_processors.workbench",
            ],
        },
    },
]


def _database() -> dict:
    if env.DATABASE_URL:
        config = dj_database_url.parse(env.DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        return config
    # Embedded default: SQLite in WAL mode; IMMEDIATE transactions take the write lock up
    # front, so two publishers serialise instead of failing with "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "gongkai.sqlite3",
        # Keep the connection across requests: opening it and running the PRAGMAs costs more
        # than a typical page's queries.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": _database()}
if env.DATABASE_REPLICA_URL:
    # Public anonymous pages read here when gongkai.core.dbrouting allows it (ADR 0048); the test
    # runner treats it as the primary.
    DATABASES["replica"] = {
        **dj_database_url.parse(env.DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["gongkai.core.dbrouting.PrimaryReplicaRouter"]
GONGKAI_READ_REPLICA = "replica" if env.DATABASE_REPLICA_URL else ""
GONGKAI_REPLICA_LAG_SECONDS = env.REPLICA_LAG_SECONDS
GONGKAI_REPLICA_PIN_SECONDS = env.REPLICA_PIN_SECONDS
GONGKAI_MIGRATE_DATABASE_URL = env.MIGRATE_DATABASE_URL
GONGKAI_AUDIT_ANCHOR_FILE = env.AUDIT_ANCHOR_FILE
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env.REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    if env.REDIS_SESSIONS_URL:
        CACHES["sessions"] = {**CACHES["default"], "LOCATION": env.REDIS_SESSIONS_URL}
        SESSION_CACHE_ALIAS = "sessions"
else:
    # Shared by every worker process (docs/decisions/0012-embedded-shared-cache.md): a withdrawal
    # must reach all of them, and a rate limit must count across them.
    CACHES = {
        "default": {
            "sqlite": {
                "BACKEND": "gongkai.core.sqlite_cache.SQLiteCache",
                "LOCATION": str(VAR_DIR / "cache.sqlite3"),
                "OPTIONS": {"MAX_ENTRIES": 20000},
            },
            "file": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(VAR_DIR / "cache"),
                "OPTIONS": {"MAX_ENTRIES": 20000},
            },
            "database": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "gongkai_cache",
                "OPTIONS": {"MAX_ENTRIES": 20000},
            },
            "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }[env.EMBEDDED_CACHE]
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.validators.CharacterClassValidator"},
    {"NAME": "gongkai.accounts.validators.ChineseWeakPasswordValidator"},
    {"NAME": "gongkai.accounts.validators.GuessablePatternValidator"},
    {"NAME": "gongkai.accounts.validators.PasswordHistoryValidator"},
]
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:dashboard"

# 等保 2.0 第三级 8.1.4.1 b): limit failed logins and end idle sessions. The numbers are
# conventions (docs/decisions/0002-security-conventions.md), kept in the environment.
AXES_FAILURE_LIMIT = env.LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = env.LOGIN_LOCKOUT_MINUTES / 60
# Lock the pair (account, client address): a wrong password typed elsewhere cannot lock a known
# account out for the people at their own address, and an office's NAT address is not locked as
# a whole (docs/decisions/0012-embedded-shared-cache.md, amending 0002). Spraying many accounts
# from one address is throttled separately (GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT, workbench login).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gongkai.core.ratelimit.client_ip"
GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT = env.LOGIN_ADDRESS_FAILURE_LIMIT
GONGKAI_LOGIN_ADDRESS_WINDOW = env.LOGIN_ADDRESS_WINDOW_MINUTES * 60
# Logins ignore case (accounts.User), so the failure counter must too.
AXES_USERNAME_CALLABLE = "gongkai.accounts.models.lockout_username"
# Offices reach us through one NAT address: locking by IP alone would lock a whole department out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workbench/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env.SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
PASSWORD_MAX_AGE_DAYS = env.PASSWORD_MAX_AGE_DAYS
# 等保 2.0 8.1.4.1 d): a second factor for operators, 政务公开办管理员 and 负责人 (0 = off, e.g. a
# throw-away demo; never in production).
GONGKAI_REQUIRE_SECOND_FACTOR = env.REQUIRE_SECOND_FACTOR
OTP_TOTP_ISSUER = env.INSTALLATION_NAME
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
# 民汉双语 (issue 16 item 3, ADR 0040): the public pages also in Uyghur (Arabic script, right to left).
LANGUAGES = [("zh-hans", "简体中文"), ("ug", "ئۇيغۇرچە")]
# Chosen by the header's switch (gongkai.portal.preference_views.language); LocaleMiddleware reads it.
LANGUAGE_COOKIE_NAME = "gk_lang"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.MEDIA_ROOT
# Media are never served from a public path: attachments go through a view that checks
# publication first.
MEDIA_URL = "/_media-not-served/"
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
GONGKAI_UPLOAD_MAX_BYTES = env.UPLOAD_MAX_MB * 1024 * 1024
GONGKAI_CONSULTATION_DEFAULT_DAYS = env.CONSULTATION_DEFAULT_DAYS
GONGKAI_CONSULTATION_MAJOR_MIN_DAYS = env.CONSULTATION_MAJOR_MIN_DAYS
GONGKAI_QUESTION_ANSWER_DAYS = env.QUESTION_ANSWER_DAYS
# Bounded work on uploaded files (gongkai/textproc/bounded.py, ADR 0011): a zip package is refused
# before parsing beyond these; parsers run in a child process under these limits.
GONGKAI_EXTRACT_MAX_ENTRIES = 2000
GONGKAI_EXTRACT_MAX_INFLATED_BYTES = 64 * 1024 * 1024
GONGKAI_EXTRACT_MAX_RATIO = 100
# Archives inside archives (a .zip of .rar of .doc) are read to this depth, deeper is refused (ADR 0023).
GONGKAI_EXTRACT_MAX_DEPTH = 3
GONGKAI_EXTRACT_MAX_PAGES = 2000
GONGKAI_EXTRACT_MEMORY_BYTES = env.EXTRACT_MEMORY_MB * 1024 * 1024
GONGKAI_EXTRACT_CPU_SECONDS = 20
GONGKAI_EXTRACT_TIMEOUT_SECONDS = env.EXTRACT_TIMEOUT_SECONDS
GONGKAI_CLAMD = env.CLAMD
GONGKAI_CLAMD_TIMEOUT_SECONDS = 30
GONGKAI_INDEX_NUMBER_FORMAT = env.INDEX_NUMBER_FORMAT
GONGKAI_INSTALLATION_NAME = env.INSTALLATION_NAME
GONGKAI_VALIDITY_TERM_REQUIRED = env.VALIDITY_TERM_REQUIRED
GONGKAI_SITE = {
    "sponsor": env.SITE_SPONSOR,
    "operator": env.SITE_OPERATOR,
    "site_code": env.SITE_CODE,
    "icp": env.SITE_ICP,
    "psb": env.SITE_PSB,
    "conac_url": env.SITE_CONAC_URL,
}
# Anonymous portal pages are cached this long at most (gongkai/portal/cache.py); 0 = off.
GONGKAI_PORTAL_CACHE_SECONDS = env.PORTAL_CACHE_SECONDS
# Shared parts of the public pages ({% fragment %}, ADR 0045), for everyone, also on a page-cache miss;
# 0 = off.
GONGKAI_FRAGMENT_CACHE_SECONDS = env.FRAGMENT_CACHE_SECONDS
# The records list's totals and category counts are kept this long per page-cache generation (a
# change to public content starts a new one; ADR 0047), so list pages do not COUNT(*) each time;
# 0 = counted on every page. Only a scheduled publication falling due (no write) can lag this long.
GONGKAI_LIST_COUNT_CACHE_SECONDS = env.LIST_COUNT_CACHE_SECONDS
# URLs per sitemap file; /sitemap.xml is the index of them (sitemaps.org: at most 50,000; ADR 0047).
GONGKAI_SITEMAP_LIMIT = env.SITEMAP_LIMIT
# Search: this node's tantivy replica, and who applies the outbox to it ("inline" after each
# commit on the embedded setup; "worker" when each node runs `gongkai search_indexer --follow`).
GONGKAI_SEARCH_INDEX_DIR = env.SEARCH_INDEX_DIR or str(VAR_DIR / "search-index")
GONGKAI_FIELD_KEYS = env.FIELD_KEYS
GONGKAI_CLIENT_IP_HEADER = env.CLIENT_IP_HEADER

if env.EMAIL_URL:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST, EMAIL_PORT = env.EMAIL_URL, env.EMAIL_PORT
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS = (
        env.EMAIL_USER,
        env.EMAIL_PASSWORD,
        env.EMAIL_USE_TLS,
    )
else:
    # Printed to the server log with query codes and addresses redacted (gongkai/core/mail.py).
    EMAIL_BACKEND = "gongkai.core.mail.RedactingConsoleBackend"
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
GONGKAI_FIELD_KEY_FILE = VAR_DIR / "keys" / "field-keys"
GONGKAI_BACKUP_DIR = Path(env.BACKUP_DIR) if env.BACKUP_DIR else VAR_DIR / "backups"
GONGKAI_SEARCH_INDEXER = env.SEARCH_INDEXER
# Where the demo loader finds the seed notices (default: the copies shipped in gongkai/demo/data/seeds).
GONGKAI_SEEDS_DIR = env.SEEDS_DIR

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # The audit chain's anchors belong in the operators' log (point this logger at syslog there).
    "loggers": {"gongkai.audit.anchor": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
