"""Builders for education pages, shared by the tests and the demo content.

    index = make_index(home)                                  # /education/, in the menu
    school = make_channel(index, "school", "社区学校", slug="school")
    course = make_course(school, "书法入门", capacity=2, sessions=[(date, (9, 0), (10, 30))])
    regulation = make_regulation(regulations, "某条例", issue_date=date(2024, 1, 1))

Pages are published through a revision, as an editor would.
"""

import datetime

from django.utils import timezone

from wagtail.models import Page

from education.models import (
    ArticlePage,
    ChannelPage,
    CoursePage,
    CourseSession,
    EducationIndexPage,
    RegulationPage,
)


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_index(home: Page, *, title: str = "教育频道", slug: str = "education", **fields):
    return _publish(home, EducationIndexPage(title=title, slug=slug, show_in_menus=True, **fields))


def make_channel(index: EducationIndexPage, kind: str, title: str, *, slug: str, **fields):
    return _publish(index, ChannelPage(title=title, slug=slug, kind=kind, **fields))


def make_article(channel: ChannelPage, title: str, *, slug: str, **fields) -> ArticlePage:
    fields.setdefault("summary", f"{title}的摘要")
    return _publish(channel, ArticlePage(title=title, slug=slug, **fields))


def make_regulation(
    channel: ChannelPage,
    title: str,
    *,
    slug: str,
    issue_date: datetime.date,
    issuing_authority: str = "教育部",
    **fields,
) -> RegulationPage:
    fields.setdefault("summary", f"{title}的要点")
    return _publish(
        channel,
        RegulationPage(
            title=title,
            slug=slug,
            issue_date=issue_date,
            issuing_authority=issuing_authority,
            **fields,
        ),
    )


def make_course(
    channel: ChannelPage,
    title: str,
    *,
    slug: str,
    capacity: int = 20,
    sessions: list[tuple[datetime.date, tuple[int, int], tuple[int, int]]] | None = None,
    opens_days: int = -7,
    closes_days: int = 7,
    **fields,
) -> CoursePage:
    """A live course, open for enrolment from ``opens_days`` to ``closes_days`` from now."""
    now = timezone.now()
    if sessions is None:
        first = timezone.localdate() + datetime.timedelta(days=10)
        sessions = [(first + datetime.timedelta(days=7 * n), (9, 0), (10, 30)) for n in range(3)]
    fields.setdefault("summary", f"{title}：免费课程")
    fields.setdefault("teacher", "王老师")
    fields.setdefault("venue", "社区党群服务中心二楼活动室")
    course = CoursePage(
        title=title,
        slug=slug,
        capacity=capacity,
        enrolment_opens=now + datetime.timedelta(days=opens_days),
        enrolment_closes=now + datetime.timedelta(days=closes_days),
        **fields,
    )
    course.sessions = [
        CourseSession(date=day, start=datetime.time(*start), end=datetime.time(*end))
        for day, start, end in sessions
    ]
    return _publish(channel, course)
