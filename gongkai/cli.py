"""The `gongkai` console command: a thin wrapper over Django's management commands.

gongkai migrate | gongkai seed_demo | gongkai runserver | gongkai <any management command>
(e.g. `gongkai workplan evaluate tests/fixtures/workplans/real --json`)
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    argv = [*sys.argv[:1], *[a.replace("-", "_") if i == 0 else a for i, a in enumerate(sys.argv[1:])]]
    execute_from_command_line(["gongkai", *argv[1:]] if len(argv) > 1 else ["gongkai", "help"])


if __name__ == "__main__":
    main()
