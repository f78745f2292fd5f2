from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_role_permissions(apps, schema_editor):
    # Model permissions are normally created after all migrations ran; the groups need them now.
    app_config = apps.get_app_config("methodology")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    from school_gov.roles import grant_app

    # This app's own grants (its AppConfig's role_permissions); the other apps' stay as they are.
    grant_app(apps, "methodology")


class Migration(migrations.Migration):
    dependencies = [
        ("methodology", "0003_observations_and_meetings"),
        ("school_gov", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
