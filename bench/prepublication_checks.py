"""Pre-publication checks (issue 13): the engine over N records' texts with the shipped word list.

Each synthetic record is a title and a body of about 1,800 characters built from real official
phrasing, with an injected token, a typo and an outdated name in every 50th record. No database:
the word list is compiled from data/wordlist.tsv, as the services compile it from the table.

Run: PYTHONPATH=. .venv/bin/python bench/prepublication_checks.py [N]
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
    from gongkai.inspection import engine
    from gongkai.inspection.rules import compile_rules
    from gongkai.inspection.wordlist import read_entries

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    entries, errors = read_entries()
    words = compile_rules(entries)
    paragraph = (
        "为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步做好政务公开工作，"
        "根据《中华人民共和国政府信息公开条例》，结合本地实际，现将有关事项通知如下。"
        "各乡镇人民政府、县政府各部门要高度重视，明确责任分工，截至2026年6月底前完成自查，"
        "对发现的问题及时整改，联系电话0571-87000000。"
    )
    body = paragraph * 12
    dirty = body + "btbt365me按步就班，原国土资源局职责已划入。"
    started = time.perf_counter()
    total = 0
    for i in range(count):
        text = dirty if i % 50 == 0 else body
        document = engine.Document(
            texts=[("信息名称", f"关于做好第{i}批政务公开工作的通知"), ("正文", text)],
            facts=engine.Facts(doc_number=f"某政办发〔2026〕{i}号", genre="notice", topic="general"),
        )
        total += len(engine.check_document(document, words))
    elapsed = time.perf_counter() - started
    print(f"entries={len(words)} malformed={len(errors)} records={count} chars/record={len(body)}")
    print(f"findings={total} seconds={elapsed:.1f} records/s={count / elapsed:.0f}")


if __name__ == "__main__":
    main()
