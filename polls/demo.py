"""Demo polls and consultations: an open household poll, a closed project poll with results and
an approved project, a closed satisfaction appraisal, and a closed consultation with comments and
the committee's response; each with its English translation.

Runs after ``community.demo`` (the demo grid worker is responsible for every grid). Ballots of
the closed polls are recorded as off-line ballots (paper, phone, home visits) through
``polls.services.cast_ballot``, at a time within the voting period. Pages are keyed on their slug,
so a second run changes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Locale

from community.models import Household
from home.models import HomePage
from polls import services
from polls.models import (
    Channel,
    CommentStatus,
    ConsultationComment,
    ConsultationPage,
    DraftSection,
    Eligibility,
    PollIndexPage,
    PollKind,
    PollOption,
    PollPage,
    Question,
    QuestionKind,
    ResultsVisibility,
)
from portal.demo_tools import publish_translation

OFFICIAL_EMAIL = "official@demo.community"
RESIDENT_EMAIL = "resident@demo.community"

INDEX_EN = {
    "民意征集": "Polls and consultations",
    "<p>社区的重要事项实行“一户一票”，投票前请先在“我的门户”申请核实住户。</p>": (
        "<p>The community decides important matters “one household, one vote”. Before you vote, "
        "ask for your household to be verified in My portal.</p>"
    ),
}

OPEN_POLL = {
    "slug": "public-fund-projects-2027",
    "title": "2027年社区公益金项目征集投票",
    "intro": "<p>2027年社区公益金约20万元。请每户选出最希望实施的一个项目，并可另选最多两项小微项目。得票最多的项目经居民代表会议审议后实施，资金使用情况在“资金公开”栏目公示。</p>",
    "kind": PollKind.PROJECTS,
    "eligibility": Eligibility.FIRST_MEMBER,
    "results_visibility": ResultsVisibility.AFTER_CLOSE,
    "days": (-3, 11),
    "questions": [
        {
            "text": "您最希望实施哪个项目？",
            "kind": QuestionKind.SINGLE,
            "options": ["幸福里3号楼加装电梯", "和平苑屋顶防水修缮", "翠竹园增设电动自行车充电桩"],
        },
        {
            "text": "小微项目（最多选两项）",
            "kind": QuestionKind.MULTIPLE,
            "max_choices": 2,
            "options": ["楼道扶手加装", "健身器材更新", "社区食堂适老化改造", "垃圾分类亭遮雨棚"],
        },
        {"text": "其他建议", "kind": QuestionKind.TEXT, "required": False},
    ],
    "en": {
        "2027年社区公益金项目征集投票": "Public-service fund projects for 2027",
        "<p>2027年社区公益金约20万元。请每户选出最希望实施的一个项目，并可另选最多两项小微项目。得票最多的项目经居民代表会议审议后实施，资金使用情况在“资金公开”栏目公示。</p>": (
            "<p>The community's public-service fund for 2027 is about 200,000 yuan. Each household "
            "chooses the one project it most wants, and up to two small projects. The projects with "
            "the most votes go to the residents' representatives' meeting and the spending is "
            "published under Fund disclosures.</p>"
        ),
        "您最希望实施哪个项目？": "Which project do you most want?",
        "幸福里3号楼加装电梯": "A lift for Xingfuli building 3",
        "和平苑屋顶防水修缮": "Waterproofing the roofs of Heping Garden",
        "翠竹园增设电动自行车充电桩": "E-bike charging points in Cuizhu Garden",
        "小微项目（最多选两项）": "Small projects (choose up to two)",
        "楼道扶手加装": "Handrails in stairwells",
        "健身器材更新": "New fitness equipment",
        "社区食堂适老化改造": "Making the community canteen elder-friendly",
        "垃圾分类亭遮雨棚": "Rain covers for the recycling stations",
        "其他建议": "Other suggestions",
    },
}

CLOSED_POLL = {
    "slug": "stairwell-lighting-2026",
    "title": "楼道照明改造方案投票",
    "intro": "<p>幸福里、和平苑部分楼道照明老化。请选择改造方案，并为目前的楼道照明打分。</p>",
    "kind": PollKind.PROJECTS,
    "eligibility": Eligibility.REPRESENTATIVE,
    "results_visibility": ResultsVisibility.AFTER_CLOSE,
    "days": (-40, -26),
    "questions": [
        {
            "text": "您支持哪个改造方案？",
            "kind": QuestionKind.SINGLE,
            "options": [
                "声控LED灯（约3.2万元）",
                "人体感应LED灯（约4.5万元）",
                "维持现状，只更换损坏灯具",
            ],
        },
        {"text": "请为目前的楼道照明打分", "kind": QuestionKind.RATING},
    ],
    "weights": [[5, 3, 1], [1, 2, 3, 3, 1]],
    "ballots": 84,
    "en": {
        "楼道照明改造方案投票": "Stairwell lighting: choose the plan",
        "<p>幸福里、和平苑部分楼道照明老化。请选择改造方案，并为目前的楼道照明打分。</p>": (
            "<p>Some stairwell lights in Xingfuli and Heping Garden are old. Choose the plan for "
            "replacing them and rate the lighting as it is today.</p>"
        ),
        "您支持哪个改造方案？": "Which plan do you support?",
        "声控LED灯（约3.2万元）": "Sound-activated LED lights (about 32,000 yuan)",
        "人体感应LED灯（约4.5万元）": "Motion-sensor LED lights (about 45,000 yuan)",
        "维持现状，只更换损坏灯具": "Keep as is, replace only broken lights",
        "请为目前的楼道照明打分": "Rate the stairwell lighting today",
    },
}

APPRAISAL = {
    "slug": "committee-appraisal-2026",
    "title": "2026年度居委会工作民主评议",
    "intro": "<p>请对居委会成员和主要服务事项作出评价。不满意率超过20%的，居委会将在一个月内提出整改措施并公示。</p>",
    "kind": PollKind.APPRAISAL,
    "eligibility": Eligibility.FIRST_MEMBER,
    "results_visibility": ResultsVisibility.AFTER_CLOSE,
    "days": (-25, -11),
    "questions": [
        {"text": "居委会主任 张建国", "kind": QuestionKind.SATISFACTION},
        {"text": "网格员 王芳", "kind": QuestionKind.SATISFACTION},
        {"text": "社区服务站办事服务", "kind": QuestionKind.SATISFACTION},
        {"text": "小区环境卫生", "kind": QuestionKind.SATISFACTION},
    ],
    "weights": [[6, 3, 1], [7, 2, 1], [5, 3, 2], [3, 3, 4]],
    "ballots": 72,
    "en": {
        "2026年度居委会工作民主评议": "Appraisal of the committee's work in 2026",
        "<p>请对居委会成员和主要服务事项作出评价。不满意率超过20%的，居委会将在一个月内提出整改措施并公示。</p>": (
            "<p>Please rate the committee's members and main services. Where more than 20% are "
            "dissatisfied, the committee publishes what it will improve within a month.</p>"
        ),
        "居委会主任 张建国": "Zhang Jianguo, committee director",
        "网格员 王芳": "Wang Fang, grid worker",
        "社区服务站办事服务": "Services at the community service station",
        "小区环境卫生": "Cleanliness of the estates",
    },
}

CONSULTATION = {
    "slug": "parking-rules-draft",
    "title": "《幸福里小区停车管理规定（草案）》征求意见",
    "intro": "<p>为缓解停车难，居委会会同物业起草了停车管理规定，现公开征求居民意见。</p>",
    "sections": [
        ("第一条 适用范围", "<p>本规定适用于幸福里小区内机动车和电动自行车的停放。</p>"),
        ("第二条 车位分配", "<p>固定车位优先分配给本小区登记住户，每户限一个。</p>"),
        ("第三条 临时停车", "<p>外来车辆临时停车每小时2元，夜间22时后不再收费。</p>"),
    ],
    "comments": [
        (1, "家里有老人看病经常要开车接送，希望能给老人家庭留几个临时车位。"),
        (1, "租户也是小区居民，建议租户也能申请固定车位。"),
        (2, "夜间不收费容易被外来车辆占满，建议夜间也收费。"),
    ],
    "response": (
        "<p>共收到居民意见3条，已全部研究。采纳情况如下：</p>"
        "<ul><li>第二条修改为：登记住户（含租户）均可申请固定车位，每户限一个。</li>"
        "<li>新增为老年人家庭预留4个临时车位。</li>"
        "<li>第三条暂不修改，试行三个月后再评估夜间收费。</li></ul>"
    ),
    "response_en": (
        "<p>Residents sent 3 comments and we considered each of them. What we decided:</p>"
        "<ul><li>Article 2 now reads: every registered household, tenants included, may apply for "
        "a fixed space, one per household.</li>"
        "<li>4 short-stay spaces are now kept for households with older residents.</li>"
        "<li>Article 3 stays as it is for now; night-time charges will be reviewed after a "
        "three-month trial.</li></ul>"
    ),
    "en": {
        "《幸福里小区停车管理规定（草案）》征求意见": "Draft parking rules for Xingfuli: your comments",
        "<p>为缓解停车难，居委会会同物业起草了停车管理规定，现公开征求居民意见。</p>": (
            "<p>To ease parking, the committee and the property manager drafted parking rules and "
            "ask residents for their comments.</p>"
        ),
        "第一条 适用范围": "Article 1: Scope",
        "本规定适用于幸福里小区内机动车和电动自行车的停放。": (
            "These rules apply to parking cars and e-bikes in Xingfuli."
        ),
        "第二条 车位分配": "Article 2: Allocating spaces",
        "固定车位优先分配给本小区登记住户，每户限一个。": (
            "Fixed spaces go first to registered households of the estate, one per household."
        ),
        "第三条 临时停车": "Article 3: Short-stay parking",
        "外来车辆临时停车每小时2元，夜间22时后不再收费。": (
            "Visitors pay 2 yuan an hour; parking is free after 22:00."
        ),
    },
}


def _strings(strings: dict[str, str]) -> dict[str, str]:
    """wagtail-localize splits rich text into paragraphs: offer each text with and without <p>."""

    def bare(text: str) -> str:
        return text.removeprefix("<p>").removesuffix("</p>")

    return {**strings, **{bare(key): bare(value) for key, value in strings.items()}}


def _index(home: HomePage) -> PollIndexPage:
    index = PollIndexPage.objects.child_of(home).first()
    if index is None:
        index = PollIndexPage(
            title="民意征集",
            slug="polls",
            intro="<p>社区的重要事项实行“一户一票”，投票前请先在“我的门户”申请核实住户。</p>",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        index = PollIndexPage.objects.get(pk=index.pk)
    publish_translation(index, _strings(INDEX_EN))
    return index


def _poll(index: PollIndexPage, spec: dict, now) -> tuple[PollPage, bool]:
    existing = PollPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing, False
    opens, closes = spec["days"]
    poll = PollPage(
        title=spec["title"],
        slug=spec["slug"],
        intro=spec["intro"],
        kind=spec["kind"],
        eligibility=spec["eligibility"],
        results_visibility=spec["results_visibility"],
        opens_at=now + datetime.timedelta(days=opens),
        closes_at=now + datetime.timedelta(days=closes),
    )
    index.add_child(instance=poll)
    for number, question_spec in enumerate(spec["questions"]):
        question = Question.objects.create(
            poll=poll,
            text=question_spec["text"],
            kind=question_spec["kind"],
            max_choices=question_spec.get("max_choices"),
            required=question_spec.get("required", True),
            sort_order=number,
            locale=poll.locale,
        )
        for position, label in enumerate(question_spec.get("options", [])):
            PollOption.objects.create(
                question=question, label=label, sort_order=position, locale=poll.locale
            )
    poll.save_revision().publish()
    return PollPage.objects.get(pk=poll.pk), True


def _record_ballots(poll: PollPage, spec: dict, official, seed: int) -> int:
    """Off-line ballots from households across the grids, spread over the voting period."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    households = list(Household.objects.select_related("building").order_by("code"))
    chosen = rng.sample(households, spec["ballots"])
    channels = [Channel.PAPER] * 5 + [Channel.VISIT] * 3 + [Channel.PHONE] * 2
    questions = list(poll.get_questions())
    span = poll.closes_at - poll.opens_at
    for number, household in enumerate(chosen):
        answers = {}
        for question, weights in zip(questions, spec["weights"], strict=True):
            if question.kind == QuestionKind.SINGLE:
                options = list(question.options.all())
                answers[question.pk] = rng.choices(options, weights=weights)[0]
            elif question.kind == QuestionKind.RATING:
                answers[question.pk] = rng.choices([1, 2, 3, 4, 5], weights=weights)[0]
            elif question.kind == QuestionKind.SATISFACTION:
                levels = ["satisfied", "basic", "dissatisfied"]
                answers[question.pk] = rng.choices(levels, weights=weights)[0]
        services.cast_ballot(
            poll,
            official,
            answers,
            channel=rng.choice(channels),
            household=household,
            now=poll.opens_at + span * (number + 1) / (len(chosen) + 2),
        )
    return len(chosen)


