"""Demo data of the methodological associations, built by `manage.py seed_demo` for each school.

Six associations with qualified heads (MB-1.1) and their subject teachers as members; work plans for
the previous and the current school year in every state of the workflow (one approved late, one
overdue now), and the previous year's year-end reports (one submitted twice). In every school one
association ("Табигый илимдер") never drafted a plan for the current year and quarter, and one
("Коомдук илимдер") held no meeting in the first quarter; with several schools, the second is the
district's school behind: no plans for the current quarter but one overdue draft. In the first school
the demo `head` heads "Так илимдер" and the demo `teacher` is a member of it. Workflow stamps are
written directly (with an audit event each), as if the demo users had taken the steps on the recorded
dates.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from methodology.models import (
    Acknowledgement,
    AimReached,
    Association,
    AssociationMeeting,
    Attestation,
    AttestationDecision,
    Audience,
    Certificate,
    Circular,
    CircularFile,
    CircularKind,
    Course,
    DocumentKind,
    DocumentRequest,
    DocumentSubmission,
    DocumentVersion,
    HeadAppointment,
    HeadProposal,
    LessonObservation,
    Membership,
    Outcome,
    PlanComment,
    PlanItem,
    PlanStatus,
    ProposalKind,
    ProposalStatus,
    ReportStatus,
    Section,
    SelfEducation,
    SubmissionStatus,
    TeacherProject,
    WorkPlan,
    YearEndReport,
    head_qualification_problems,
)
from methodology.models.reports import collect_facts
from school_gov.models import (
    AuditEvent,
    Minutes,
    MinutesItem,
    Role,
    School,
    SchoolYear,
    Staff,
    years_later,
)

ASSOCIATIONS = (
    # name, subject area, subjects whose teachers are members
    ("Так илимдер", "Математика, физика, информатика", ("Математика", "Физика", "Информатика", "Астрономия")),
    ("Тил жана адабият", "Кыргыз тили, орус тили, англис тили", ("Кыргыз тили", "Орус тили", "Англис тили")),
    ("Табигый илимдер", "Химия, биология, география", ("Химия", "Биология", "География")),
    ("Коомдук илимдер", "Тарых, адам жана коом", ("Тарых", "Адам жана коом")),
    ("Көркөм өнөр жана дене тарбия", "Музыка, сүрөт, дене тарбия, технология",
     ("Музыка", "Сүрөт", "Дене тарбия", "Технология")),
    ("Башталгыч класстар", "1–4-класстар", ("Башталгыч класстар",)),
)  # fmt: skip

ACTIVITIES = (
    ("meetings", "Усулдук бирикменин отуруму: {topic}", "Протокол, токтом"),
    ("open_lessons", "Ачык сабак: «{topic}»", "Сабакты талдоо, сунуштар"),
    ("open_lessons", "Бири-биринин сабагына катышуу", "Байкоо баракчалары"),
    ("gifted", "Мектептик олимпиадага даярдоо", "Олимпиаданын жыйынтыгы"),
    ("subject_week", "Предметтик апта", "Иш-чаралардын отчету"),
    ("mentoring", "Жаш мугалимге насаатчылык: сабак пландоо", "Насаатчынын отчету"),
    ("professional_development", "Квалификацияны жогорулатуу курстары", "Сертификат"),
    ("self_education", "Өз алдынча билим алуу темасы боюнча баяндама", "Баяндама"),
    ("monitoring", "Окуучулардын билимин текшерүү: чейректик кесилиш", "Анализ, диаграмма"),
)
TOPICS = (
    "функционалдык сабаттуулук",
    "окуучулардын билимин баалоо",
    "инклюзивдүү билим берүү",
    "санариптик ресурстар",
    "чейректин жыйынтыгы",
)


def delete_all() -> None:
    """Delete every methodology record (seed_demo --reset), children first."""
    # The meetings' minutes are the core's; they go once their meetings are gone (PROTECT).
    minutes = list(AssociationMeeting._base_manager.values_list("minutes_id", flat=True))
    models = (  # the document versions' files go with them (school_gov.files.forget_file)
        Certificate,
        Course,
        SelfEducation,
        Attestation,
        Acknowledgement,
        CircularFile,
        Circular,
        DocumentVersion,
        DocumentSubmission,
        DocumentRequest,
        AssociationMeeting,
        HeadProposal,
        TeacherProject,
        LessonObservation,
        PlanComment,
        PlanItem,
        WorkPlan,
        YearEndReport,
        HeadAppointment,
        Membership,
    )
    for model in (*models, Association):
        model._base_manager.all().delete()
    MinutesItem._base_manager.filter(minutes_id__in=minutes).delete()
    Minutes._base_manager.filter(pk__in=minutes).delete()


def seed_school(
    *, school: School, rng: random.Random, today: datetime.date, first: bool, options: dict
) -> None:
    years = list(SchoolYear.objects.filter(school=school).order_by("start_date").prefetch_related("quarters"))
    staff = list(Staff.objects.filter(school=school).select_related("user"))
    leaders = {a.role: a.staff for a in _leaders(school)}
    demo_head = next((s for s in staff if s.user and s.user.username == "head"), None)
    # The district's grid shows one school behind: the second one built has drafted no plan for the
    # current year and quarter, but for one overdue draft.
    behind = not first and School.objects.filter(district=school.district).count() == 2
    _circular(school, leaders, years, today)
    for index, (name, area, subjects) in enumerate(ASSOCIATIONS):
        members = [s for s in staff if any(subject in s.subjects for subject in subjects)]
        if not members:
            continue
        association = Association.objects.create(school=school, name=name, subject_area=area)
        head = (
            demo_head if (first and demo_head in members) else _most_qualified(members, years[0].start_date)
        )
        if head is None:
            continue
        since = years[0].start_date
        HeadAppointment.objects.create(association=association, staff=head, starts_on=since)
        Membership.objects.bulk_create(
            Membership(association=association, staff=m, starts_on=since) for m in members
        )
        _plans(
            association,
            years,
            members,
            leaders,
            rng,
            today,
            variant=index,
            # The missing-plan radar: one association of every school never drafted this quarter's plan.
            skip_current=index == 2 or (behind and index != 0),
            draft_current=behind and index == 0,
        )
        _observations(association, head, members, leaders, years, rng, today)
        _meetings(association, head, members, years, rng, today, skip_first_quarter=index == 3)
        _projects(association, head, members, leaders, years, today, variant=index)
        _documents(association, head, members, years, today)
    _growth(school, staff, leaders, years, rng, today)


OBSERVED_LESSONS = (  # topic, purpose, conclusions, recommendations
    (
        "Бөлчөктөрдү кошуу жана кемитүү",
        "Жаш мугалимге методикалык жардам көрсөтүү.",
        "Сабактын максаты ачык коюлган, окуучулар топто активдүү иштешти.",
        "Өз алдынча иштөөгө көбүрөөк убакыт калтыруу.",
    ),
    (
        "Текст менен иштөө",
        "Окуу программасынын аткарылышын көзөмөлдөө.",
        "Программа боюнча темп сакталган; баалоо адилет жүргүзүлдү.",
        "Үй тапшырмасын ар кандай деңгээлде берүү.",
    ),
    (
        "Лабораториялык иш",
        "Жаңы окутуу ыкмаларын колдонууну байкоо.",
        "Тажрыйбаны окуучулар өздөрү аткарышты; коопсуздук эрежелери түшүндүрүлдү.",
        "Жыйынтык чыгарууга окуучуларды көбүрөөк тартуу.",
    ),
)


def _school_days(years, today: datetime.date) -> list[datetime.date]:
    """Weekdays of the current school year's quarters, up to two days ago, latest first."""
    year = next((y for y in years if y.start_date <= today <= y.end_date), None)
    if year is None:
        return []
    days = []
    for quarter in year.quarters.all():
        day = quarter.start_date
        while day <= min(quarter.end_date, today - datetime.timedelta(days=2)):
            if day.weekday() < 5:
                days.append(day)
            day += datetime.timedelta(days=1)
    return sorted(days, reverse=True)


