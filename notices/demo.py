"""Demo notices: categories, the notice index in both languages, and thirty notices of every kind.

Runs after ``community.demo`` (the targeted notices name its grids G01-G03 and buildings such as
"3号楼"). Among the notices: exactly one urgent, two pinned, one 公示 with a display period, one
expired (kept in the archive), five for chosen grids or buildings, and eleven translated into
English. Publication dates are spread over the last four months, so the archive has several
months. Notices are keyed on their slug: a second run creates nothing.

Dates in the texts are relative ("本周六", "明天") because the dates themselves are computed from
the day the demo is loaded.
"""

import datetime

from django.utils import timezone

from wagtail.models import Locale

from community.models import Building, Grid
from home.models import HomePage
from notices.models import NoticeCategory, NoticeIndexPage, NoticePage
from portal.demo_tools import publish_translation

CATEGORIES = [
    # slug, zh, en, zh description, en description
    (
        "water-power",
        "停水停电",
        "Water and power cuts",
        "计划停水、停电、停气和抢修",
        "Planned and emergency cuts",
    ),
    (
        "events",
        "社区活动",
        "Community events",
        "文体活动、志愿服务、议事会",
        "Activities, volunteering, council meetings",
    ),
    (
        "policy",
        "政策通知",
        "Policy",
        "与居民有关的政策和办事变化",
        "Changes to policies and services",
    ),
    (
        "safety",
        "安全提示",
        "Safety",
        "防火、防诈骗、极端天气提醒",
        "Fire, fraud and weather warnings",
    ),
    (
        "public",
        "公示公告",
        "Public announcements",
        "需公示的事项和公示期",
        "Matters on public display",
    ),
]

INDEX = {
    "title": "通知公告",
    "slug": "notices",
    "intro": "社区的停水停电、活动、政策和公示，都在这里第一时间发布。",
}
INDEX_EN = {
    "通知公告": "Notices",
    "notices": "notices",
    INDEX[
        "intro"
    ]: "Water and power cuts, events, policy changes and public announcements, as soon as they are decided.",
}

SATURDAY = 5

