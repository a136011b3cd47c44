from django.db import migrations


def seed(apps, schema_editor):
    """Rows added to data/abbreviations.txt after 0006 ran (养狗 ↔ 养犬, 上访 ↔ 信访, 三包 ↔ 修理更换退货,
    人大常委会 ↔ 人民代表大会常务委员会 …, issue 18, third pass): an installation migrated before they
    were written gets them too; a pair already in the table, edited or deactivated by the
    政务公开办, is left as it is."""
    from gongkai.search.analysis import load_abbreviation_entries

    Abbreviation = apps.get_model("search", "Abbreviation")
    for short, full, source in load_abbreviation_entries():
        Abbreviation.objects.get_or_create(short=short, full=full, defaults={"source": source})


class Migration(migrations.Migration):
    dependencies = [("search", "0006_seed_pairs_added_after_0005")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
