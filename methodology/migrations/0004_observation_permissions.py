from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_role_permissions(apps, schema_editor):
    app_config = apps.get_app_config("methodology")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    from school_gov.roles import sync_groups

    sync_groups(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("methodology", "0003_observations_and_meetings"),
        ("parliament", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
