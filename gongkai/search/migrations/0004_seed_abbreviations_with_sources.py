from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.search.analysis import load_abbreviation_entries

    Abbreviation = apps.get_model("search", "Abbreviation")
    for short, full, source in load_abbreviation_entries():
        row, created = Abbreviation.objects.get_or_create(short=short, full=full, defaults={"source": source})
        if not created and not row.source:
            row.source = source
            row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_abbreviation_pairs_with_source")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
