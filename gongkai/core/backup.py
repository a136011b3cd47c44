"""One-file backups of an installation and their restore (等保 2.0 8.1.4.9 数据备份恢复).

The archive is a plain tar:

    manifest.json            format version, what is inside, SHA-256 and size of every other member
    database/gongkai.sqlite3 SQLite, copied with the online backup API (a consistent snapshot
                             while the site keeps running), or
    database/gongkai.pgdump  PostgreSQL, ``pg_dump --format=custom``
    media/…                  uploaded files (MEDIA_ROOT)
    keys/field-keys          the personal-data keys (unless they come from the environment,
    keys/secret_key          or --without-keys: then keep them apart, ADR 0007)
    search/cursor.json       the outbox position this node's index had; the index itself is
                             rebuilt with `gongkai reindex`
    audit/audit-anchors.log  a copy of the audit chain's anchors

Restore checks every member against the manifest before it touches anything, and refuses a
target that already holds data unless told to replace it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/gongkai.sqlite3"
PGDUMP_MEMBER = "database/gongkai.pgdump"
# Tables whose rows make a database "not empty" for restore.
DATA_TABLES = (
    "accounts_user",
    "orgs_organization",
    "disclosure_record",
    "info_requests_inforequest",
    "audit_auditentry",
)


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    notes: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(config: dict) -> dict:
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if config.get(key):
            env[variable] = str(config[key])
    env["PGDATABASE"] = str(config["NAME"])
    sslmode = (config.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _dump_database(staging: Path) -> tuple[str, str]:
    if connection.vendor == "sqlite":
        target = staging / SQLITE_MEMBER
        target.parent.mkdir(parents=True)
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # Page by page under SQLite's own locking: consistent while the site keeps writing.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "sqlite", SQLITE_MEMBER
    if connection.vendor == "postgresql":
        target = staging / PGDUMP_MEMBER
        target.parent.mkdir(parents=True)
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
            env=_pg_env(connection.settings_dict),
            check=True,
            capture_output=True,
        )
        return "postgresql", PGDUMP_MEMBER
    raise ValidationError(f"不支持备份 {connection.vendor} 数据库。")


def _copy_tree(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, symlinks=False)


def create_backup(output: Path, *, with_keys: bool = True) -> BackupResult:
    """Write the installation to ``output`` (a tar file), manifest first."""
    from gongkai.audit.models import AuditEntry
    from gongkai.search import engine

    output = Path(output)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix=".gongkai-backup-", dir=output.parent) as tmp:
        staging = Path(tmp)
        vendor, db_member = _dump_database(staging)
        _copy_tree(Path(settings.MEDIA_ROOT), staging / "media")
        keys: dict[str, str] = {}
        if with_keys:
            (staging / "keys").mkdir()
            if settings.GONGKAI_FIELD_KEYS:
                keys["field_keys"] = "environment"
                notes.append("个人信息加密密钥来自环境变量 GONGKAI_FIELD_KEYS，未写入备份，请另行保管。")
            elif Path(settings.GONGKAI_FIELD_KEY_FILE).exists():
                shutil.copy2(settings.GONGKAI_FIELD_KEY_FILE, staging / "keys" / "field-keys")
                keys["field_keys"] = "keys/field-keys"
            secret_file = Path(settings.VAR_DIR) / "secret_key"
            if secret_file.exists() and secret_file.read_text().strip() == settings.SECRET_KEY:
                shutil.copy2(secret_file, staging / "keys" / "secret_key")
                keys["secret_key"] = "keys/secret_key"
            else:
                keys["secret_key"] = "environment"
        else:
            notes.append("备份不含密钥（--without-keys）：恢复时须提供同一把个人信息加密密钥。")
        (staging / "search").mkdir()
        (staging / "search" / "cursor.json").write_text(
            json.dumps({"schema_version": engine.SCHEMA_VERSION, "cursor": engine.read_cursor()}),
            encoding="utf-8",
        )
        anchors = Path(settings.GONGKAI_AUDIT_ANCHOR_FILE)
        if anchors.exists():
            (staging / "audit").mkdir()
            shutil.copy2(anchors, staging / "audit" / "audit-anchors.log")
        head = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
        files = {}
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            files[path.relative_to(staging).as_posix()] = {
                "sha256": _sha256(path),
                "size": path.stat().st_size,
            }
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "database": {"vendor": vendor, "member": db_member},
            "keys": keys,
            "audit_head": {"seq": head[0], "entry_hash": head[1]} if head else {"seq": 0, "entry_hash": ""},
            "files": files,
        }
        partial = output.with_name(f".{output.name}.partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name in files:
                tar.add(staging / name, arcname=name, recursive=False)
        partial.chmod(0o600)  # keys and personal data inside
        partial.replace(output)
    return BackupResult(output, manifest, notes)


# --- restore ---------------------------------------------------------------------------------


class RestoreError(Exception):
    """The archive is unusable or the target is not empty; the message is for the operator."""


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and path.parts[0] != ""


def read_archive(archive: Path, staging: Path) -> dict:
    """Unpack the archive into ``staging``, checking each member against the manifest; raise if any is off."""
    try:
        tar = tarfile.open(archive, "r")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise RestoreError(f"无法读取备份文件：{exc}") from exc
    with tar:
        try:
            first = member = tar.next()
            if member is None or member.name != MANIFEST:
                raise RestoreError("备份文件开头没有清单（manifest.json），不是本系统的备份。")
            manifest = json.loads(tar.extractfile(member).read())
        except (tarfile.TarError, ValueError, AttributeError, OSError) as exc:
            raise RestoreError(f"备份清单无法读取：{exc}") from exc
        if manifest.get("format") != FORMAT:
            raise RestoreError("不是本系统的备份文件。")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise RestoreError(
                f"备份格式版本 {manifest.get('format_version')} 不受支持（本版本读取 {FORMAT_VERSION}）。"
            )
        expected = manifest.get("files") or {}
        seen = set()
        try:
            for member in tar:
                if member is first:
                    continue
                if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                    raise RestoreError(f"备份中有清单之外或不安全的条目：{member.name}")
                if member.name in seen:
                    raise RestoreError(f"备份中条目重复：{member.name}")
                seen.add(member.name)
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as source, target.open("wb") as sink:
                    for block in iter(lambda: source.read(1 << 20), b""):
                        digest.update(block)
                        sink.write(block)
                if digest.hexdigest() != expected[member.name]["sha256"]:
                    raise RestoreError(f"备份已损坏：{member.name} 的 SHA-256 与清单不符。")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise RestoreError(f"备份已损坏（无法读完）：{exc}") from exc
        missing = sorted(set(expected) - seen)
        if missing:
            raise RestoreError("备份不完整，缺少：" + "、".join(missing[:5]))
    return manifest


def _database_has_data() -> bool:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def target_contents() -> list[str]:
    """What in this installation a restore would overwrite (empty list = empty installation)."""
    found = []
    if _database_has_data():
        found.append("数据库已有数据")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        found.append(f"文件目录 {media} 不为空")
    return found


def _aside(path: Path) -> None:
    if path.exists():
        path.rename(path.with_name(f"{path.name}.before-restore-{datetime.now():%Y%m%d%H%M%S}"))


def _restore_database(manifest: dict, staging: Path) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise RestoreError(f"备份来自 {vendor} 数据库，本安装使用 {connection.vendor}。")
    source = staging / manifest["database"]["member"]
    if vendor == "sqlite":
        connection.close()
        target = sqlite3.connect(connection.settings_dict["NAME"])
        origin = sqlite3.connect(source)
        try:
            origin.backup(target)  # replaces every page of the target, WAL included
        finally:
            origin.close()
            target.close()
        return
    from gongkai.audit import protection
    from gongkai.audit.owner import app_role_name, owner_configured, owner_settings

    connection.close()
    result = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            str(connection.settings_dict["NAME"]),
            str(source),
        ],
        env=_pg_env(owner_settings()),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RestoreError(f"pg_restore 失败：{result.stderr.strip()[:2000]}")
    if owner_configured():
        from gongkai.audit.owner import owner_connection

        with owner_connection() as owner:
            protection.apply_grants(owner, app_role_name())


def restore_backup(archive: Path, *, force: bool = False) -> list[str]:
    """Restore ``archive`` into this installation; returns notes for the operator."""
    from gongkai.core.crypto import reset_cipher

    notes: list[str] = []
    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".gongkai-restore-", dir=var_dir) as tmp:
        staging = Path(tmp)
        manifest = read_archive(Path(archive), staging)
        if not force:
            found = target_contents()
            if found:
                raise RestoreError("目标安装不是空的（" + "；".join(found) + "），如确要覆盖请加 --force。")
        _restore_database(manifest, staging)
        media = Path(settings.MEDIA_ROOT)
        if media.exists() and any(media.iterdir()):
            _aside(media)
        if (staging / "media").is_dir():
            media.parent.mkdir(parents=True, exist_ok=True)
            if media.exists():
                media.rmdir()
            shutil.copytree(staging / "media", media)
        keys = manifest.get("keys") or {}
        if keys.get("field_keys") == "keys/field-keys":
            key_file = Path(settings.GONGKAI_FIELD_KEY_FILE)
            if settings.GONGKAI_FIELD_KEYS:
                notes.append("本安装的个人信息密钥来自环境变量，备份中的密钥文件未使用，请核对是同一把密钥。")
            else:
                key_file.parent.mkdir(parents=True, exist_ok=True)
                _aside(key_file)
                shutil.copy2(staging / "keys" / "field-keys", key_file)
                key_file.chmod(0o600)
        elif keys.get("field_keys") == "environment":
            notes.append("备份时密钥来自环境变量：请为本安装设置同一 GONGKAI_FIELD_KEYS。")
        else:
            notes.append("备份不含个人信息加密密钥：请放回原安装的 var/keys/field-keys。")
        if keys.get("secret_key") == "keys/secret_key":  # unused where SECRET_KEY is set
            shutil.copy2(staging / "keys" / "secret_key", var_dir / "secret_key")
            (var_dir / "secret_key").chmod(0o600)
        anchors_copy = staging / "audit" / "audit-anchors.log"
        anchors = Path(settings.GONGKAI_AUDIT_ANCHOR_FILE)
        if anchors_copy.exists() and not anchors.exists():
            anchors.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(anchors_copy, anchors)
        index = Path(settings.GONGKAI_SEARCH_INDEX_DIR)
        if index.exists():
            _aside(index)  # it described another database
        cursor = json.loads((staging / "search" / "cursor.json").read_text(encoding="utf-8"))
        notes.append(
            f"检索索引不在备份中（原索引读到队列第 {cursor['cursor'].get('last_id', 0)} 条）："
            "请运行 gongkai reindex 重建。"
        )
        reset_cipher()
    return notes
