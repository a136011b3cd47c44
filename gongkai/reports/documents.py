"""An annual report as an official document (GB/T 9704): text sections and the format's tables."""

from __future__ import annotations

from django.utils import timezone

from gongkai.core.gongwen import Gongwen, Table
from gongkai.reports import layout, reader, selectors
from gongkai.reports.models import AnnualReport

S2 = "二、主动公开政府信息情况"
S3 = "三、收到和处理政府信息公开申请情况"
S4 = "四、政府信息公开行政复议、行政诉讼情况"


def report_data(report: AnnualReport) -> dict:
    """The frozen tables of a locked report, or today's numbers for a draft."""
    if report.data:
        return report.data
    return selectors.compute(
        report.organization, report.year, rollup=report.rollup, townships=report.include_townships
    )


def title_of(report: AnnualReport) -> str:
    scope = "（本级政府汇总）" if report.rollup else ""
    return f"{report.organization.name}\n{report.year}年政府信息公开工作年度报告{scope}"


def as_gongwen(report: AnnualReport) -> Gongwen:
    data = report_data(report)
    version = selectors.format_version(report.year)
    org = report.organization

    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    intro = (
        f"本报告依据《中华人民共和国政府信息公开条例》第五十条和国家规定的年度报告格式编制，"
        f"所列数据统计期限自{report.year}年1月1日起至{report.year}年12月31日止。"
    )
    paragraphs: list = [intro, "一、总体情况", *lines(report.overview)]
    # An imported past report may lack a section the importer could not read.
    imported = data.get("import") or {}
    s2_version = imported.get("format", version)
    for name, build in (
        (S2, layout.section_2 if s2_version == 2021 else layout.section_2_2019),
        (S3, lambda t: layout.section_3(t, version)),
        (S4, layout.section_4),
    ):
        paragraphs.append(name)
        table = reader.complete_table(name, data.get(name), s2_version) if imported else data.get(name)
        # The section heading above names the table: no caption repeating it.
        paragraphs.append(Table("", build(table)) if data.get(name) else "（未能导入该部分。）")
    paragraphs += ["五、存在的主要问题及改进情况", *lines(report.problems)]
    paragraphs += ["六、其他需要报告的事项", *lines(report.other_matters)]
    # 机构职能 as the platform page and the 指南 read it (orgs.selectors.organ_profile), frozen with
    # the tables when the report is locked; a report locked before it was kept has none.
    contact = data.get("contact", "")
    if contact:
        paragraphs.append(f"本机关{contact}。")
    dated = timezone.localtime(report.published_at or timezone.now()).date()
    return Gongwen(title=title_of(report), paragraphs=paragraphs, signature=org.name, dated=dated)