# Each notice: slug, category (slug), days_ago (of its first publication), title, summary, body
# (paragraphs; a list is a bulleted list), and optionally:
#   urgency; pinned_days (pinned until that many days from now); display (公示期: first and last
#   day, relative to today); event (days from now, start, end, place[, weekday it moves on to]);
#   targeted_grids (codes) or targeted_buildings ((grid code, name)); expired_days_ago (expired,
#   and unpublished, that many days ago); en (title, summary, body, place: the translation).
NOTICES = [
    # -- 停水停电 ---------------------------------------------------------------------------------
    {
        "slug": "water-cut-building-3",
        "category": "water-power",
        "days_ago": 0,
        "urgency": "urgent",
        "title": "3号楼今日14:00—18:00临时停水",
        "summary": "因3号楼供水管道爆裂抢修，今天14:00至18:00停水，请提前储水。",
        "body": [
            "今天上午，3号楼地下供水主管道发生破裂，自来水公司正在抢修。为保证施工安全，3号楼全楼14:00至18:00停止供水。",
            "社区服务站一楼提供饮用水，行动不便的老人可拨打服务热线，网格员会送水上门。",
        ],
        "targeted_buildings": [("G01", "3号楼")],
        "en": {
            "title": "Water off in building 3 today, 14:00–18:00",
            "summary": "A burst main is being repaired: building 3 has no water from 14:00 to 18:00 today. Please store some water now.",
            "body": [
                "This morning the main water pipe under building 3 burst and the water company is repairing it. For the work to be safe, the whole building has no water from 14:00 to 18:00.",
                "Drinking water is available on the ground floor of the service station; older residents who cannot come can call the hotline and a grid worker will bring water to their door.",
            ],
        },
    },
    {
        "slug": "lift-maintenance-cuizhuyuan",
        "category": "water-power",
        "days_ago": 4,
        "title": "翠竹园1号楼、2号楼电梯年度检修",
        "summary": "电梯维保单位将对翠竹园1号楼、2号楼电梯进行年度检修，每部电梯停运约半天，请合理安排出行。",
        "event": (3, (8, 30), (17, 0), "翠竹园1号楼、2号楼"),
        "body": [
            "按照特种设备安全规定，电梯每年须进行一次全面检验。检修当天上午停运1号楼电梯，下午停运2号楼电梯。",
            "家中有行动不便老人、需要外出就医的，请提前告知楼门长，物业安排人员协助上下楼。",
        ],
        "targeted_buildings": [("G03", "1号楼"), ("G03", "2号楼")],
        "en": {
            "title": "Annual lift inspection in Cuizhuyuan buildings 1 and 2",
            "summary": "The lift contractor inspects the lifts of Cuizhuyuan buildings 1 and 2; each lift is out of service for about half a day.",
            "body": [
                "Safety rules require a full inspection of every lift once a year. The lift of building 1 stops in the morning, the lift of building 2 in the afternoon.",
                "If someone at home has trouble with stairs or must go to hospital that day, tell your building leader beforehand: the property staff will help them up and down.",
            ],
            "place": "Cuizhuyuan buildings 1 and 2",
        },
    },
    {
        "slug": "power-cut-hepingyuan",
        "category": "water-power",
        "days_ago": 5,
        "urgency": "important",
        "title": "和平苑小区计划停电通知",
        "summary": "供电公司检修和平苑配电室，周六8:00至16:00第二网格全部楼栋停电。",
        "event": (4, (8, 0), (16, 0), "和平苑小区（第二网格）", SATURDAY),
        "body": [
            "为消除冬季用电高峰前的安全隐患，供电公司将更换和平苑配电室老化的变压器和开关柜。",
            "停电期间电梯、二次供水水泵同时停止运行，请提前储水，关闭家中大功率电器，来电后再逐一开启。",
            "如遇紧急情况，请拨打供电抢修电话95598或社区服务热线。",
        ],
        "targeted_grids": ["G02"],
        "en": {
            "title": "Planned power cut in Hepingyuan",
            "summary": "The power company services the Hepingyuan substation: every building of grid 2 has no power on Saturday from 8:00 to 16:00.",
            "body": [
                "Before the winter peak, the power company replaces the old transformer and switchgear in the Hepingyuan substation.",
                "Lifts and the water pumps stop too. Please store water, switch off heavy appliances, and switch them on one by one when the power is back.",
                "In an emergency, call the power company on 95598 or the community hotline.",
            ],
            "place": "Hepingyuan (grid 2)",
        },
    },
    {
        "slug": "gas-safety-check-cuizhuyuan",
        "category": "water-power",
        "days_ago": 12,
        "title": "翠竹园小区燃气管道入户安全检查",
        "summary": "燃气公司下周一至周五入户检查燃气管道和灶具连接管，请家中留人配合。",
        "body": [
            "检查内容：燃气表、立管和灶具连接软管是否老化漏气，热水器烟道是否通畅。检查免费，不推销任何产品。",
            "检查人员统一穿工装、佩戴工作证，并由网格员陪同。对冒充燃气公司上门推销报警器、收取费用的，请立即拨打110。",
            [
                "上午：9:00—11:30",
                "下午：14:00—17:00",
                "白天无人在家的，可与网格员另约晚间时间",
            ],
        ],
        "targeted_grids": ["G03"],
    },
    {
        "slug": "heating-trial-run",
        "category": "water-power",
        "days_ago": 20,
        "title": "冬季供暖试运行，请检查家中暖气阀门",
        "summary": "热力公司开始注水试运行，请居民在家检查暖气片和阀门，发现漏水及时报修。",
        "body": [
            "试运行期间管网压力会有波动，个别暖气片不热属正常现象。请不要自行拆卸阀门或放水。",
            "发现跑冒滴漏，请关闭进水阀门并拨打热力公司报修电话；独居老人家中由楼门长协助检查。",
        ],
        "en": {
            "title": "Heating trial run: please check your radiators",
            "summary": "The heating company is filling the network for a trial run. Please check your radiators and valves and report any leak.",
            "body": [
                "Pressure varies during the trial, so a radiator that stays cold is normal for now. Please do not take valves apart or drain water yourself.",
                "If water leaks, close the inlet valve and call the heating company. Building leaders help older people who live alone to check their radiators.",
            ],
        },
    },
    {
        "slug": "water-tank-cleaning",
        "category": "water-power",
        "days_ago": 48,
        "title": "二次供水水箱清洗消毒，部分楼栋短时停水",
        "summary": "物业对幸福里、和平苑二次供水水箱进行半年一次的清洗消毒，各楼栋停水约4小时。",
        "body": [
            "清洗后由疾控部门采样检测，水质检测报告张贴在各单元公告栏，也可到社区服务站查阅。",
            "恢复供水后，请先打开水龙头放水2—3分钟再使用。",
        ],
    },
    # -- 社区活动 ---------------------------------------------------------------------------------
    {
        "slug": "council-meeting-december",
        "category": "events",
        "days_ago": 1,
        "pinned_days": 20,
        "title": "居民议事会：讨论小区停车管理方案",
        "summary": "居民议事会周六上午9:30在党群服务中心二楼召开（日期见下方），欢迎每户派代表参加。",
        "event": (10, (9, 30), (11, 30), "党群服务中心二楼会议室", SATURDAY),
        "body": [
            "议事会将讨论小区停车管理方案（草案），包括夜间临时停车、充电桩位置和收费标准。",
            "不能到场的居民，可在议事会前把意见交给楼门长，或拨打服务热线留言。",
        ],
        "en": {
            "title": "Residents' council: the parking plan",
            "summary": "The residents' council meets on Saturday at 9:30 on the first floor of the service centre (date below). Every household is welcome to send someone.",
            "body": [
                "The council will discuss the draft parking plan: overnight parking, where charging points go and what parking costs.",
                "If you cannot come, give your views to your building leader beforehand or leave a message on the hotline.",
            ],
            "place": "Meeting room, first floor, community service centre",
        },
    },
    {
        "slug": "calligraphy-class-winter",
        "category": "events",
        "days_ago": 6,
        "title": "“墨香社区”书法公益课冬季班开始报名",
        "summary": "书法公益课冬季班每周六下午上课，共8次，免费提供笔墨纸砚，限30人。",
        "event": (5, (14, 30), (16, 30), "社区文化活动室（党群服务中心三楼）", SATURDAY),
        "body": [
            "课程由区书法家协会会员授课，从楷书基本笔画学起，适合零基础的成年居民，老年朋友优先。",
            "报名请到社区服务站登记，或在“我的门户”的课程页面报名。名额满后进入候补名单。",
        ],
        "en": {
            "title": "Calligraphy classes: winter term open for enrolment",
            "summary": "Free calligraphy classes on Saturday afternoons, eight sessions, brushes, ink and paper provided; 30 places.",
            "body": [
                "A member of the district calligraphers' association teaches regular script from the first strokes. Beginners are welcome and older residents come first.",
                "Enrol at the service station or on the course page in \u201cmy portal\u201d. When the class is full you join the waiting list.",
            ],
            "place": "Community activity room (service centre, second floor)",
        },
    },
    {
        "slug": "volunteer-day",
        "category": "events",
        "days_ago": 15,
        "title": "“邻里守望”志愿服务日招募志愿者",
        "summary": "本月志愿服务日将清理楼道杂物、探访独居老人，欢迎居民和在校学生报名。",
        "event": (-8, (9, 0), (11, 30), "党群服务中心门前集合"),
        "body": [
            "服务内容：清理楼道和自行车棚的杂物；为独居老人检查燃气和电器；在小区门口开展反诈宣传。",
            "参加志愿服务可在“志愿汇”记录时长，学生可开具社会实践证明。",
        ],
        "en": {
            "title": "Good neighbours volunteer day: volunteers wanted",
            "summary": "This month's volunteer day clears stairwells and visits older people living alone. Residents and students are welcome.",
            "body": [
                "What we do: clear stairwells and bicycle sheds; check gas and appliances for older people who live alone; tell residents at the gate how to spot fraud.",
                "Hours are recorded in the volunteering app, and students can get a certificate of community service.",
            ],
            "place": "Meet in front of the community service centre",
        },
    },
    {
        "slug": "smartphone-class-seniors",
        "category": "events",
        "days_ago": 34,
        "title": "银龄课堂：老年人智能手机使用培训",
        "summary": "手把手教老年人用手机挂号、缴费、视频通话和识别诈骗短信，每期4次课。",
        "event": (-27, (9, 30), (11, 0), "社区老年活动中心"),
        "body": [
            "本期课程：第一课 微信视频和语音；第二课 手机挂号和查看检查报告；第三课 缴纳水电燃气费；第四课 识别诈骗电话和短信。",
            "请带上自己的手机和充电器。子女可陪同参加。",
        ],
    },
    {
        "slug": "table-tennis-friendly",
        "category": "events",
        "days_ago": 42,
        "title": "社区乒乓球友谊赛报名开始",
        "summary": "三个网格组队参赛，设男子、女子和老年组，报名截止到下周五。",
        "event": (-33, (14, 0), (17, 0), "和平苑健身广场"),
        "body": [
            "比赛采用单打淘汰制，球拍可自备也可现场借用。比赛期间请注意补水，量力而行。",
        ],
    },
    {
        "slug": "neighbourhood-garden-party",
        "category": "events",
        "days_ago": 70,
        "title": "“月圆邻里情”社区游园会",
        "summary": "猜灯谜、做月饼、邻里百家宴，欢迎全家参加。",
        "event": (-61, (18, 30), (21, 0), "幸福里中心花园"),
        "body": [
            "活动当天设置猜灯谜、亲子手工月饼、非遗剪纸体验和邻里百家宴等环节。",
            "百家宴请每户带一道拿手菜，社区提供餐具和饮料。请自觉带走垃圾，做到垃圾分类。",
        ],
    },
    {
        "slug": "summer-reading-show",
        "category": "events",
        "days_ago": 110,
        "title": "暑期少儿阅读活动成果展",
        "summary": "社区书屋暑期阅读营的孩子们将展示读书笔记、绘画和故事表演。",
        "event": (-104, (15, 0), (17, 0), "社区书屋"),
        "body": [
            "成果展期间，社区书屋延长开放时间至晚上8点，欢迎家长带孩子借阅图书。",
        ],
    },
    # -- 政策通知 ---------------------------------------------------------------------------------
    {
        "slug": "waste-sorting-grid-1",
        "category": "policy",
        "days_ago": 3,
        "title": "幸福里垃圾分类定时定点投放开始实行",
        "summary": "从下周一起，第一网格厨余垃圾每天7:00—9:00、18:00—20:00在指定投放点定时投放，志愿者现场督导。",
        "body": [
            "各楼栋原有的垃圾桶将撤除，统一到小区东门、3号楼北侧和6号楼西侧三个投放点投放。",
            "厨余垃圾请去袋后投放，塑料袋投入其他垃圾桶。投放时间以外可投放至东门24小时投放亭。",
        ],
        "targeted_grids": ["G01"],
        "en": {
            "title": "Xingfuli: waste sorting at set times and places",
            "summary": "From next Monday, grid 1 puts out food waste at the collection points from 7:00 to 9:00 and 18:00 to 20:00, with volunteers on hand.",
            "body": [
                "The bins at each building are removed. Please use the three collection points: the east gate, north of building 3 and west of building 6.",
                "Empty food waste out of its bag and put the bag in the residual waste bin. Outside those hours, use the 24-hour kiosk at the east gate.",
            ],
        },
    },
    {
        "slug": "parking-plan-draft",
        "category": "policy",
        "days_ago": 8,
        "title": "小区停车管理方案（草案）征求意见",
        "summary": "业委会和物业拟定了停车管理方案草案，现向全体居民征求意见，意见将提交居民议事会讨论。",
        "body": [
            "草案要点：每户登记一辆车享受居民停车价；夜间外来车辆临时停车不超过12小时；在2号楼和5号楼之间新增12个充电车位。",
            "草案全文张贴在各单元公告栏，也可在社区服务站领取。意见可写在意见卡上投入服务站意见箱，或在议事会前交给楼门长。",
        ],
        "en": {
            "title": "Draft parking plan: your views, please",
            "summary": "The owners' committee and the property company have drafted a parking plan. Tell us what you think before the residents' council discusses it.",
            "body": [
                "In short: one registered car per household parks at the residents' rate; visitors' cars may stay overnight for at most 12 hours; 12 charging spaces are added between buildings 2 and 5.",
                "The full draft is on the notice board of every entrance and at the service station. Put your comments in the box at the service station, or give them to your building leader before the council meets.",
            ],
        },
    },
    {
        "slug": "medical-insurance-2027",
        "category": "policy",
        "days_ago": 9,
        "urgency": "important",
        "title": "2027年度城乡居民医保集中缴费开始",
        "summary": "2027年度城乡居民基本医疗保险集中缴费期已开始，请未参加职工医保的居民按时缴费。",
        "body": [
            "缴费方式：通过“国家医保服务平台”App、微信或支付宝的“医保缴费”、银行网点，或到社区服务站由工作人员协助缴费。",
            "低保对象、特困人员、重度残疾人等由政府资助参保，个人无需缴费，请到社区服务站确认资助名单。",
            "集中缴费期结束后再缴费的，待遇享受有等待期，请务必按时缴费。",
        ],
        "en": {
            "title": "Resident medical insurance for 2027: pay now",
            "summary": "Payment for the 2027 basic medical insurance for residents has opened. If you are not insured through an employer, please pay in time.",
            "body": [
                "Pay in the national medical insurance app, through \u201cmedical insurance payment\u201d in WeChat or Alipay, at a bank, or at the service station where staff can help.",
                "People on minimum living allowance, in extreme hardship or with severe disabilities are paid for by the government. Please check the list at the service station.",
                "If you pay after the collection period, there is a waiting period before the insurance covers you.",
            ],
        },
    },
    {
        "slug": "dibao-annual-review",
        "category": "policy",
        "days_ago": 26,
        "title": "2026年度最低生活保障家庭年度复核通知",
        "summary": "请享受低保的家庭在本月底前到社区服务站申报家庭收入、财产变化情况。",
        "body": [
            "年度复核需要携带：户口簿、家庭成员身份证、近三个月收入证明、银行账户流水。",
            "行动不便的家庭，可预约网格员上门办理。复核结果将在社区公告栏公示7天。",
            "故意隐瞒收入、财产骗取低保金的，将依法追回并记入信用记录。",
        ],
    },
    {
        "slug": "senior-allowance-certification",
        "category": "policy",
        "days_ago": 55,
        "title": "高龄津贴领取人员年度资格认证",
        "summary": "80周岁以上领取高龄津贴的老人，请在下月底前完成年度资格认证。",
        "body": [
            "认证方式：本人或家属用手机App人脸识别认证；不会操作的，可到社区服务站由工作人员协助；卧床老人可预约上门认证。",
            "逾期未认证的，将暂停发放高龄津贴，认证后恢复并补发。",
        ],
    },
    {
        "slug": "residence-permit-window",
        "category": "policy",
        "days_ago": 85,
        "title": "居住证办理窗口调整到党群服务中心一楼",
        "summary": "自下周一起，居住证申领、签注业务统一在党群服务中心一楼综合窗口办理。",
        "body": [
            "办理时间为工作日上午9:00—12:00、下午13:30—17:00，周六上午值班窗口可办理签注。",
            "所需材料和办理流程见“办事指南”栏目中的《居住证办理》。",
        ],
    },
    # -- 安全提示 ---------------------------------------------------------------------------------
    {
        "slug": "ebike-charging-ban",
        "category": "safety",
        "days_ago": 39,
        "title": "严禁电动自行车进楼入户、飞线充电",
        "summary": "电动自行车请到小区集中充电棚充电，楼道、电梯内停放的将由物业劝离。",
        "body": [
            "电动自行车电池起火速度快、毒烟浓，楼道内起火会堵塞逃生通道。",
            "小区已建成4处集中充电棚，共96个充电口，刷卡或扫码充电，每小时不超过0.5元。",
        ],
    },
    {
        "slug": "winter-fire-safety",
        "category": "safety",
        "days_ago": 11,
        "title": "冬季防火：楼道堆物集中清理行动",
        "summary": "社区和物业将集中清理楼道、消防通道内的堆放物，请居民提前自行清理。",
        "body": [
            "楼道内的纸箱、旧家具、花盆等会阻挡疏散，一旦起火后果严重。请在本周五前自行清理。",
            "使用取暖器请远离窗帘、被褥，人走断电。家中老人独居的，网格员将上门检查。",
        ],
    },
    {
        "slug": "flu-vaccination-over-60",
        "category": "safety",
        "days_ago": 17,
        "title": "60岁以上老人免费接种流感疫苗",
        "summary": "社区卫生服务站为本辖区60周岁以上老人免费接种流感疫苗，请携带身份证和医保卡。",
        "event": (2, (8, 30), (11, 30), "社区卫生服务站二楼接种室"),
        "body": [
            "接种前请如实告知健康状况；正在发热或慢性病急性发作的，请待康复后再接种。",
            "接种后须在现场留观30分钟。接种当天保持接种部位干燥，避免剧烈运动。",
        ],
        "en": {
            "title": "Free flu vaccination for residents over 60",
            "summary": "The community health station vaccinates residents aged 60 and over against flu free of charge. Bring your ID card and medical insurance card.",
            "body": [
                "Tell the nurse how you are: if you have a fever or a chronic illness has flared up, come back when you are well.",
                "Stay for 30 minutes after the injection. Keep the spot dry that day and avoid strenuous exercise.",
            ],
            "place": "Vaccination room, first floor, community health station",
        },
    },
    {
        "slug": "anti-fraud-seniors",
        "category": "safety",
        "days_ago": 29,
        "urgency": "important",
        "title": "警惕以“养老服务”“保健品”为名的诈骗",
        "summary": "近期有不法分子以免费体检、养老公寓投资、高价回收保健品为名骗取老人钱财，请提高警惕。",
        "body": [
            "常见骗局：免费旅游和讲座后推销“神药”；以“养老项目”“以房养老”为名高息集资；冒充医保局工作人员说医保卡异常。",
            "记住“三不一多”：不轻信、不透露、不转账，多核实。拿不准的，先问子女或拨打反诈专线96110。",
        ],
        "en": {
            "title": "Beware of fraud dressed up as elderly care or health products",
            "summary": "Fraudsters are taking older people's money with free health checks, care home investments and offers to buy back health products. Please be careful.",
            "body": [
                "Typical tricks: a free trip or talk that ends in selling \u201cmiracle cures\u201d; high-interest \u201celderly care projects\u201d; callers pretending to be from the medical insurance office.",
                "Do not believe, do not give details, do not transfer money, and check first. When unsure, ask your children or call the anti-fraud line 96110.",
            ],
        },
    },
    {
        "slug": "rainstorm-warning",
        "category": "safety",
        "days_ago": 75,
        "urgency": "important",
        "title": "受台风外围影响，今明两天有暴雨大风",
        "summary": "气象台发布暴雨黄色预警，请居民收好阳台花盆、杂物，非必要不外出。",
        "body": [
            "请检查门窗是否关好，阳台、窗台上的花盆和杂物请搬回室内；车辆请不要停在低洼处和大树下。",
            "地下车库和一层住户请做好防水准备。如遇险情请拨打119或社区24小时值班电话。",
        ],
    },
    {
        "slug": "heat-warning",
        "category": "safety",
        "days_ago": 118,
        "urgency": "important",
        "title": "高温橙色预警：请减少午间外出",
        "summary": "未来三天最高气温将达38℃以上，老人、儿童和慢性病患者请避免在11:00—16:00外出。",
        "body": [
            "社区党群服务中心一楼开放“清凉驿站”，提供饮用水、防暑药品和休息座椅。",
            "网格员将每天电话问候独居老人。发现有人中暑，请移到阴凉处并拨打120。",
        ],
    },
    # -- 公示公告 ---------------------------------------------------------------------------------
    {
        "slug": "public-fund-projects-2027",
        "category": "public",
        "days_ago": 2,
        "pinned_days": 10,
        "display": (-2, 5),
        "title": "关于2027年社区公益金拟支持项目的公示",
        "summary": "经居民议事会推荐，拟用社区公益金支持以下3个项目，现予公示，公示期7天。",
        "body": [
            "拟支持项目：一、老旧楼道照明改造（5.2万元）；二、“银龄课堂”智能手机培训（1.8万元）；三、儿童游乐区地面翻新（3.6万元）。",
            "公示期内如有异议，请以书面形式或拨打服务热线向居委会反映。",
        ],
    },
    {
        "slug": "finance-report-q3",
        "category": "public",
        "days_ago": 45,
        "title": "社区居委会第三季度财务收支情况公开",
        "summary": "第三季度居委会办公经费、公益金和活动经费收支明细已在公告栏和“财务公开”栏目公开。",
        "body": [
            "本季度收入合计8.6万元，支出合计7.9万元，主要用于楼道照明维修、老年活动中心水电和志愿服务保险。",
            "居民对收支有疑问的，可在工作日到社区服务站查阅凭证，或向居务监督委员会反映。",
        ],
    },
    {
        "slug": "service-station-hours-change",
        "category": "public",
        "days_ago": 58,
        "expired_days_ago": 52,
        "title": "社区服务站本周四下午暂停办理业务",
        "summary": "因政务服务系统升级，本周四下午社区服务站暂停办理各类业务，周五起恢复正常。",
        "body": [
            "暂停期间，急需办理的事项请拨打服务热线预约，工作人员将在系统恢复后优先办理。",
        ],
    },
    {
        "slug": "power-upgrade-completed",
        "category": "public",
        "days_ago": 100,
        "title": "幸福里小区电力增容改造工程竣工公告",
        "summary": "幸福里小区电力增容改造工程已完工并通过验收，每户用电容量由4千瓦提高到8千瓦。",
        "body": [
            "工程共更换变压器2台、入户线缆1.2万米，施工期间给大家带来的不便，敬请谅解。",
            "如家中仍出现跳闸，请联系物业检查户内线路。",
        ],
    },
    {
        "slug": "staff-duties",
        "category": "public",
        "days_ago": 95,
        "title": "社区工作人员分工及联系方式公告",
        "summary": "居委会根据换届后的工作安排调整了人员分工，各网格员和联系方式公告如下。",
        "body": [
            [
                "第一网格（幸福里）：网格员王芳，负责1—7号楼",
                "第二网格（和平苑）：网格员刘强，负责1—7号楼及沿街商铺楼上住户",
                "第三网格（翠竹园）：网格员陈静，负责1—6号楼",
            ],
            "社区服务热线工作日8:30—17:30有人接听，其余时间转值班手机。",
        ],
    },
]


