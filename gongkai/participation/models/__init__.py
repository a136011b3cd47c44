"""政民互动: 意见征集 (consultations.py) and 政策咨询 / 问答库 (questions.py).

Each half keeps its models in its own module; this package re-exports them so Django finds them.
"""

from gongkai.participation.models.consultations import *  # noqa: F403
