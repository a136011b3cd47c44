import os
import shutil

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"

    def ready(self):
        post_migrate.connect(rebuild_after_schema_change, sender=self, dispatch_uid="search-schema-upgrade")


def rebuild_after_schema_change(sender, verbosity=1, **kwargs):
    """An upgrade that changed the index layout (``engine.SCHEMA_VERSION``) rebuilds this node's
    index during ``migrate`` and removes the old one; a fresh install needs nothing (the outbox
    fills the index as information is published)."""
    from gongkai.search import engine, indexer

    current = engine.index_dir()
    if (current / "cursor.json").exists():
        return
    older = [path for path in current.parent.glob("v*") if path.is_dir() and path != current]
    if not older:
        return
    if verbosity:
        print(f"检索索引结构已更新（v{engine.SCHEMA_VERSION}），正在从数据库重建本节点的索引……")
    count = indexer.rebuild(processes=os.cpu_count() or 1)
    for path in older:
        shutil.rmtree(path, ignore_errors=True)
    if verbosity:
        print(f"检索索引已重建：{count} 条。")
