"""`gongkai audit verify|anchor|setup-roles|grant`: the audit log's hash chain and its protection.

gongkai audit verify [--json] [--anchor-file PATH]   exit 1 if anything was deleted, changed, …
gongkai audit anchor [--no-store]                    the head to the anchor file + operators' log
gongkai audit setup-roles --owner O --app A [--print]  PostgreSQL: the two roles (superuser)
gongkai audit grant [--app A]                        PostgreSQL: the owner's grants to the app role
"""

from __future__ import annotations

import json
from getpass import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gongkai.audit import chain, protection
from gongkai.audit.owner import app_role_name, owner_connection


class Command(BaseCommand):
    help = "审计日志：校验哈希链、写入锚点、配置 PostgreSQL 角色"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验哈希链与锚点")
        verify.add_argument("--json", action="store_true")
        verify.add_argument("--anchor-file", type=Path)
        anchor = sub.add_parser("anchor", help="把链头写入锚点文件和运维日志（每日一次）")
        anchor.add_argument("--no-store", action="store_true", help="不在数据库中另存锚点")
        roles = sub.add_parser("setup-roles", help="PostgreSQL：建立属主角色与应用角色（超级用户执行）")
        roles.add_argument("--owner", default="gongkai_owner")
        roles.add_argument("--app", default="gongkai_app")
        roles.add_argument("--owner-password", default="", help="不给出则交互输入")
        roles.add_argument("--app-password", default="", help="不给出则交互输入")
        roles.add_argument("--print", action="store_true", help="只打印 SQL，不执行")
        grant = sub.add_parser("grant", help="PostgreSQL：以属主身份授予应用角色权限")
        grant.add_argument("--app", help="应用角色（默认取 DATABASE_URL 中的用户）")
        grant.add_argument("--print", action="store_true", help="只打印 SQL，不执行")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_verify(self, *, json: bool = False, anchor_file: Path | None = None, **options):
        report = chain.verify(anchor_file=anchor_file)
        protection_notes = _protection_notes()
        if json:
            self.stdout.write(_json({**report.as_dict(), "protection": protection_notes}))
        else:
            self.stdout.write(
                f"审计日志共 {report.entries} 条，链头第 {report.head_seq} 条 {report.head_hash}，"
                f"核对锚点 {report.anchors_checked} 个。"
            )
            for note in protection_notes:
                self.stdout.write(f"注意：{note}")
            for problem in report.problems:
                self.stdout.write(f"[{problem.kind}] {problem.detail}")
            self.stdout.write("校验通过。" if report.ok else f"发现 {len(report.problems)} 处问题。")
        if not report.ok:
            raise SystemExit(1)

    def handle_anchor(self, *, no_store: bool = False, **options):
        data = chain.anchor(store=not no_store)
        self.stdout.write(f"锚点已写入 {chain.anchor_path()}：第 {data['seq']} 条 {data['entry_hash']}")

    def handle_setup_roles(self, *, owner, app, owner_password, app_password, print: bool = False, **options):
        database = connection.settings_dict["NAME"]
        if not print and connection.vendor != "postgresql":
            raise CommandError("只有 PostgreSQL 需要配置角色。")
        if not print:
            owner_password = owner_password or getpass(f"{owner} 的口令：")
            app_password = app_password or getpass(f"{app} 的口令：")
            if not (owner_password and app_password):
                raise CommandError("两个角色都需要口令。")
        statements = protection.role_statements(
            database=database,
            owner=owner,
            owner_password=owner_password or "CHANGE-ME",
            app=app,
            app_password=app_password or "CHANGE-ME",
        )
        self._run(statements, print_only=print, use=connection)
        if not print:
            self.stdout.write(
                f"已建立角色 {owner}（属主，迁移时用 MIGRATE_DATABASE_URL）与 {app}（应用，DATABASE_URL）。"
                "接着以属主身份运行 `gongkai migrate`，它会授予应用角色权限。"
            )

    def handle_grant(self, *, app=None, print: bool = False, **options):
        app = app or app_role_name()
        if not app:
            raise CommandError("无法确定应用角色，请用 --app 指定。")
        if print:
            self._run(protection.grant_statements(app), print_only=True, use=None)
            return
        with owner_connection() as owner:
            if owner.vendor != "postgresql":
                raise CommandError("只有 PostgreSQL 需要授权。")
            protection.apply_grants(owner, app)
        self.stdout.write(f"已授予 {app}：审计日志只能插入和查询，其余表可正常读写。")

    def _run(self, statements, *, print_only: bool, use):
        if print_only:
            for statement in statements:
                self.stdout.write(statement.rstrip(";") + ";")
            return
        with use.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _protection_notes() -> list[str]:
    """What the database will not stop, said plainly next to the chain's verdict."""
    notes = []
    if connection.vendor == "sqlite":
        missing = protection.missing_sqlite_triggers(connection)
        if missing:
            notes.append("SQLite 触发器缺失：" + "、".join(missing) + "（运行 gongkai migrate 可重建）")
    elif connection.vendor == "postgresql":
        rights = protection.app_role_privileges(connection)
        if rights["superuser"] or rights["owner"]:
            notes.append("应用以超级用户或表属主身份连接数据库，审计日志仅靠哈希链防篡改（见 ADR 0014）")
        for privilege in ("update", "delete", "truncate"):
            if rights[privilege] and not (rights["superuser"] or rights["owner"]):
                notes.append(f"应用角色对审计日志有 {privilege.upper()} 权限（运行 gongkai audit grant）")
    return notes


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
