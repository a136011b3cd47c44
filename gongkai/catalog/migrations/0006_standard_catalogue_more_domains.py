from django.db import migrations


def reload_baseline(apps, schema_editor):
    """Installations migrated before the baseline grew from 7 to 12 domains (ADR 0053) get the new
    rows; the loader is idempotent, so a fresh database (already loaded by 0004) is unchanged."""
    from gongkai.catalog import baseline

    baseline.load(apps.get_model("catalog", "StandardCatalogItem"))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_merge_0004_standard_catalogue_0004_topic_columns"),
    ]

    operations = [
        migrations.RunPython(reload_baseline, migrations.RunPython.noop),
    ]
