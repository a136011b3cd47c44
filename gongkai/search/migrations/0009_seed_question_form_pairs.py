from django.db import migrations


def seed(apps, schema_editor):
    """Rows added to data/abbreviations.txt after 0008 ran: the colloquial words of residents'
    questions and the terms of the regulations that answer them (天然气 ↔ 燃气, 砍树 ↔ 砍伐树木,
    充值卡 ↔ 预付卡, 去世 ↔ 死亡 …; issue 18, ADR 0065); a pair already in the table, edited or
    deactivated by the 政务公开办, is left as it is."""
    from gongkai.search.analysis import load_abbreviation_entries

    Abbreviation = apps.get_model("search", "Abbreviation")
    for short, full, source in load_abbreviation_entries():
        Abbreviation.objects.get_or_create(short=short, full=full, defaults={"source": source})


class Migration(migrations.Migration):
    dependencies = [("search", "0008_seed_pairs_of_the_fourth_pass")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
