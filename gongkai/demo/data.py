"""Reference data for the demo: the five governments of the seed notices, their departments and
townships, and the vocabulary the generated records are written in. Pure data, no ORM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Office hours of the 第十二条 contact data. Xinjiang works on Beijing time two hours "late".
HOURS_XINJIANG = "周一至周五 10:00-14:00，16:00-19:30（北京时间，法定节假日除外）"
HOURS_NORTHEAST = "周一至周五 8:30-11:30，13:30-17:00（法定节假日除外）"


@dataclass(frozen=True)
class DepartmentSpec:
    code: str  # slug suffix: changji-fgw
    name: str
    short_name: str
    aliases: tuple[str, ...]
    doc_code: str  # 文号 part after the government's: 昌市 + 发改 + 发
    profile: str  # which columns and titles suit it (PROFILE_COLUMNS)


@dataclass(frozen=True)
class TownshipSpec:
    code: str
    name: str
    short_name: str
    doc_prefix: str  # 榆镇发
    street: str  # 榆树沟镇振兴路, after the government's postal prefix


@dataclass(frozen=True)
class GovernmentSpec:
    slug: str
    name: str
    short_name: str
    place: str  # how documents name the area: 昌吉市
    level: str
    region_code: str  # 行政区划代码, six digits
    doc_code: str  # 昌市 → 昌市政办发〔2024〕12号
    office_name: str
    address: str
    street: str  # the road departments sit along: 延安北路
    postal_prefix: str  # 新疆昌吉回族自治州昌吉市
    postcode: str
    area_code: str
    hours: str
    departments: tuple[DepartmentSpec, ...]
    townships: tuple[TownshipSpec, ...] = ()
    aliases: tuple[str, ...] = ()


def _dept(code: str, name: str, aliases: str, doc_code: str, profile: str) -> DepartmentSpec:
    """``aliases`` is space-separated; the first one is also the short name."""
    names = tuple(aliases.split())
    return DepartmentSpec(code, name, names[0], names, doc_code, profile)


# 行政复议法 (2023) 第二十四条、第二十八条: the government reviewing each demo government's acts
# (not on the platform; a province reviews its own) and each 司法局's 上一级司法行政部门.
REVIEWING = {
    "jilin": ("", "中华人民共和国司法部"),
    "chaoyang": ("辽宁省人民政府", "辽宁省司法厅"),
    "changji": ("昌吉回族自治州人民政府", "昌吉回族自治州司法局"),
    "kuitun": ("伊犁哈萨克自治州人民政府", "伊犁哈萨克自治州司法局"),
    "luntai": ("巴音郭楞蒙古自治州人民政府", "巴音郭楞蒙古自治州司法局"),
}

GOVERNMENTS: tuple[GovernmentSpec, ...] = (
    GovernmentSpec(
        slug="jilin",
        name="吉林省人民政府",
        short_name="吉林省政府",
        place="吉林省",
        level="province",
        region_code="220000",
        doc_code="吉",
        office_name="吉林省人民政府办公厅政务公开处",
        address="吉林省长春市朝阳区新发路1号",
        street="新发路",
        postal_prefix="吉林省长春市朝阳区",
        postcode="130051",
        area_code="0431",
        hours=HOURS_NORTHEAST,
        aliases=("省政府",),
        departments=(
            _dept("bgt", "吉林省人民政府办公厅", "省政府办公厅 政府办公厅", "政办", "office"),
            _dept("zsj", "吉林省政务服务和数字化建设管理局", "省政数局 政数局", "政数", "services"),
            _dept("wjw", "吉林省卫生健康委员会", "省卫健委 卫健委", "卫健", "health"),
            _dept("yjt", "吉林省应急管理厅", "省应急厅 省应急管理厅 应急厅", "应急", "emergency"),
            _dept("sthjt", "吉林省生态环境厅", "省生态环境厅 生态环境厅", "环", "environment"),
            _dept("jyt", "吉林省教育厅", "省教育厅 教育厅", "教", "education"),
            _dept("zjt", "吉林省住房和城乡建设厅", "省住建厅 住建厅", "建", "housing"),
            _dept("zrzyt", "吉林省自然资源厅", "省自然资源厅 自然资源厅", "自然资", "land"),
        ),
    ),
    GovernmentSpec(
        slug="chaoyang",
        name="朝阳市人民政府",
        short_name="朝阳市政府",
        place="朝阳市",
        level="city",
        region_code="211300",
        doc_code="朝",
        office_name="朝阳市人民政府办公室政务公开科",
        address="辽宁省朝阳市双塔区新华路二段62号",
        street="新华路二段",
        postal_prefix="辽宁省朝阳市双塔区",
        postcode="122000",
        area_code="0421",
        hours=HOURS_NORTHEAST,
        aliases=("市政府",),
        departments=(
            _dept("zfb", "朝阳市人民政府办公室", "市政府办公室 市政府办", "政办", "office"),
            _dept("yshj", "朝阳市营商环境建设局", "市营商局 市营商环境建设局 营商局", "营商", "services"),
            _dept("wjw", "朝阳市卫生健康委员会", "市卫健委 卫健委 市卫生健康委", "卫健", "health"),
            _dept("sfj", "朝阳市司法局", "市司法局 司法局", "司", "justice"),
            _dept("scjg", "朝阳市市场监督管理局", "市市场监管局 市场监管局", "市监", "market"),
            _dept("yjj", "朝阳市应急管理局", "市应急局 市应急管理局 应急局", "应急", "emergency"),
        ),
    ),
    GovernmentSpec(
        slug="changji",
        name="昌吉市人民政府",
        short_name="昌吉市政府",
        place="昌吉市",
        level="county",  # 昌吉市 is a county-level city of 昌吉回族自治州
        region_code="652301",
        doc_code="昌市",
        office_name="昌吉市人民政府办公室政务公开科",
        address="新疆昌吉回族自治州昌吉市延安北路118号",
        street="延安北路",
        postal_prefix="新疆昌吉回族自治州昌吉市",
        postcode="831100",
        area_code="0994",
        hours=HOURS_XINJIANG,
        aliases=("市政府",),
        departments=(
            _dept("zfb", "昌吉市人民政府办公室", "市政府办公室 市政府办", "政办", "office"),
            _dept("fgw", "昌吉市发展和改革委员会", "市发改委 发改委", "发改", "development"),
            _dept("czj", "昌吉市财政局", "市财政局 财政局", "财", "finance"),
            _dept("scjg", "昌吉市市场监督管理局", "市市场监管局 市场监管局", "市监", "market"),
            _dept("rsj", "昌吉市人力资源和社会保障局", "市人社局 人社局", "人社", "hr"),
            _dept("wjw", "昌吉市卫生健康委员会", "市卫健委 卫健委", "卫健", "health"),
            _dept("sfj", "昌吉市司法局", "市司法局 司法局", "司", "justice"),
            _dept("zrzyj", "昌吉市自然资源局", "市自然资源局 自然资源局", "自然资", "land"),
            _dept("sthjj", "昌吉市生态环境局", "市生态环境局 生态环境局", "环", "environment"),
            _dept("zjj", "昌吉市住房和城乡建设局", "市住建局 住建局", "建", "housing"),
        ),
        townships=(
            TownshipSpec("nbl", "昌吉市宁边路街道办事处", "宁边路街道", "宁街发", "宁边路街道宁边西路"),
            TownshipSpec("ysg", "昌吉市榆树沟镇人民政府", "榆树沟镇", "榆镇发", "榆树沟镇振兴路"),
        ),
    ),
    GovernmentSpec(
        slug="kuitun",
        name="奎屯市人民政府",
        short_name="奎屯市政府",
        place="奎屯市",
        level="county",
        region_code="654003",
        doc_code="奎",
        office_name="奎屯市人民政府办公室政务公开科",
        address="新疆伊犁哈萨克自治州奎屯市北京东路10号",
        street="北京东路",
        postal_prefix="新疆伊犁哈萨克自治州奎屯市",
        postcode="833200",
        area_code="0992",
        hours=HOURS_XINJIANG,
        aliases=("市政府",),
        departments=(
            _dept("zfb", "奎屯市人民政府办公室", "市政府办公室 市政府办", "政办", "office"),
            _dept("fgw", "奎屯市发展和改革委员会", "市发改委 发改委", "发改", "development"),
            _dept("czj", "奎屯市财政局", "市财政局 财政局", "财", "finance"),
            _dept("scjg", "奎屯市市场监督管理局", "市市场监管局 市场监管局", "市监", "market"),
            _dept("gxj", "奎屯市工业和信息化局", "市工信局 市经信委 经信委", "工信", "industry"),
            _dept("tjj", "奎屯市统计局", "市统计局 统计局", "统", "statistics"),
            _dept("jyj", "奎屯市教育局", "市教育局 教育局", "教", "education"),
        ),
        townships=(
            TownshipSpec("kgq", "奎屯市开干齐乡人民政府", "开干齐乡", "开乡发", "开干齐乡团结路"),
            TownshipSpec("bjl", "奎屯市北京路街道办事处", "北京路街道", "北街发", "北京路街道北京西路"),
        ),
    ),
    GovernmentSpec(
        slug="luntai",
        name="轮台县人民政府",
        short_name="轮台县政府",
        place="轮台县",
        level="county",
        region_code="652822",
        doc_code="轮",
        office_name="轮台县人民政府办公室（县政务公开办）",
        address="新疆巴音郭楞蒙古自治州轮台县文化路1号",
        street="文化路",
        postal_prefix="新疆巴音郭楞蒙古自治州轮台县",
        postcode="841600",
        area_code="0996",
        hours=HOURS_XINJIANG,
        aliases=("县政府",),
        departments=(
            _dept("zfb", "轮台县人民政府办公室", "县政府办公室 县政务公开办", "政办", "office"),
            _dept("fgw", "轮台县发展和改革委员会", "县发改委 发改委", "发改", "development"),
            _dept("czj", "轮台县财政局", "县财政局 财政局", "财", "finance"),
            _dept("scjg", "轮台县市场监督管理局", "县市监局 市监局 县市场监管局", "市监", "market"),
            _dept("wjw", "轮台县卫生健康委员会", "县卫健委 卫健委", "卫健", "health"),
            _dept("rsj", "轮台县人力资源和社会保障局", "县人社局 人社局", "人社", "hr"),
            _dept("xczx", "轮台县乡村振兴局", "县乡村振兴局 乡村振兴局", "乡振", "rural"),
        ),
        townships=(
            TownshipSpec("ltz", "轮台县轮台镇人民政府", "轮台镇", "轮镇发", "轮台镇团结路"),
            TownshipSpec("yxz", "轮台县阳霞镇人民政府", "阳霞镇", "阳镇发", "阳霞镇人民路"),
        ),
    ),
)

DEMO_SLUGS = tuple(g.slug for g in GOVERNMENTS)

# Columns (by slug) that suit each kind of organ, space-separated; filtered by what the organ's level has.
PROFILE_COLUMNS: dict[str, str] = {
    "government": (
        "regulations plans statistics budgets fees procurement major-projects livelihood emergencies "
        "supervision civil-service other municipal-works public-services public-welfare land-expropriation "
        "housing-expropriation public-security social-assistance organization licensing"
    ),
    "township": (
        "organization budgets livelihood emergencies agricultural-policy irrigation land-transfer homestead "
        "fundraising social-assistance land-expropriation"
    ),
    "office": "organization plans emergencies other procurement",
    "services": "licensing public-services other organization",
    "health": "livelihood supervision emergencies licensing",
    "emergency": "emergencies supervision penalties",
    "environment": "supervision penalties licensing",
    "education": "livelihood public-services civil-service",
    "housing": "municipal-works housing-expropriation licensing major-projects",
    "land": "land-expropriation licensing plans",
    "development": "plans major-projects fees statistics",
    "finance": "budgets fees procurement",
    "market": "licensing penalties supervision",
    "hr": "livelihood civil-service licensing",
    "justice": "penalties public-services organization",
    "industry": "plans major-projects statistics",
    "statistics": "statistics",
    "rural": "livelihood social-assistance major-projects",
}
# Every organ publishes its budget and its functions now and then.
COMMON_COLUMNS = ("budgets", "organization")

# 主题分类 of a record: by its column where that says it, else by the organ's profile.
PROFILE_TOPIC = {
    "government": "general", "township": "general", "office": "general", "services": "general",
    "health": "health", "emergency": "market", "environment": "urban", "education": "science",
    "housing": "urban", "land": "land", "development": "economy", "finance": "finance", "market": "market",
    "hr": "labour", "justice": "public_security", "industry": "industry", "statistics": "economy",
    "rural": "civil",
}  # fmt: skip
COLUMN_TOPIC = {
    "plans": "economy", "statistics": "economy", "budgets": "finance", "fees": "finance",
    "procurement": "finance", "major-projects": "economy", "livelihood": "civil", "supervision": "market",
    "civil-service": "labour", "municipal-works": "urban", "public-welfare": "civil",
    "land-expropriation": "land", "housing-expropriation": "urban", "public-security": "public_security",
    "social-assistance": "civil", "agricultural-policy": "agriculture", "irrigation": "agriculture",
    "land-transfer": "agriculture", "homestead": "land", "fundraising": "agriculture",
}  # fmt: skip


@dataclass(frozen=True)
class TitleTemplate:
    text: str
    genre: str
    doc: str = ""  # "fa" 发, "ban" 办发, "han" 办函: which kind of 文号, "" for none
    attach: str = ""  # preferred attachment kind: xlsx / pdf / docx
    who: str = "any"  # "gov" (governments only), "dept" (departments only), "any"
    only: str = ""  # if set, the profiles (space-separated) whose organs issue such documents


def _t(text, genre, doc="", attach="", who="any", only="") -> TitleTemplate:
    return TitleTemplate(text, genre, doc, attach, who, only)


# Placeholders: {org} full name, {place} area, {year} year written, {prev}/{next} the years around it,
# {myear}年{m}月 the month before, {qyear}年第{q}季度 the quarter before, {n} a small number,
# {project} a project, {area} a district, {plan_topic} the subject of a 专项规划.
TITLES: dict[str, tuple[TitleTemplate, ...]] = {
    # 规范性文件 themselves are planned apart (NORMATIVE_NAMES); these are the lists around them.
    "regulations": (
        _t("{org}现行有效规范性文件目录（截至{year}年{month}月）", "other", attach="xlsx"),
        _t("{org}关于公布规范性文件清理结果的通知", "notice", doc="ban"),
        _t("{org}{prev}年度规范性文件备案审查情况", "report"),
    ),
    "organization": (
        _t("{org}机构职能", "other"),
        _t("{org}内设机构及主要职责", "other"),
        _t("{org}领导信息", "other"),
        _t("{org}办公地址、办公时间及联系方式", "other"),
        _t("{org}权责清单（{year}年版）", "other", attach="xlsx"),
        _t("{org}关于调整政务公开工作领导小组成员的通知", "notice", doc="ban"),
    ),
    "plans": (
        _t("{place}{year}年国民经济和社会发展计划", "plan", doc="fa", attach="pdf", who="gov"),
        _t("关于{place}{prev}年国民经济和社会发展计划执行情况与{year}年计划草案的报告", "report", who="gov"),
        _t("{place}“十四五”{plan_topic}规划", "plan", doc="fa", attach="pdf"),
        _t("{org}{year}年工作要点", "plan", doc="fa"),
        _t("{place}{year}年政务公开工作要点", "plan", doc="ban", who="gov"),
        _t("{place}“十四五”规划纲要实施中期评估报告", "report", attach="pdf", who="gov"),
        _t("{place}国土空间总体规划（2021—2035年）", "plan", doc="fa", who="gov"),
        _t(
            "{org}关于印发{place}{year}年优化营商环境工作方案的通知",
            "notice",
            doc="ban",
            only="government office services development",
        ),
    ),
    "statistics": (
        _t("{place}{prev}年国民经济和社会发展统计公报", "statistics", attach="pdf"),
        _t("{place}{myear}年1—{m}月主要经济指标", "statistics", attach="xlsx"),
        _t("{place}{qyear}年第{q}季度经济运行情况", "statistics"),
        _t("{place}{prev}年规模以上工业企业主要指标", "statistics", attach="xlsx"),
        _t("{place}{year}年上半年居民收支情况", "statistics"),
    ),
    "licensing": (
        _t("{org}{myear}年{m}月行政许可结果公示", "publicity", attach="xlsx"),
        _t("{org}政务服务事项清单（{year}年版）", "other", attach="xlsx"),
        _t("{org}行政许可事项办事指南（{year}年修订）", "other", attach="docx"),
        _t("{org}关于{year}年第{n}批行政许可事项办理结果的公告", "announcement", doc="fa"),
        _t("{org}“证照分离”改革事项清单", "other", attach="xlsx"),
    ),
    "penalties": (
        _t("{org}{qyear}年第{q}季度行政处罚案件信息公开", "publicity", attach="xlsx"),
        _t("{org}行政执法事项清单（{year}年版）", "other", attach="xlsx"),
        _t("{org}行政处罚裁量基准（{year}年修订）", "other", doc="fa", attach="docx"),
        _t("{org}关于公布{year}年轻微违法行为不予行政处罚事项清单的通告", "circular", doc="fa"),
        _t("{org}行政执法“三项制度”落实情况（{prev}年度）", "report"),
    ),
    "budgets": (
        _t("{org}{year}年部门预算公开", "budget", attach="xlsx"),
        _t("{org}{prev}年度部门决算公开", "budget", attach="xlsx"),
        _t("{org}{prev}年度“三公”经费决算情况说明", "budget"),
        _t("关于{place}{prev}年预算执行情况和{year}年预算草案的报告", "budget", attach="pdf", who="gov"),
        _t("{place}{year}年政府债务限额及余额情况", "budget", attach="xlsx", who="gov"),
        _t("{place}{prev}年财政决算公开", "budget", attach="xlsx", who="gov"),
    ),
    "fees": (
        _t("{place}行政事业性收费目录清单（{year}年版）", "other", attach="xlsx"),
        _t("{place}涉企收费目录清单（{year}年）", "other", attach="xlsx"),
        _t("关于调整{place}城区非居民用水价格的通知", "notice", doc="fa", only="government development"),
        _t("{place}政府定价的经营服务性收费目录清单", "other"),
    ),
    "procurement": (
        _t("{org}{year}年政府采购意向公开", "announcement", attach="xlsx"),
        _t("{place}{year}—{next}年政府集中采购目录及标准", "notice", doc="ban", attach="docx", who="gov"),
        _t("{org}{project}中标（成交）结果公告", "announcement"),
        _t("{org}{year}年度政府采购执行情况", "report"),
    ),
    "major-projects": (
        _t("{place}{year}年重点项目建设计划", "plan", doc="ban", attach="xlsx"),
        _t("{project}批准信息", "publicity"),
        _t("{project}实施情况公开", "publicity"),
        _t("{place}{qyear}年第{q}季度重大建设项目进展情况", "report", attach="xlsx"),
        _t("关于{project}可行性研究报告的批复", "reply", doc="fa", who="dept"),
    ),
    "livelihood": (
        _t(
            "关于做好{year}年城乡居民基本医疗保险参保缴费工作的通知",
            "notice",
            doc="fa",
            only="government township health hr",
        ),
        _t("{place}{year}年高校毕业生就业见习岗位信息", "announcement", attach="xlsx", only="government hr"),
        _t("{place}{year}年义务教育阶段学校招生入学工作方案", "plan", doc="ban", only="government education"),
        _t("关于调整{place}城乡居民最低生活保障标准的通知", "notice", doc="fa", only="government rural"),
        _t("{org}关于做好{year}年就业创业补贴申报工作的通知", "notice", doc="fa", only="government hr"),
        _t("{place}{year}年脱贫人口小额信贷政策落实情况", "report", only="government township rural"),
        _t("{place}{year}年家庭医生签约服务工作方案", "plan", doc="ban", only="government health"),
        _t(
            "{place}{year}年残疾人两项补贴发放情况公示",
            "publicity",
            attach="xlsx",
            only="government township rural",
        ),
        _t("{place}{year}年学生资助政策落实情况", "report", only="government education"),
        _t("{place}{year}年基本公共卫生服务项目实施方案", "plan", doc="fa", only="health"),
    ),
    "emergencies": (
        _t(
            "{place}突发事件总体应急预案（{year}年修订）",
            "plan",
            doc="ban",
            attach="docx",
            only="government township office emergency",
        ),
        _t("{place}防汛抗旱应急预案", "plan", doc="ban", only="government township emergency"),
        _t("{place}森林草原火灾应急预案", "plan", doc="ban", only="government emergency"),
        _t(
            "{place}{year}年冬季低温雨雪冰冻天气应对工作情况",
            "report",
            only="government township office emergency",
        ),
        _t("{org}关于做好{year}年“五一”假期安全防范工作的通知", "notice", doc="fa"),
        _t("{place}地震应急预案（{year}年修订）", "plan", doc="ban", only="government emergency"),
        _t("{place}突发公共卫生事件应急预案", "plan", doc="fa", only="government health"),
        _t("{place}{year}年冬春季传染病防控工作方案", "plan", doc="fa", only="health"),
    ),
    "supervision": (
        _t(
            "{place}{qyear}年第{q}季度食品安全监督抽检信息",
            "publicity",
            attach="xlsx",
            only="government market",
        ),
        _t("{org}{year}年“双随机、一公开”抽查结果公示", "publicity", attach="xlsx"),
        _t("{place}{year}年环境监管重点单位名录", "publicity", attach="xlsx", only="government environment"),
        _t("{place}{year}年安全生产大检查情况通报", "bulletin", doc="fa", only="government emergency"),
        _t("{place}{myear}年{m}月环境空气质量状况", "publicity", only="government environment"),
        _t("{org}{year}年产品质量监督抽查结果", "publicity", only="market"),
        _t("{org}{year}年公共场所卫生监督抽检结果", "publicity", attach="xlsx", only="health"),
        _t("{org}{year}年医疗机构依法执业监督检查情况", "report", only="health"),
    ),
    "civil-service": (
        _t("{place}{year}年考试录用公务员拟录用人员公示", "publicity", attach="xlsx", only="government hr"),
        _t(
            "{place}{year}年事业单位公开招聘工作人员公告",
            "announcement",
            attach="xlsx",
            only="government hr education health",
        ),
        _t("{place}{year}年考试录用公务员职位表", "announcement", attach="xlsx", only="government hr"),
        _t("{place}{year}年公开招聘社区工作者公告", "announcement", only="government township"),
        _t("{org}{year}年公开招聘中小学教师公告", "announcement", attach="xlsx", only="education"),
    ),
    "other": (
        _t("{place}{year}年政务公开工作要点", "plan", doc="ban", who="gov"),
        _t("{org}关于开展{year}年政务公开标准化规范化自查工作的通知", "notice", doc="ban"),
        _t("{org}{prev}年法治政府建设情况报告", "report"),
        _t("{org}关于{year}年度重点建议提案办理情况的公开", "report"),
        _t("{org}政务公开工作联系人名单", "other"),
    ),
    "municipal-works": (
        _t("{place}{year}年老旧小区改造项目计划", "plan", doc="ban", attach="xlsx"),
        _t("{place}{year}年城市道路维修改造工程实施情况", "report"),
        _t("{place}{year}年冬季供热保障工作方案", "plan", doc="ban"),
        _t("{place}{year}年城市排水防涝设施建设情况", "report"),
    ),
    "public-services": (
        _t("{org}公共服务事项清单（{year}年版）", "other", attach="xlsx"),
        _t("{place}{year}年公共法律服务工作情况", "report", only="government justice"),
        _t("{org}便民服务事项办事指南", "other", attach="docx"),
        _t("{place}{year}年基本公共服务标准", "notice", doc="ban"),
    ),
    "public-welfare": (
        _t("{place}{prev}年度福利彩票公益金使用情况", "report", attach="xlsx"),
        _t("{place}{year}年慈善捐赠款物使用情况公示", "publicity"),
        _t("{place}{year}年社会组织年检结果公告", "announcement"),
    ),
    "land-expropriation": (
        _t("{place}{year}年第{n}批次城镇建设用地征收土地预公告", "announcement", doc="fa"),
        _t("{place}{year}年第{n}批次城镇建设用地征收土地公告", "announcement", doc="fa", attach="pdf"),
        _t("{place}{year}年第{n}批次征地补偿安置方案公告", "announcement", doc="fa"),
        _t("{place}区片综合地价标准", "notice", doc="fa"),
    ),
    "housing-expropriation": (
        _t("{place}{area}国有土地上房屋征收决定", "decision", doc="fa", attach="pdf"),
        _t("{place}{area}房屋征收补偿方案（征求意见稿）", "announcement"),
        _t("{place}{area}房屋征收补偿结果公示", "publicity", attach="xlsx"),
    ),
    "public-security": (
        _t("{place}{year}年冬季道路交通安全管理通告", "circular", doc="fa"),
        _t("{place}关于{year}年春节期间烟花爆竹燃放管理的通告", "circular", doc="fa"),
        _t("{place}{year}年社会治安综合治理工作情况", "report"),
    ),
    "social-assistance": (
        _t("{place}{qyear}年第{q}季度城乡低保、特困供养对象名单公示", "publicity", attach="xlsx"),
        _t("{place}{year}年临时救助资金发放情况", "publicity", attach="xlsx"),
        _t("{place}社会救助申请办事指南", "other"),
    ),
    "agricultural-policy": (
        _t("{org}{year}年耕地地力保护补贴发放情况公示", "publicity", attach="xlsx"),
        _t("{org}{year}年农机购置补贴政策落实情况", "report"),
        _t("{org}{year}年春耕生产工作方案", "plan", doc="fa"),
    ),
    "irrigation": (
        _t("{org}{year}年高标准农田建设项目公示", "publicity", attach="xlsx"),
        _t("{org}{year}年农田水利工程维修养护情况", "report"),
    ),
    "land-transfer": (
        _t("{org}{year}年农村土地承包经营权流转情况", "publicity", attach="xlsx"),
        _t("{org}农村土地承包经营权流转服务指南", "other"),
    ),
    "homestead": (
        _t("{org}{qyear}年第{q}季度农村宅基地审批情况公示", "publicity", attach="xlsx"),
        _t("{org}农村宅基地申请审批流程", "other"),
    ),
    "fundraising": (
        _t("{org}{year}年村级一事一议筹资筹劳项目公示", "publicity", attach="xlsx"),
        _t("{org}{prev}年度村级公益事业建设一事一议财政奖补项目完成情况", "report"),
    ),
}

# 专项规划 subjects: by profile, the rest for governments.
PLAN_TOPIC_BY_PROFILE = {
    "health": "卫生健康事业发展",
    "environment": "生态环境保护",
    "education": "教育事业发展",
    "emergency": "应急体系建设",
    "market": "市场监管",
    "housing": "城乡住房发展",
    "land": "自然资源保护和利用",
    "industry": "工业和信息化发展",
    "services": "数字政府建设",
    "office": "政务服务",
    "development": "现代服务业发展",
    "finance": "财政改革发展",
    "hr": "人力资源和社会保障事业发展",
    "rural": "巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
}
PLAN_TOPICS = (
    "卫生健康事业发展",
    "生态环境保护",
    "综合交通运输发展",
    "教育事业发展",
    "数字政府建设",
    "城乡建设",
    "文化和旅游发展",
    "应急体系建设",
    "农业农村现代化",
)
PROJECTS = (
    "{place}城区集中供热管网改造工程",
    "{place}第二污水处理厂提标改造项目",
    "{place}中小学校舍改扩建项目",
    "{place}人民医院门急诊综合楼建设项目",
    "{place}农村公路提级改造工程",
    "{place}老旧小区配套基础设施改造项目",
    "{place}城市更新示范片区建设项目",
    "{place}智慧城市（一期）建设项目",
    "{place}城乡供水一体化工程",
    "{place}全民健身中心建设项目",
    "{place}冷链物流园区基础设施项目",
    "{place}河道综合治理工程",
)
AREAS = ("老城区东片区", "火车站片区", "北部城中村片区", "工业园区南片区", "西环路片区", "文化路片区")

# 规范性文件 (rules that bind the public): name templates by profile.
NORMATIVE_NAMES: dict[str, tuple[str, ...]] = {
    "government": (
        "{place}政府投资项目管理办法",
        "{place}重大行政决策程序规定",
        "{place}行政规范性文件管理办法",
        "{place}城市居民最低生活保障实施办法",
        "{place}公共租赁住房管理办法",
        "{place}政府购买服务管理实施办法",
        "{place}国有土地上房屋征收与补偿实施办法",
        "{place}城镇污水处理费征收使用管理办法",
        "{place}市场主体信用分级分类监管办法",
        "{place}既有住宅加装电梯实施意见",
        "{place}促进民营经济发展若干措施",
        "{place}城市生活垃圾分类管理办法",
        "{place}稳就业若干措施",
    ),
    "finance": (
        "{place}财政专项资金管理办法",
        "{place}政府采购内部控制管理办法",
        "{place}预算绩效管理实施细则",
    ),
    "market": ("{place}市场监督管理行政处罚裁量权适用规定", "{place}食品小作坊登记管理办法"),
    "hr": ("{place}就业补助资金管理办法", "{place}失业保险稳岗返还实施办法"),
    "health": ("{place}家庭医生签约服务管理办法", "{place}医疗机构依法执业自查管理办法"),
    "justice": ("{place}行政规范性文件合法性审核办法", "{place}行政执法公示办法"),
    "housing": ("{place}住房公积金提取管理办法", "{place}物业服务收费管理实施细则"),
    "land": ("{place}集体土地征收补偿安置办法", "{place}城镇国有土地使用权出让实施细则"),
    "development": ("{place}政府定价成本监审办法", "{place}重点项目管理办法"),
    "education": ("{place}民办学校管理办法", "{place}中小学校校外培训监管办法"),
    "emergency": ("{place}安全生产举报奖励办法", "{place}生产经营单位安全生产主体责任规定"),
    "environment": ("{place}生态环境损害赔偿磋商办法", "{place}排污许可管理实施细则"),
    "services": ("{place}政务服务“好差评”制度实施办法", "{place}政务服务事项容缺受理办法"),
    "industry": ("{place}工业企业技术改造奖补办法",),
    "statistics": ("{place}统计数据质量管理办法",),
    "rural": ("{place}防止返贫动态监测和帮扶办法",),
    "office": ("{place}政府信息公开申请办理规定", "{place}政务新媒体管理办法"),
}

RULES_TITLES = (
    "{org}政府信息公开保密审查制度",
    "{org}政府信息公开申请办理工作规程",
    "{org}政策解读工作制度",
    "{org}政务舆情回应工作制度",
    "{org}政府信息主动公开工作制度",
    "{org}政府信息公开工作考核制度",
)

# Phrases of the seed notices (政务公开工作要点), used to write bodies that read like the real thing.
BASES = (
    "《中华人民共和国政府信息公开条例》",
    "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）",
    "《优化营商环境条例》",
    "中共中央办公厅、国务院办公厅《关于全面推进政务公开工作的意见》",
    "党中央、国务院关于深化“放管服”改革的决策部署",
    "《重大行政决策程序暂行条例》",
    "《中华人民共和国预算法》",
    "《中华人民共和国行政许可法》",
    "《国务院办公厅关于印发2020年政务公开工作要点的通知》（国办发〔2020〕17号）",
)
GOALS = (
    "全面提升政务公开质量和实效",
    "以公开促落实、促规范、促服务",
    "深化“放管服”改革，持续优化营商环境",
    "加强权力配置信息公开，全面展现政府机构权力配置情况",
    "推进基层政务公开标准化规范化",
    "聚焦做好“六稳”工作、落实“六保”任务",
    "切实保障人民群众的知情权、参与权、表达权和监督权",
    "推动政府管理服务更加透明规范",
    "充分发挥政务公开在建设法治政府、服务型政府中的促进作用",
    "规范行政权力运行，提高依法行政水平",
)
MEASURES = (
    "各乡镇、街道，各部门要全面梳理本机关依法行使的行政权力和依法承担的公共服务职责，编制完善权责清单和政务服务事项清单，并建立动态调整机制。",
    "系统梳理本机关制发的规范性文件，按照“放管服”改革要求及时立改废，依托政府网站集中统一对外公开并动态更新。",
    "严格落实政策解读与政策文件同步组织、同步审签、同步部署工作机制，通过图片图表、音频视频、新闻发布会等方式多元化解读政策。",
    "凡直接涉及相对人权益的重大行政决策，以适当方式听取利益相关方和社会公众意见，进一步完善公众列席决策会议制度。",
    "加强政务舆情回应，对涉及本地区本部门的重要舆情做到及时发现、科学研判、妥善处置、有效回应。",
    "严格执行政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，防止泄露国家秘密、工作秘密和个人隐私。",
    "依法依规做好政府信息公开申请的受理、办理和答复工作，在法定期限内予以答复，不断提升答复规范化水平。",
    "加强政府网站和政务新媒体建设管理，强化内容保障，及时发布权威信息，更好发挥第一信息发布平台作用。",
    "推进政务服务事项“一网通办”，公开办事指南、办理流程和办理时限，切实做到企业和群众办事“少跑腿”。",
    "建立健全政务公开工作考核评估机制，将政务公开工作纳入年度绩效考核，考核结果作为评先评优的重要依据。",
    "细化财政预决算信息公开内容，部门预决算公开到基本支出和项目支出，“三公”经费做到应公开尽公开。",
    "及时公开“双随机、一公开”抽查结果和行政处罚决定，推动市场主体信用信息互联共享。",
    "围绕就业、教育、医疗、社会保障、住房保障等民生领域，及时公开政策措施及其实施情况。",
    "做好重大建设项目批准和实施领域信息公开，重点公开批准服务、招标投标、征收土地、重大设计变更、竣工验收等信息。",
    "加强突发公共事件应急预案、预警信息及应对情况的发布，第一时间回应社会关切。",
    "对照26个试点领域基层政务公开标准指引，编制完善本级政务公开事项标准目录，确保权力运行到哪里，公开和监督就延伸到哪里。",
    "推进政府信息管理动态化，对政府信息实行分类管理，建立健全政府信息公开属性源头认定机制。",
    "加强政府信息公开专区建设，在政务服务中心、公共图书馆、档案馆设置政府信息查阅点，方便群众查阅。",
    "完善政务公开工作机构，配齐配强工作人员，定期开展政务公开业务培训，提高工作人员业务能力。",
    "围绕优化营商环境，集中公开涉企优惠政策，做好政策“找得到、看得懂、用得上”。",
)
CLOSINGS = (
    "各单位要高度重视，明确责任分工，细化工作措施，确保各项任务落到实处。",
    "各有关单位要加强协调配合，形成工作合力，及时报送工作进展情况。",
    "请各单位于每季度末将工作落实情况报送政务公开办公室。",
    "执行中遇到的问题，请及时向主管部门反映。",
)
ARTICLE_TOPICS = (
    ("职责分工", "各有关部门按照职责分工，做好相关工作，加强协调配合，形成工作合力。"),
    ("申请条件", "申请人应当符合本办法规定的条件，如实提交有关材料，并对材料的真实性负责。"),
    (
        "办理程序",
        "受理机关应当自受理之日起20个工作日内作出决定；情况复杂的，经负责人批准可以延长10个工作日。",
    ),
    ("信息公开", "有关部门应当通过政府网站、政务新媒体等渠道公开办理依据、条件、程序和结果，接受社会监督。"),
    ("监督管理", "主管部门应当加强监督检查，对检查中发现的问题，责令限期整改。"),
    ("资金管理", "专项资金实行专款专用，任何单位和个人不得截留、挤占、挪用。"),
    ("法律责任", "违反本办法规定的，依照有关法律、法规的规定予以处理；构成犯罪的，依法追究刑事责任。"),
    ("绩效评价", "主管部门应当定期开展绩效评价，评价结果作为调整政策和安排资金的重要依据。"),
)
KEYWORDS: dict[str, tuple[str, ...]] = {
    "organization": ("机构职能", "联系方式", "权责清单"),
    "plans": ("规划", "工作要点", "发展计划"),
    "statistics": ("统计公报", "经济运行", "统计数据"),
    "licensing": ("行政许可", "政务服务", "办事指南"),
    "penalties": ("行政处罚", "行政执法", "裁量基准"),
    "budgets": ("预算", "决算", "三公经费"),
    "fees": ("收费", "目录清单", "价格"),
    "procurement": ("政府采购", "采购意向", "中标结果"),
    "major-projects": ("重大项目", "项目建设", "批准信息"),
    "livelihood": ("民生", "就业", "社会保障"),
    "emergencies": ("应急预案", "预警", "安全生产"),
    "supervision": ("监督检查", "抽检", "双随机一公开"),
    "civil-service": ("公务员", "招录", "公开招聘"),
    "other": ("政务公开", "工作要点", "法治政府"),
    "regulations": ("规范性文件", "管理办法", "实施细则"),
    "interpretations": ("政策解读", "图解", "问答"),
    "rules": ("政府信息公开", "保密审查", "工作制度"),
    "annual-reports": ("年度报告", "政府信息公开", "依申请公开"),
    "municipal-works": ("市政建设", "老旧小区改造", "城市更新"),
    "public-services": ("公共服务", "便民服务", "办事指南"),
    "public-welfare": ("公益事业", "福利彩票公益金", "慈善"),
    "land-expropriation": ("土地征收", "征地补偿", "安置"),
    "housing-expropriation": ("房屋征收", "征收补偿", "片区改造"),
    "public-security": ("治安管理", "道路交通安全", "通告"),
    "social-assistance": ("社会救助", "最低生活保障", "特困供养"),
    "agricultural-policy": ("惠农政策", "耕地地力保护补贴", "春耕生产"),
    "irrigation": ("农田水利", "高标准农田", "水利工程"),
    "land-transfer": ("土地流转", "承包经营权", "农村土地"),
    "homestead": ("宅基地", "农村建房", "审批"),
    "fundraising": ("筹资筹劳", "一事一议", "村级公益事业"),
}
DEFAULT_KEYWORDS = ("政务公开", "政府信息", "公开")

RETURN_COMMENTS = (
    "附件中含有申请人身份证号码和联系电话，请删除个人信息后重新提交。",
    "文号与成文日期不一致，请核对后重新提交。",
    "正文第三段表述不准确，请按照原文件核对修改。",
    "请补充政策解读材料，与政策文件同步提交审核。",
)
WITHDRAW_REASONS = (
    "原发布稿附件版本有误，已重新发布更正后的版本。",
    "信息内容涉及个人隐私，经保密审查复核后撤回。",
)


@dataclass(frozen=True)
class SeedNotice:
    prefix: str  # file name starts with it: 000_…txt
    government: str  # slug of the issuing government
    title: str
    doc_number: str
    written_on: date
    issuer: str  # who signed it; the record belongs to the government
    keywords: str
    summary: str  # after the issuer: 印发《…》，…


SEED_NOTICES = (
    SeedNotice(
        "000",
        "changji",
        "昌吉市人民政府办公室关于印发2020年昌吉市政务公开工作要点的通知",
        "昌市政办发〔2020〕24号",
        date(2020, 10, 27),
        "昌吉市人民政府办公室",
        "政务公开；工作要点；权责清单；2020",
        "印发《2020年昌吉市政务公开工作要点》，从加强用权公开、政务信息管理、政策解读回应、基层政务公开标准化规范化等方面部署全年政务公开工作。",
    ),
    SeedNotice(
        "001",
        "chaoyang",
        "朝阳市政务公开领导小组关于印发《朝阳市2020年政务公开工作要点》的通知",
        "",
        date(2020, 8, 25),
        "朝阳市政务公开领导小组",
        "政务公开；工作要点；政府信息公开平台；2020",
        "印发《朝阳市2020年政务公开工作要点》，要求完成政府信息公开平台建设，规范用权信息公开，聚焦“六稳”“六保”提升政务公开质量和实效。",
    ),
    SeedNotice(
        "002",
        "kuitun",
        "奎屯市人民政府办公室关于印发奎屯市2017年政务公开工作实施方案的通知",
        "",
        date(2017, 5, 17),
        "奎屯市人民政府办公室",
        "政务公开；实施方案；五公开；2017",
        "印发《奎屯市2017年政务公开工作实施方案》，全面推进决策、执行、管理、服务、结果公开，加强解读回应，扩大公众参与。",
    ),
    SeedNotice(
        "003",
        "luntai",
        "关于印发轮台县2021年政务公开工作要点的通知",
        "轮政办函〔2021〕8号",
        date(2021, 9, 8),
        "轮台县人民政府办公室（县政务公开办）",
        "政务公开；工作要点；十四五；2021",
        "印发《轮台县2021年政务公开工作要点》，围绕“十四五”开好局起好步，做好规划、市场规则和监管执法等信息公开。",
    ),
    SeedNotice(
        "004",
        "jilin",
        "吉林省政务公开（政府信息公开）领导小组关于印发《吉林省2020年政务公开工作要点及重点任务分工》的通知",
        "吉政公组〔2020〕3号",
        date(2020, 8, 12),
        "吉林省政务公开（政府信息公开）领导小组",
        "政务公开；工作要点；任务分工；2020",
        "印发《吉林省2020年政务公开工作要点及重点任务分工》，加强权力配置信息和决策信息公开，全面推进基层政务公开标准化规范化。",
    ),
)

# Used when Faker (a development dependency) is not installed.
FALLBACK_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
FALLBACK_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鑫建国红梅志强海燕晓东文博"