def _record(actor, action: str, obj, day: datetime.date, hour: int, **data) -> AuditEvent:
    return AuditEvent(
        actor=actor,
        school_id=obj.association.school_id,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        data=data,
        created_at=_at(day, hour),
    )


def _observations(association, head, members, leaders, years, rng, today) -> None:
    """Lessons of two members attended this school year: one by the head, not read yet by the teacher
    (the demo `teacher` has one waiting); one by the deputy director, read (MB-3.1, MB-4.1)."""
    days = _school_days(years, today)
    observed = [m for m in members if m != head]
    deputy = leaders.get(Role.DEPUTY_DIRECTOR)
    demo_teacher = next((m for m in observed if m.user and m.user.username == "teacher"), None)
    if demo_teacher is not None:  # the demo `teacher` has one to read
        observed.remove(demo_teacher)
        observed.insert(0, demo_teacher)
    events = []
    for n, (teacher, observer) in enumerate(zip(observed[:2], (head, deputy), strict=False)):
        if observer is None or observer == teacher or len(days) <= 10 * n + 5:
            continue
        topic, purpose, conclusions, recommendations = OBSERVED_LESSONS[rng.randrange(len(OBSERVED_LESSONS))]
        day = days[5 + 10 * n]
        on_roll = rng.randint(22, 30)
        observation = LessonObservation.objects.create(
            association=association,
            teacher=teacher,
            observer=observer,
            observed_on=day,
            class_grade=rng.randint(5, 11),
            class_letter=rng.choice("АБВ"),
            subject=teacher.subjects.split(",")[0].strip() or association.subject_area,
            on_roll=on_roll,
            present=on_roll - rng.randint(0, 3),
            topic=topic,
            purpose=purpose,
            lesson_aims="Теманы бышыктоо, окуучулардын өз алдынча ой жүгүртүүсүн өнүктүрүү.",
            lesson_starts_at=datetime.time(9, 50),
            lesson_ends_at=datetime.time(10, 35),
            arrived_at=datetime.time(9, 45),
            stages="Уюштуруу – 3 мүн.; жаңы тема – 15 мүн.; бышыктоо – 20 мүн.; жыйынтык – 7 мүн.",
            methods="Топтук иш, суроо-жооп, көрсөтмө куралдар.",
            aim_reached=AimReached.REACHED if n == 0 else AimReached.PARTLY,
            conclusions=conclusions,
            recommendations=recommendations,
            feedback_on=day,
            feedback_at=datetime.time(10, 45),
            acknowledged_at=_at(day + datetime.timedelta(days=1), 15) if n == 1 else None,
        )
        events.append(_record(observer.user, "methodology.observation.recorded", observation, day, 14))
        if observation.acknowledged_at:
            read_on = day + datetime.timedelta(days=1)
            events.append(
                _record(teacher.user, "methodology.observation.acknowledged", observation, read_on, 15)
            )
    AuditEvent.objects.bulk_create(events)


