from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.search.analysis import load_abbreviation_seed

    Abbreviation = apps.get_model("search", "Abbreviation")
    for short, full in load_abbreviation_seed():
        Abbreviation.objects.get_or_create(short=short, defaults={"full": full})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
