"""Demo data of the student parliament, built by `manage.py seed_demo` for each school.

The current year's term with its adviser; a finished presidential election (candidates of the school's
office-holder band, the turnout roll, codes, tallies, paper ballots reconciled class by class and the
winner as president); ministries with ministers and members; past
and upcoming events; a week of duty roster; weekly meetings with one school week missing; an open poll;
proposals with answers and a closed appeal. In the first school the demo `president` won the election
and holds the office, `student` (grade 7) is a member of a ministry and organises an event, and `pupil`
(grade 3) takes part in one.

With `seed_demo --election-open` the presidential election is under way instead: its voting window is
open for a week, a third of the voters have voted, nobody holds the presidency yet, and the demo
`student` (grade 7) has not voted, so the vote can be tried by hand.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parliament.actions.elections import class_lines, unused_code
from parliament.models import (
    Appeal,
    AppealStatus,
    Candidate,
    CandidateStatus,
    Club,
    ClubMembership,
    DutyAssignment,
    Election,
    ElectionStage,
    Event,
    Meeting,
    Ministry,
    Office,
    PaperCount,
    Poll,
    PollOption,
    PollResponse,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    Tally,
    Term,
    Turnout,
    VoteCode,
)
from parliament.models.elections import ClassCount
from parliament.models.meetings import school_weeks
from school_gov.models import (
    Appointment,
    Minutes,
    MinutesItem,
    Role,
    School,
    SchoolYear,
    Staff,
    Student,
)

MINISTRIES = (
    ("Билим берүү министрлиги", "Сабактан тышкаркы окуу жардамы, олимпиадаларга даярдоо (SP-2.3, 2.4)."),
    ("Маданият министрлиги", "Кечелер, майрамдар жана чыгармачыл иш-чаралар."),
    ("Спорт министрлиги", "Спорттук мелдештер жана ден соолук күндөрү."),
    ("Ден соолук министрлиги", "Туура тамактануу жана гигиена боюнча иштер."),
    ("Маалымат жана басма сөз министрлиги", "Мектеп гезити, дубал гезиттер, социалдык тармактар."),
    ("Эмгек жана тартип министрлиги", "Өзүн-өзү тейлөө, кезмет, мектептин ички тартиби (SP-2.6)."),
    ("Экология министрлиги", "Мектептин аймагын көрктөндүрүү жана жашылдандыруу."),
    ("Волонтерлор министрлиги", "Кары-картаңдарга жана кичүү класстарга жардам."),
)

AGENDA = (  # what a weekly meeting heard, who spoke and what it resolved
    (
        "Жуманын иш-чаралары тууралуу маалымат.",
        "Министрлердин кыскача баяндамалары.",
        "Жуманын иш-чараларынын планы бекитилсин.",
    ),
    (
        "Класстар аралык волейбол мелдешин өткөрүү.",
        "Спорт министри мелдештин тартибин сунуштады.",
        "Мелдеш ишемби күнү спорт залда өткөрүлсүн; калыстар 10–11-класстардан.",
    ),
    (
        "Мектептин ашканасындагы кезмет.",
        "Эмгек жана тартип министри, 8-А классынын өкүлү.",
        "Ашканадагы кезмет графигине 6–9-класстар кошулсун.",
    ),
    (
        "Мектеп гезитинин жаңы саны.",
        "Маалымат жана басма сөз министри.",
        "Гезиттин саны ай сайын чыгарылсын; макалаларды бардык класстар жөнөтө алат.",
    ),
    (
        "Китеп окуу марафонуна даярдык.",
        "Билим берүү министри, китепканачы.",
        "Марафонго 1–6-класстар катышсын; жеңүүчүлөр кечеде сыйланат.",
    ),
    (
        "Мектептин аймагын көрктөндүрүү.",
        "Экология министри.",
        "Ар бир класс бир көчөт отургузуп, аны жыл бою карасын.",
    ),
)

EVENTS = (
    ("olympiad", "school", "Математика боюнча мектептик олимпиада", "Акт залы", 5, 11),
    ("evening", "", "Жаңы жылдык кече", "Акт залы", 1, 11),
    ("sport", "", "Волейбол боюнча класстар аралык мелдеш", "Спорт зал", 5, 11),
    ("self_service", "", "Ишембилик: мектептин аймагын тазалоо", "Мектептин короосу", 5, 11),
    ("landscaping", "", "Көчөт отургузуу", "Мектептин бакчасы", 3, 11),
    ("subject_week", "", "Кыргыз тили жана адабияты апталыгы", "Мектеп", 1, 11),
    ("other", "", "Китеп окуу марафону", "Китепкана", 1, 6),
)


def delete_all() -> None:
    """Delete every parliament record (seed_demo --reset), children first."""
    from parliament.models import Meeting as M

    for model in (
        ProposalSupport,
        Proposal,
        PollResponse,
        PollOption,
        Poll,
        ClubMembership,
        Club,
        Appeal,
        DutyAssignment,
        Event,
        M,
        Office,
        Tally,
        Turnout,
        VoteCode,
        PaperCount,
        ClassCount,
    ):
        model._base_manager.all().delete()
    Election._base_manager.update(winner=None)
    for model in (Candidate, Election, Ministry, Term):
        model._base_manager.all().delete()
    MinutesItem._base_manager.all().delete()
    Minutes._base_manager.all().delete()


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def add_arguments(parser) -> None:
    parser.add_argument(
        "--election-open",
        action="store_true",
        help=_(
            "The parliament's presidential election is under way, its voting open for a week, instead "
            "of finished: to try the vote as “student”."
        ),
    )


def seed_school(
    *, school: School, rng: random.Random, today: datetime.date, first: bool, options: dict
) -> None:
    year = SchoolYear.objects.filter(school=school, is_current=True).prefetch_related("quarters").first()
    if year is None:
        return
    students = list(Student.objects.filter(school=school).select_related("user", "school"))
    by_user = {s.user.username: s for s in students if s.user_id}
    deputy = (
        Appointment.objects.current(today).filter(staff__school=school, role=Role.DEPUTY_DIRECTOR).first()
    )
    adviser = _adviser(school, rng)
    term = Term.objects.create(school=school, school_year=year, adviser=adviser)
    seniors = [s for s in students if s.grade >= school.office_holders_from_grade]
    organisers = [s for s in students if school.organisers_from_grade <= s.grade]
    president = by_user.get("president") if first else rng.choice([s for s in seniors if s.grade == 11])
    if options.get("election_open"):
        _open_election(term, students, seniors, president, adviser, rng, year, set(by_user.values()))
    else:
        _election(term, students, seniors, president, adviser, rng, year, today)
    ministries = _ministries(
        term, seniors, organisers, president, by_user.get("student") if first else None, rng
    )
    _events(school, term, ministries, organisers, students, adviser, rng, today, by_user if first else {})
    _duty(school, rng, today)
    _meetings(term, seniors, year, rng, today)
    _voice(school, term, students, ministries, deputy, by_user, rng, today)
    _clubs(school, students, adviser, rng)


def _adviser(school: School, rng: random.Random) -> Staff:
    leaders = Appointment.objects.current().filter(staff__school=school).values_list("staff_id", flat=True)
    teachers = list(Staff.objects.filter(school=school).exclude(pk__in=leaders).order_by("pk"))
    return rng.choice(teachers)


def _ballot(election, students, seniors, president, rng, *, turnout: float, keep_out=frozenset()):
    """The commission, the three admitted candidates (the demo `president` first) and the votes cast
    so far: a turnout roll and counters that add up, the first candidate ahead."""
    election.commission.set(rng.sample([s for s in seniors if s != president], k=3))
    rivals = rng.sample(
        [s for s in seniors if s != president and s.grade >= election.candidate_from_grade], k=2
    )
    candidates = [
        Candidate.objects.create(
            election=election,
            student=student,
            statement=statement,
            status=CandidateStatus.APPROVED,
        )
        for student, statement in [
            (president, "Ар бир окуучунун үнү угулсун: ай сайын ачык жолугушуу өткөрөм."),
            (rivals[0], "Спорт секцияларын көбөйтөм жана мектеп ашканасын жакшыртам."),
            (rivals[1], "Мектеп гезитин кайра чыгарам жана волонтердук кыймылды өнүктүрөм."),
        ]
    ]
    voters = [s for s in students if s.grade >= election.voter_from_grade and s not in keep_out]
    voted = rng.sample(voters, k=int(len(voters) * turnout))
    Turnout.objects.bulk_create(
        Turnout(election=election, student=s, grade=s.grade, method="account" if s.user_id else "code")
        for s in voted
    )
    # Those who voted with a code used the one the commission printed for them.
    taken: set[str] = set()
    VoteCode.objects.bulk_create(
        VoteCode(election=election, student=s, code_hash=unused_code(election, taken)[1], used=True)
        for s in voted
        if not s.user_id
    )
    shares = [0.5, 0.3, 0.2]
    counts = [int(len(voted) * share) for share in shares]
    counts[0] += len(voted) - sum(counts)
    Tally.objects.bulk_create(
        Tally(election=election, candidate=c, votes=n) for c, n in zip(candidates, counts, strict=True)
    )
    return candidates


def _open_election(term, students, seniors, president, adviser, rng, year, keep_out) -> None:
    """The election under way (`--election-open`): voting opened an hour ago and closes in a week."""
    now = timezone.now().replace(second=0, microsecond=0)
    election = Election.objects.create(
        term=term,
        title=f"Мектеп президентин шайлоо, {year}",
        stage=ElectionStage.VOTING,
        voting_opens_at=now - datetime.timedelta(hours=1),
        voting_closes_at=now + datetime.timedelta(days=7),
        supervisor=adviser,
        candidate_from_grade=term.school.office_holders_from_grade,
    )
    _ballot(election, students, seniors, president, rng, turnout=0.3, keep_out=keep_out)


def _election(term, students, seniors, president, adviser, rng, year, today) -> None:
    opens = _at(year.start_date + datetime.timedelta(days=20), 9)
    election = Election.objects.create(
        term=term,
        title=f"Мектеп президентин шайлоо, {year}",
        stage=ElectionStage.RESULTS,
        voting_opens_at=opens,
        voting_closes_at=opens + datetime.timedelta(hours=7),
        supervisor=adviser,
        counted_at=opens + datetime.timedelta(hours=9),
        invalid_paper_ballots=rng.randint(1, 4),
        candidate_from_grade=term.school.office_holders_from_grade,
    )
    candidates = _ballot(election, students, seniors, president, rng, turnout=0.7)
    papers = PaperCount.objects.bulk_create(
        PaperCount(election=election, candidate=c, ballots=rng.randint(2, 9)) for c in candidates
    )
    _class_counts(election, sum(p.ballots for p in papers) + election.invalid_paper_ballots)
    election.winner = candidates[0]
    election.save(update_fields=["winner"])
    Office.objects.create(
        term=term, kind="president", student=president, starts_on=opens.date() + datetime.timedelta(days=1)
    )


def _class_counts(election, in_box: int) -> None:
    """The count's classes as `record_count` keeps them: the paper ballots in the box spread one by one
    over the classes with students who did not vote online, and one spoiled ballot in the first."""
    lines = class_lines(election)
    open_lines = [line for line in lines if line.without_online_vote]
    in_box = min(in_box, sum(line.without_online_vote for line in open_lines))
    while in_box:
        for line in open_lines:
            if in_box and line.paper_returned < line.without_online_vote:
                line.paper_returned += 1
                in_box -= 1
    for line in lines:
        line.paper_issued = line.paper_returned
    if open_lines:
        open_lines[0].paper_issued += 1
        open_lines[0].paper_spoiled = 1
    ClassCount.objects.bulk_create(lines)


def _ministries(term, seniors, organisers, president, demo_student, rng) -> list[Ministry]:
    ministers = rng.sample([s for s in seniors if s != president], k=len(MINISTRIES))
    ministries: list[Ministry] = []
    for (name, description), minister in zip(MINISTRIES, ministers, strict=True):
        ministry = Ministry.objects.create(term=term, name=name, description=description, minister=minister)
        members = rng.sample([s for s in organisers if s not in ministers], k=4)
        if demo_student is not None and not ministries:
            members.append(demo_student)
        ministry.members.set(members)
        ministries.append(ministry)
    prime = rng.choice([s for s in seniors if s != president and s not in ministers])
    Office.objects.create(
        term=term, kind="prime_minister", student=prime, starts_on=term.school_year.start_date
    )
    return ministries


def _events(school, term, ministries, organisers, students, adviser, rng, today, demo) -> None:
    for index, (kind, stage, title, place, first, last) in enumerate(EVENTS):
        offset = (-40 + index * 12) if index % 2 else (5 + index * 6)
        starts = _at(today + datetime.timedelta(days=offset), 14)
        event = Event.objects.create(
            school=school,
            term=term,
            kind=kind,
            olympiad_stage=stage,
            title=title,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place=place,
            ministry=ministries[index % len(ministries)],
            responsible_teacher=adviser,
            audience_from_grade=first,
            audience_to_grade=last,
            description="Мектеп парламентинин демилгеси менен өткөрүлөт.",
            results="Иш-чара ийгиликтүү өттү." if starts.date() < today else "",
        )
        chosen = rng.sample(organisers, k=2)
        if index == 0 and demo.get("student"):
            chosen.append(demo["student"])
        event.organisers.set(chosen)
        audience = [s for s in students if first <= s.grade <= last]
        joined = rng.sample(audience, k=min(len(audience), 15))
        if demo.get("pupil") and first <= demo["pupil"].grade <= last and index == 4:
            joined.append(demo["pupil"])
        event.participants.set(joined)


def _duty(school, rng, today) -> None:
    monday = today - datetime.timedelta(days=today.weekday())
    classes = sorted({(s.grade, s.class_letter) for s in Student.objects.filter(school=school, grade__gte=5)})
    rows = []
    for offset in range(5):
        day = monday + datetime.timedelta(days=offset)
        for area_kind, area in (("classroom", ""), ("corridor", "2-кабат"), ("grounds", "Короо")):
            grade, letter = rng.choice(classes)
            rows.append(
                DutyAssignment(
                    school=school,
                    date=day,
                    area_kind=area_kind,
                    area=area or f"{grade}-{letter} классы",
                    grade=grade,
                    class_letter=letter,
                    done=day < today,
                )
            )
    DutyAssignment.objects.bulk_create(rows, ignore_conflicts=True)


def _meetings(term, seniors, year, rng, today) -> None:
    """Weekly meetings of the school weeks so far, one week left out (SP-4.2)."""
    one_week = datetime.timedelta(days=6)
    mondays = [m for m in school_weeks(list(year.quarters.all()), today) if m + one_week <= today]
    skipped = rng.choice(mondays[1:-1]) if len(mondays) > 2 else None
    number = 0
    for monday in mondays:
        if monday == skipped:
            continue
        number += 1
        day = monday + datetime.timedelta(days=2)
        chair, secretary = rng.sample(seniors, k=2)
        topic, spoke, resolved = AGENDA[number % len(AGENDA)]
        minutes = Minutes.objects.create(
            school=term.school,
            number=number,
            held_on=day,
            chair=chair.full_name,
            secretary=secretary.full_name,
            present=", ".join(s.full_name for s in rng.sample(seniors, k=8)),
            agenda=f"1. {topic}\n2. Кезмет.",
        )
        MinutesItem.objects.create(minutes=minutes, position=1, heard=topic, spoke=spoke, resolved=resolved)
        meeting = Meeting.objects.create(term=term, minutes=minutes, is_closed=number % 6 == 0)
        meeting.attendees.set(rng.sample(seniors, k=8))


def _voice(school, term, students, ministries, deputy, by_user, rng, today) -> None:
    creator = term.adviser  # the adviser asks (a staff record)
    poll = Poll.objects.create(
        school=school,
        term=term,
        question="Мектепте кайсы ийримди ачуу керек?",
        audience_from_grade=5,
        audience_to_grade=11,
        opens_at=_at(today - datetime.timedelta(days=2), 8),
        closes_at=_at(today + datetime.timedelta(days=5), 18),
        created_by=creator,
    )
    options = PollOption.objects.bulk_create(
        PollOption(poll=poll, position=i, text=text)
        for i, text in enumerate(["Робототехника", "Шахмат", "Театр", "Журналистика"], start=1)
    )
    demo_ids = {s.pk for s in by_user.values()}
    answered = rng.sample([s for s in students if s.grade >= 5 and s.pk not in demo_ids], k=40)
    PollResponse.objects.bulk_create(PollResponse(poll=poll, student=s) for s in answered)
    for option, votes in zip(options, [16, 10, 9, 5], strict=True):
        option.votes = votes
    PollOption.objects.bulk_update(options, ["votes"])

    answerer = deputy.staff if deputy else None
    seniors = [s for s in students if s.grade >= 8]
    proposals = [
        (
            "administration",
            "Ашканага суу куйгучтарды коюу",
            ProposalStatus.ACCEPTED,
            "Жаңы жылга чейин коюлат.",
        ),
        ("pedagogical_council", "Үй тапшырмаларынын көлөмүн азайтуу", ProposalStatus.UNDER_REVIEW, ""),
        ("methodological_council", "Ачык сабактарга окуучуларды чакыруу", ProposalStatus.SUBMITTED, ""),
    ]
    for index, (body, title, status, answer) in enumerate(proposals):
        proposal = Proposal.objects.create(
            school=school,
            author=rng.choice(seniors) if index != 0 else None,
            ministry=ministries[0] if index == 0 else None,
            body=body,
            title=title,
            text=f"{title}: окуучулардын сунушу.",
            status=status,
            answer=answer,
            answered_by=answerer if answer else None,
            answered_at=_at(today - datetime.timedelta(days=3)) if answer else None,
            created_at=_at(today - datetime.timedelta(days=10 + index)),
        )
        ProposalSupport.objects.bulk_create(
            ProposalSupport(proposal=proposal, student=s) for s in rng.sample(students, k=12)
        )
    Appeal.objects.create(
        school=school,
        author=rng.choice([s for s in students if s.grade >= 5 and s.pk not in demo_ids]),
        subject="Класстагы чыр-чатак",
        text="Тыныгууда бир нече окуучу мени шылдыңдашты.",
        status=AppealStatus.CLOSED,
        resolution="Социалдык педагог класс менен сүйлөштү; ата-энелер менен жолугушуу өттү.",
        created_at=_at(today - datetime.timedelta(days=30)),
        resolved_at=_at(today - datetime.timedelta(days=20)),
    )


def _clubs(school, students, adviser, rng) -> None:
    for name, kind in (
        ("Шахмат ийрими", "club"),
        ("Мектеп гезитинин редакциясы", "committee"),
        ("Театр студиясы", "creative_group"),
    ):
        club = Club.objects.create(
            school=school,
            name=name,
            kind=kind,
            description=f"{name}: жумасына эки жолу.",
            leader_staff=adviser,
        )
        ClubMembership.objects.bulk_create(
            ClubMembership(club=club, student=s, status="accepted")
            for s in rng.sample([s for s in students if s.grade >= 3], k=10)
        )