MEETING_AGENDA = (  # what an association's meeting heard, who spoke and what it resolved
    (
        "Жылдык иш планын талкуулоо.",
        "Бирикменин жетекчиси, мугалимдер.",
        "Иш планы кабыл алынсын жана директордун орун басарына макулдашууга берилсин.",
    ),
    (
        "Предметтик олимпиаданын мектептик этабына даярдык.",
        "Олимпиадага даярдаган мугалимдер.",
        "Мектептик этап графикке ылайык өткөрүлсүн; тапшырмаларды ар бир мугалим даярдасын.",
    ),
    (
        "Чейректин жыйынтыктары жана окуучулардын билим сапаты.",
        "Бардык мугалимдер.",
        "Артта калган окуучулар менен кошумча сабактар уюштурулсун.",
    ),
    (
        "Өз ара сабакка катышуунун жыйынтыгы.",
        "Бирикменин жетекчиси.",
        "Ачык сабактардын тажрыйбасы кийинки отурумда талкуулансын.",
    ),
)


def _meetings(association, head, members, years, rng, today, *, skip_first_quarter: bool = False) -> None:
    """A meeting with its minutes about once a month of the current school year so far (MB-2.1), signed
    by the head but the latest; `skip_first_quarter`: none in the first quarter (MB-5.2 flags it)."""
    year = next((y for y in years if y.start_date <= today <= y.end_date), None)
    days = sorted(_school_days(years, today))
    if year is None or not days:
        return
    chosen = []
    for month in sorted({(d.year, d.month) for d in days}):
        in_month = [d for d in days if (d.year, d.month) == month]
        chosen.append(in_month[min(len(in_month) - 1, 5)])  # about a week into the month
    first = min(year.quarters.all(), key=lambda quarter: quarter.number, default=None)
    if skip_first_quarter and first is not None:
        chosen = [day for day in chosen if not first.start_date <= day <= first.end_date]
    events = []
    for number, day in enumerate(chosen, start=1):
        topic, spoke, resolved = MEETING_AGENDA[(number - 1) % len(MEETING_AGENDA)]
        present = [m for m in members if rng.random() < 0.9] or members
        minutes = Minutes.objects.create(
            school=association.school,
            number=number,
            held_on=day,
            chair=head.full_name,
            secretary=rng.choice([m for m in members if m != head] or [head]).full_name,
            present=", ".join(m.full_name for m in present),
            agenda=f"1. {topic}",
        )
        MinutesItem.objects.create(minutes=minutes, position=1, heard=topic, spoke=spoke, resolved=resolved)
        meeting = AssociationMeeting.objects.create(
            association=association,
            school_year=year,
            minutes=minutes,
            signed_at=_at(day, 17) if number < len(chosen) else None,
            signed_by=head if number < len(chosen) else None,
        )
        meeting.attendees.set(present)
        events.append(_record(head.user, "methodology.meeting.created", meeting, day, 16, number=number))
    AuditEvent.objects.bulk_create(events)


