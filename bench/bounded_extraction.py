"""Bounded document work (issue 17): refusal time of zip bombs, cost of the sandbox child and
the memory of the parent while the child meets hostile files.

Run: PYTHONPATH=. .venv/bin/python bench/bounded_extraction.py
"""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import sys
import time


def timed(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
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

    def refuse(data: bytes) -> None:
        with contextlib.suppress(bounded.UnsafeFile):
            bounded.check_archive(data)

    for label, data in (("100MB", b100), ("20MB", b20)):
        print(f"check_archive refusal, {label} bomb: {timed(lambda d=data: refuse(d), 50) * 1000:.2f} ms")
    small, pdf = docx_bytes(), pdf_bytes()
    print(f"small .docx in the child: {timed(lambda: bounded.extract_text('docx', small)) * 1000:.0f} ms")
    print(f"one-page .pdf through the child: {timed(lambda: bounded.extract_text('pdf', pdf)) * 1000:.0f} ms")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with override_settings(GONGKAI_EXTRACT_MAX_INFLATED_BYTES=10**12, GONGKAI_EXTRACT_MAX_RATIO=10**6):
        for label, data in (("100MB", b100), ("20MB", b20)):
            started = time.perf_counter()
            result = bounded.extract_text("docx", data)
            elapsed = time.perf_counter() - started
            print(f"{label} bomb past the check: {result.status} {result.reason} in {elapsed:.1f} s")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"parent peak RSS grew by {(after - before) / 1024:.1f} MB")


if __name__ == "__main__":
    main()
