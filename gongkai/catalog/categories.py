"""The statutory skeleton of every organ's 公开目录. Reference data, no ORM."""

from __future__ import annotations

from typing import NamedTuple


class Category(NamedTuple):
    code: str
    slug: str
    name: str


# 《政府信息公开条例》第二十条: fifteen categories every administrative organ discloses proactively.
ARTICLE_20 = [
    Category("art20-01", "regulations", "行政法规、规章和规范性文件"),
    Category("art20-02", "organization", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    Category("art20-03", "plans", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    Category("art20-04", "statistics", "国民经济和社会发展统计信息"),
    Category("art20-05", "licensing", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    Category(
        "art20-06",
        "penalties",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    Category("art20-07", "budgets", "财政预算、决算信息"),
    Category("art20-08", "fees", "行政事业性收费项目及其依据、标准"),
    Category("art20-09", "procurement", "政府集中采购项目的目录、标准及实施情况"),
    Category("art20-10", "major-projects", "重大建设项目的批准和实施情况"),
    Category("art20-11", "livelihood", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    Category("art20-12", "emergencies", "突发公共事件的应急预案、预警信息及应对情况"),
    Category("art20-13", "supervision", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    Category("art20-14", "civil-service", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    Category("art20-15", "other", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
]

# 《政府信息公开条例》第二十一条: further categories by level.
ARTICLE_21_CITY_COUNTY = [
    Category("art21-municipal", "municipal-works", "市政建设"),
    Category("art21-public-service", "public-services", "公共服务"),
    Category("art21-public-welfare", "public-welfare", "公益事业"),
    Category("art21-land", "land-expropriation", "土地征收"),
    Category("art21-housing", "housing-expropriation", "房屋征收"),
    Category("art21-public-security", "public-security", "治安管理"),
    Category("art21-social-assistance", "social-assistance", "社会救助"),
]
ARTICLE_21_TOWNSHIP = [
    Category("art21-agri-policy", "agricultural-policy", "贯彻落实农业农村政策"),
    Category("art21-irrigation", "irrigation", "农田水利工程建设运营"),
    Category("art21-land-transfer", "land-transfer", "农村土地承包经营权流转"),
    Category("art21-homestead", "homestead", "宅基地使用情况审核"),
    Category("art21-land", "land-expropriation", "土地征收"),
    Category("art21-housing", "housing-expropriation", "房屋征收"),
    Category("art21-fundraising", "fundraising", "筹资筹劳"),
    Category("art21-social-assistance", "social-assistance", "社会救助"),
]

# Columns every platform carries besides the statutory categories (国办公开办函〔2019〕61号).
INTERPRETATION = Category("interpretation", "interpretations", "政策解读")
RULES = Category("rules", "rules", "政府信息公开制度")
ANNUAL_REPORTS = Category("annual-reports", "annual-reports", "政府信息公开年报")


def categories_for_level(level: str) -> list[Category]:
    """The statutory categories of an organ at ``level`` (第二十、二十一条)."""
    extra: list[Category] = []
    if level in {"city", "county"}:
        extra = ARTICLE_21_CITY_COUNTY
    elif level == "township":
        extra = ARTICLE_21_TOWNSHIP
    return [*ARTICLE_20, *extra, INTERPRETATION]


# 第二十一条 binds 设区的市级、县级人民政府及其部门 "根据本地方的具体情况": a department carries
# a category only where its functions reach it. Words of the department's name that mark those
# functions (a 发改委 matches none of 治安管理's and so has no 治安管理 column); the organ changes the
# default on its workbench page.
ARTICLE_21_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "municipal-works": ("住房和城乡建设", "住建", "城市管理", "城管", "市政"),
    "public-services": ("政务服务", "行政审批", "数据", "教育", "卫生健康", "文化", "体育"),
    "public-welfare": ("民政", "文化", "体育", "红十字", "残疾人"),
    "land-expropriation": ("自然资源", "国土", "土地"),
    "housing-expropriation": ("住房和城乡建设", "住建", "房屋征收", "房产", "住房"),
    "public-security": ("公安",),
    "social-assistance": ("民政", "乡村振兴", "医疗保障", "医保", "应急管理", "退役军人"),
}
ARTICLE_21_CODES = {c.code for c in ARTICLE_21_CITY_COUNTY} | {c.code for c in ARTICLE_21_TOWNSHIP}


def applies_by_default(*, kind: str, name: str, category: Category) -> bool:
    """Whether an organ of ``kind`` named ``name`` carries ``category`` until it says otherwise.

    第二十条 binds every 行政机关, so its categories always apply (an organ with nothing to show
    marks 「本机关无此项信息」). 第二十一条 binds governments fully; a department only where its
    functions reach (ARTICLE_21_FUNCTIONS)."""
    if category.code not in ARTICLE_21_CODES or kind != "department":
        return True
    return any(word in name for word in ARTICLE_21_FUNCTIONS.get(category.slug, ()))


# 国办发〔2019〕54号: base-level governments (县、不设区的市、市辖区、乡镇、街道) keep a 政务公开事项标准目录
# in the 26 试点领域. Names as the State Council's 26 domain catalogues title them; the five marked
# ``verified=False`` below are not yet checked against a retrieved catalogue (ADR 0025). An organ adds
# the domains it covers as columns (a township site typically carries about 18).
class Domain(NamedTuple):
    code: str
    slug: str
    name: str
    verified: bool = True


BASE_LEVEL_DOMAINS = [
    Domain("base-01", "d-major-projects", "重大建设项目"),
    Domain("base-02", "d-public-resources", "公共资源交易"),
    Domain("base-03", "d-budgets", "财政预决算"),
    Domain("base-04", "d-work-safety", "安全生产"),
    Domain("base-05", "d-taxation", "税收管理", verified=False),
    Domain("base-06", "d-land-compensation", "征地补偿"),
    Domain("base-07", "d-housing-expropriation", "国有土地上房屋征收与补偿", verified=False),
    Domain("base-08", "d-rural-housing", "农村危房改造"),
    Domain("base-09", "d-planning", "城乡规划"),
    Domain("base-10", "d-environment", "生态环境"),
    Domain("base-11", "d-public-culture", "公共文化服务"),
    Domain("base-12", "d-rural-revitalization", "乡村振兴", verified=False),
    Domain("base-13", "d-food-drugs", "食品药品监管"),
    Domain("base-14", "d-urban-enforcement", "城市综合执法", verified=False),
    Domain("base-15", "d-employment", "就业"),
    Domain("base-16", "d-social-insurance", "社会保险"),
    Domain("base-17", "d-social-assistance", "社会救助"),
    Domain("base-18", "d-elderly-care", "养老服务"),
    Domain("base-19", "d-household-registration", "户籍管理"),
    Domain("base-20", "d-farm-subsidies", "涉农补贴"),
    Domain("base-21", "d-compulsory-education", "义务教育"),
    Domain("base-22", "d-health", "卫生健康"),
    Domain("base-23", "d-disaster-relief", "救灾"),
    Domain("base-24", "d-legal-services", "公共法律服务"),
    Domain("base-25", "d-municipal-services", "市政服务", verified=False),
    Domain("base-26", "d-affordable-housing", "保障性住房"),
]
BASE_LEVELS = {"county", "township"}


# Disclosure rules every organ follows, listed on each platform's 制度 section.
NATIONAL_RULES = [
    {
        "title": "中华人民共和国政府信息公开条例",
        "doc_number": "国务院令第711号",
        "date": "2019-04-03",
        "url": "https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm",
    },
    {
        "title": "国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知",
        "doc_number": "国办公开办函〔2019〕61号",
        "date": "2019-11-07",
        "url": "",
    },
    {
        "title": "政府信息公开信息处理费管理办法",
        "doc_number": "国办函〔2020〕109号",
        "date": "2020-11-17",
        "url": "",
    },
    {
        "title": "中华人民共和国政府信息公开工作年度报告格式",
        "doc_number": "国办公开办函〔2021〕30号",
        "date": "2021-09-26",
        "url": "",
    },
]


def domain_name(code: str) -> str:
    """The name of a 基层 domain by its code (``base-17`` → 社会救助); the code itself if unknown."""
    return next((d.name for d in BASE_LEVEL_DOMAINS if d.code == code), code)


def domain_by_name(name: str) -> Domain | None:
    """A domain from how a catalogue names it: 社会救助, 社会救助领域, 环境保护 (for 生态环境)."""
    wanted = name.strip().removesuffix("领域基层政务公开标准目录").removesuffix("领域").strip()
    wanted = DOMAIN_ALIASES.get(wanted, wanted)
    return next((d for d in BASE_LEVEL_DOMAINS if d.name == wanted or d.code == wanted), None)


# Names local editions use for the same domain (regulations §5.1).
DOMAIN_ALIASES = {
    "环境保护": "生态环境",
    "扶贫": "乡村振兴",
    "财政预算决算": "财政预决算",
    "涉农资金": "涉农补贴",
    # 救灾 is titled 救灾生产 in several counties' catalogues (e.g. 佛山南海, 鄂尔多斯康巴什, 金乡);
    # 国有土地上房屋征收与补偿 is also accepted without its 与补偿.
    "救灾生产": "救灾",
    "国有土地上房屋征收": "国有土地上房屋征收与补偿",
}
