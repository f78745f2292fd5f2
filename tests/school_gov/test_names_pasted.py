"""A name pasted from a document (issue 15, bad input): spaces around it or doubled inside, zero-width
characters, direction marks and soft hyphens are dropped; a "name" made of nothing but those is refused
with a translated message, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from school_gov.models import Staff
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_invisible_characters_and_extra_spaces_are_dropped(school):
    staff = StaffFactory.build(
        school=school,
        surname="  Асанов\u200e ",
        name="Бак\u200bыт\u00ad",
        patronymic="Кубанычбекович  уулу\ufeff",
    )
    staff.full_clean()
    assert (staff.surname, staff.name, staff.patronymic) == ("Асанов", "Бакыт", "Кубанычбекович уулу")


@pytest.mark.parametrize("field", ["surname", "name"])
def test_a_name_of_invisible_characters_only_is_refused(school, field):
    staff = StaffFactory.build(school=school, **{field: "\u200b\u200d \u2060"})
    with pytest.raises(ValidationError) as refused:
        staff.full_clean()
    with translation.override("en"):
        assert "spaces or invisible characters alone are not a name" in str(refused.value.message_dict[field])
    with translation.override("ky"):
        assert "көрүнбөгөн белгилер" in str(refused.value.message_dict[field])  # said in Kyrgyz
    assert not Staff.objects.filter(school=school).exists()
