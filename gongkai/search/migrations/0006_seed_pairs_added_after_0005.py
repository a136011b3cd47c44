from django.db import migrations


def seed(apps, schema_editor):
    """Rows added to data/abbreviations.txt after 0005 ran (罚多少 ↔ 罚款, 参军 ↔ 征兵, 年检 ↔ 年度报告,
    issue 18): an installation migrated before they were written gets them too; a pair already in
    the table, edited or deactivated by the 政务公开办, is left as it is."""
    from gongkai.search.analysis import load_abbreviation_entries

    Abbreviation = apps.get_model("search", "Abbreviation")
    for short, full, source in load_abbreviation_entries():
        Abbreviation.objects.get_or_create(short=short, full=full, defaults={"source": source})


class Migration(migrations.Migration):
    dependencies = [("search", "0005_seed_colloquial_pairs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
