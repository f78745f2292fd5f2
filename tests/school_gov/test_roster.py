"""The school's people in and out of a spreadsheet (issue "People in"): the file's encodings and shapes,
the ПИН, the comparison with the records, the all-or-nothing import with its one audit line, the export
that imports back unchanged, and the admin's preview before anything is saved."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from school_gov import roster
from school_gov.actions.people import import_people
from school_gov.models import AuditEvent, School, Staff, Student
from school_gov.refusals import Refused
from tests.factories import StaffFactory, StudentFactory
from tests.steps import act


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English (the pages speak Kyrgyz first; the catalogues are tested)."""
    with translation.override("en"):
        yield


STUDENT_HEADER = "Фамилиясы;Аты;Атасынын аты;Туулган күнү;ПИН;Классы;Класстын тамгасы"
STAFF_HEADER = "Фамилия,Имя,Отчество,Образование,Начало работы в образовании,Категория"


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def _students(n: int) -> bytes:
    return _csv(STUDENT_HEADER, *(f"Асанов{i};Бакыт;;01.09.2012;;7;А" for i in range(n)))


# The ПИН (14 digits: 1 or 2, then the birth date DDMMYYYY, then five more)


def test_a_valid_pin_agrees_with_the_birth_date():
    assert roster.check_pin("21509201200011", datetime.date(2012, 9, 15)) == "21509201200011"
    assert roster.check_pin(" 1 0101 2010 12345 ", None) == "10101201012345"


@pytest.mark.parametrize(
    ("pin", "birth", "message"),
    [
        ("2150920120001", None, "14 digits"),
        ("31509201200011", None, "starts with 1 or 2"),
        ("23102201200011", None, "not a real date"),
        ("21509201200011", datetime.date(2012, 9, 16), "born on 15.09.2012"),
    ],
)
def test_a_wrong_pin_is_refused_with_the_reason(pin, birth, message):
    with pytest.raises(roster.CellError, match=message):
        roster.check_pin(pin, birth)


# Reading the file


