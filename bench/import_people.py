"""Benchmark of the people import (issue "People in"): 5,000 students read, compared with the records
(the admin's preview) and saved, on PostgreSQL; seconds and queries of each step printed.

    .venv/bin/python bench/import_people.py                 # 5,000 rows, its own database
    .venv/bin/python bench/import_people.py --rows 2000

It creates (or reuses) the database `school_gov_bench_import` on 127.0.0.1, migrates it and seeds one
demo school, then imports a generated Windows-1251 CSV twice: the second run changes nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "school_gov_bench_import"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    options = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], capture_output=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "school_gov.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from school_gov import roster
    from school_gov.actions.people import import_people
    from school_gov.models import School, Student, User
    from school_gov.people import person_of

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--reset", verbosity=0)
    school = School.objects.order_by("pk").first()
    Student.everyone.filter(school=school, surname__startswith="Бенч").delete()
    lines = ["Фамилия;Имя;Отчество;Дата рождения;Класс;Буква класса"]
    lines += [
        f"Бенч{n:05d};Айбек;Асанович;01.09.2012;{1 + n % 11};{'АБВГ'[n % 4]}" for n in range(options.rows)
    ]
    data = ("\r\n".join(lines) + "\r\n").encode("cp1251")
    director = person_of(User.objects.get(username="director"))

    def measured(label, step):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = step()
            seconds = time.perf_counter() - started
        print(f"{label:<38} {seconds:7.2f} s {len(queries):6d} queries")
        return result

    rows = measured(f"read {options.rows} rows (CSV, Windows-1251)", lambda: roster.read_table(data, "b.csv"))
    measured("compare with the records (preview)", lambda: roster.compare(rows, "students", school))
    result = measured(
        "import (all new)",
        lambda: import_people(school, by=director, kind="students", data=data, filename="b.csv"),
    )
    print(f"  {result.counts()}")
    again = measured(
        "import the same file again",
        lambda: import_people(school, by=director, kind="students", data=data, filename="b.csv"),
    )
    print(f"  {again.counts()}")


if __name__ == "__main__":
    main()
