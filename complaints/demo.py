"""Demo complaints: about fifty, in every state, across the demo grids and every category.

Some open ones are dated back so that an official's screens show every case: overdue by a day
or a week (the red "overdue" views and the dashboard count), due later today, and on time.

Runs after ``accounts.demo`` and ``community.demo`` (``INSTALLED_APPS`` order). Each demo
complaint has a fixed submission key (``demo-<n>``), so a second run finds them and changes
nothing. Contacts give a phone number and no email, so loading sends no emails.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.models import Building
from complaints import services
from complaints.models import (
    OPEN_STATUSES,
    CalendarDay,
    Complaint,
    ComplaintCategory,
    DayKind,
    RatingValue,
    Status,
)
from complaints.workdays import TZ

OFFICIAL_EMAIL = "official@demo.community"
ADMIN_EMAIL = "admin@demo.community"
RESIDENT_EMAIL = "resident@demo.community"

# National Day 2026 as an example of the calendar officials keep.
CALENDAR = [
    *[(datetime.date(2026, 10, day), DayKind.HOLIDAY, "国庆节") for day in range(1, 8)],
    (datetime.date(2026, 9, 27), DayKind.WORKDAY, "国庆节调休"),
    (datetime.date(2026, 10, 10), DayKind.WORKDAY, "国庆节调休"),
]

# category slug, subject, description
TOPICS = [
    ("community-affairs", "开具居住证明", "需要开具居住证明用于孩子入学，请问何时可以办理？"),
    ("community-affairs", "楼道堆放杂物", "单元楼道里堆满纸箱和旧家具，存在消防隐患。"),
    ("public-facilities", "楼道灯不亮", "楼道声控灯坏了一周，老人晚上上下楼很危险。"),
    ("public-facilities", "路灯不亮", "3号楼南侧路灯一周不亮，晚上看不清路。"),
    ("public-facilities", "井盖松动", "小区东门人行道上的井盖踩上去会翻动，怕有人踩空。"),
    ("other", "小区绿化带被占用种菜", "有住户在绿化带里种菜并施粪肥，气味很大。"),
    ("sub-district", "路边违章搭建", "小区北门外有人搭建彩钢棚，占用人行道。"),
    ("sub-district", "夜间占道经营", "夜市摊位占用消防通道，噪音到凌晨。"),
    ("public-services", "电梯经常停运", "电梯本月已停运三次，楼上老人出行困难。"),
    ("public-services", "垃圾清运不及时", "垃圾桶满溢两天没人清运，夏天气味很重。"),
    ("legal", "邻里漏水纠纷", "楼上卫生间漏水到我家，协商不成，想咨询法律途径。"),
    ("legal", "装修公司拖欠工钱", "在小区做装修的工人被拖欠工资，想申请法律援助。"),
    ("petition", "对拆迁补偿有异议", "对老旧小区改造中的补偿标准有异议，希望得到书面答复。"),
]

# The state each demo complaint is taken to, in turn.
TARGETS = [
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.REJECTED,
    Status.TRANSFERRED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.ANSWERED,
    Status.REOPENED,
    Status.CLOSED,
]
COUNT = 54

# Demo number -> how its deadline stands when it is created: days overdue, or "today" (due at
# 17:30 Beijing time today, or in an hour once that has passed).
DATED = {1: 1, 4: 6, 9: 2, 5: 2, 7: 10, 13: 3, 14: 1, 19: "today", 22: "today", 23: 4}


def _advance(complaint, target: str, official, admin) -> None:
    actor = official if complaint.category.owner == "grid" and complaint.grid else admin
    if target == Status.SUBMITTED:
        return
    if target == Status.REJECTED:
        services.reject(
            complaint, actor, reason="经核实，该事项已由物业公司处理完毕，不再重复受理。"
        )
        return
    if target == Status.TRANSFERRED:
        services.transfer(
            complaint,
            actor,
            department=ComplaintCategory.objects.get(
                slug="public-services", locale__language_code="zh-hans"
            ).department,
            note="该问题属于公共服务范围，已转公共服务队。",
        )
        return
    services.accept(complaint, actor, note="已受理。")
    complaint.refresh_from_db()
    if target == Status.ACCEPTED and complaint.status == Status.ACCEPTED:
        return
    if complaint.status == Status.ACCEPTED:
        services.assign(complaint, admin, assignee=official)
    if target in (Status.ACCEPTED, Status.ASSIGNED):
        return
    services.start(complaint, actor, note="工作人员已到现场查看。")
    if target == Status.IN_PROGRESS:
        return
    services.answer(
        complaint, actor, body="已联系相关单位处理完毕，请您查看效果，如有问题请再联系我们。"
    )
    if target == Status.ANSWERED:
        return
    if target == Status.REOPENED:
        services.rate(complaint, value=RatingValue.DISSATISFIED, comment="问题没有彻底解决。")
        return
    services.rate(complaint, value=RatingValue.SATISFIED, comment="处理很及时，谢谢！")


def _date_back(complaint, how) -> None:
    """Give a fresh demo complaint the deadline it would have had if it came in earlier."""
    if complaint.status not in OPEN_STATUSES:
        return
    now = timezone.now()
    if how == "today":
        local = timezone.localtime(now, TZ)
        deadline = local.replace(hour=17, minute=30, second=0, microsecond=0)
        if deadline <= local:
            deadline = local + datetime.timedelta(hours=1)
        submitted = deadline - datetime.timedelta(days=1)
    else:
        deadline = now - datetime.timedelta(days=how, hours=2)
        days = complaint.category.deadline_days
        submitted = deadline - datetime.timedelta(days=max(days, 1) + 1)
    Complaint.objects.filter(pk=complaint.pk).update(deadline=deadline, submitted_at=submitted)


def load_categories() -> None:
    """The default categories and departments of migration 0002, when they are missing (after a
    test database was flushed, for example)."""
    import importlib
    import uuid

    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    from wagtail.models import Locale

    migration = importlib.import_module("complaints.migrations.0002_roles_and_categories")
    zh = Locale.objects.filter(language_code="zh-hans").first()
    en = Locale.objects.filter(language_code="en").first()
    if zh is None:
        return
    for order, item in enumerate(migration.CATEGORIES):
        slug, name, name_en, text, text_en, owner, department, days, escalate = item
        if ComplaintCategory.objects.filter(slug=slug, locale=zh).exists():
            continue
        fields = {
            "slug": slug,
            "owner": owner,
            "department": Group.objects.get_or_create(name=department)[0] if department else None,
            "deadline_days": days,
            "escalate_after_days": escalate,
            "sort_order": order,
            "translation_key": uuid.uuid4(),
        }
        ComplaintCategory.objects.create(locale=zh, name=name, description=text, **fields)
        if en is not None:
            ComplaintCategory.objects.create(locale=en, name=name_en, description=text_en, **fields)
    # The category and examples migration 0007 added.
    later = importlib.import_module("complaints.migrations.0007_public_facilities_and_examples")
    later.forwards(django_apps, None)


def load(stdout) -> None:
    for date, kind, name in CALENDAR:
        CalendarDay.objects.get_or_create(date=date, defaults={"kind": kind, "name": name})

    User = get_user_model()
    official = User.objects.filter(email__iexact=OFFICIAL_EMAIL).first()
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    resident = User.objects.filter(email__iexact=RESIDENT_EMAIL).first()
    buildings = list(Building.objects.select_related("grid").order_by("grid__code", "pk"))
    if official is None or admin is None or not buildings:
        stdout.write("Complaints: demo accounts or buildings missing, no demo complaints.")
        return
    categories = {
        category.slug: category
        for category in ComplaintCategory.objects.filter(locale__language_code="zh-hans")
    }
    created = 0
    for number in range(COUNT):
        slug, subject, description = TOPICS[number % len(TOPICS)]
        if slug not in categories:
            continue
        building = buildings[(number * 7) % len(buildings)]
        submission = services.submit(
            submission_key=f"demo-{number}",
            category=categories[slug],
            subject=subject,
            description=description,
            building=building,
            address=f"{(number % 3) + 1}单元",
            contact_name="" if number % 5 == 0 else "李阿姨",
            contact_phone="" if number % 5 == 0 else "13800000000",
            anonymous=number % 5 == 0,
            consent_to_publish=number % 2 == 0,
            language="zh-hans" if number % 4 else "en",
            user=resident if number % 6 == 0 and number % 5 else None,
        )
        if submission.created:
            created += 1
            _advance(submission.complaint, TARGETS[number % len(TARGETS)], official, admin)
            if number in DATED:
                submission.complaint.refresh_from_db()
                _date_back(submission.complaint, DATED[number])
    stdout.write(f"Complaints: {created} demo complaints created, {COUNT - created} already there.")