def test_utf8_with_and_without_bom_and_windows_1251_read_alike():
    text = "Фамилиясы;Аты\nӨмүрбеков;Нурлан\n"
    plain = roster.read_table(text.encode("utf-8"), "a.csv")
    assert roster.read_table(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.csv") == plain
    russian = "Фамилия;Имя\nИванов;Сергей\n"
    assert roster.read_table(russian.encode("cp1251"), "a.csv") == [["Фамилия", "Имя"], ["Иванов", "Сергей"]]
    assert plain == [["Фамилиясы", "Аты"], ["Өмүрбеков", "Нурлан"]]


def test_a_comma_a_semicolon_or_a_tab_separates_the_columns():
    for delimiter in (",", ";", "\t"):
        rows = roster.read_table(
            _csv(delimiter.join(["Фамилия", "Имя"]), delimiter.join(["А", "Б"])), "a.csv"
        )
        assert rows == [["Фамилия", "Имя"], ["А", "Б"]]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        ("Фамилия;Имя\n".encode("utf-16"), "a.csv", "encoding"),
        (b"", "a.csv", "empty"),
        (b"\n\n ;\n", "a.csv", "empty"),
        (b"a,b\n", "people.pdf", "CSV or XLSX"),
        (b"x" * (roster.MAX_BYTES + 1), "a.csv", "10 MB"),
        (b"not a workbook", "a.xlsx", "cannot be opened"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(data, name, message):
    with pytest.raises(roster.TableError, match=message):
        roster.read_table(data, name)


def test_more_than_five_thousand_rows_are_refused():
    with pytest.raises(roster.TableError, match="5001 rows"):
        roster.read_table(_students(roster.MAX_ROWS + 1), "a.csv")


def _xlsx(*sheets: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for rows in sheets:
        sheet = book.create_sheet()
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_reads_its_dates_and_numbers_as_written():
    rows = roster.read_table(
        _xlsx([["Фамилия", "Дата рождения", "Класс"], ["Иванов", datetime.date(2012, 9, 1), 7]]), "a.xlsx"
    )
    assert rows == [["Фамилия", "Дата рождения", "Класс"], ["Иванов", "2012-09-01", "7"]]


def test_a_workbook_with_a_formula_or_several_sheets_is_refused():
    with pytest.raises(roster.TableError, match="Line 2 holds a formula"):
        roster.read_table(_xlsx([["Фамилия"], ['=HYPERLINK("http://x")']]), "a.xlsx")
    with pytest.raises(roster.TableError, match="several sheets"):
        roster.read_table(_xlsx([["Фамилия"]], [["Имя"]]), "a.xlsx")


# Headers and cells


def test_headers_match_in_kyrgyz_russian_or_english_whatever_the_case_and_spaces():
    columns, problems = roster.match_headers(["  ФАМИЛИЯСЫ ", "имя", "Class   letter", "Grade"], "students")
    assert problems == []
    assert [c.key for c in columns.values()] == ["surname", "name", "class_letter", "grade"]


def test_unknown_and_missing_columns_are_named_with_the_expected_ones():
    _columns, problems = roster.match_headers(["Фамилия", "Имя", "Любимый цвет"], "students")
    assert "Unknown columns: Любимый цвет" in problems[0]
    assert "Missing columns: Классы, Класстын тамгасы" in problems[1]
    assert "Фамилиясы, Аты" in problems[1]


def test_names_are_trimmed_and_an_invisible_character_is_refused():
    assert roster.clean_name("  Асан   уулу ") == "Асан уулу"
    with pytest.raises(roster.CellError, match="invisible"):
        roster.clean_name("Аса\u200bнов")


# Comparing and importing


def test_a_new_file_adds_everyone_and_the_same_file_again_changes_nothing(school, director):
    data = _csv(
        STUDENT_HEADER,
        "Асанов;Бакыт;Кубанычбекович;15.09.2012;21509201200011;7;а",
        "Токтогулова;Айпери;;01.02.2013;;6;Б",
    )
    comparison = import_people(school, by=act(director), kind="students", data=data, filename="7-класс.csv")
    assert comparison.counts() == {"new": 2, "changed": 0, "unchanged": 0, "problems": 0}
    student = Student.objects.get(surname="Асанов")
    assert (student.pin, student.birth_date, student.grade, student.class_letter) == (
        "21509201200011",
        datetime.date(2012, 9, 15),
        7,
        "А",
    )
    event = AuditEvent.objects.get(action="school_gov.student.imported")
    assert event.data == {"file": "7-класс.csv", "added": 2, "changed": 0, "unchanged": 0}
    again = roster.compare(roster.read_table(data, "7-класс.csv"), "students", school)
    assert again.changes_nothing and len(again.unchanged) == 2


def test_a_changed_row_says_what_changes_from_what_to_what(school):
    StudentFactory(
        school=school,
        surname="Асанов",
        name="Бакыт",
        patronymic="",
        birth_date=datetime.date(2012, 9, 1),
        grade=6,
        class_letter="А",
    )
    data = _csv(STUDENT_HEADER, "Асанов;Бакыт;;01.09.2012;;7;А")
    comparison = roster.compare(roster.read_table(data, "a.csv"), "students", school)
    assert [(c.line, c.fields) for c in comparison.changed] == [(2, [("grade", 6, 7)])]


def test_the_pin_finds_a_person_whose_name_was_corrected(school):
    StudentFactory(
        school=school, surname="Асанов", name="Бакыт", pin="21509201200011", grade=7, class_letter="А"
    )
    data = _csv(STUDENT_HEADER, "Асанов;Бакытбек;;15.09.2012;21509201200011;7;А")
    comparison = roster.compare(roster.read_table(data, "a.csv"), "students", school)
    assert comparison.new == []
    assert ("name", "Бакыт", "Бакытбек") in comparison.changed[0].fields


def test_one_bad_row_saves_nothing_and_names_the_line_and_the_column(school, director):
    data = _csv(
        STUDENT_HEADER,
        "Асанов;Бакыт;;01.09.2012;;7;А",
        "Бекова;Айгүл;;01.09.2012;;15;А",
        "Асанов;Бакыт;;01.09.2012;;7;А",
    )
    with pytest.raises(Refused) as refusal:
        import_people(school, by=act(director), kind="students", data=data, filename="a.csv")
    assert "line 3, column «Классы»: The school's grades run from 1 to 11." in refusal.value.message
    assert "line 4, column «Фамилиясы»: The same person is on line 2 already." in refusal.value.message
    assert not Student.objects.filter(school=school, surname__in=["Асанов", "Бекова"]).exists()
    assert not AuditEvent.objects.filter(action="school_gov.student.imported").exists()


def test_the_same_pin_twice_in_one_file_is_refused(school):
    data = _csv(STUDENT_HEADER, "А;Б;;;21509201200011;7;А", "В;Г;;;21509201200011;7;Б")
    comparison = roster.compare(roster.read_table(data, "a.csv"), "students", school)
    assert [str(p) for p in comparison.problems] == [
        "line 3, column «ПИН»: The same person is on line 2 already."
    ]


def test_staff_are_imported_with_their_education_and_category_in_russian_words(school, director):
    data = _csv(STAFF_HEADER, "Иванова,Мария,Петровна,высшее профессиональное,01.09.2005,первая")
    import_people(school, by=act(director), kind="staff", data=data, filename="staff.csv")
    staff = Staff.objects.get(surname="Иванова")
    assert (staff.education_level, staff.education_started_on, staff.qualification_category) == (
        "higher_professional",
        datetime.date(2005, 9, 1),
        "first",
    )


def test_the_export_imports_back_unchanged_and_neutralises_formulas(school):
    StaffFactory(school=school, surname="=cmd|' /C calc'!A0", name="Бакыт", subjects="+Математика")
    StaffFactory(
        school=school,
        surname="Асанова",
        name="Гүлнара",
        birth_date=datetime.date(1980, 3, 8),
        pin="20803198000012",
    )
    rows = roster.rows_for_export("staff", school)
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'+Математика" in cells
    for write, name in ((roster.write_csv, "a.csv"), (roster.write_xlsx, "a.xlsx")):
        comparison = roster.compare(roster.read_table(write(rows), name), "staff", school)
        assert comparison.changes_nothing, (name, comparison.problems, [c.fields for c in comparison.changed])


def test_only_those_who_keep_the_records_import(school, teacher):
    with pytest.raises(Refused) as refusal:
        import_people(school, by=act(teacher), kind="students", data=_students(1), filename="a.csv")
    assert refusal.value.reason == Refused.NOT_ALLOWED


def test_the_save_takes_the_same_queries_for_ten_rows_and_for_two_hundred(school, director):
    import_people(school, by=act(director), kind="students", data=_students(1), filename="a.csv")  # warm
    counts = []
    for n, other in ((10, "Б"), (200, "В")):
        data = _students(n).replace(";А\n".encode(), f";{other}\n".encode())
        with CaptureQueriesContext(connection) as queries:
            import_people(school, by=act(director), kind="students", data=data, filename="a.csv")
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db(transaction=True)
def test_a_second_import_while_the_first_is_open_is_refused(school, director):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    locked, release = threading.Event(), threading.Event()

    def first_import_holding_the_school() -> None:
        with transaction.atomic():
            School.objects.select_for_update().get(pk=school.pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=first_import_holding_the_school)
    thread.start()
    locked.wait(10)
    try:
        with pytest.raises(Refused, match="Another import"):
            import_people(school, by=act(director), kind="students", data=_students(1), filename="a.csv")
    finally:
        release.set()
        thread.join(10)


# The commands


def test_the_commands_export_and_import_with_a_dry_run(tmp_path, school, director, superuser):
    StudentFactory(school=school, surname="Асанов", name="Бакыт", grade=7, class_letter="А")
    path = tmp_path / "students.xlsx"
    call_command("export_people", str(path), school=school.pk, kind="students", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_people", str(path), school=school.pk, kind="students", dry_run=True, stdout=out)
    assert "0 added, 0 changed, 1 unchanged" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(STUDENT_HEADER, "Асанов;Бакыт;;;;99;А"))
    with pytest.raises(Exception, match="grades run from 1 to 11"):
        call_command(
            "import_people", str(bad), school=school.pk, kind="students", by="director", stdout=io.StringIO()
        )


# The admin: upload, preview, confirm


def test_the_director_previews_then_confirms_an_import_in_the_admin(client, school, director):
    client.force_login(director)
    url = reverse("admin:school_gov_student_import")
    upload = io.BytesIO(_csv(STUDENT_HEADER, "Асанов;Бакыт;;01.09.2012;;7;А"))
    upload.name = "7-класс.csv"
    preview = client.post(url, {"school": school.pk, "file": upload})
    assert preview.status_code == 200
    assert preview.context["comparison"].counts()["new"] == 1
    assert not Student.objects.filter(surname="Асанов").exists()  # nothing saved before the confirmation
    token = preview.context["token"]
    done = client.post(url, {"token": token, "school": school.pk, "filename": "7-класс.csv"})
    assert done.status_code == 302
    assert Student.objects.filter(surname="Асанов", school=school).count() == 1
    again = client.post(url, {"token": token, "school": school.pk, "filename": "7-класс.csv"})
    assert again.status_code == 302
    assert Student.objects.filter(surname="Асанов").count() == 1  # a used confirmation saves nothing


def test_the_preview_of_a_bad_file_lists_its_problems_and_offers_no_save(client, school, director):
    client.force_login(director)
    upload = io.BytesIO(_csv(STUDENT_HEADER, "Асанов;Бакыт;;01.09.2012;;7;"))
    upload.name = "a.csv"
    preview = client.post(reverse("admin:school_gov_student_import"), {"school": school.pk, "file": upload})
    assert [p.line for p in preview.context["comparison"].problems] == [2]
    assert 'name="token"' not in preview.text


def test_the_template_and_the_export_download(client, school, director):
    client.force_login(director)
    template = client.get(reverse("admin:school_gov_staff_template") + "?format=csv")
    assert template["Content-Disposition"].endswith('.csv"')
    assert "Фамилиясы (Фамилия)" in template.content.decode("utf-8-sig")
    export = client.get(reverse("admin:school_gov_staff_export") + f"?format=xlsx&school={school.pk}")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_district_methodologist_cannot_import(client, school, methodologist):
    client.force_login(methodologist)
    assert client.get(reverse("admin:school_gov_student_import")).status_code == 403


def test_the_import_pages_answer_within_their_query_budgets(
    client, school, director, django_assert_max_num_queries
):
    """The upload form, and the preview of a file: 9 queries for 5 rows and for 200 (the comparison reads
    the school's records once)."""
    client.force_login(director)
    url = reverse("admin:school_gov_student_import")
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for rows in (5, 200):
        upload = io.BytesIO(_students(rows))
        upload.name = "a.csv"
        with django_assert_max_num_queries(9):
            assert client.post(url, {"school": school.pk, "file": upload}).status_code == 200


def test_the_preview_names_a_changed_field_in_kyrgyz(client, school, director):
    StudentFactory(
        school=school,
        surname="Асанов",
        name="Бакыт",
        patronymic="",
        birth_date=datetime.date(2012, 9, 1),
        grade=6,
        class_letter="А",
    )
    client.force_login(director)
    upload = io.BytesIO(_csv(STUDENT_HEADER, "Асанов;Бакыт;;01.09.2012;;7;А"))
    upload.name = "a.csv"
    preview = client.post(
        reverse("admin:school_gov_student_import"),
        {"school": school.pk, "file": upload},
        HTTP_ACCEPT_LANGUAGE="ky",
    )
    assert "класс: 6 → 7" in preview.text


def test_the_records_keep_the_pin_rule_too(school):
    """The admin's edit of a record meets the import's rule: one rule, on the model."""
    from django.core.exceptions import ValidationError

    student = StudentFactory.build(school=school, pin="21509201200011", birth_date=datetime.date(2012, 9, 16))
    with pytest.raises(ValidationError, match="born on 15.09.2012"):
        student.clean()
    student.birth_date = datetime.date(2012, 9, 15)
    student.clean()
