"""Demo 权责清单, 公共服务事项清单 and 机构职能: lists imported from real-shaped workbooks, one of
them adjusted into a second version, so the public pages show a list, its history and a diff.

The workbooks have the shapes of published lists (tests/fixtures/powers/real/SOURCES.md): title
rows, two-row headers with 主项/子项, merged cells, category heading rows. The same builders
write the test fixtures (tests/fixtures/powers/build_real.py).
"""

from __future__ import annotations

import io

import openpyxl

from gongkai.accounts.models import Role
from gongkai.orgs import services as org_services
from gongkai.powers import services


def _bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FOOD = "《中华人民共和国食品安全法》第三十五条"
PENALTY_BASIS = "《中华人民共和国食品安全法》第一百二十二条"
DUTIES = (
    "1.受理责任：公示依法应当提交的材料，一次性告知补正材料。\n2.审查责任：对申请材料进行审查。\n"
    "3.决定责任：作出准予或不予许可的决定。\n4.送达责任：制发证照并送达。\n5.事后监管责任：开展监督检查。"
)
ACCOUNT = (
    "因不履行或不正确履行行政职责，有下列情形的，行政机关及其工作人员应承担相应责任：\n"
    "1.对符合法定条件的申请不予受理的；\n2.对不符合法定条件的申请人准予许可的。"
)


def county_market(organ: str = "示范县市场监督管理局") -> bytes:
    """A county department's 权责清单: a title row, a two-row header (事项名称 over 主项名称/子项名称),
    a 主项 merged down over its 子项 rows, 事项类型 written in full, 其他行政权力."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "权责清单"
    sheet.append([f"{organ}权责清单"])
    sheet.merge_cells("A1:I1")
    sheet.append(
        ["序号", "事项编码", "事项名称", None, "事项类型", "设定依据", "实施主体", "责任事项", "追责情形"]
    )
    sheet.append([None, None, "主项名称", "子项名称", None, None, None, None, None])
    for col in "ABEFGHI":
        sheet.merge_cells(f"{col}2:{col}3")
    sheet.merge_cells("C2:D2")
    rows = [
        (
            "1",
            "330217001000",
            "食品生产经营许可",
            "食品生产许可",
            "行政许可",
            FOOD,
            organ,
            DUTIES,
            ACCOUNT,
        ),
        (
            "2",
            "330217001001",
            None,
            "食品经营许可",
            "行政许可",
            FOOD,
            organ,
            DUTIES,
            ACCOUNT,
        ),
        (
            "3",
            "330217002000",
            "特种设备使用登记",
            None,
            "行政许可",
            "《中华人民共和国特种设备安全法》第三十三条",
            organ,
            DUTIES,
            ACCOUNT,
        ),
        (
            "4",
            "330217101000",
            "对未取得食品生产经营许可从事食品生产经营活动的行政处罚",
            None,
            "行政处罚",
            PENALTY_BASIS,
            organ,
            "1.立案责任\n2.调查取证责任\n3.审理责任\n4.告知责任\n5.决定责任\n6.送达责任\n7.执行责任",
            "1.没有法律和事实依据实施行政处罚的；\n2.擅自改变行政处罚种类、幅度的。",
        ),
        (
            "5",
            "330217102000",
            "对生产经营不符合食品安全标准的食品的行政处罚",
            None,
            "行政处罚",
            "《中华人民共和国食品安全法》第一百二十四条",
            organ,
            "1.立案责任\n2.调查取证责任\n3.决定责任",
            "1.违反法定的行政处罚程序的。",
        ),
        (
            "6",
            "330217201000",
            "查封、扣押不符合法定要求的食品",
            None,
            "行政强制",
            "《中华人民共和国食品安全法》第一百一十条",
            organ,
            "1.审批责任\n2.告知责任\n3.实施责任",
            "1.违法实施行政强制措施的。",
        ),
        (
            "7",
            "330217301000",
            "食品安全监督检查",
            None,
            "行政检查",
            "《中华人民共和国食品安全法》第一百一十条",
            organ,
            "1.检查责任\n2.处置责任",
            "1.未依法履行监督检查职责的。",
        ),
        (
            "8",
            "330217901000",
            "消费者投诉举报处理",
            None,
            "其他行政权力",
            "《中华人民共和国消费者权益保护法》第三十九条",
            organ,
            "1.受理责任\n2.处理责任",
            "1.对投诉举报不予处理的。",
        ),
    ]
    for row in rows:
        sheet.append(list(row))
    # The 主项 “食品生产经营许可” spans its two 子项 rows, as printed lists merge it.
    sheet.merge_cells("C4:C5")
    sheet.merge_cells("D6:D6")
    return _bytes(book)


def township_sections(organ: str = "示范镇人民政府") -> bytes:
    """A township's 权责清单 in the 乡镇“两个清单” shape: 权力事项名称, 实施依据, 责任事项, 追责情形,
    no category column: each category is a heading row merged across the table."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "乡镇权责清单"
    sheet.append([f"{organ}权力清单和责任清单"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "权力事项名称", "实施依据", "责任事项", "追责情形"])
    sections = [
        (
            "一、行政处罚（共2项）",
            [
                (
                    "对在村庄、集镇规划区内未依法取得乡村建设规划许可证进行建设的处罚",
                    "《中华人民共和国城乡规划法》第六十五条",
                ),
                (
                    "对违反《森林防火条例》在森林防火期内未经批准擅自野外用火的处罚",
                    "《森林防火条例》第五十条",
                ),
            ],
        ),
        (
            "二、行政强制（共1项）",
            [
                ("责令停止违法建设并限期拆除", "《中华人民共和国城乡规划法》第六十五条"),
            ],
        ),
        (
            "三、行政给付（共2项）",
            [
                ("特困人员救助供养", "《社会救助暂行办法》第十四条"),
                ("临时救助", "《社会救助暂行办法》第四十七条"),
            ],
        ),
        (
            "四、其他行政权力（共1项）",
            [
                ("农村村民宅基地申请审核", "《中华人民共和国土地管理法》第六十二条"),
            ],
        ),
    ]
    number = 0
    for heading, items in sections:
        sheet.append([heading])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5)
        for name, basis in items:
            number += 1
            sheet.append(
                [
                    number,
                    name,
                    basis,
                    "1.受理责任\n2.审查责任\n3.决定责任",
                    "未依法履行职责的，依法追究责任。",
                ]
            )
    return _bytes(book)


