"""Settings for `make run` on a developer's or evaluator's machine."""

from config.settings.base import *  # noqa: F403
