"""`gongkai restore ARCHIVE [--force]`: restore a backup into this (empty) installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "从备份文件恢复数据库、上传文件和密钥（目标须为空安装，除非 --force）"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="覆盖已有数据（原文件目录改名保留）")

    def handle(self, *args, archive, force=False, **options):
        if not archive.is_file():
            raise CommandError(f"找不到备份文件 {archive}。")
        try:
            notes = restore_backup(archive, force=force)
        except RestoreError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已从 {archive} 恢复。")
        for note in notes:
            self.stdout.write(f"注意：{note}")