def public_services(place: str = "示范县", organ: str = "示范县人力资源和社会保障局") -> bytes:
    """A 公共服务事项清单 with the columns of a service guide: 服务对象, 办理地点, 办理时间, 咨询电话."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "公共服务事项清单"
    sheet.append([f"{organ}公共服务事项清单"])
    sheet.merge_cells("A1:K1")
    sheet.append(
        [
            "序号",
            "服务事项名称",
            "服务对象",
            "设定依据",
            "实施主体",
            "办理地点",
            "办理时间",
            "办理时限",
            "收费标准",
            "咨询电话",
            "备注",
        ]
    )
    rows = [
        (
            1,
            "就业失业登记",
            "自然人",
            "《就业服务与就业管理规定》第六十一条",
            f"{place}公共就业服务中心",
            f"{place}政务服务中心二楼人社窗口",
            "工作日 9:00—12:00，13:30—17:00",
            "即时办结",
            "不收费",
            "0994-1234567",
            "",
        ),
        (
            2,
            "职业技能培训补贴申领",
            "自然人",
            "《关于推行终身职业技能培训制度的意见》（国发〔2018〕11号）",
            f"{place}公共就业服务中心",
            f"{place}政务服务中心二楼人社窗口",
            "工作日 9:00—12:00，13:30—17:00",
            "15个工作日",
            "不收费",
            "0994-1234567",
            "",
        ),
        (
            3,
            "城乡居民养老保险参保登记",
            "自然人",
            "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
            f"{place}社会保险事业管理局",
            "各乡镇（街道）便民服务中心",
            "工作日",
            "即时办结",
            "不收费",
            "0994-7654321",
            "可网上办理",
        ),
        (
            4,
            "社会保障卡申领",
            "自然人",
            "《中华人民共和国社会保险法》第五十八条",
            f"{place}社会保险事业管理局",
            f"{place}政务服务中心",
            "工作日",
            "即时办结",
            "不收费",
            "0994-7654321",
            "",
        ),
    ]
    for row in rows:
        sheet.append(list(row))
    return _bytes(book)


def _publish(organ, version):
    services.submit_version(version=version, actor=organ.staff[Role.EDITOR])
    return services.publish_version(version=version, actor=organ.staff[Role.REVIEWER])


def _import(organ, kind: str, name: str, data: bytes, reason: str = ""):
    version = services.import_list(
        org=organ.org, actor=organ.staff[Role.EDITOR], kind=kind, name=name, data=data, reason=reason
    )
    return _publish(organ, version)


PROFILES = {
    "market": (
        "贯彻执行市场监督管理法律法规；负责市场主体登记注册、市场秩序监管、食品安全监督管理、"
        "特种设备安全监察、质量和标准计量管理、消费者权益保护等工作。",
        [
            ("办公室", "负责机关日常运转、政务公开、信访等工作。"),
            ("登记注册科", "负责市场主体登记注册。"),
            ("食品安全监督管理科", "负责食品生产经营监督管理。"),
            ("综合行政执法大队", "承担市场监管领域行政执法。"),
        ],
        [("局长", "主持全面工作。"), ("副局长", "分管食品安全、特种设备。")],
    ),
    "township": (
        "贯彻执行党和国家的路线方针政策和法律法规；负责本辖区经济发展、社会事务、公共服务、"
        "平安建设和基层治理等工作。",
        [
            ("党政综合办公室", "负责日常运转、政务公开。"),
            ("社会事务办公室", "负责社会救助、民政、卫生健康。"),
            ("综合行政执法办公室", "负责综合行政执法。"),
            ("便民服务中心", "负责政务服务事项受理办理。"),
        ],
        [("镇长", "主持政府全面工作。"), ("副镇长", "分管社会事务、便民服务。")],
    ),
}


def seed_powers(organs: list, names, *, log=print) -> int:
    """A 市场监管局 with two versions of its 权责清单, a township with its list, the 人社局's
    公共服务事项清单; 机构职能 for each of them. Returns the number of lists published."""
    market = next((o for o in organs if o.profile == "market" and o.org.level == "county"), None)
    township = next((o for o in organs if o.kind == "township"), None)
    hr = next((o for o in organs if o.profile == "hr"), None)
    published = 0
    if market is not None:
        _import(market, "powers", "权责清单.xlsx", county_market(market.org.name))
        editor = market.staff[Role.EDITOR]
        second = services.start_revision(
            org=market.org,
            actor=editor,
            kind="powers",
            reason="依据《中华人民共和国药品管理法》新增事项，调整办理时限",
        )
        services.save_item(
            version=second,
            actor=editor,
            item=second.items.get(name="食品安全监督检查"),
            time_limit="检查结束后5个工作日内反馈",
        )
        services.remove_item(item=second.items.get(name="消费者投诉举报处理"), actor=editor)
        services.save_item(
            version=second,
            actor=editor,
            name="药品零售企业经营许可",
            category="licensing",
            basis="《中华人民共和国药品管理法》第五十一条",
            implementer=market.org.name,
            time_limit="20个工作日",
            fees="不收费",
        )
        _publish(market, second)
        published += 2
    if township is not None:
        _import(township, "powers", "乡镇权责清单.xlsx", township_sections(township.org.name))
        published += 1
    if hr is not None:
        _import(hr, "services", "公共服务事项清单.xlsx", public_services(hr.place, hr.org.name))
        published += 1
    for organ, key in ((market, "market"), (township, "township")):
        if organ is None:
            continue
        functions, units, leaders = PROFILES[key]
        org_services.update_organ_profile(
            org=organ.org,
            actor=organ.staff[Role.HEAD],
            functions=functions,
            units=[{"name": n, "functions": f, "phone": organ.org.phone} for n, f in units],
            leaders=[{"name": names(), "post": post, "duties": duties} for post, duties in leaders],
        )
    log(f"权责清单与公共服务事项清单 {published} 个版本")
    return published
