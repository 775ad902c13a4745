"""Demo education channel: five channels with articles, five regulations, five courses.

Runs after ``home.demo`` and ``accounts.demo``. The smartphone class for older residents is full
and has a waiting list (eight demo participants, then two waiting, the demo resident second);
the demo resident also has a place in tai chi, so "my portal" shows both. Pages are keyed on
their slug and participants on their email: a second run creates nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Locale

from education import services
from education.builders import make_article, make_channel, make_course, make_index, make_regulation
from education.models import ChannelPage, CoursePage, EducationIndexPage, Enrolment, RegulationPage
from home.models import HomePage
from portal.demo_tools import publish_translation

INDEX = {
    "title": "教育频道",
    "summary": "教师、学生、家长的学习园地，教育法规和社区学校免费课程。",
    "intro": "面向辖区师生和家长的教育资讯、教育法规，以及社区学校的免费课程报名。",
}
INDEX_EN = {
    "教育频道": "Education",
    "education": "education",
    INDEX["summary"]: "News for teachers, students and parents, education law, and free classes.",
    INDEX["intro"]: (
        "Education news and regulations for the neighbourhood's teachers, students and parents, "
        "and enrolment in the community school's free classes."
    ),
}

# slug, kind, title, summary, English title, English summary, articles
# each article: slug, title, summary, paragraphs, English (title, summary, paragraphs)
CHANNELS = [
    (
        "teachers",
        "teachers",
        "教师频道",
        "辖区教师的教研活动、培训信息和志愿服务。",
        "Teacher channel",
        "Teaching workshops, training and volunteering for local teachers.",
        [
            (
                "volunteer-tutors",
                "招募退休教师担任“四点半课堂”志愿辅导员",
                "社区“四点半课堂”招募退休教师，每周一次辅导小学生作业。",
                [
                    "社区“四点半课堂”为双职工家庭的小学生提供放学后的看护和作业辅导。"
                    "我们诚邀辖区退休教师担任志愿辅导员，每周服务一个下午即可。",
                    "有意者请到社区党群服务中心一楼登记，或拨打社区服务热线。",
                ],
                (
                    "Retired teachers wanted as volunteer tutors for the after-school class",
                    "The after-school class looks for retired teachers to help pupils with "
                    "homework one afternoon a week.",
                    [
                        "The community's after-school class looks after primary pupils of "
                        "working parents and helps them with their homework. We invite retired "
                        "teachers to volunteer as tutors: one afternoon a week is enough.",
                        "Sign up on the ground floor of the community service centre, or call "
                        "the community hotline.",
                    ],
                ),
            ),
            (
                "reading-workshop",
                "区教研室开放“整本书阅读”公开课",
                "区教研室本月在幸福里小学开放两节语文公开课，欢迎辖区教师观摩。",
                [
                    "公开课围绕“整本书阅读”教学展开，课后有评课交流。请通过学校教务处报名。",
                ],
                (
                    "Open lessons on whole-book reading",
                    "The district teaching office opens two Chinese lessons at Xingfuli Primary "
                    "School this month to local teachers.",
                    [
                        "The lessons are about teaching whole-book reading and are followed by a "
                        "discussion. Sign up through your school's academic office.",
                    ],
                ),
            ),
        ],
    ),
    (
        "students",
        "students",
        "学生频道",
        "寒暑假活动、图书馆资源和安全提示。",
        "Student channel",
        "Holiday activities, library resources and safety tips.",
        [
            (
                "library-resources",
                "社区图书室和区图书馆的学习资源",
                "社区图书室每天开放，借阅证还可以使用区图书馆的数字资源。",
                [
                    "社区图书室位于党群服务中心三楼，周一至周六 9:00–20:00 开放，"
                    "有自习座位和少儿读物。",
                ],
                (
                    "Learning resources at the community reading room and the district library",
                    "The reading room is open every day; its card also opens the district "
                    "library's digital resources.",
                    [
                        "The community reading room is on the second floor of the service "
                        "centre, open Monday to Saturday 9:00–20:00, with study desks and "
                        "children's books.",
                    ],
                ),
            ),
            (
                "summer-safety",
                "暑假安全提示：防溺水、防诈骗",
                "暑假将至，请同学们牢记“六不”防溺水守则，警惕网络游戏充值诈骗。",
                [
                    "不私自下水游泳，不擅自与他人结伴游泳，不在无家长带领的情况下游泳。",
                    "陌生人以“免费送皮肤”“退款”等名义索要家长手机验证码的，一律是诈骗。",
                ],
                (
                    "Summer safety: water and fraud",
                    "Remember the rules for swimming safely and watch out for game top-up fraud.",
                    [
                        "Never swim alone, without telling an adult, or without a parent present.",
                        "Anyone asking for a parent's phone verification code for “free skins” "
                        "or a “refund” is a fraudster.",
                    ],
                ),
            ),
        ],
    ),
    (
        "regulations",
        "regulations",
        "教育法规",
        "与居民有关的教育法律、法规和政策文件。",
        "Education regulations",
        "Education laws, regulations and policies that concern residents.",
        [
            (
                "how-to-read",
                "怎样查阅教育法规",
                "按状态、发文机关和年份筛选，已修订或废止的文件会标明新的版本。",
                [
                    "法规页面列出文号、发文机关、发布和施行日期。已修订或已废止的文件会链接到现行版本。"
                ],
                (
                    "How to look up education regulations",
                    "Filter by status, authority and year; amended or repealed documents link "
                    "to the version in force.",
                    [
                        "Each regulation shows its document number, issuing authority, and the "
                        "dates it was issued and took effect. Amended or repealed documents link "
                        "to the version in force.",
                    ],
                ),
            ),
        ],
    ),
    (
        "school",
        "school",
        "社区学校",
        "社区学校的免费课程：书法、智能手机、太极拳、家长课堂、就业技能。",
        "Community school",
        "Free classes: calligraphy, smartphones, tai chi, parenting, job skills.",
        [
            (
                "how-to-enrol",
                "社区学校报名须知",
                "课程全部免费，登录后即可在线报名；报满后可以候补，有人取消时自动递补。",
                [
                    "每门课在报名期内开放报名。报满后可加入候补名单，有人取消时候补第一位自动获得名额，"
                    "并收到邮件通知。上课前一天会发邮件提醒。",
                ],
                (
                    "How to enrol in the community school",
                    "All classes are free: sign in to enrol. Full classes take a waiting list "
                    "that moves up automatically.",
                    [
                        "Each class takes enrolments during its enrolment period. When it is "
                        "full you can join the waiting list: when someone cancels, the first "
                        "person waiting gets the place and an email. A reminder comes the day "
                        "before each session.",
                    ],
                ),
            ),
        ],
    ),
    (
        "family",
        "family",
        "家庭教育",
        "家庭教育指导、亲子活动和心理健康。",
        "Family education",
        "Parenting guidance, family activities and mental health.",
        [
            (
                "screen-time",
                "孩子沉迷手机怎么办？家庭教育指导师的五点建议",
                "与孩子一起约定使用时间，父母以身作则，多安排户外活动。",
                [
                    "和孩子一起商量每天使用手机的时间和场合，写下来贴在家里。",
                    "父母先放下手机。吃饭和睡前一小时，全家都不看屏幕。",
                ],
                (
                    "Children glued to their phones? Five tips from a family educator",
                    "Agree screen time together, set an example, and plan time outdoors.",
                    [
                        "Agree with your child when and where the phone is used each day, and "
                        "put it in writing at home.",
                        "Parents put their phones down first. No screens for anyone at meals or "
                        "in the hour before bed.",
                    ],
                ),
            ),
            (
                "counselling",
                "社区家庭教育指导站每周四开放咨询",
                "家庭教育指导师每周四下午在社区坐班，提供一对一咨询。",
                ["咨询免费，可提前电话预约，也可以直接到党群服务中心二楼。"],
                (
                    "Family counselling every Thursday",
                    "A family educator gives one-to-one advice every Thursday afternoon.",
                    [
                        "Advice is free: book by phone or come to the second floor of the "
                        "service centre.",
                    ],
                ),
            ),
        ],
    ),
]

LINKS = {
    "heading": "学习资源链接",
    "links": [
        {
            "title": "国家中小学智慧教育平台",
            "url": "https://basic.smartedu.cn/",
            "description": "免费的中小学课程资源",
        },
        {
            "title": "国家图书馆",
            "url": "https://www.nlc.cn/",
            "description": "数字资源和读者服务",
        },
    ],
}
LINKS_EN = {
    "学习资源链接": "Learning resources",
    "国家中小学智慧教育平台": "National Smart Education Platform",
    "免费的中小学课程资源": "Free school lessons",
    "国家图书馆": "National Library of China",
    "数字资源和读者服务": "Digital resources and reader services",
}

# slug, title, number, authority, issued, effective, status, superseded by (slug), summary, en
REGULATIONS = [
    (
        "family-education-law",
        "中华人民共和国家庭教育促进法",
        "主席令第九十八号",
        "全国人民代表大会常务委员会",
        datetime.date(2021, 10, 23),
        datetime.date(2022, 1, 1),
        "in_force",
        None,
        "规定父母或者其他监护人负责实施家庭教育，国家和社会为家庭教育提供指导、支持和服务。",
        "Law of the People's Republic of China on Promoting Family Education",
    ),
    (
        "minors-protection-2020",
        "中华人民共和国未成年人保护法（2020年修订）",
        "主席令第五十七号",
        "全国人民代表大会常务委员会",
        datetime.date(2020, 10, 17),
        datetime.date(2021, 6, 1),
        "in_force",
        None,
        "新增网络保护、政府保护专章，强化家庭、学校和社会保护责任。",
        "Law on the Protection of Minors (2020 revision)",
    ),
    (
        "minors-protection-2012",
        "中华人民共和国未成年人保护法（2012年修正）",
        "主席令第六十五号",
        "全国人民代表大会常务委员会",
        datetime.date(2012, 10, 26),
        datetime.date(2013, 1, 1),
        "amended",
        "minors-protection-2020",
        "2012年修正版本，已由2020年修订版本取代部分内容。",
        "Law on the Protection of Minors (2012 amendment)",
    ),
    (
        "pupils-code-2015",
        "中小学生守则（2015年修订）",
        "教基一〔2015〕5号",
        "教育部",
        datetime.date(2015, 8, 20),
        datetime.date(2015, 9, 1),
        "in_force",
        None,
        "爱党爱国爱人民、好学多问肯钻研、勤劳笃行乐奉献等九条守则。",
        "Code of Conduct for Primary and Secondary School Pupils (2015)",
    ),
    (
        "pupils-code-2004",
        "中小学生守则（2004年修订）",
        "教基〔2004〕4号",
        "教育部",
        datetime.date(2004, 3, 25),
        datetime.date(2004, 3, 25),
        "repealed",
        "pupils-code-2015",
        "2004年版守则，已被2015年修订版替代。",
        "Code of Conduct for Primary and Secondary School Pupils (2004)",
    ),
]

# slug, title, teacher, audience, venue, capacity, weekday offset, (start, end), summary, en
COURSES = [
    (
        "smartphone-basics",
        "老年人智能手机使用课",
        "志愿者小周",
        "elderly",
        "党群服务中心二楼多功能厅",
        8,
        3,
        ((9, 0), (10, 30)),
        "手把手教您视频通话、扫码付款、网上挂号，识别诈骗电话和短信。",
        {
            "老年人智能手机使用课": "Smartphones for older residents",
            "志愿者小周": "Volunteer Xiao Zhou",
            "党群服务中心二楼多功能厅": "Multi-purpose hall, 2nd floor, service centre",
            "手把手教您视频通话、扫码付款、网上挂号，识别诈骗电话和短信。": (
                "Step by step: video calls, paying by QR code, booking a doctor online, and "
                "spotting scam calls and messages."
            ),
        },
    ),
    (
        "calligraphy",
        "书法入门（毛笔楷书）",
        "王建国老师",
        "everyone",
        "党群服务中心三楼书画室",
        15,
        4,
        ((14, 30), (16, 0)),
        "从执笔、笔画练起，八周写好一幅楷书作品。笔墨纸砚由社区提供。",
        {
            "书法入门（毛笔楷书）": "Calligraphy for beginners (regular script)",
            "王建国老师": "Mr Wang Jianguo",
            "党群服务中心三楼书画室": "Art room, 3rd floor, service centre",
            "从执笔、笔画练起，八周写好一幅楷书作品。笔墨纸砚由社区提供。": (
                "From holding the brush to the basic strokes: a finished piece in eight weeks. "
                "Brushes, ink and paper provided."
            ),
        },
    ),
    (
        "tai-chi",
        "二十四式太极拳",
        "刘秀兰教练",
        "elderly",
        "幸福里社区中心广场",
        30,
        1,
        ((7, 30), (8, 30)),
        "适合中老年人的晨练课程，动作舒缓，雨天改在活动室。",
        {
            "二十四式太极拳": "24-form tai chi",
            "刘秀兰教练": "Coach Liu Xiulan",
            "幸福里社区中心广场": "Xingfuli community square",
            "适合中老年人的晨练课程，动作舒缓，雨天改在活动室。": (
                "A gentle morning class for older residents; indoors when it rains."
            ),
        },
    ),
    (
        "parenting",
        "家长课堂：陪伴孩子度过青春期",
        "家庭教育指导师陈敏",
        "parents",
        "党群服务中心二楼会议室",
        25,
        5,
        ((19, 0), (20, 30)),
        "了解青春期孩子的身心变化，学习倾听和沟通的方法。",
        {
            "家长课堂：陪伴孩子度过青春期": "Parents' class: through the teenage years",
            "家庭教育指导师陈敏": "Family educator Chen Min",
            "党群服务中心二楼会议室": "Meeting room, 2nd floor, service centre",
            "了解青春期孩子的身心变化，学习倾听和沟通的方法。": (
                "How teenagers change, and how to listen and talk with them."
            ),
        },
    ),
    (
        "e-commerce-skills",
        "就业技能：网店运营与直播入门",
        "区人社局就业指导员",
        "job_seekers",
        "党群服务中心一楼培训室",
        20,
        2,
        ((14, 0), (16, 30)),
        "面向待业居民的免费培训，结业后推荐对接辖区电商企业。",
        {
            "就业技能：网店运营与直播入门": "Job skills: running an online shop and live selling",
            "区人社局就业指导员": "Employment adviser, district labour bureau",
            "党群服务中心一楼培训室": "Training room, ground floor, service centre",
            "面向待业居民的免费培训，结业后推荐对接辖区电商企业。": (
                "Free training for residents looking for work, with introductions to local "
                "online businesses at the end."
            ),
        },
    ),
]

FULL_COURSE = "smartphone-basics"
PARTICIPANTS = [
    ("student01@demo.community", "张大爷"),
    ("student02@demo.community", "刘奶奶"),
    ("student03@demo.community", "赵阿姨"),
    ("student04@demo.community", "孙大爷"),
    ("student05@demo.community", "周奶奶"),
    ("student06@demo.community", "吴阿姨"),
    ("student07@demo.community", "郑大爷"),
    ("student08@demo.community", "王奶奶"),
    ("student09@demo.community", "冯大爷"),
]


SUMMARIES_EN = {
    REGULATIONS[0][8]: (
        "Parents and guardians are responsible for family education; the state and society "
        "give guidance, support and services."
    ),
    REGULATIONS[1][8]: (
        "Adds chapters on online protection and government protection, and strengthens the "
        "duties of families, schools and society."
    ),
    REGULATIONS[2][8]: "The 2012 amendment, partly superseded by the 2020 revision.",
    REGULATIONS[3][8]: (
        "Nine rules, from loving the country and the people to studying hard and helping others."
    ),
    REGULATIONS[4][8]: "The 2004 code, replaced by the 2015 revision.",
}


def _paragraphs(items):
    return [("paragraph", f"<p>{text}</p>") for text in items]


def _ensure_index(home: HomePage) -> EducationIndexPage:
    index = EducationIndexPage.objects.child_of(home).first()
    if index is None:
        index = make_index(home, summary=INDEX["summary"], intro=INDEX["intro"])
    publish_translation(index, INDEX_EN)
    return index


def _ensure_channel(index, spec) -> ChannelPage:
    slug, kind, title, summary, title_en, summary_en, articles = spec
    channel = ChannelPage.objects.child_of(index).filter(slug=slug).first()
    if channel is None:
        channel = make_channel(index, kind, title, slug=slug, summary=summary)
    publish_translation(channel, {title: title_en, summary: summary_en})
    for article_slug, a_title, a_summary, paragraphs, english in articles:
        article = channel.get_children().filter(slug=article_slug).first()
        if article is None:
            body = _paragraphs(paragraphs)
            if kind in ("students", "teachers"):
                body.append(("links", LINKS))
            article = make_article(
                channel, a_title, slug=article_slug, summary=a_summary, body=body
            )
        en_title, en_summary, en_paragraphs = english
        strings = {a_title: en_title, a_summary: en_summary, **LINKS_EN}
        strings.update(zip(paragraphs, en_paragraphs, strict=True))
        publish_translation(article, strings)
    return channel


def _ensure_regulations(channel: ChannelPage) -> None:
    made = {}
    for slug, title, number, authority, issued, effective, status, _s, summary, _en in REGULATIONS:
        regulation = RegulationPage.objects.child_of(channel).filter(slug=slug).first()
        if regulation is None:
            regulation = make_regulation(
                channel,
                title,
                slug=slug,
                document_number=number,
                issuing_authority=authority,
                issue_date=issued,
                effective_date=effective,
                status=status,
                summary=summary,
                full_text=f"<p>{summary}</p><p>（全文以发文机关公布的文本为准。）</p>",
            )
        made[slug] = regulation
    for slug, title, *_rest, superseded, _summary, en in REGULATIONS:
        regulation = made[slug]
        if superseded and regulation.superseded_by_id is None:
            regulation.superseded_by = made[superseded]
            regulation.save_revision().publish()
        publish_translation(
            regulation,
            {
                title: en,
                "全国人民代表大会常务委员会": "Standing Committee of the National People's Congress",
                "主席令第九十八号": "Presidential Order No. 98",
                "主席令第五十七号": "Presidential Order No. 57",
                "主席令第六十五号": "Presidential Order No. 65",
                "教基一〔2015〕5号": "Jiao Ji Yi [2015] No. 5",
                "教基〔2004〕4号": "Jiao Ji [2004] No. 4",
                "教育部": "Ministry of Education",
                **SUMMARIES_EN,
                "（全文以发文机关公布的文本为准。）": (
                    "(The text published by the issuing authority is authoritative.)"
                ),
            },
        )


def _ensure_courses(channel: ChannelPage) -> dict[str, CoursePage]:
    today = timezone.localdate()
    courses = {}
    for slug, title, teacher, audience, venue, capacity, offset, times, summary, en in COURSES:
        course = CoursePage.objects.child_of(channel).filter(slug=slug).first()
        if course is None:
            first = today + datetime.timedelta(days=offset)
            (sh, sm), (eh, em) = times
            course = make_course(
                channel,
                title,
                slug=slug,
                teacher=teacher,
                audience=audience,
                venue=venue,
                capacity=capacity,
                summary=summary,
                sessions=[
                    (first + datetime.timedelta(days=7 * n), (sh, sm), (eh, em)) for n in range(6)
                ],
                opens_days=-10,
                closes_days=offset + 7,
            )
        publish_translation(course, en)
        courses[slug] = course
    return courses


def _participants():
    User = get_user_model()
    people = []
    for email, name in PARTICIPANTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=email.split("@")[0], email=email, display_name=name)
            user.set_unusable_password()
            user.save()
        people.append(user)
    return people


def _enrol(user, course, *, waiting=False):
    if not Enrolment.objects.active().filter(course=course, user=user).exists():
        services.enrol(user, course, join_waiting_list=waiting)


def load(stdout) -> None:
    zh = Locale.objects.get(language_code="zh-hans")
    home = HomePage.objects.get(locale=zh)
    index = _ensure_index(home)
    channels = {spec[0]: _ensure_channel(index, spec) for spec in CHANNELS}
    _ensure_regulations(channels["regulations"])
    courses = _ensure_courses(channels["school"])

    full = courses[FULL_COURSE]
    for user in _participants():
        _enrol(user, full, waiting=True)
    resident = get_user_model().objects.filter(email="resident@demo.community").first()
    if resident is not None:
        _enrol(resident, full, waiting=True)
        _enrol(resident, courses["tai-chi"])
    stdout.write(
        f"Education: {len(CHANNELS)} channels, {len(REGULATIONS)} regulations, "
        f"{len(COURSES)} courses ({Enrolment.objects.active().count()} enrolments)."
    )
