from django.db import migrations


def load(apps, schema_editor):
    from gongkai.inspection.wordlist import load_builtin

    load_builtin(apps.get_model("inspection", "WordRule"))


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
