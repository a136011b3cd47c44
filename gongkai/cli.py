"""The `gongkai` console command: a thin wrapper over Django's management commands.

gongkai migrate | gongkai seed_demo | gongkai runserver | gongkai <any management command>
(e.g. `gongkai workplan evaluate tests/fixtures/workplans/real --json`)

Operations (ADR 0014):
    gongkai audit verify [--json]     check the audit log's hash chain and anchors (exit 1 on tampering)
    gongkai audit anchor              daily: the chain's head to the anchor file and operators' log
    gongkai audit setup-roles|grant   PostgreSQL: owner role for migrations, app role without rights
                                      to rewrite the log
    gongkai backup [FILE.tar]         database, uploaded files, keys, index position in one archive
    gongkai restore FILE.tar [--force]  into an empty installation (refuses a corrupt archive)
    gongkai check FILE [--org ORGAN] [--json]  pre-publication checks on a text, .docx or PDF
    gongkai inspect [--org ORGAN] [--json]     self-inspection against 国办秘函〔2019〕19号 (nightly)
    gongkai verify-published [--org ORGAN] [--json]  published pages and files against the hashes
                                      sealed in the audit chain at publication (exit 1 on a difference)
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    argv = [*sys.argv[:1], *[a.replace("-", "_") if i == 0 else a for i, a in enumerate(sys.argv[1:])]]
    # `gongkai check FILE` is the pre-publication check of a document (issue 13); Django's own
    # system check stays `gongkai check` without a file (and `manage.py check`).
    if len(argv) > 2 and argv[1] == "check" and any(os.path.isfile(a) for a in argv[2:]):
        argv[1] = "check_document"
    execute_from_command_line(["gongkai", *argv[1:]] if len(argv) > 1 else ["gongkai", "help"])


if __name__ == "__main__":
    main()
