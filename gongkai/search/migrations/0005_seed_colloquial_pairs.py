from django.db import migrations


def seed(apps, schema_editor):
    """Rows added to data/abbreviations.txt since the last seeding (口语说法 ↔ 公文用语, issue 18);
    a pair already in the table, edited or deactivated by the 政务公开办, is left as it is."""
    from gongkai.search.analysis import load_abbreviation_entries

    Abbreviation = apps.get_model("search", "Abbreviation")
    for short, full, source in load_abbreviation_entries():
        Abbreviation.objects.get_or_create(short=short, full=full, defaults={"source": source})


class Migration(migrations.Migration):
    dependencies = [("search", "0004_seed_abbreviations_with_sources")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