# English of the notices above that carry no "en" of their own, by slug.
NOTICES_EN = {
    "gas-safety-check-cuizhuyuan": {
        "title": "Gas pipe safety checks in Cuizhuyuan homes",
        "summary": "From Monday to Friday next week the gas company checks the pipes and cooker hoses in every flat: please make sure someone is at home.",
        "body": [
            "What is checked: the gas meter, the riser pipe and the cooker hose for wear and leaks, and the water heater flue. The check is free and nothing is sold.",
            "The inspectors wear uniforms and ID badges and come with a grid worker. If anyone claiming to be from the gas company tries to sell you an alarm or asks for money, call 110 at once.",
            [
                "Mornings: 9:00–11:30",
                "Afternoons: 14:00–17:00",
                "If nobody is at home in the daytime, arrange an evening visit with your grid worker",
            ],
        ],
    },
    "water-tank-cleaning": {
        "title": "Water tanks cleaned: short water cuts in some buildings",
        "summary": "The property manager cleans and disinfects the rooftop water tanks of Xingfuli and Hepingyuan, as every six months; each building is without water for about 4 hours.",
        "body": [
            "After cleaning, the disease control centre tests the water; the report is posted on the notice board of each stairwell and can be seen at the community service station.",
            "When the water comes back, let the tap run for 2–3 minutes before using it.",
        ],
    },
    "smartphone-class-seniors": {
        "title": "Silver class: smartphone training for older residents",
        "summary": "Step by step, older residents learn to book hospital appointments, pay bills, make video calls and spot scam messages on their phones; 4 lessons per course.",
        "body": [
            "This course: lesson 1, WeChat video and voice calls; lesson 2, booking appointments and reading test results; lesson 3, paying water, power and gas bills; lesson 4, spotting scam calls and messages.",
            "Bring your own phone and charger. Sons and daughters are welcome to come along.",
        ],
        "place": "Community seniors' activity centre",
    },
    "table-tennis-friendly": {
        "title": "Sign up for the community table tennis friendly",
        "summary": "Teams from the three grids compete in men's, women's and seniors' groups; sign up by Friday next week.",
        "body": [
            "Singles, knock-out. Bring your own bat or borrow one on the day. Drink plenty of water during the games and play within your limits.",
        ],
        "place": "Hepingyuan fitness square",
    },
    "neighbourhood-garden-party": {
        "title": "Full Moon neighbourhood garden party",
        "summary": "Lantern riddles, mooncake making and a neighbours' potluck: the whole family is welcome.",
        "body": [
            "On the day: lantern riddles, mooncake making for parents and children, paper-cutting (a traditional craft) and a neighbours' potluck.",
            "For the potluck, each household brings its best dish; the community provides plates and drinks. Please take your rubbish with you and sort it.",
        ],
        "place": "Xingfuli central garden",
    },
    "summer-reading-show": {
        "title": "Children's summer reading show",
        "summary": "Children from the community reading room's summer camp show their reading notes, drawings and story performances.",
        "body": [
            "During the show the reading room stays open until 8 pm: parents are welcome to borrow books with their children.",
        ],
        "place": "Community reading room",
    },
    "dibao-annual-review": {
        "title": "2026 annual review of households on the minimum living allowance",
        "summary": "Households receiving the minimum living allowance: please report changes in income and assets at the community service station by the end of this month.",
        "body": [
            "Bring: the household register, the ID cards of household members, proof of income for the last three months and bank statements.",
            "Households who cannot get about can book a home visit by their grid worker. The results are posted on the community notice board for 7 days.",
            "An allowance obtained by hiding income or assets is recovered under the law and recorded in the credit record.",
        ],
    },
    "senior-allowance-certification": {
        "title": "Annual check for the allowance for residents over 80",
        "summary": "Residents over 80 receiving the allowance for the very old: please complete this year's check by the end of next month.",
        "body": [
            "How: you or a relative verify by face recognition in the mobile app; if you cannot use it, staff at the community service station help you; residents confined to bed can book a home visit.",
            "Without the check the allowance is suspended; it resumes, with back payments, once the check is done.",
        ],
    },
    "residence-permit-window": {
        "title": "Residence permit window moves to the Community Service Centre, ground floor",
        "summary": "From next Monday, residence permit applications and renewals are handled at the general window on the ground floor of the Community Service Centre.",
        "body": [
            "Open on working days 9:00–12:00 and 13:30–17:00; on Saturday mornings the duty window handles renewals.",
            'Documents and steps: see "Residence permit" under Service guides.',
        ],
    },
    "ebike-charging-ban": {
        "title": "No e-bikes in stairwells or homes, no charging cables from windows",
        "summary": "Charge e-bikes at the estate's charging shelters; e-bikes parked in stairwells or lifts will be moved by the property staff.",
        "body": [
            "E-bike batteries catch fire fast and give off thick, toxic smoke; a fire in a stairwell blocks the way out.",
            "The estate has 4 charging shelters with 96 sockets; pay by card or by scanning a code, at most 0.5 yuan an hour.",
        ],
    },
    "winter-fire-safety": {
        "title": "Winter fire safety: clearing stairwells",
        "summary": "The community and the property manager will clear everything stored in stairwells and fire escapes; please clear your own things first.",
        "body": [
            "Boxes, old furniture and flower pots in stairwells block the way out and make a fire far worse. Please clear them by this Friday.",
            "Keep heaters away from curtains and bedding and switch them off when you go out. Grid workers will visit older residents who live alone to check.",
        ],
    },
    "rainstorm-warning": {
        "title": "Heavy rain and strong wind today and tomorrow from the edge of a typhoon",
        "summary": "The weather service has issued a yellow rainstorm warning: bring in pots and loose things from balconies, and stay in unless you must go out.",
        "body": [
            "Check that doors and windows are shut and bring pots and things on balconies and window sills indoors; do not park in low-lying places or under big trees.",
            "Residents of ground floors and users of the underground car park, prepare for water. In danger call 119 or the community's 24-hour duty phone.",
        ],
    },
    "heat-warning": {
        "title": "Orange heat warning: stay in at midday",
        "summary": "Highs above 38 °C for the next three days: older people, children and people with chronic illness should avoid going out from 11:00 to 16:00.",
        "body": [
            "A cool room is open on the ground floor of the Community Service Centre, with drinking water, medicine for heatstroke and seats.",
            "Grid workers call older residents who live alone every day. If someone has heatstroke, move them into the shade and call 120.",
        ],
    },
    "public-fund-projects-2027": {
        "title": "Projects proposed for the 2027 community public fund",
        "summary": "On the residents' council's recommendation, the community public fund is to support the 3 projects below; they are posted for 7 days.",
        "body": [
            'Proposed projects: 1. new lighting for old stairwells (52,000 yuan); 2. "Silver class" smartphone training (18,000 yuan); 3. a new surface for the children\'s play area (36,000 yuan).',
            "If you object, write to the residents' committee or call the service hotline within the posting period.",
        ],
    },
    "finance-report-q3": {
        "title": "Residents' committee income and spending, third quarter",
        "summary": "The details of the committee's office budget, public fund and activity budget for the third quarter are on the notice board and under Fund disclosures.",
        "body": [
            "Income this quarter was 86,000 yuan and spending 79,000 yuan, mainly on stairwell lighting repairs, power and water for the seniors' activity centre, and insurance for volunteers.",
            "Residents with questions can see the vouchers at the community service station on working days, or ask the residents' oversight committee.",
        ],
    },
    "service-station-hours-change": {
        "title": "Community service station closed on Thursday afternoon",
        "summary": "Because the government service system is being upgraded, the community service station handles no business on Thursday afternoon; back to normal on Friday.",
        "body": [
            "If something is urgent, book by calling the service hotline: staff will handle it first once the system is back.",
        ],
    },
    "power-upgrade-completed": {
        "title": "Xingfuli power upgrade completed",
        "summary": "The power upgrade of Xingfuli is finished and has passed inspection: every flat's supply rises from 4 kW to 8 kW.",
        "body": [
            "2 transformers and 12,000 metres of cable to the flats were replaced. Thank you for your patience during the work.",
            "If your power still trips, ask the property manager to check the wiring in your flat.",
        ],
    },
    "staff-duties": {
        "title": "Who does what: community staff and how to reach them",
        "summary": "After the election, the residents' committee has rearranged its staff's duties; the grid workers and their contacts are below.",
        "body": [
            [
                "Grid 1 (Xingfuli): grid worker Wang Fang, buildings 1–7",
                "Grid 2 (Hepingyuan): grid worker Liu Qiang, buildings 1–7 and the flats above the street-front shops",
                "Grid 3 (Cuizhuyuan): grid worker Chen Jing, buildings 1–6",
            ],
            "The community service hotline is answered on working days 8:30–17:30, at other times by the duty mobile.",
        ],
    },
}


