"""Time reading a PDF annual report by glyph position: the text layer (pypdf), the words with their
boxes (pypdfium2) and the column placement (gongkai.reports.pdflayout), in-process, one core.

    .venv/bin/python bench/annual_report_pdf.py \
        tests/fixtures/annual_reports/real/shanghai-office-2019-print.pdf
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gongkai.reports import pdflayout
from gongkai.textproc import extract


def timed(function, rounds=10):
    start = time.perf_counter()
    for _ in range(rounds):
        result = function()
    return result, (time.perf_counter() - start) / rounds * 1000


def main(path: str) -> None:
    data = Path(path).read_bytes()
    _, text_ms = timed(lambda: extract.extract_text("pdf", data))
    words, words_ms = timed(lambda: extract.pdf_words(data))
    (_, placed), layout_ms = timed(lambda: pdflayout.text_by_position(words))
    count = sum(len(p["words"]) for p in words)
    print(f"{path}: {len(words)} pages, {count} words, {placed} rows placed by position")
    print(f"text layer {text_ms:.1f} ms | words with boxes {words_ms:.1f} ms | placement {layout_ms:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
