#!/usr/bin/env python
"""Site migration at scale: generate an N-page wget mirror, dry-run it, import it, index it.

    GONGKAI_VAR_DIR=/tmp/bench-migration DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_migration \\
        .venv/bin/python bench/migration.py --n 20000 --attachment-every 5

Uses the database the environment configures: run it against a scratch database, never a real
one (it migrates it and adds one organ). Steps, each timed:

1. write the mirror (``gongkai.migration.sites.write_mirror``: article pages with meta tags, a
   table and a signature; one PDF attachment every K articles; list pages, a stylesheet);
2. ``plan_batch`` — discovery, decoding, extraction, duplicates, the report, the review queue;
3. ``run_batch`` — in chunks of 100 documents: their files through ``prepare_imports`` (type by
   content, the text of the whole chunk read by one bounded child), the pre-publication checks,
   then records, 索引号, redirects, files, audit entries and the search outbox in one transaction;
4. the search indexer applies the outbox (``apply_outbox``) — segmentation included.

Prints documents per second over 2–4, the import's CPU per document (this process, the bounded
children, the PostgreSQL backends of the bench's database: the machine may be shared, and CPU per
document says what idle cores would do) and the process's peak RSS (children excluded: the bounded
extraction runs in short-lived children). Run it at two sizes to see memory stay flat.
The extractor is ``gongkai.migration.extraction`` when it is installed, else the generated pages'
meta-tag reader (printed either way).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its (finished) children: the machine is shared, so the
    wall clock alone says little; CPU per document says what two idle cores would do."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


class BackendCPU:
    """CPU seconds of the PostgreSQL backends serving this bench's database (a local server): their
    process titles name the database. Sampled every second from /proc, the last value per backend
    kept; the import's backends live for the whole run. 0 on SQLite (its work is in this process)."""

    def __init__(self, database: str):
        import threading

        self.needle = f" {database} ".encode()
        self.seen: dict[int, float] = {}
        self.tick = os.sysconf("SC_CLK_TCK")
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> None:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if self.needle not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    continue
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.seen[int(pid)] = (int(fields[11]) + int(fields[12])) / self.tick

    def _loop(self) -> None:
        while not self.stop.wait(1.0):
            self.sample()

    def total(self) -> float:
        self.sample()
        return sum(self.seen.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000, help="article pages")
    parser.add_argument("--attachment-every", type=int, default=5, help="one PDF every K articles (0: none)")
    parser.add_argument("--keep", action="store_true", help="reuse an existing mirror of the same size")
    parser.add_argument("--workers", type=int, default=2, help="import threads (PostgreSQL)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from gongkai.catalog.models import Column
    from gongkai.catalog.services import seed_statutory_columns
    from gongkai.migration import extraction, services
    from gongkai.migration.sites import MetaExtractor, write_mirror
    from gongkai.orgs.codes import make_credit_code
    from gongkai.orgs.models import Organization
    from gongkai.search import engine
    from gongkai.search.indexer import apply_outbox

    # config.settings.test pins one worker (a test's transaction is one connection): the bench doesn't.
    settings.GONGKAI_MIGRATION_WORKERS = args.workers
    var = Path(settings.VAR_DIR)
    mirror = var / f"bench-mirror-{args.n}-{args.attachment_every}"
    started = time.perf_counter()
    if not (args.keep and mirror.exists()):
        shutil.rmtree(mirror, ignore_errors=True)
        write_mirror(mirror, args.n, attachment_every=args.attachment_every)
    write_s = time.perf_counter() - started

    call_command("migrate", verbosity=0)
    settings.GONGKAI_SEARCH_INDEX_DIR = str(var / f"bench-index-{args.n}")
    shutil.rmtree(settings.GONGKAI_SEARCH_INDEX_DIR, ignore_errors=True)
    engine.forget_indexes()
    slug = f"bench-{args.n}-{int(time.time())}"
    org = Organization.objects.add_root(
        dict(
            name=f"基准县人民政府{slug}",
            slug=slug,
            kind="government",
            level="county",
            credit_code=make_credit_code(f"1165{int(time.time()) % 10**11:011d}MB"),
        )
    )
    seed_statutory_columns(org=org)
    real = hasattr(extraction, "extract_article") and hasattr(extraction, "learn_profile")
    extractor = services.Extractor() if real else MetaExtractor()
    print(f"extractor: {'gongkai.migration.extraction' if real else 'sites.MetaExtractor (meta tags)'}")
    print(f"mirror: {args.n} articles, attachment every {args.attachment_every}, written in {write_s:.1f} s")
    engine_name = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"import workers: {services._workers()} ({engine_name})")

    actor = services.CONSOLE
    started = time.perf_counter()
    plan_cpu0 = cpu()[0]
    batch = services.plan_batch(source_path=str(mirror), org=org, actor=actor, extractor=extractor)
    plan_s = time.perf_counter() - started
    plan_ms = (cpu()[0] - plan_cpu0) * 1000 / max(batch.total, 1)
    print(f"plan (dry run): {plan_s:.1f} s, {batch.total / plan_s:.1f} docs/s, {plan_ms:.1f} ms CPU per page,"
          f" peak RSS {peak_mb():.0f} MB")  # fmt: skip

    column = Column.objects.for_org(org).proactive().first()
    for mapping in batch.column_mappings.all():
        services.set_column_mapping(
            batch=batch, actor=actor, source_column=mapping.source_column, column=column
        )
    database = settings.DATABASES["default"]["NAME"] if engine_name == "postgresql" else ""
    backends = BackendCPU(str(database))
    if database:
        backends.thread.start()
    db0 = backends.total() if database else 0.0
    load0 = os.getloadavg()[0]
    started = time.perf_counter()
    own0, children0 = cpu()
    batch = services.run_batch(batch=batch, actor=actor)
    run_s = time.perf_counter() - started
    own1, children1 = cpu()
    db1 = backends.total() if database else 0.0
    backends.stop.set()
    print(f"import: {run_s:.1f} s, {batch.total / run_s:.1f} docs/s, peak RSS {peak_mb():.0f} MB")
    own_ms = (own1 - own0) * 1000 / batch.total
    child_ms = (children1 - children0) * 1000 / batch.total
    db_ms = (db1 - db0) * 1000 / batch.total
    total_ms = own_ms + child_ms + db_ms
    print(
        f"import CPU per document: {own_ms:.1f} ms here + {child_ms:.1f} ms in attachment readers"
        f" + {db_ms:.1f} ms in PostgreSQL backends = {total_ms:.1f} ms"
        f" (two idle cores: at most {2000 / total_ms:.0f} documents/s)"
    )
    print(f"load average at the start / end of the import: {load0:.1f} / {os.getloadavg()[0]:.1f}"
          f" on {os.cpu_count()} cores")  # fmt: skip
    print(f"result: {batch.report.get('result')}")

    started = time.perf_counter()
    index_cpu0 = cpu()[0]
    indexed = 0
    while True:
        done = apply_outbox(wait=False)
        indexed += done
        if not done:
            break
    index_s = time.perf_counter() - started
    index_ms = (cpu()[0] - index_cpu0) * 1000 / max(batch.total, 1)
    print(f"index: {index_s:.1f} s ({indexed} outbox entries), {index_ms:.1f} ms CPU per document,"
          f" peak RSS {peak_mb():.0f} MB")  # fmt: skip
    total = plan_s + run_s + index_s
    print(f"plan + import + index: {total / 60:.1f} min, {batch.total / total:.1f} docs/s")
    print(f"| {args.n} | {args.attachment_every} | {plan_s:.0f} s | {run_s:.0f} s | {index_s:.0f} s | "
          f"{batch.total / total:.1f} docs/s | {peak_mb():.0f} MB |")  # fmt: skip


if __name__ == "__main__":
    main()
