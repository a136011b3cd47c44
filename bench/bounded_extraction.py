"""Bounded document work (issue 17): refusal time of zip bombs, cost of the sandbox child and
the memory of the parent while the child meets hostile files.

Run: PYTHONPATH=. .venv/bin/python bench/bounded_extraction.py
"""

import os
import resource
import statistics
import sys
import time

sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django

django.setup()
from django.test import override_settings

from gongkai.disclosure.tests.factories import docx_bytes, pdf_bytes
from gongkai.textproc import bounded
from gongkai.textproc.tests.hostile import bomb_docx

b100, b20 = bomb_docx(100), bomb_docx(20)
print(f"bomb sizes: 100MB-XML docx {len(b100)} bytes, 20MB-XML docx {len(b20)} bytes")


def timed(f, n=5):
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def refuse(d):
    try:
        bounded.check_archive(d)
    except bounded.UnsafeFile:
        pass


print(f"check_archive refusal, 100MB bomb: {timed(lambda: refuse(b100), 50) * 1000:.2f} ms median")
print(f"check_archive refusal, 20MB bomb: {timed(lambda: refuse(b20), 50) * 1000:.2f} ms median")
small = docx_bytes()
print(
    f"bounded extract of a small .docx (child start + parse): {timed(lambda: bounded.extract_text('docx', small)) * 1000:.0f} ms median"
)
print(
    f"bounded extract of a one-page .pdf: {timed(lambda: bounded.extract_text('pdf', pdf_bytes())) * 1000:.0f} ms median"
)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with override_settings(GONGKAI_EXTRACT_MAX_INFLATED_BYTES=10**12, GONGKAI_EXTRACT_MAX_RATIO=10**6):
    t = time.perf_counter()
    e = bounded.extract_text("docx", b100)
    dt = time.perf_counter() - t
    print(
        f"100MB bomb past the directory check, child under 768 MB RLIMIT_AS: {e.status} ({e.reason}) in {dt:.1f} s"
    )
    t = time.perf_counter()
    e = bounded.extract_text("docx", b20)
    dt = time.perf_counter() - t
    print(f"20MB-XML docx past the directory check: {e.status} in {dt:.1f} s")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"parent peak RSS grew by {(after - before) / 1024:.1f} MB")
