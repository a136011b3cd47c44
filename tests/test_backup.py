"""`gongkai backup` → `gongkai restore` into an empty installation gives back every record,
attachment and application (issue 17: backups; 等保 2.0 8.1.4.9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.accounts.models import Role
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.tests.factories import docx_bytes, pdf_bytes
from gongkai.info_requests import services as info_requests
from gongkai.info_requests.tests.factories import applicant
from tests.backup_snapshot import snapshot

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def seed(two_orgs, publish) -> list[str]:
    """Records with attachments (one published), and applications of two organs."""
    for org in (two_orgs.gov_a, two_orgs.gov_b):
        editor = two_orgs.staff(org, Role.EDITOR)
        for n in range(2):
            record = two_orgs.draft(org, title=f"{org.short_name}备份测试文件{n}")
            disclosure.add_attachment(record=record, actor=editor, name=f"附件{n}.pdf", data=pdf_bytes())
            disclosure.add_attachment(record=record, actor=editor, name=f"说明{n}.docx", data=docx_bytes())
            if n == 0:
                publish(record)
    codes = []
    for org in (two_orgs.gov_a, two_orgs.dept_a1, two_orgs.gov_b):
        _, code = info_requests.submit_online(org=org, data=applicant(), token=uuid.uuid4().hex)
        codes.append(code)
    return codes


def fresh_env(var_dir: Path, database_url: str | None = None) -> dict:
    env = {**os.environ, "GONGKAI_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("DATABASE_URL", None)
    env.pop("MEDIA_ROOT", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def restored_snapshot(env: dict, codes: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SNAPSHOT_SCRIPT, json.dumps(codes)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


SNAPSHOT_SCRIPT = (
    "import json, sys, django; django.setup(); "
    "from tests.backup_snapshot import snapshot; print(json.dumps(snapshot(json.loads(sys.argv[1]))))"
)


def back_up(tmp_path) -> Path:
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    return archive


def test_backup_and_restore_into_an_empty_sqlite_installation(two_orgs, publish, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant is below")
    codes = seed(two_orgs, publish)
    before = snapshot(codes)
    assert len(before["attachment_files"]) == 8
    assert len(before["applications"]) == 3
    assert all(before["found_by_query_code"])
    assert before["audit"]["ok"]
    archive = back_up(tmp_path)

    env = fresh_env(tmp_path / "fresh-var")
    result = manage(env, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert "gongkai reindex" in result.stdout
    after = restored_snapshot(env, codes)
    assert after == before
    # The restored installation's own chain check passes, on the database it now runs on.
    assert manage(env, "audit", "verify").returncode == 0


def test_the_archive_lists_every_file_with_its_hash(two_orgs, publish, tmp_path):
    seed(two_orgs, publish)
    archive = back_up(tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "manifest.json"
    assert manifest["format_version"] == 1
    assert set(manifest["files"]) == set(names[1:])
    assert sum(name.startswith("media/") for name in names) == 8
    assert "keys/field-keys" in names
    assert "search/cursor.json" in names
    assert manifest["audit_head"]["seq"] > 0
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_a_corrupt_archive_is_refused_and_nothing_is_written(two_orgs, publish, tmp_path):
    seed(two_orgs, publish)
    archive = back_up(tmp_path)
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/"))
        offset = member.offset_data + 100
    data[offset] ^= 0xFF
    corrupt = tmp_path / "corrupt.tar"
    corrupt.write_bytes(bytes(data))
    env = fresh_env(tmp_path / "fresh-var")
    result = manage(env, "restore", str(corrupt))
    assert result.returncode != 0
    assert "备份已损坏" in result.stderr
    assert "SHA-256" in result.stderr
    assert not (tmp_path / "fresh-var" / "media").exists()
    assert not (tmp_path / "fresh-var" / "keys").exists()
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = manage(env, "restore", str(truncated))
    assert result.returncode != 0
    assert "备份" in result.stderr


def test_a_non_empty_target_is_refused_without_force(two_orgs, publish, tmp_path):
    seed(two_orgs, publish)
    archive = back_up(tmp_path)
    with pytest.raises(CommandError, match="目标安装不是空的"):
        call_command("restore", str(archive))


@pytest.mark.postgres_only
def test_backup_and_restore_into_an_empty_postgresql_database(two_orgs, publish, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore need PostgreSQL (run with DATABASE_URL=postgres://…)")
    codes = seed(two_orgs, publish)
    before = snapshot(codes)
    archive = back_up(tmp_path)
    s = connection.settings_dict
    name = f"gk_restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
        env = fresh_env(tmp_path / "fresh-var", url)
        result = manage(env, "restore", str(archive))
        assert result.returncode == 0, result.stderr
        assert restored_snapshot(env, codes) == before
        assert manage(env, "audit", "verify").returncode == 0
        # Restoring again into what is now a full database needs --force.
        again = manage(env, "restore", str(archive))
        assert again.returncode != 0
        assert "目标安装不是空的" in again.stderr
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
