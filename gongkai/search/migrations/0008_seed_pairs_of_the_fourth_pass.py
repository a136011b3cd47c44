from django.db import migrations


def seed(apps, schema_editor):
    """Rows added to data/abbreviations.txt after 0007 ran (狗证 ↔ 养犬登记证, 供暖 ↔ 供热, 限号 ↔ 限行,
    业委会 ↔ 业主委员会, 退休金 ↔ 基本养老金, 上户口 ↔ 户籍登记 …, issue 18, fourth pass); a pair already in
    the table, edited or deactivated by the 政务公开办, is left as it is."""
    from gongkai.search.analysis import load_abbreviation_entries

    Abbreviation = apps.get_model("search", "Abbreviation")
    for short, full, source in load_abbreviation_entries():
        Abbreviation.objects.get_or_create(short=short, full=full, defaults={"source": source})


class Migration(migrations.Migration):
    dependencies = [("search", "0007_seed_pairs_of_the_third_pass")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