def _rich_text(item) -> str:
    if isinstance(item, list):
        return "<ul>" + "".join(f"<li>{text}</li>" for text in item) + "</ul>"
    return f"<p>{item}</p>"


def _body(items):
    return [("paragraph", _rich_text(item)) for item in items]


def english_of(spec: dict) -> dict | None:
    return spec.get("en") or NOTICES_EN.get(spec["slug"])


def _english(spec: dict) -> dict[str, str]:
    """Source text -> English, for ``publish_translation``."""
    english = english_of(spec)
    strings = {spec["title"]: english["title"], spec["summary"]: english["summary"]}
    for source, translated in zip(spec["body"], english["body"], strict=True):
        if isinstance(source, list):  # a list: one segment per item
            strings.update(zip(source, translated, strict=True))
        else:
            strings[source] = translated
    if "place" in english:
        strings[spec["event"][3]] = english["place"]
    return strings


def _event_day(now: datetime.datetime, days: int, weekday: int | None) -> datetime.datetime:
    day = timezone.localtime(now + datetime.timedelta(days=days))
    if weekday is not None:
        day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    return day


def ensure_categories(zh: Locale, en: Locale) -> dict[str, NoticeCategory]:
    categories = {}
    for order, (slug, name, name_en, description, description_en) in enumerate(CATEGORIES):
        category, _created = NoticeCategory.objects.get_or_create(
            slug=slug,
            locale=zh,
            defaults={"name": name, "description": description, "sort_order": order},
        )
        if category.get_translation_or_none(en) is None:
            translated = category.copy_for_translation(en)
            translated.name = name_en
            translated.description = description_en
            translated.save()
        categories[slug] = category
    return categories


