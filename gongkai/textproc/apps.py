from django.apps import AppConfig


class TextprocConfig(AppConfig):
    name = "gongkai.textproc"
    label = "textproc"
