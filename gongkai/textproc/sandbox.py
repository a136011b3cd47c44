"""The child process that parses untrusted files: ``python -m gongkai.textproc.sandbox TASK ...``.

It limits its own address space and CPU time before importing any parser, reads the file on
stdin and writes one JSON object on stdout. It imports no Django and touches no database, so a
file that explodes in memory or loops kills only this process (see ``bounded.py``).
"""

from __future__ import annotations

import json
import resource
import sys

EXIT_TOO_LARGE = 3
EXIT_MEMORY = 4
EXIT_DAMAGED = 5
EXIT_UNSAFE = 6  # an archive over a limit (bomb, nesting): refused, not merely unreadable


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    # A crash must not leave a core file the size of the memory limit.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(task: str, data: bytes, max_pages: int):
    from gongkai.textproc import extract

    if task.startswith("text:"):
        result = {"text": extract.extract_text(task[5:], data, max_pages)}
        if task == "text:pdf":  # one child per upload: the structure scan comes with the text
            result["active"] = extract.pdf_active_content(data)
        return result
    if task == "table_text:docx":
        return {"text": extract.docx_text_with_tables(data)}
    if task == "docx_tables":
        return {"tables": extract.docx_tables(data)}
    if task == "xlsx_rows":
        return {"rows": extract.xlsx_rows(data, first_sheet_only=True)}
    if task == "pdf_active":
        return {"active": extract.pdf_active_content(data)}
    if task == "batch_text":
        return {"results": _batch_text(data, max_pages)}
    raise SystemExit(f"unknown task {task}")


def _batch_text(data: bytes, max_pages: int) -> list[dict]:
    """Several files in one child (a site migration): stdin is one JSON line of [extension, size]
    pairs, then the files' bytes. A file's ordinary failure is its own result; running out of
    memory or CPU ends the whole batch, and the parent then reads the files one child each."""
    from gongkai.textproc import archives, extract

    header, _, rest = data.partition(b"\n")
    results, offset = [], 0
    for extension, size in json.loads(header):
        chunk, offset = rest[offset : offset + size], offset + size
        try:
            result = {"text": extract.extract_text(extension, chunk, max_pages)}
            if extension == "pdf":
                result["active"] = extract.pdf_active_content(chunk)
        except extract.TooLarge as exc:
            result = {"error": str(exc)}
        except archives.UnsafeArchive as exc:
            result = {"error": str(exc), "unsafe": True}
        except archives.Unreadable as exc:
            result = {"error": str(exc)}
        except MemoryError:
            raise
        except Exception as exc:  # a damaged file: unreadable, the next one is still read
            result = {"error": "文件已损坏或格式无法识别", "detail": type(exc).__name__}
        results.append(result)
    return results


def main(argv: list[str]) -> int:
    task, memory, cpu, max_pages = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    _limit(memory, cpu)
    data = sys.stdin.buffer.read()
    from gongkai.textproc import archives, extract
    from gongkai.textproc.extract import TooLarge

    if len(argv) > 4:
        extract.ARCHIVE_LIMITS = archives.Limits.from_dict(json.loads(argv[4]))
    try:
        result = run(task, data, max_pages)
    except TooLarge as exc:
        sys.stdout.write(json.dumps({"error": str(exc)}, ensure_ascii=False))
        return EXIT_TOO_LARGE
    except archives.UnsafeArchive as exc:
        sys.stdout.write(json.dumps({"error": str(exc)}, ensure_ascii=False))
        return EXIT_UNSAFE
    except archives.Unreadable as exc:
        sys.stdout.write(json.dumps({"error": type(exc).__name__, "reason": str(exc)}, ensure_ascii=False))
        return EXIT_DAMAGED
    except MemoryError:
        return EXIT_MEMORY
    except Exception as exc:  # a damaged file: the parent reports it as unreadable
        # lxml reports an exhausted RLIMIT_AS as an "unknown" syntax error: judge by the peak size.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        if "memory" in str(exc).lower() or peak > memory // 2:
            return EXIT_MEMORY
        sys.stdout.write(json.dumps({"error": type(exc).__name__}))
        return EXIT_DAMAGED
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