def ensure_index(home: HomePage) -> NoticeIndexPage:
    index = NoticeIndexPage.objects.child_of(home).first()
    if index is None:
        index = NoticeIndexPage(
            title=INDEX["title"], slug=INDEX["slug"], intro=INDEX["intro"], show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    publish_translation(index, INDEX_EN)
    return index


def create_notice(
    spec: dict, index: NoticeIndexPage, categories: dict[str, NoticeCategory], now
) -> NoticePage:
    """Create, publish and backdate one notice (and expire it, if the spec says so)."""
    notice = NoticePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        body=_body(spec["body"]),
        category=categories[spec["category"]],
        urgency=spec.get("urgency", "normal"),
    )
    if "pinned_days" in spec:
        notice.pinned_until = now + datetime.timedelta(days=spec["pinned_days"])
    if "event" in spec:
        days, (start_h, start_m), (end_h, end_m), place, *weekday = spec["event"]
        day = _event_day(now, days, weekday[0] if weekday else None)
        notice.event_start = day.replace(hour=start_h, minute=start_m, second=0, microsecond=0)
        notice.event_end = day.replace(hour=end_h, minute=end_m, second=0, microsecond=0)
        notice.event_place = place
    if "display" in spec:
        start, end = spec["display"]
        today = timezone.localdate()
        notice.display_start = today + datetime.timedelta(days=start)
        notice.display_end = today + datetime.timedelta(days=end)
    index.add_child(instance=notice)
    if spec.get("targeted_buildings"):
        notice.audience = "targeted"
        notice.buildings.set(
            [Building.objects.get(grid__code=g, name=b) for g, b in spec["targeted_buildings"]]
        )
    if spec.get("targeted_grids"):
        notice.audience = "targeted"
        notice.grids.set(Grid.objects.filter(code__in=spec["targeted_grids"]))
    notice.save_revision().publish()
    if "expired_days_ago" in spec:
        # What Wagtail's publish_scheduled does when expire_at has passed.
        notice = NoticePage.objects.get(pk=notice.pk)
        notice.expire_at = now - datetime.timedelta(days=spec["expired_days_ago"])
        notice.unpublish(set_expired=True)
    published = now - datetime.timedelta(days=spec["days_ago"], hours=1)
    NoticePage.objects.filter(pk=notice.pk).update(
        first_published_at=published, last_published_at=published
    )
    return notice


