"""The only module that reads the environment.

Every setting that differs between a laptop and production comes from here, with a safe
embedded default: SQLite in WAL mode under ``var/``, a cache file shared by the workers
(``var/cache.sqlite3``), tasks run in-process.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


VAR_DIR = Path(_str("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))
DEBUG = _bool("DEBUG", False)
SECRET_KEY = _str("SECRET_KEY")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,[::1],localhost,testserver")
DATABASE_URL = _str("DATABASE_URL")
# PostgreSQL: the owner's credentials, used only by `migrate`, `restore` and `audit setup-roles`;
# DATABASE_URL is then the application's role, which owns nothing (ADR 0014).
MIGRATE_DATABASE_URL = _str("MIGRATE_DATABASE_URL")
# Optional PostgreSQL read replica for public anonymous pages (gongkai/core/dbrouting.py, ADR 0048).
DATABASE_REPLICA_URL = _str("DATABASE_REPLICA_URL")
# After a public change, every page reads the primary this long (more than the replica's worst lag);
# a client that posted a form reads the primary for PIN seconds.
REPLICA_LAG_SECONDS = _int("GONGKAI_REPLICA_LAG_SECONDS", 5)
REPLICA_PIN_SECONDS = _int("GONGKAI_REPLICA_PIN_SECONDS", 30)
REDIS_URL = _str("REDIS_URL")
# Sessions in their own Redis database (or instance) with no eviction, apart from the evictable page
# cache; empty = the same as REDIS_URL.
REDIS_SESSIONS_URL = _str("REDIS_SESSIONS_URL")
# Where `gongkai backup` (and the nightly job, on whichever node claims it) writes; on several nodes a
# directory they all mount, or one the backup host collects from.
BACKUP_DIR = _str("GONGKAI_BACKUP_DIR")
# Without Redis: the cache every worker shares (page cache, its invalidation, rate limits).
# "sqlite" (default, var/cache.sqlite3); "file", "database" and "locmem" exist only to measure the
# alternatives (docs/benchmarks.md) — "locmem" is per process and wrong with 2+ workers.
EMBEDDED_CACHE = _str("GONGKAI_EMBEDDED_CACHE", "sqlite")
MEDIA_ROOT = Path(_str("MEDIA_ROOT", str(VAR_DIR / "media")))
SITE_URL = _str("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
INDEX_NUMBER_FORMAT = _str("GONGKAI_INDEX_NUMBER_FORMAT", "{credit_code}/{year}-{serial:05d}")
UPLOAD_MAX_MB = _int("GONGKAI_UPLOAD_MAX_MB", 50)
# 规范性文件 must carry a term of validity (有效期) before publication: the provinces whose rules set
# one (commonly at most 5 years) switch it on; the national rules do not ask for it (ADR 0032 §3).
VALIDITY_TERM_REQUIRED = _bool("GONGKAI_VALIDITY_TERM_REQUIRED", False)
# 意见征集: the default period, and the floor for 重大行政决策
# (《重大行政决策程序暂行条例》第十四条: 30 days).
CONSULTATION_DEFAULT_DAYS = _int("GONGKAI_CONSULTATION_DEFAULT_DAYS", 30)
CONSULTATION_MAJOR_MIN_DAYS = _int("GONGKAI_CONSULTATION_MAJOR_MIN_DAYS", 30)
# 政策咨询: the default 答复时限 in working days where no 政务公开办 has set one (ADR 0037, 0054).
QUESTION_ANSWER_DAYS = _int("GONGKAI_QUESTION_ANSWER_DAYS", 5)
# clamd for the malware scan of uploads: a Unix socket path or tcp://host:port; empty = none.
CLAMD = _str("GONGKAI_CLAMD")
EXTRACT_MEMORY_MB = _int("GONGKAI_EXTRACT_MEMORY_MB", 768)
EXTRACT_TIMEOUT_SECONDS = _int("GONGKAI_EXTRACT_TIMEOUT_SECONDS", 30)
SESSION_IDLE_SECONDS = _int("GONGKAI_SESSION_IDLE_SECONDS", 1800)
LOGIN_FAILURE_LIMIT = _int("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = _int("GONGKAI_LOGIN_LOCKOUT_MINUTES", 30)
# Failed logins from one client address (any accounts) before it is throttled for the window.
LOGIN_ADDRESS_FAILURE_LIMIT = _int("GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ADDRESS_WINDOW_MINUTES = _int("GONGKAI_LOGIN_ADDRESS_WINDOW_MINUTES", 15)
REQUIRE_SECOND_FACTOR = _bool("GONGKAI_REQUIRE_SECOND_FACTOR", True)
PASSWORD_MAX_AGE_DAYS = _int("GONGKAI_PASSWORD_MAX_AGE_DAYS", 90)
SEEDS_DIR = _str("GONGKAI_SEEDS_DIR")
# Append-only file of the audit chain's daily anchors (`gongkai audit anchor`); keep it off the
# database's machine or ship it with the operators' logs.
AUDIT_ANCHOR_FILE = _str("GONGKAI_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.log"))
SEARCH_INDEX_DIR = _str("GONGKAI_SEARCH_INDEX_DIR")
SEARCH_INDEXER = _str("GONGKAI_SEARCH_INDEXER", "inline")
PORTAL_CACHE_SECONDS = _int("GONGKAI_PORTAL_CACHE_SECONDS", 60)
FRAGMENT_CACHE_SECONDS = _int("GONGKAI_FRAGMENT_CACHE_SECONDS", 60)
LIST_COUNT_CACHE_SECONDS = _int("GONGKAI_LIST_COUNT_CACHE_SECONDS", 60)
SITEMAP_LIMIT = _int("GONGKAI_SITEMAP_LIMIT", 50000)
INSTALLATION_NAME = _str("GONGKAI_INSTALLATION_NAME", "政务公开平台")
# The footer and <meta> tags of 国办发〔2017〕47号《政府网站发展指引》 (docs/decisions/0035): empty =
# the line is not shown. SITE_CODE is the 政府网站标识码 (10 digits); the 公安机关备案号 links to
# its record on www.beian.gov.cn; CONAC_URL is the certificate page the 党政机关网站标识 links to.
SITE_SPONSOR = _str("GONGKAI_SITE_SPONSOR")
SITE_OPERATOR = _str("GONGKAI_SITE_OPERATOR")
SITE_CODE = _str("GONGKAI_SITE_CODE")
SITE_ICP = _str("GONGKAI_SITE_ICP")
SITE_PSB = _str("GONGKAI_SITE_PSB")
SITE_CONAC_URL = _str("GONGKAI_SITE_CONAC_URL")
# Personal-data field keys, "version:64 hex chars" comma-separated, newest first (SM4 + HMAC-SM3).
# Unset on the embedded default: a key file is created under var/keys/ (keep it out of backups of
# the database, see docs/decisions/0007-personal-data-encryption.md).
FIELD_KEYS = _str("GONGKAI_FIELD_KEYS")
# Behind a reverse proxy: the request header in which the proxy puts the client's address
# (e.g. HTTP_X_REAL_IP); empty = REMOTE_ADDR. Rate limits and audit entries use it.
CLIENT_IP_HEADER = _str("GONGKAI_CLIENT_IP_HEADER")
# Mail to applicants and handlers; unset = printed to the console (the embedded demo).
EMAIL_URL = _str("EMAIL_HOST")
EMAIL_PORT = _int("EMAIL_PORT", 25)
EMAIL_USER = _str("EMAIL_HOST_USER")
EMAIL_PASSWORD = _str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = _str("DEFAULT_FROM_EMAIL", "noreply@gongkai.local")