def _projects(association, head, members, leaders, years, today, *, variant: int) -> None:
    """A teacher's project started on an accepted proposal, and one proposal waiting for the director
    (MB-4.3); the first association's waits on the demo `director`."""
    teachers = [m for m in members if m != head] or [head]
    director = leaders.get(Role.DIRECTOR)
    days = _school_days(years, today)
    if director is None or len(days) < 30:
        return
    started = days[25]
    accepted = HeadProposal.objects.create(
        association=association,
        author=head,
        kind=ProposalKind.START_PROJECT,
        teacher=teachers[0],
        title="Санариптик билим берүү ресурстарын сабакта колдонуу",
        text="Окуучулардын кызыгуусун арттыруу үчүн санариптик ресурстарды колдонуу боюнча долбоор.",
        status=ProposalStatus.ACCEPTED,
        decided_by=director,
        decided_at=_at(started, 11),
    )
    project = TeacherProject.objects.create(
        association=association,
        teacher=teachers[0],
        title=accepted.title,
        description=accepted.text,
        started_on=started,
        status_changed_on=started,
    )
    accepted.project = project
    accepted.save(update_fields=["project"])
    proposed_on = started - datetime.timedelta(days=3)
    HeadProposal.objects.filter(pk=accepted.pk).update(created_at=_at(proposed_on, 10))
    waiting = HeadProposal.objects.create(
        association=association,
        author=head,
        kind=ProposalKind.INCENTIVE if variant % 2 == 0 else ProposalKind.IMPROVEMENT,
        teacher=teachers[-1] if variant % 2 == 0 else None,
        text="Олимпиадага окуучуларды ийгиликтүү даярдаганы үчүн ыраазычылык кат берүүнү сунуштайм."
        if variant % 2 == 0
        else "Ачык сабактарды ар бир чейректе өткөрүүнү сунуштайм.",
    )
    HeadProposal.objects.filter(pk=waiting.pk).update(created_at=_at(days[2], 10))
    AuditEvent.objects.bulk_create(
        [
            _record(head.user, "methodology.proposal.submitted", accepted, proposed_on, 10),
            _record(director.user, "methodology.proposal.accepted", accepted, started, 11),
            _record(head.user, "methodology.proposal.submitted", waiting, days[2], 10),
        ]
    )


