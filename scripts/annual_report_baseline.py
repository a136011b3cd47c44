"""The importer as it was before issue 11 (commit 19a388c), measured on the same annotated corpus
as `gongkai annual-report evaluate`, for docs/benchmarks.md. Run from the repository root:
`.venv/bin/python scripts/annual_report_baseline.py tests/fixtures/annual_reports/real`."""

import json
import os
import subprocess
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django

django.setup()
from gongkai.reports import evaluation, reader  # noqa: E402

old = types.ModuleType("old_imports")
sys.modules["old_imports"] = old
exec(subprocess.check_output(["git", "show", "19a388c:gongkai/reports/imports.py"]).decode(), old.__dict__)
totals = dict.fromkeys(("cells", "exact", "wrong"), 0)
full = count = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.suffix not in evaluation.SHAPES or not path.with_suffix(".json").exists():
        continue
    meta = json.loads(path.with_suffix(".json").read_text())
    count += 1
    got = {}
    if path.suffix in (".txt", ".html"):  # the old importer took pasted text or HTML only
        data, _ = old.read_past_report(path.read_text(), meta["year"])
        for section in (reader.S3, reader.S4):
            for row, columns in data[section].items():
                for column, value in columns.items():
                    got[(section, row, column)] = value
    expected = evaluation.expected_cells(meta["expected"], meta["format"])
    exact = 0
    for key, want in expected.items():
        totals["cells"] += 1
        if key in got:
            ok = evaluation._same(got[key], want)
            exact += ok
            totals["exact" if ok else "wrong"] += 1
    full += exact == len(expected)
print(
    json.dumps(
        {
            **totals,
            "reports": count,
            "cell_accuracy_pct": round(100 * totals["exact"] / totals["cells"], 2),
            "reports_fully_exact": full,
        }
    )
)