def translate_notice(notice: NoticePage, spec: dict, en: Locale) -> bool:
    """Publish the English translation once, dated like the original. True when created now."""
    if notice.get_translation_or_none(en) is not None:
        return False
    translated = publish_translation(notice, _english(spec))
    original = NoticePage.objects.values(
        "first_published_at", "last_published_at", "live", "expired", "expire_at"
    ).get(pk=notice.pk)
    if not original["live"]:
        # An expired notice: its translation expires with it.
        translated = NoticePage.objects.get(pk=translated.pk)
        translated.expire_at = original["expire_at"]
        translated.unpublish(set_expired=original["expired"])
    NoticePage.objects.filter(pk=translated.pk).update(
        first_published_at=original["first_published_at"],
        last_published_at=original["last_published_at"],
    )
    return True


def load(stdout) -> None:
    zh = Locale.objects.get(language_code="zh-hans")
    en = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=zh)
    categories = ensure_categories(zh, en)
    index = ensure_index(home)
    now = timezone.now()
    existing = {
        notice.slug: notice
        for notice in NoticePage.objects.child_of(index).filter(
            slug__in=[spec["slug"] for spec in NOTICES]
        )
    }
    created = translated = 0
    for spec in NOTICES:
        notice = existing.get(spec["slug"])
        if notice is None:
            notice = create_notice(spec, index, categories, now)
            created += 1
        if english_of(spec):
            translated += translate_notice(notice, spec, en)
    stdout.write(
        f"Notices: {len(CATEGORIES)} categories, {len(NOTICES)} notices ({created} new, "
        f"{translated} new translations)."
    )