def demo_pdf(title: str) -> bytes:
    """A small one-page PDF saying `title` (ASCII): the demo's documents and certificates."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _version(
    submission, number, uploaded_by, when, *, outcome="", correction="", reviewer=None, reviewed=None
):
    content = demo_pdf(f"Work programme, version {number}")
    version = DocumentVersion(
        submission=submission,
        number=number,
        uploaded_by=uploaded_by,
        uploaded_at=when,
        file_name=f"Иш программасы v{number}.pdf",
        content_type="application/pdf",
        size=len(content),
        outcome=outcome,
        correction=correction,
        reviewed_by=reviewer,
        reviewed_at=reviewed,
    )
    version.file.save("demo.pdf", ContentFile(content), save=False)
    version.save()
    return version


def _circular(school, leaders, years, today) -> None:
    """MB-5.4: the deputy director's order to every teacher, with its file, read by half of them (the
    demo `teacher` not yet)."""
    deputy = leaders.get(Role.DEPUTY_DIRECTOR)
    days = _school_days(years, today)
    if deputy is None or len(days) < 5:
        return
    circular = Circular.objects.create(
        school=school,
        author=deputy,
        kind=CircularKind.ORDER,
        title="Чейректик текшерүү иштерин өткөрүү жөнүндө буйрук",
        text="Чейректик текшерүү иштери графикке ылайык өткөрүлсүн.",
        audience=Audience.TEACHERS,
        published_at=_at(days[4], 9),
    )
    content = demo_pdf("Order on the quarter's tests")
    attached = CircularFile(
        circular=circular, file_name="Буйрук.pdf", content_type="application/pdf", size=len(content)
    )
    attached.file.save("demo.pdf", ContentFile(content), save=False)
    attached.save()
    recipients = list(
        Staff.objects.filter(school=school).exclude(pk=deputy.pk).select_related("user").order_by("pk")
    )
    Acknowledgement.objects.bulk_create(
        Acknowledgement(
            circular=circular,
            staff=staff,
            read_at=_at(days[3], 10 + index % 6)
            if index % 2 == 0 and not (staff.user and staff.user.username == "teacher")
            else None,
        )
        for index, staff in enumerate(recipients)
    )


def _documents(association, head, members, years, today) -> None:
    """MB-4.5: the head asked the teachers for their work programmes: one returned with a correction and
    sent again (waiting for review), one accepted, the rest (the demo `teacher` among them) not sent yet."""
    days = _school_days(years, today)
    teachers = [m for m in members if m != head]
    if len(days) < 12 or not teachers:
        return
    asked_on = days[10]
    request = DocumentRequest.objects.create(
        school=association.school,
        association=association,
        requested_by=head,
        kind=DocumentKind.WORK_PROGRAMME,
        note="Окуу жылына иш программаңызды жүктөңүз.",
        due_on=today + datetime.timedelta(days=5),
        created_at=_at(asked_on, 9),
    )
    parts = DocumentSubmission.objects.bulk_create(
        DocumentSubmission(request=request, teacher=teacher, changed_at=_at(asked_on, 9))
        for teacher in teachers
    )
    ordered = sorted(
        parts, key=lambda part: part.teacher.user is not None and part.teacher.user.username == "teacher"
    )
    if ordered and not (ordered[0].teacher.user and ordered[0].teacher.user.username == "teacher"):
        returned = ordered[0]
        _version(
            returned,
            1,
            returned.teacher,
            _at(days[8], 14),
            outcome=Outcome.RETURNED,
            correction="Саат сандарын окуу планына ылайыкта оңдоңуз.",
            reviewer=head,
            reviewed=_at(days[6], 10),
        )
        _version(returned, 2, returned.teacher, _at(days[3], 15))
        returned.status, returned.changed_at = SubmissionStatus.SUBMITTED, _at(days[3], 15)
        returned.save(update_fields=["status", "changed_at"])
    if len(ordered) > 1 and not (ordered[1].teacher.user and ordered[1].teacher.user.username == "teacher"):
        accepted = ordered[1]
        _version(
            accepted,
            1,
            accepted.teacher,
            _at(days[7], 13),
            outcome=Outcome.ACCEPTED,
            reviewer=head,
            reviewed=_at(days[5], 11),
        )
        accepted.status, accepted.changed_at = SubmissionStatus.ACCEPTED, _at(days[5], 11)
        accepted.save(update_fields=["status", "changed_at"])


COURSE_PROVIDERS = (
    "Кыргыз билим берүү академиясы",
    "Республикалык мугалимдердин квалификациясын жогорулатуу институту",
    "И. Арабаев атындагы Кыргыз мамлекеттик университети",
)
COURSE_TOPICS = (
    ("Функционалдык сабаттуулукту өнүктүрүү", 72),
    ("Окуучулардын жетишкендиктерин баалоо", 36),
    ("Санариптик ресурстарды сабакта колдонуу", 36),
    ("Инклюзивдүү билим берүү", 18),
    ("Предметтик стандарттар жана жаңы окуу программалары", 72),
)
SELF_EDUCATION_TOPICS = (
    "Сабакта долбоордук ыкманы колдонуу",
    "Окуучулардын өз алдынча иштөө көндүмдөрүн калыптандыруу",
    "Формативдик баалоонун ыкмалары",
    "Окуучулардын функционалдык сабаттуулугун өнүктүрүү",
    "Санариптик куралдар менен интерактивдүү сабак",
)

SELF_EDUCATION_REPORT = (
    "Тема боюнча адабият окулуп, эки ачык сабак өткөрүлдү; тажрыйба усулдук бирикмеде талкууланды."
)
HEAD_OPINION = (
    "Мугалим сабактарын жогорку деңгээлде өткөрөт, окуучулары олимпиадаларда байгелүү орундарды алышкан."
)


def _growth(school, staff: list[Staff], leaders, years, rng: random.Random, today: datetime.date) -> None:
    """MB-3.3, MB-4.2, MB-4.7: the date each category was given (some teachers due for attestation this
    school year, the demo `teacher` among them, and some next year), courses of the last four years with
    certificates, a self-education topic this year (with last year's report), an attestation decided last
    year and the demo teacher's prepared now (waiting for the head's opinion)."""
    current = next((y for y in years if y.is_current), years[-1] if years else None)
    deputy = leaders.get(Role.DEPUTY_DIRECTOR)
    if current is None or deputy is None:
        return
    previous = next((y for y in reversed(years) if y.start_date < current.start_date), None)
    categorised = [s for s in staff if s.qualification_category != "none"]
    for index, member in enumerate(categorised):
        left = max(21, (current.end_date - today).days - 5)
        if member.user and member.user.username == "teacher":
            due = today + datetime.timedelta(days=rng.randint(20, left))  # later this school year
        elif index % 6 == 0:
            due = current.start_date + datetime.timedelta(days=rng.randint(60, 240))  # this year, or overdue
        elif index % 6 == 1:
            due = current.end_date + datetime.timedelta(days=rng.randint(30, 300))  # next school year
        else:
            due = today + datetime.timedelta(days=rng.randint(400, 5 * 365 - 30))
        given = years_later(due, -settings.ATTESTATION_YEARS)
        member.category_given_on = min(given, today)
    Staff.objects.bulk_update(categorised, ["category_given_on"])

    pd_items = list(
        PlanItem.objects.filter(
            plan__association__school=school,
            plan__school_year=current,
            section=Section.PROFESSIONAL_DEVELOPMENT,
            plan__status=PlanStatus.APPROVED,
        ).select_related("plan")
    )
    courses, certificates = [], []
    for index, member in enumerate(staff):
        if index % 5 == 4:  # a fifth of the staff: no course in the last three years
            continue
        for number in range(1 + index % 2):
            topic, hours = COURSE_TOPICS[(index + number) % len(COURSE_TOPICS)]
            ended = today - datetime.timedelta(
                days=rng.randint(20, 3 * 365 - 30) if number else rng.randint(20, 400)
            )
            courses.append(
                Course(
                    staff=member,
                    topic=topic,
                    provider=COURSE_PROVIDERS[(index + number) % len(COURSE_PROVIDERS)],
                    hours=hours,
                    started_on=ended - datetime.timedelta(days=hours // 6 + 4),
                    ended_on=ended,
                    recorded_by=member,
                    recorded_at=_at(ended + datetime.timedelta(days=3), 15),
                )
            )
    Course.objects.bulk_create(courses)
    for index, course in enumerate(courses):
        if pd_items and index == 0:
            course.plan_item = pd_items[0]
            course.save(update_fields=["plan_item"])
        if index % 4 == 3:
            continue  # not every certificate was scanned
        content = demo_pdf(f"Certificate: {course.hours} hours")
        certificate = Certificate(
            course=course, file_name="Сертификат.pdf", content_type="application/pdf", size=len(content)
        )
        certificate.file.save("demo.pdf", ContentFile(content), save=False)
        certificates.append(certificate)
    for certificate in certificates:
        certificate.save()

    topics = []
    for index, member in enumerate(staff):
        topic = SELF_EDUCATION_TOPICS[index % len(SELF_EDUCATION_TOPICS)]
        topics.append(
            SelfEducation(
                staff=member,
                school_year=current,
                topic=topic,
                changed_by=member,
                changed_at=_at(current.start_date, 12),
            )
        )
        if previous is not None:
            topics.append(
                SelfEducation(
                    staff=member,
                    school_year=previous,
                    topic=SELF_EDUCATION_TOPICS[(index + 1) % len(SELF_EDUCATION_TOPICS)],
                    report=SELF_EDUCATION_REPORT,
                    reported_at=_at(previous.end_date, 14),
                    changed_by=member,
                    changed_at=_at(previous.end_date, 14),
                )
            )
    SelfEducation.objects.bulk_create(topics)

    demo_teacher = next((s for s in staff if s.user and s.user.username == "teacher"), None)
    if demo_teacher is not None and demo_teacher.next_attestation_on is not None:
        Attestation.objects.create(
            staff=demo_teacher,
            category=demo_teacher.qualification_category,
            held_on=max(today + datetime.timedelta(days=21), demo_teacher.next_attestation_on),
            opened_by=deputy,
            opened_at=_at(today - datetime.timedelta(days=3), 11),
        )
    if previous is not None:
        decided = next(
            (
                s
                for s in categorised
                if s.category_given_on and previous.start_date <= s.category_given_on <= previous.end_date
            ),
            None,
        )
        if decided is not None and decided.category_given_on is not None:
            given_on = decided.category_given_on
            head = (
                HeadAppointment.objects.current()
                .filter(association__memberships__staff=decided)
                .exclude(staff=decided)
                .select_related("staff")
                .first()
            )
            Attestation.objects.create(
                staff=decided,
                category=decided.qualification_category,
                held_on=given_on,
                head_opinion=HEAD_OPINION,
                opinion_by=head.staff if head is not None else None,
                opinion_at=_at(given_on - datetime.timedelta(days=7), 12),
                decision=AttestationDecision.ASSIGNED,
                decided_on=given_on,
                decision_note="Аттестациялык комиссиянын токтому.",
                opened_by=deputy,
                opened_at=_at(given_on - datetime.timedelta(days=30), 10),
                decided_by=deputy,
            )


def _leaders(school: School):
    from school_gov.models import Appointment

    return (
        Appointment.objects.current()
        .filter(staff__school=school, role__in=[Role.DIRECTOR, Role.DEPUTY_DIRECTOR])
        .select_related("staff__user")
    )


def _most_qualified(members: list[Staff], on: datetime.date) -> Staff | None:
    qualified = [m for m in members if not head_qualification_problems(m, on)]
    return max(qualified, key=lambda m: m.service_on(on).months) if qualified else None


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


# Which state each quarter's plan of the current year is in, by association (every state appears).
CURRENT_QUARTER_STATES = (
    PlanStatus.SUBMITTED,  # Так илимдер: the demo head's plan, waiting for the deputy, overdue now
    PlanStatus.AGREED,  # waiting for the director
    PlanStatus.RETURNED,
    PlanStatus.DRAFT,
    PlanStatus.APPROVED,
    PlanStatus.SUBMITTED,
)


def _plans(
    association,
    years,
    members,
    leaders,
    rng,
    today,
    *,
    variant: int,
    skip_current: bool = False,
    draft_current: bool = False,
) -> None:
    deputy, director = leaders.get(Role.DEPUTY_DIRECTOR), leaders.get(Role.DIRECTOR)
    creator = association.head_appointments.first().staff  # the head drafts (a staff record)
    for year in years:
        is_current = year.start_date <= today <= year.end_date
        periods = [("school_year", None, year.start_date, year.end_date)] + [
            ("quarter", q, q.start_date, q.end_date) for q in year.quarters.all()
        ]
        for kind, quarter, start, end in periods:
            if start > today + datetime.timedelta(days=40):
                continue  # plans are drafted shortly before their period
            current = is_current and end >= today and (kind == "school_year" or start <= today)
            if current and skip_current:
                continue  # never drafted: the radar counts it overdue from its start + 5 days
            if current and draft_current:
                status = PlanStatus.DRAFT
            elif not is_current or end < today or kind == "school_year":
                status = PlanStatus.APPROVED
            else:
                status = CURRENT_QUARTER_STATES[variant % len(CURRENT_QUARTER_STATES)]
            late_days = (
                4 if (not is_current and quarter is not None and quarter.number == 3 and variant == 0) else 0
            )
            plan = WorkPlan.objects.create(
                association=association,
                school_year=year,
                period_kind=kind,
                quarter=quarter,
                period_start=start,
                period_end=end,
                title=_title(kind, quarter, year),
                theme="Окуучулардын функционалдык сабаттуулугун өнүктүрүү",
                aim="Мугалимдердин кесиптик чеберчилигин жогорулатуу жана сабактын сапатын көтөрүү",
                tasks="1. Заманбап усулдарды колдонуу.\n2. Ачык сабактарды өткөрүү.\n3. Олимпиадага даярдоо.",
                created_by=creator,
                created_at=_at(start - datetime.timedelta(days=7)),
            )
            _items(plan, members, rng, marked=end < today)
            _stamp(plan, status, start, deputy, director, creator, late_days, today)
        if not is_current and year.end_date < today:
            _report(association, year, creator, deputy, twice=variant == 1)


def _title(kind, quarter, year) -> str:
    if kind == "school_year":
        return f"{year} окуу жылына жылдык иш планы"
    return f"{quarter.number}-чейректин иш планы ({year})"


def _items(plan: WorkPlan, members, rng: random.Random, *, marked: bool) -> None:
    length = (plan.period_end - plan.period_start).days
    chosen = rng.sample(ACTIVITIES, k=min(len(ACTIVITIES), rng.randint(5, 8)))
    items = []
    for position, (section, text, result) in enumerate(chosen, start=1):
        starts_on = plan.period_start + datetime.timedelta(days=rng.randint(0, max(0, length - 3)))
        completion = rng.choices(["done", "partly", "not_done"], weights=[80, 15, 5])[0] if marked else ""
        items.append(
            PlanItem(
                plan=plan,
                position=position,
                section=section,
                activity=text.format(topic=rng.choice(TOPICS)),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=2) if section == "subject_week" else None,
                expected_result=result,
                completion=completion,
            )
        )
    created = PlanItem.objects.bulk_create(items)
    through = PlanItem.responsible.through
    through.objects.bulk_create(
        through(planitem_id=item.pk, staff_id=person.pk)
        for item in created
        for person in rng.sample(members, k=min(len(members), rng.randint(1, 2)))
    )


def _stamp(plan, status, start, deputy, director, creator, late_days, today) -> None:
    """Put the plan in `status` as if the steps were taken around the period's start."""
    events = []
    submitted = min(start - datetime.timedelta(days=3), today)
    fields: dict = {"status": status}
    if status != PlanStatus.DRAFT:
        fields.update(submitted_at=_at(submitted), submitted_by=creator)
        events.append(("submitted", "draft", "submitted", creator.user, submitted, ""))
    if status in (PlanStatus.AGREED, PlanStatus.APPROVED) and deputy:
        agreed = min(start + datetime.timedelta(days=1 + late_days), today)
        fields.update(agreed_at=_at(agreed, 11), agreed_by=deputy)
        events.append(("agreed", "submitted", "agreed", deputy.user, agreed, ""))
    if status == PlanStatus.APPROVED and director:
        approved = min(start + datetime.timedelta(days=2 + late_days), today)
        fields.update(approved_at=_at(approved, 12), approved_by=director)
        events.append(("approved", "agreed", "approved", director.user, approved, ""))
    if status == PlanStatus.RETURNED and deputy:
        comment = "Олимпиадага даярдоонун мөөнөттөрүн тактаңыз."
        fields.update(returned_at=_at(submitted, 15), return_comment=comment)
        events.append(("returned", "submitted", "returned", deputy.user, submitted, comment))
    WorkPlan.objects.filter(pk=plan.pk).update(**fields)
    _audit(plan, events)


