"""``gongkai create_operators``: the 系统管理员, 安全管理员 and 审计管理员 accounts (等保 2.0 第三级 三员)."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import AdminRole
from gongkai.accounts.operators_setup import DEFAULT_USERNAMES, create_operators


class Command(BaseCommand):
    help = "创建系统管理员、安全管理员、审计管理员三个账号（各自首次登录须修改临时密码）。"

    def add_arguments(self, parser):
        for option, role in (
            ("--system", AdminRole.SYSTEM),
            ("--security", AdminRole.SECURITY),
            ("--audit", AdminRole.AUDIT),
        ):
            parser.add_argument(
                option, default=DEFAULT_USERNAMES[role], help=f"{AdminRole(role).label}用户名"
            )

    def handle(self, *args, **options):
        names = {
            AdminRole.SYSTEM: options["system"],
            AdminRole.SECURITY: options["security"],
            AdminRole.AUDIT: options["audit"],
        }
        try:
            created = create_operators(names)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("已创建以下账号。临时密码只显示这一次，请分别当面交给三名不同的人员：")
        for role, (user, password) in created.items():
            self.stdout.write(f"  {AdminRole(role).label}\t{user.username}\t{password}")
        self.stdout.write("三人首次登录 /ops-admin/ 后须立即修改密码。超级用户只用于初始安装，日常不应使用。")
