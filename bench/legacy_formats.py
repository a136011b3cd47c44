"""Legacy attachment formats and the scanner's shapes (issue 19, ADR 0023).

Times the bounded text extraction of each real legacy sample (tests/fixtures/attachments/real)
and of archives built here (a .zip of the office samples, nesting to the depth limit, a bomb),
and counts the scanner's results on the real shapes set (tests/fixtures/scanner/real).

Run: PYTHONPATH=. .venv/bin/python bench/legacy_formats.py
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests/fixtures/attachments/real"


def timed(function, repeat: int = 5):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from gongkai.textproc import bounded
    from gongkai.textproc.cleanup import clean_scraped_text, find_spam
    from gongkai.textproc.scan import KIND_HIDDEN_LINK, KIND_SPAM, scan_for_report

    samples = [
        ("doc", "chinese-properties.doc"),
        ("wps", "chinese-properties.doc"),
        ("xls", "chinese-provinces.xls"),
        ("et", "chinese-provinces.xls"),
        ("ppt", "with-comments.ppt"),
        ("rar", "rar5-two-texts.rar"),
        ("7z", "py7zr-test1.7z"),
    ]
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print("| file | kind | bytes | median s (5 runs) | status | chars |")
    print("|---|---|---|---|---|---|")
    for kind, name in samples:
        data = (REAL / name).read_bytes()
        seconds, extraction = timed(lambda d=data, k=kind: bounded.extract_text(k, d))
        chars = len(extraction.text)
        print(f"| {name} | {kind} | {len(data)} | {seconds:.2f} | {extraction.status} | {chars} |")
    office_names = ("chinese-properties.doc", "chinese-provinces.xls")
    office = make_zip({n: (REAL / n).read_bytes() for n in office_names})
    level3 = make_zip({"二.zip": make_zip({"三.zip": make_zip({"说明.txt": "说明".encode()})})})
    bomb = make_zip({"名单.txt": b"0" * (30 * 1024 * 1024)})
    archives = (("zip of .doc + .xls", office), ("zip nested 3 levels", level3), ("30 MB zip bomb", bomb))
    for label, data in archives:
        seconds, extraction = timed(lambda d=data: bounded.extract_text("zip", d))
        refused = f" (refused: {extraction.reason})" if extraction.unsafe else ""
        chars = len(extraction.text)
        print(f"| {label} | zip | {len(data)} | {seconds:.2f} | {extraction.status}{refused} | {chars} |")

    mixed = [(kind, (REAL / name).read_bytes()) for kind, name in samples] * 3  # 21 files
    started = time.perf_counter()
    for kind, data in mixed:
        bounded.extract_text(kind, data)
    one_each = time.perf_counter() - started
    started = time.perf_counter()
    bounded.extract_texts(mixed)
    batched = time.perf_counter() - started
    print(
        f"{len(mixed)} legacy files: one child each {one_each:.2f} s ({len(mixed) / one_each:.1f} files/s); "
        f"one batch (extract_texts) {batched:.2f} s ({len(mixed) / batched:.1f} files/s)"
    )

    shapes = json.loads((ROOT / "tests/fixtures/scanner/real/examples.json").read_text("utf-8"))
    flagged_spam = 0
    for example in shapes["spam"]:
        findings = scan_for_report("", example["text"], {}, body_html=example.get("html", ""))
        spam = {f.detail for f in findings if f.kind == KIND_SPAM}
        hidden = [f.detail for f in findings if f.kind == KIND_HIDDEN_LINK]
        ok = all(t in spam for t in example["expect"])
        if "expect_hidden_link" in example:
            ok = ok and any(example["expect_hidden_link"] in h for h in hidden)
        flagged_spam += ok
    codes = shapes["codes"]
    flagged_codes = sum(any(t in c["code"] or c["code"] in t for t in find_spam(c["text"])) for c in codes)
    deleted_codes = sum(c["code"] not in clean_scraped_text(c["text"]).text for c in codes)
    print(
        f"spam flagged {flagged_spam}/{len(shapes['spam'])}; codes flagged {flagged_codes}/{len(codes)}, "
        f"deleted {deleted_codes}/{len(codes)}"
    )


if __name__ == "__main__":
    main()