def _audit(obj, events) -> None:
    content_type = ContentType.objects.get_for_model(obj)
    kind = "plan" if isinstance(obj, WorkPlan) else "report"
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            school_id=obj.association.school_id,
            action=f"methodology.{kind}.{verb}",
            content_type=content_type,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            data={"from_status": before, "to_status": after, **({"comment": comment} if comment else {})},
            created_at=_at(day),
        )
        for verb, before, after, actor, day, comment in events
    )


def _report(association, year, creator, deputy, *, twice: bool = False) -> None:
    """The year's report, submitted three days after the year ended and accepted; `twice`: returned once
    for a correction and submitted again (the first submission's day stays the one that counts)."""
    first = year.end_date + datetime.timedelta(days=3)
    again = year.end_date + datetime.timedelta(days=6)
    accepted = (again if twice else first) + datetime.timedelta(days=2)
    report = YearEndReport.objects.create(
        association=association,
        school_year=year,
        status=ReportStatus.ACCEPTED if deputy else ReportStatus.SUBMITTED,
        aims_met="Жылдын максаты жана милдеттери негизинен аткарылды.",
        students_results="Райондук олимпиадада 2 байге орун.",
        shared_experience="Ар бир мүчө өз алдынча билим алуу темасы боюнча баяндама жасады.",
        problems="Санариптик ресурстар жетишсиз.",
        conclusions="Бирикменин иши канааттандырарлык деп табылсын.",
        next_year_tasks="Функционалдык сабаттуулук боюнча ишти улантуу.",
        created_by=creator,
        submitted_at=_at(again if twice else first),
        first_submitted_at=_at(first),
        submission_count=2 if twice else 1,
        return_comment="Олимпиаданын жыйынтыктарын кошуңуз." if twice else "",
        returned_at=_at(first + datetime.timedelta(days=1)) if twice else None,
        accepted_at=_at(accepted) if deputy else None,
        accepted_by=deputy,
    )
    report.facts = collect_facts(association, year, again if twice else first)
    report.save(update_fields=["facts"])
    events = [("submitted", "draft", "submitted", creator.user, first, "")]
    if twice and deputy:
        comment = report.return_comment
        events.append(
            ("returned", "submitted", "returned", deputy.user, first + datetime.timedelta(days=1), comment)
        )
        events.append(("submitted", "returned", "submitted", creator.user, again, ""))
    if deputy:
        events.append(("accepted", "submitted", "accepted", deputy.user, accepted, ""))
    _audit(report, events)
