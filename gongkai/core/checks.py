"""Deployment checks for more than one application node (ADR 0048), run by `manage.py check --deploy`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


@checks.register(checks.Tags.database, deploy=True)
def several_nodes(app_configs=None, **kwargs):
    return findings(
        index_dir=Path(settings.GONGKAI_SEARCH_INDEX_DIR),
        media_root=Path(settings.MEDIA_ROOT),
        database_engine=settings.DATABASES["default"]["ENGINE"],
        cache_backend=settings.CACHES["default"]["BACKEND"],
    )


def findings(*, index_dir: Path, media_root: Path, database_engine: str, cache_backend: str) -> list:
    found = []
    if _inside(index_dir, media_root):
        # The shared MEDIA directory is mounted by every node; an index (and its cursor) there would
        # be written by all of them at once.
        found.append(
            checks.Error(
                "检索索引目录位于共享的上传文件目录之内：每个节点须有自己的索引目录。",
                hint="把 GONGKAI_SEARCH_INDEX_DIR 设为本机磁盘上的目录（docs/deployment.md）。",
                id="gongkai.E048",
            )
        )
    if database_engine.endswith("postgresql") and not cache_backend.startswith("django_redis"):
        found.append(
            checks.Warning(
                "使用 PostgreSQL 但未配置 REDIS_URL：缓存、会话和频率限制只在本机有效，不能运行多个节点。",
                hint="多节点部署时设置 REDIS_URL（docs/deployment.md）；单机部署可忽略。",
                id="gongkai.W048",
            )
        )
    return found
