"""The school's people in and out of a spreadsheet: staff and students read from the CSV or XLSX the
school already keeps, checked row by row, compared with the records, and written back in the same
columns (export → edit → import changes nothing).

Reading, checking and comparing live here, as pure functions of the file and the records; the write is
`school_gov.actions.people.import_people`, which asks for the comparison again under the school's lock.
CSV is read with the standard library's `csv` (UTF-8, UTF-8 with a BOM, or the Windows-1251 that Excel
writes on Russian and Kyrgyz Windows; comma, semicolon or tab), XLSX with openpyxl.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Model
from django.utils.translation import gettext as _

from school_gov.models import (
    MAX_GRADE,
    MIN_GRADE,
    EducationLevel,
    QualificationCategory,
    School,
    Staff,
    Student,
    pin_problem,
)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
STAFF, STUDENTS = "staff", "students"
KINDS = (STAFF, STUDENTS)
# Characters no name has: zero-width spaces and joiners, the byte-order mark, bidirectional controls.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# A cell a spreadsheet would run as a formula (CWE-1236): neutralised on export with a leading quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str  # the record's field
    ky: str
    ru: str
    en: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        """The template's header: Kyrgyz first, Russian in brackets."""
        return f"{self.ky} ({self.ru})"

    def names(self) -> set[str]:
        return {_normal(n) for n in (self.ky, self.ru, self.en, self.header, *self.aliases)}


PERSON_COLUMNS = (
    Column("surname", "Фамилиясы", "Фамилия", "Surname", required=True),
    Column("name", "Аты", "Имя", "Name", required=True, aliases=("first name",)),
    Column("patronymic", "Атасынын аты", "Отчество", "Patronymic"),
    Column("birth_date", "Туулган күнү", "Дата рождения", "Birth date", aliases=("date of birth",)),
    Column("pin", "ПИН", "ПИН", "PIN", aliases=("ИНН", "INN", "personal number")),
    Column("email", "Электрондук почта", "Электронная почта", "E-mail", aliases=("email", "эл. почта")),
)
STAFF_COLUMNS = (
    *PERSON_COLUMNS,
    Column("subjects", "Сабактары", "Предметы", "Subjects"),
    Column("education_level", "Билими", "Образование", "Education", required=True),
    Column(
        "education_started_on",
        "Билим берүүдө иштей баштаган күнү",
        "Начало работы в образовании",
        "Started in education",
        required=True,
    ),
    Column("prior_service_years", "Мурунку стажы, жыл", "Прежний стаж, лет", "Earlier years in education"),
    Column(
        "prior_service_months", "Мурунку стажы, ай", "Прежний стаж, месяцев", "Earlier months in education"
    ),
    Column("qualification_category", "Категориясы", "Категория", "Category"),
    Column(
        "category_given_on", "Категория ыйгарылган күнү", "Дата присвоения категории", "Category given on"
    ),
)
STUDENT_COLUMNS = (
    *PERSON_COLUMNS,
    Column("grade", "Классы", "Класс", "Grade", required=True),
    Column("class_letter", "Класстын тамгасы", "Буква класса", "Class letter", required=True),
)
COLUMNS = {STAFF: STAFF_COLUMNS, STUDENTS: STUDENT_COLUMNS}
MODELS: dict[str, type[Model]] = {STAFF: Staff, STUDENTS: Student}

# The choices as a spreadsheet may spell them: the code, or the label in Kyrgyz, Russian or English.
EDUCATION_NAMES = {
    EducationLevel.HIGHER_PROFESSIONAL: ("жогорку кесиптик", "высшее профессиональное", "высшее"),
    EducationLevel.INCOMPLETE_HIGHER: ("толук эмес жогорку", "неоконченное высшее"),
    EducationLevel.SECONDARY_PROFESSIONAL: (
        "орто кесиптик",
        "среднее профессиональное",
        "среднее специальное",
    ),
    EducationLevel.SECONDARY_GENERAL: ("жалпы орто", "общее среднее", "среднее"),
}
CATEGORY_NAMES = {
    QualificationCategory.NONE: ("категориясыз", "без категории", ""),
    QualificationCategory.SECOND: ("экинчи", "экинчи категория", "вторая", "вторая категория"),
    QualificationCategory.FIRST: ("биринчи", "биринчи категория", "первая", "первая категория"),
    QualificationCategory.HIGHEST: ("жогорку", "жогорку категория", "высшая", "высшая категория"),
}


