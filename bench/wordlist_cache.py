"""Pre-publication checks per record with the word list compiled per check (before) and cached per
list version (after, ADR 0032); and the tamper check (seal, verify) per published record.

Creates a throwaway test database (the test settings' engine: SQLite in memory unless
DATABASE_URL names PostgreSQL), one organ and N records with a 1,800-character body of official
phrasing, then times ``inspection.services.check_record`` — what `gongkai check` and the workflow
run for a record — over the N records in both modes, and ``integrity.seal`` / ``verify_published``.

Run: PYTHONPATH=. .venv/bin/python bench/wordlist_cache.py [N]
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    sys.path.insert(0, ".")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)

    from django.utils import timezone

    from gongkai.disclosure import integrity
    from gongkai.disclosure.models import Record, Status
    from gongkai.disclosure.tests.factories import RecordFactory
    from gongkai.inspection import selectors
    from gongkai.inspection.services import check_record
    from gongkai.orgs.tests.factories import OrganizationFactory

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    paragraph = (
        "为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步做好政务公开工作，"
        "根据《中华人民共和国政府信息公开条例》，结合本地实际，现将有关事项通知如下。"
        "各乡镇人民政府、县政府各部门要高度重视，明确责任分工，截至2026年6月底前完成自查，"
        "对发现的问题及时整改，联系电话0571-87000000。"
    )
    org = OrganizationFactory(doc_number_codes="某政发\n某政办发")
    now = timezone.now()
    records = [
        RecordFactory(
            organization=org,
            title=f"关于做好第{i}批政务公开工作的通知",
            body=f"<p>{paragraph * 12}</p>",
            doc_number=f"某政办发〔2026〕{i + 1}号",
            status=Status.PUBLISHED,
            published_at=now,
            index_year=now.year,
            index_serial=i + 1,
            index_number=f"bench-{i + 1}",
        )
        for i in range(count)
    ]
    print(f"records={count} word-list entries={len(selectors.word_list(org))}")

    def timed(label, per_record):
        started = time.perf_counter()
        findings = 0
        for record in records:
            findings += per_record(record)
        elapsed = time.perf_counter() - started
        print(f"{label}: findings={findings} seconds={elapsed:.2f} records/s={count / elapsed:.0f}")

    def compile_each_time(record):
        selectors.forget_compiled_lists()
        return len(check_record(record))

    timed("check, list compiled per check (before)", compile_each_time)
    selectors.forget_compiled_lists()
    timed("check, list cached per version (after)", lambda record: len(check_record(record)))

    started = time.perf_counter()
    sealed = integrity.seal_unsealed(org)
    print(f"seal: records={sealed} seconds={time.perf_counter() - started:.2f}")
    started = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.runctx("integrity.verify_published(org)", globals(), locals(), sort="cumulative")
    differences = integrity.verify_published(org)
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    print(f"verify-published: differences={len(differences)} seconds={elapsed:.2f} records/s={rate:.0f}")
    assert Record.objects.count() == count


if __name__ == "__main__":
    main()
