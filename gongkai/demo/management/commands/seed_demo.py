"""``manage.py seed_demo``: load the demo installation into an empty database."""

from __future__ import annotations

import os
import time
import unicodedata
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test.utils import override_settings

from gongkai.accounts.models import Membership, User
from gongkai.demo import data
from gongkai.demo.loader import DemoBuilder, Login, generate_password
from gongkai.disclosure.models import Attachment, Record, ValidityChange
from gongkai.orgs.models import Organization

LOGINS_FILE = "demo-logins.txt"
SHIPPED_SEEDS_DIR = Path(__file__).resolve().parents[2] / "data" / "seeds"


def seeds_dir() -> Path:
    """Where the five seed notices are: a setting or GONGKAI_SEEDS_DIR, else the copies shipped
    with the project (gongkai/demo/data/seeds, raw as published)."""
    configured = getattr(settings, "GONGKAI_SEEDS_DIR", "")
    return Path(configured) if configured else SHIPPED_SEEDS_DIR


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def logins_table(logins: list[Login], password: str) -> str:
    return format_table(
        [["用户名", "角色", "机关", "密码"]] + [[x.username, x.role, x.organ, password] for x in logins]
    )


class Command(BaseCommand):
    help = "载入演示数据：五个政府及其部门、乡镇街道，各角色账号，约200条走完发布流程的政府信息。"

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=200, help="生成的政府信息条数（默认200）。")
        parser.add_argument(
            "--password", default=None, help="所有演示账号的密码；不指定则每次运行随机生成一个强密码。"
        )

    def handle(self, *args, records: int, password: str | None, verbosity: int, **options):
        if records < 0:
            raise CommandError("--records 不能为负数。")
        if password is not None:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError("密码不符合要求：" + "".join(exc.messages)) from exc
        demo_organs = Organization.objects.filter(slug__in=data.DEMO_SLUGS)
        if existing := demo_organs.values_list("slug", flat=True).first():
            self.stdout.write(f"演示数据已存在（已有机关 {existing}），未做任何修改。")
            self._print_saved_logins()
            return
        password = password or generate_password()

        started = time.monotonic()
        log = self.stdout.write if verbosity >= 1 else (lambda message: None)
        builder = DemoBuilder(records=records, password=password, seeds_dir=seeds_dir(), log=log)
        # The demo's applicants are fictional: the mail the services send them goes nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            builder.build()
        elapsed = time.monotonic() - started

        for warning in builder.warnings:
            self.stderr.write(self.style.WARNING(warning))
        table = logins_table(builder.logins, password)
        path = Path(settings.VAR_DIR) / LOGINS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds passwords
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("# 演示账号（seed_demo 生成；所有账号使用同一密码，仅供演示，切勿用于生产）\n")
            handle.write(table + "\n")

        if verbosity >= 1:
            self.stdout.write(self._short_table(table))
            self.stdout.write("")
            self.stdout.write(self._counts())
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已载入，用时 {elapsed:.1f} 秒；账号清单已写入 {path}。")
        )

    @staticmethod
    def _short_table(table: str, rows: int = 36) -> str:
        """The governments' accounts come first; the departments' are in the file."""
        lines = table.splitlines()
        if len(lines) <= rows + 2:
            return table
        header, body = lines[:2], lines[2:]
        organ = lambda line: line.split()[2]  # noqa: E731
        first = [
            line
            for line in body
            if organ(line).endswith(("人民政府", "（不限机关）"))
            and not any(t in organ(line) for t in "镇乡街")
        ][:rows]
        rest = len(body) - len(first)
        return "\n".join([*header, *first, f"……其余 {rest} 个部门、乡镇账号见账号清单文件。"])

    def _print_saved_logins(self) -> None:
        path = Path(settings.VAR_DIR) / LOGINS_FILE
        if path.exists():
            self.stdout.write(f"演示账号（{path}）：")
            self.stdout.write(self._short_table("\n".join(path.read_text(encoding="utf-8").splitlines()[1:])))
        else:
            self.stdout.write(
                "未找到演示账号清单；可用 createsuperuser 新建管理员，或清空数据库后重新载入演示数据。"
            )

    def _counts(self) -> str:
        orgs = Counter(Organization.objects.values_list("kind", "level"))
        statuses = dict(Record.objects.values_list("status").annotate(n=Count("id")))
        kinds = dict(Attachment.objects.values_list("extension").annotate(n=Count("id")))
        return "\n".join(
            [
                "机关：" + "，".join(f"{kind}/{level} {n}" for (kind, level), n in sorted(orgs.items())),
                f"用户：{User.objects.count()}，任职：{Membership.objects.count()}",
                "政府信息：" + "，".join(f"{status} {n}" for status, n in sorted(statuses.items())),
                "附件：" + "，".join(f"{ext} {n}" for ext, n in sorted(kinds.items())),
                f"规范性文件：{Record.objects.filter(genre='normative').count()}，"
                f"政策解读：{Record.objects.filter(genre='interpretation').count()}，"
                f"有效性变更：{ValidityChange.objects.count()}",
            ]
        )