class TableError(Exception):
    """The file as a whole cannot be read (its encoding, its size, its shape); the message says why."""


@dataclass
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line}
        if self.column:
            where = _("line %(line)s, column «%(column)s»") % {"line": self.line, "column": self.column}
        return f"{where}: {self.message}"


@dataclass
class Change:
    line: int
    record: Model
    fields: list[tuple[str, Any, Any]]  # (field, old, new)

    def readable(self) -> list[tuple[str, Any, Any]]:
        """The changes as the preview shows them: each field by its name in the reader's language."""
        names = {field.name: field.verbose_name for field in self.record._meta.concrete_fields}
        return [(str(names.get(name, name)), old, new) for name, old, new in self.fields]


@dataclass
class Comparison:
    """What an import would do: the new rows, the changed records (each field old → new), the unchanged
    ones, and the problems; nothing is written while there is one problem."""

    kind: str
    new: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[tuple[int, Model]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.new) + len(self.changed) + len(self.unchanged)

    @property
    def changes_nothing(self) -> bool:
        return not self.new and not self.changed and not self.problems

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "problems": len(self.problems),
        }


# Reading the file


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows as text cells, the header first. Refuses what cannot be read, with the reason."""
    if not data.strip():
        raise TableError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise TableError(_("The file is larger than 10 MB; split it into smaller files."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(_decode(data))
    else:
        raise TableError(_("Upload a CSV or XLSX file (the file's name ends in .csv or .xlsx)."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise TableError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise TableError(
            _("The file has %(rows)s rows; at most %(limit)s are taken at once: split it.")
            % {"rows": len(rows) - 1, "limit": MAX_ROWS}
        )
    return rows


def _decode(data: bytes) -> str:
    if b"\x00" in data:  # UTF-16 and other encodings with NUL bytes
        raise TableError(_encoding_refusal())
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise TableError(_encoding_refusal()) from None
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if letters and cyrillic / len(letters) < 0.3 and any(ord(ch) > 127 for ch in letters):
        raise TableError(_encoding_refusal())
    return text


def _encoding_refusal() -> str:
    return _(
        "The file's encoding is not one we read. Save it as CSV in UTF-8 (with or without a BOM) or "
        "Windows-1251, or as an Excel workbook (XLSX)."
    )


def _read_csv(text: str) -> list[list[str]]:
    # The header line decides: Excel here writes semicolons; a header cell may hold a comma.
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (";", "\t", ",")}
    if counts[";"] and counts[";"] >= counts["\t"]:
        delimiter = ";"
    elif counts["\t"]:
        delimiter = "\t"
    else:
        delimiter = ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise TableError(_("The workbook cannot be opened: save it again as XLSX or as CSV.")) from None
    try:
        if len(book.worksheets) > 1:
            raise TableError(_("The workbook has several sheets; keep the people on one sheet only."))
        rows = []
        for number, row in enumerate(book.worksheets[0].iter_rows(), start=1):
            cells = []
            for cell in row:
                if cell.data_type == "f":
                    raise TableError(
                        _("Line %(line)s holds a formula; paste the values instead (Paste special → Values).")
                        % {"line": number}
                    )
                cells.append(_cell_text(cell.value))
            rows.append(cells)
            if number > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Headers


def _normal(text: str) -> str:
    return " ".join(text.replace("*", " ").split()).casefold()


def match_headers(header: list[str], kind: str) -> tuple[dict[int, Column], list[str]]:
    """Which column of the file is which field; and what is wrong with the header (an unknown or a
    missing column, named with the expected ones)."""
    columns = COLUMNS[kind]
    found: dict[int, Column] = {}
    problems = []
    unknown = []
    for index, title in enumerate(header):
        if not title.strip():
            continue
        column = next((c for c in columns if _normal(title) in c.names()), None)
        if column is None:
            unknown.append(title.strip())
        elif column in found.values():
            problems.append(_("The column «%(column)s» is there twice.") % {"column": title.strip()})
        else:
            found[index] = column
    expected = ", ".join(c.ky for c in columns)
    if unknown:
        problems.append(
            _("Unknown columns: %(unknown)s. The columns are: %(expected)s.")
            % {"unknown": ", ".join(unknown), "expected": expected}
        )
    missing = [c.ky for c in columns if c.required and c not in found.values()]
    if missing:
        problems.append(
            _("Missing columns: %(missing)s. The columns are: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": expected}
        )
    return found, problems


# Cells


class CellError(ValueError):
    pass


def clean_name(value: str) -> str:
    """Trimmed, inner spaces as one; zero-width and control characters are refused."""
    if INVISIBLE.search(value) or any(unicodedata.category(ch) == "Cc" for ch in value):
        raise CellError(_("The name holds an invisible or control character; type it again."))
    return " ".join(value.split())


def parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 — a calendar date
        except ValueError:
            continue
    raise CellError(_("«%(value)s» is not a date; write it as 31.12.2010.") % {"value": value})


def check_pin(pin: str, birth_date: datetime.date | None) -> str:
    """The cell's ПИН, spaces removed, by the records' own rule (school_gov.models.pin_problem)."""
    pin = pin.strip().replace(" ", "")
    if not pin:
        return ""
    problem = pin_problem(pin, birth_date)
    if problem:
        raise CellError(problem)
    return pin


def _choice(value: str, names: dict, label: str) -> str:
    wanted = _normal(value)
    for code, spellings in names.items():
        if wanted in {_normal(code), *(_normal(s) for s in spellings)}:
            return str(code)
    allowed = ", ".join(spellings[0] for spellings in names.values() if spellings[0])
    raise CellError(
        _("«%(value)s» is not a known %(what)s; write one of: %(allowed)s.")
        % {
            "value": value,
            "what": label,
            "allowed": allowed,
        }
    )


def _email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise CellError(_("«%(value)s» is not an e-mail address.") % {"value": value}) from None
    return value


def _whole(value: str, low: int, high: int) -> int:
    value = value.strip()
    if not value:
        return 0
    if not value.isdigit() or not low <= int(value) <= high:
        raise CellError(_("Write a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
    return int(value)


def clean_row(
    cells: dict[str, str], kind: str, school: School
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row's values as the record keeps them, and its problems (field, message)."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    # A cell our export neutralised ('=…) comes back as it was.
    cells = {k: (v[1:] if v.startswith("'") and v[1:2] in FORMULA_START else v) for k, v in cells.items()}

    def take(key: str, clean) -> None:
        try:
            values[key] = clean(cells.get(key, ""))
        except CellError as error:
            problems.append((key, str(error)))

    for key in ("surname", "name", "patronymic"):
        take(key, clean_name)
    for key in ("surname", "name"):
        if key in values and not values[key]:
            problems.append((key, _("This column cannot be empty.")))
    take("birth_date", parse_date)
    if "birth_date" in values:
        take("pin", lambda value: check_pin(value, values["birth_date"]))
    take("email", _email)
    if kind == STAFF:
        take("subjects", lambda value: " ".join(value.split()))
        take("education_level", lambda value: _choice(value, EDUCATION_NAMES, _("education")))
        take("education_started_on", parse_date)
        if "education_started_on" in values and values["education_started_on"] is None:
            problems.append(("education_started_on", _("This column cannot be empty.")))
        take("prior_service_years", lambda value: _whole(value, 0, 60))
        take("prior_service_months", lambda value: _whole(value, 0, 11))
        take("qualification_category", lambda value: _choice(value, CATEGORY_NAMES, _("category")))
        take("category_given_on", parse_date)
    else:
        last = school.last_grade
        take("grade", lambda value: _grade(value, last))
        take("class_letter", lambda value: " ".join(value.split()).upper())
        if "class_letter" in values and not values["class_letter"]:
            problems.append(("class_letter", _("This column cannot be empty.")))
    return values, problems


def _grade(value: str, last: int) -> int:
    value = value.strip()
    if not value.isdigit() or not MIN_GRADE <= int(value) <= min(last, MAX_GRADE):
        raise CellError(
            _("The school's grades run from %(first)s to %(last)s.") % {"first": MIN_GRADE, "last": last}
        )
    return int(value)


# Comparing with the records


def identity(values: dict[str, Any]) -> tuple:
    """Who a row is: the ПИН when given, else the full name and the birth date."""
    if values.get("pin"):
        return ("pin", values["pin"])
    return (
        "name",
        _normal(values.get("surname", "")),
        _normal(values.get("name", "")),
        _normal(values.get("patronymic", "")),
        values.get("birth_date"),
    )


def compare(rows: list[list[str]], kind: str, school: School) -> Comparison:
    """What importing these rows (the header first) into the school's records would do."""
    result = Comparison(kind=kind)
    columns, header_problems = match_headers(rows[0], kind)
    if header_problems:
        result.problems = [Problem(1, "", message) for message in header_problems]
        return result
    fields = [c.key for c in COLUMNS[kind]]
    label = {c.key: c.ky for c in COLUMNS[kind]}
    model = MODELS[kind]
    records = list(model.objects.filter(school=school))  # type: ignore[attr-defined]
    by_pin = {r.pin: r for r in records if r.pin}
    by_name = {identity({**_values_of(r, fields), "pin": ""}): r for r in records}
    seen: dict[tuple, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        cells = {column.key: (row[i] if i < len(row) else "") for i, column in columns.items()}
        values, problems = clean_row(cells, kind, school)
        for key, message in problems:
            result.problems.append(Problem(line, label.get(key, key), message))
        if problems:
            continue
        who = identity(values)
        if who in seen:
            column = label["pin"] if who[0] == "pin" else label["surname"]
            result.problems.append(
                Problem(line, column, _("The same person is on line %(line)s already.") % {"line": seen[who]})
            )
            continue
        seen[who] = line
        record = by_pin.get(values["pin"]) if values.get("pin") else None
        if record is None:
            record = by_name.get(identity({**values, "pin": ""}))
        given = {k: v for k, v in values.items() if k in cells}  # a column the file lacks changes nothing
        if record is None:
            result.new.append((line, given))
            continue
        differences = [
            (key, getattr(record, key), value)
            for key, value in given.items()
            if _comparable(getattr(record, key)) != _comparable(value)
        ]
        if differences:
            result.changed.append(Change(line, record, differences))
        else:
            result.unchanged.append((line, record))
    return result


def _values_of(record: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {key: getattr(record, key) for key in fields}


def _comparable(value: Any) -> Any:
    return "" if value is None else value


# Writing the file


def rows_for_export(kind: str, school: School) -> list[list[str]]:
    """The school's records in the template's columns, the header first; a cell a spreadsheet would run
    as a formula gets a leading apostrophe (it shows as text and imports back without it)."""
    columns = COLUMNS[kind]
    model = MODELS[kind]
    records = model.objects.filter(school=school)  # type: ignore[attr-defined]
    rows = [[c.header for c in columns]]
    for record in records:
        rows.append([_safe(_export_text(getattr(record, c.key), c.key)) for c in columns])
    return rows


def template_rows(kind: str) -> list[list[str]]:
    return [[c.header for c in COLUMNS[kind]]]


def _export_text(value: Any, key: str = "") -> str:
    if value is None:
        return ""
    if key == "education_level":
        return EDUCATION_NAMES.get(value, (value,))[0]
    if key == "qualification_category":
        return CATEGORY_NAMES.get(value, (value,))[0]
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)  # Excel here opens semicolons as columns
    return out.getvalue().encode("utf-8-sig")  # the BOM tells Excel the text is UTF-8


def write_xlsx(rows: Sequence[Sequence[str | int]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
