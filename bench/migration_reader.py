"""Site migration, the page reader (issue 19): pages per second of extract_article and the cost of
learn_profile, on full-size pages built from a real saved template.

The real Pingtan page of the development set (tests/fixtures/migration/real) is grown to the size
of the saved original (~64,000 characters): its cut site header is replaced by a menu of 300 links
and its body by 90 Word-pasted paragraphs that differ per page. One process, one core.

Run: PYTHONPATH=. .venv/bin/python bench/migration_reader.py [PAGES]
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

PAGE = Path("tests/fixtures/migration/real/www.pingtan.gov.cn/zwgk/ghxx/gzjzqk/202303/t20230329_45634.htm")
PARAGRAPH = (
    '<p class="MsoNormal" style="text-indent:32.0000pt;mso-pagination:none;line-height:30.0000pt;">'
    "<span style=\"mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:16.0000pt;\">{n}. 第{n}项工作："
    "加强组织领导，明确责任分工，确保各项任务按时完成，区县政发〔2023〕{n}号文件要求落实到位。"
    "</span><span><o:p></o:p></span></p>"
)


def build(serial: int, template: str) -> str:
    menu = "".join(f'<li><a href="/col{i}/">栏目{i}</a></li>' for i in range(300))
    body = "".join(PARAGRAPH.format(n=serial * 100 + i) for i in range(90))
    body += '<p style="text-align:right">平潭综合实验区社会事业局</p>'
    body += '<p style="text-align:right">2023年3月29日</p>'
    page = template.replace("<!-- [excerpt: the site header", f"<ul class='menu'>{menu}</ul><!-- ")
    page = page.replace("根据党工委全面依法治区委员会", f"第{serial}号报告。根据党工委全面依法治区委员会")
    return page.replace("<!-- [excerpt: the rest of the body", body + "<!-- ")


def main() -> None:
    sys.path.insert(0, ".")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from gongkai.migration.extraction import extract_article, learn_profile

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    template = PAGE.read_text(encoding="utf-8")
    pages = [
        (f"https://www.pingtan.gov.cn/zwgk/x/202303/t20230329_{i}.htm", build(i, template))
        for i in range(count)
    ]
    size = sum(len(p) for _, p in pages) / len(pages)

    started = time.perf_counter()
    profile = learn_profile(pages[:50])
    learn = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), time.process_time()
    for url, html in pages:
        doc = extract_article(html, url, profile)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if not (doc.written_on and doc.issuer):
        raise SystemExit("the reader lost the signature")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages: {count}, mean size {size:,.0f} characters")
    print(f"learn_profile(50 pages): {learn:.2f} s")
    print(f"extract_article: {count / elapsed:.1f} pages/s wall ({1000 * elapsed / count:.1f} ms/page)")
    # CPU time is what a dedicated core would take; the shared machine's load inflates wall time.
    print(f"extract_article: {count / cpu:.1f} pages/s of CPU time ({1000 * cpu / count:.1f} ms/page)")
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
