"""The jobs the platform runs by itself, with their default schedules (Asia/Shanghai).

The code says *what* each job runs; the operator may change *when* (and switch it off) in the
workbench, and that choice is kept when the registry is synced again.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass, field


@dataclass(frozen=True)
class JobSpec:
    name: str
    title: str
    command: str
    schedule: str
    description: str = ""
    arguments: list[str] = field(default_factory=list)
    ok_exit_codes: list[int] = field(default_factory=lambda: [0])
    timeout_seconds: int = 2 * 3600


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "search-catch-up",
        "检索索引更新与定时发布",
        "search_indexer",
        "* * * * *",
        "把检索队列应用到本节点索引，并让到点的定时发布信息可以检索；"
        "本节点的索引进程（search-indexer --follow）在运行时跳过，由它持续更新。",
        arguments=["--unless-following"],
        timeout_seconds=600,
    ),
    JobSpec(
        "read-counts",
        "阅读量统计",
        "count_reads",
        "* * * * *",
        "把公开页面的阅读次数写入首页“最多阅读”的统计；页面访问本身不写数据库。",
        timeout_seconds=600,
    ),
    JobSpec(
        "request-digest",
        "依申请办理到期提醒",
        "request_digest",
        "0 8 * * *",
        "把即将到期和已逾期的政府信息公开申请发给各机关经办人（《政府信息公开条例》第三十三条的答复期限）。",
    ),
    JobSpec(
        "workplan-reminders",
        "工作要点台账提醒",
        "workplan_reminders",
        "30 8 * * 1",
        "提醒牵头单位报送工作要点任务进展。",
    ),
    JobSpec(
        "self-inspection",
        "网站自查",
        "inspect",
        "0 2 * * *",
        "按国办秘函〔2019〕19号可检查的指标自查全平台，结果见“网站自查”；存在单项否决项时命令以1退出，不算任务失败。",
        ok_exit_codes=[0, 1],
        timeout_seconds=4 * 3600,
    ),
    JobSpec(
        "verify-published",
        "防篡改核验",
        "verify_published",
        "30 3 * * *",
        "比对对外提供的页面和附件与发布时封存的摘要；发现不一致时任务失败，须立即处置。",
        timeout_seconds=4 * 3600,
    ),
    JobSpec(
        "backup",
        "数据备份",
        "backup",
        "0 3 * * *",
        "备份数据库、上传文件、密钥和索引位置到 GONGKAI_BACKUP_DIR（默认 var/backups），保留最近14份。",
        arguments=["--keep", "14"],
        timeout_seconds=6 * 3600,
    ),
)

BY_NAME = {spec.name: spec for spec in JOBS}


def fingerprint(jobs: tuple[JobSpec, ...] | None = None) -> str:
    """A digest of the job list as the code states it: the runner syncs again when it changes."""
    return hashlib.sha256(
        repr([astuple(spec) for spec in (JOBS if jobs is None else jobs)]).encode()
    ).hexdigest()
