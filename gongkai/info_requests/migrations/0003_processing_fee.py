from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    """信息处理费: the glossary's identifier (was FeeNotice)."""

    dependencies = [
        ("info_requests", "0002_reviews_and_archive"),
    ]

    operations = [
        migrations.RenameModel(old_name="FeeNotice", new_name="ProcessingFee"),
        migrations.AlterField(
            model_name="processingfee",
            name="request",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="processing_fee",
                to="info_requests.inforequest",
            ),
        ),
    ]
