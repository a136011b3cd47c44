# The app's first migration is empty: the consultation (意见征集) and question (政策咨询) halves
# each add their own migration on top of it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
