"""`gongkai backup [PATH] [--without-keys]`: database, uploaded files, keys and index manifest in one tar."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import create_backup


class Command(BaseCommand):
    help = "备份数据库、上传文件、密钥和检索索引位置到一个 tar 文件"

    def add_arguments(self, parser):
        parser.add_argument(
            "output", nargs="?", type=Path, help="备份文件（默认在 GONGKAI_BACKUP_DIR，未设置时 var/backups）"
        )
        parser.add_argument("--without-keys", action="store_true", help="不含密钥（密钥另行保管时）")
        parser.add_argument(
            "--keep", type=int, default=0, help="只保留默认备份目录中最近的N份（0 = 全部保留；后台任务用14）"
        )

    def handle(self, *args, output=None, without_keys=False, keep=0, **options):
        if keep < 0:
            raise CommandError("--keep 不能为负数。")
        if output is None:
            output = Path(settings.GONGKAI_BACKUP_DIR) / f"gongkai-{datetime.now():%Y%m%d-%H%M%S}.tar"
        output = output.resolve()
        if output.exists():
            raise CommandError(f"{output} 已存在，不会覆盖。")
        output.parent.mkdir(parents=True, exist_ok=True)
        result = create_backup(output, with_keys=not without_keys)
        files = result.manifest["files"]
        self.stdout.write(
            f"已备份到 {result.path}：{len(files)} 个文件，{sum(f['size'] for f in files.values())} 字节，"
            f"审计日志到第 {result.manifest['audit_head']['seq']} 条。"
        )
        for note in result.notes:
            self.stdout.write(f"注意：{note}")
        if keep:
            # Only the default folder's own files (gongkai-*.tar), newest first by name (= by time).
            folder = Path(settings.GONGKAI_BACKUP_DIR)
            for old in sorted(folder.glob("gongkai-*.tar"), reverse=True)[keep:]:
                old.unlink()
                self.stdout.write(f"已删除较早的备份 {old.name}")