def _consultation(index: PollIndexPage, now, resident, official) -> ConsultationPage:
    spec = CONSULTATION
    page = ConsultationPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is not None:
        return page
    page = ConsultationPage(
        title=spec["title"],
        slug=spec["slug"],
        intro=spec["intro"],
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=10),
        moderation="pre",
    )
    index.add_child(instance=page)
    sections = [
        DraftSection.objects.create(
            page=page, heading=heading, body=body, sort_order=position, locale=page.locale
        )
        for position, (heading, body) in enumerate(spec["sections"])
    ]
    page.save_revision().publish()
    page = ConsultationPage.objects.get(pk=page.pk)
    for section_number, body in spec["comments"]:
        ConsultationComment.objects.create(
            consultation=page,
            section=sections[section_number],
            user=resident,
            body=body,
            status=CommentStatus.PUBLISHED,
            moderated_by=official,
        )
    ConsultationPage.objects.filter(pk=page.pk).update(
        response=spec["response"], response_published_at=now - datetime.timedelta(days=3)
    )
    return page


def load(stdout) -> None:
    User = get_user_model()
    official = User.objects.filter(email__iexact=OFFICIAL_EMAIL).first()
    resident = User.objects.filter(email__iexact=RESIDENT_EMAIL).first()
    zh = Locale.objects.get(language_code="zh-hans")
    home = HomePage.objects.get(locale=zh)
    index = _index(home)
    now = timezone.now()
    ballots = 0
    open_poll, _created = _poll(index, OPEN_POLL, now)
    publish_translation(open_poll, _strings(OPEN_POLL["en"]))
    for seed, spec in enumerate([CLOSED_POLL, APPRAISAL], start=1):
        poll, created = _poll(index, spec, now)
        if created and official is not None:
            ballots += _record_ballots(poll, spec, official, seed)
        publish_translation(poll, _strings(spec["en"]))
    closed = PollPage.objects.get(slug=CLOSED_POLL["slug"], locale=zh)
    winner = closed.get_questions()[0].options.first()
    if official is not None and not winner.approved:
        services.approve_option(official, winner)
    consultation = _consultation(index, now, resident, official)
    english = publish_translation(consultation, _strings(CONSULTATION["en"]))
    # The committee publishes its response in each language (polls.services.publish_response).
    ConsultationPage.objects.filter(pk=english.pk, response_published_at__isnull=True).update(
        response=CONSULTATION["response_en"],
        response_published_at=now - datetime.timedelta(days=3),
    )
    stdout.write(
        f"Polls: {PollPage.objects.filter(locale=zh).count()} polls, "
        f"{ConsultationPage.objects.filter(locale=zh).count()} consultations, "
        f"{ballots} new ballots."
    )
