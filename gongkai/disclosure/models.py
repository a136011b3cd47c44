"""主动公开 records (政府信息), their attachments, validity history and the 索引号 counter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import OrgScopedModel
from gongkai.disclosure.querysets import RecordQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待保密审查")
    CONFIDENTIALITY_PASSED = "confidentiality_passed", _("保密审查通过，待审核")
    APPROVED = "approved", _("审核通过，待发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    RETURNED = "returned", _("已退回修改")


# The publication workflow (《政府信息公开条例》第十七条: 保密审查 before anything is published).
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.CONFIDENTIALITY_PASSED, Status.RETURNED},
    Status.CONFIDENTIALITY_PASSED: {Status.APPROVED, Status.RETURNED},
    Status.APPROVED: {Status.PUBLISHED, Status.RETURNED},
    Status.PUBLISHED: {Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
}
EDITABLE_STATUSES = {Status.DRAFT, Status.RETURNED}


class Genre(models.TextChoices):
    """体裁. 规章 and 规范性文件 carry validity; 政策解读 links to the policy it explains."""

    RULE = "rule", _("规章")
    NORMATIVE = "normative", _("规范性文件")
    INTERPRETATION = "interpretation", _("政策解读")
    DECISION = "decision", _("决定")
    ORDER = "order", _("命令（令）")
    NOTICE = "notice", _("通知")
    ANNOUNCEMENT = "announcement", _("公告")
    CIRCULAR = "circular", _("通告")
    OPINION = "opinion", _("意见")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REPLY = "reply", _("批复")
    LETTER = "letter", _("函")
    MINUTES = "minutes", _("纪要")
    PLAN = "plan", _("规划计划")
    STATISTICS = "statistics", _("统计信息")
    BUDGET = "budget", _("预算决算")
    PUBLICITY = "publicity", _("公示")
    OTHER = "other", _("其他")


VALIDITY_GENRES = {Genre.RULE, Genre.NORMATIVE}


class Topic(models.TextChoices):
    """主题分类 (the State Council's 政府信息公开目录 topic list)."""

    GENERAL = "general", _("综合政务")
    ECONOMY = "economy", _("国民经济管理、国有资产监管")
    FINANCE = "finance", _("财政、金融、审计")
    LAND = "land", _("国土资源、能源")
    AGRICULTURE = "agriculture", _("农业、林业、水利")
    INDUSTRY = "industry", _("工业、交通")
    COMMERCE = "commerce", _("商贸、海关、旅游")
    MARKET = "market", _("市场监管、安全生产监管")
    URBAN = "urban", _("城乡建设、环境保护")
    SCIENCE = "science", _("科技、教育")
    CULTURE = "culture", _("文化、广电、新闻出版")
    HEALTH = "health", _("卫生、体育")
    POPULATION = "population", _("人口与计划生育、妇女儿童工作")
    LABOUR = "labour", _("劳动、人事、监察")
    PUBLIC_SECURITY = "public_security", _("公安、安全、司法")
    CIVIL = "civil", _("民政、扶贫、救灾")
    ETHNIC = "ethnic", _("民族、宗教")
    FOREIGN = "foreign", _("对外事务")
    HK_MACAO_TAIWAN = "hmt", _("港澳台侨工作")
    DEFENCE = "defence", _("国防")
    OTHER = "other", _("其他")


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")
    AMENDED = "amended", _("已修订")


class Record(OrgScopedModel):
    """One piece of government information with its catalog metadata.

    《政府信息公开条例》第十二条: the 目录 carries 索引、名称、内容概述、生成日期.
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="records", verbose_name=_("发布机构")
    )
    column = models.ForeignKey(
        "catalog.Column", on_delete=models.PROTECT, related_name="records", verbose_name=_("公开目录栏目")
    )
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    index_number = models.CharField(_("索引号"), max_length=80, null=True, blank=True, unique=True)
    index_year = models.PositiveSmallIntegerField(_("索引年度"), null=True, blank=True)
    index_serial = models.PositiveIntegerField(_("索引流水号"), null=True, blank=True)
    title = models.CharField(_("信息名称"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    topic = models.CharField(_("主题分类"), max_length=30, choices=Topic.choices, default=Topic.GENERAL)
    genre = models.CharField(_("体裁"), max_length=30, choices=Genre.choices, default=Genre.NOTICE)
    disclosure_mode = models.CharField(
        _("公开方式"), max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    # 三同步 (issue 13): a 重大政策 is published with its 解读 like a 规章 or 规范性文件.
    major_policy = models.BooleanField(
        _("重大政策"), default=False, help_text=_("重大政策须与政策解读同步起草、同步审签、同步发布。")
    )
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    amended_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amends",
        verbose_name=_("修订文件"),
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name=_("替代文件"),
    )
    # 政策解读 → the policy it explains; the policy sees its interpretations through the reverse name.
    policy = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        verbose_name=_("所解读的政策"),
    )
    # 民汉双语 (issue 16 item 3, ADR 0040): the organ's Uyghur version beside the Chinese, shown to
    # visitors who read the site in Uyghur; sealed with the record (disclosure/integrity.py).
    title_ug = models.CharField(_("维吾尔文信息名称"), max_length=300, blank=True)
    summary_ug = models.TextField(_("维吾尔文内容概述"), blank=True)
    body_ug = models.TextField(_("维吾尔文正文"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("起草人"),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "index_year", "index_serial"], name="uniq_record_index_serial"
            ),
        ]
        indexes = [
            # An organ's published records newest first, with the column: the public records list
            # counts and skips to an old ``?page=N`` from this index alone, without reading the
            # records' rows (disclosure.selectors.filtered_public_records, ADR 0064). id before the
            # column keeps the list's order (published_at, id) the index's own.
            models.Index(
                fields=["organization", "status", "published_at", "id", "column"],
                name="record_org_published_idx",
            ),
            # The workbench lists, queues and dashboard read an organ's records newest change first
            # (disclosure.selectors.records_in_workbench), all of them or those in one state: without
            # these, each page sorts all 100,000 rows of a big organ (ADR 0046).
            models.Index(fields=["organization", "updated_at", "id"], name="record_org_updated_idx"),
            # created_by last: the review queue leaves out one's own drafts (disclosure.duties) and
            # counts its rows from the index alone.
            models.Index(
                fields=["organization", "status", "updated_at", "id", "created_by"],
                name="record_org_status_updated_idx",
            ),
            # The dashboard's 我的草稿 (one 信息员's records in one state) and its 三同步 task (规章,
            # 规范性文件 and 重大政策 without a 解读), counted from the index without reading the rows.
            models.Index(
                fields=["organization", "created_by", "status", "updated_at"], name="record_org_author_idx"
            ),
            models.Index(
                fields=["organization", "genre", "major_policy", "status"], name="record_org_genre_idx"
            ),
            # Its first two columns also serve the annual report's 规章/规范性文件 of an organ or a
            # province (normative_facts, ADR 0047).
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_uyghur(self) -> bool:
        """Whether the organ published a Uyghur version (a title at least)."""
        return bool(self.title_ug.strip())

    @property
    def has_validity(self) -> bool:
        return self.genre in VALIDITY_GENRES

    @property
    def is_interpretation(self) -> bool:
        return self.genre == Genre.INTERPRETATION

    @property
    def public_key(self) -> str:
        """The readable URL key of a published record: ``2024-00012``."""
        return f"{self.index_year}-{self.index_serial:05d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:record", kwargs={"org": self.organization.slug, "key": self.public_key})


class Interpretation(Record):
    """政策解读: a record of genre interpretation (proxy, so one table serves both)."""

    class Meta:
        proxy = True
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")


class ValidityChange(models.Model):
    """One step of a normative document's 立改废 history."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="validity_changes")
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices)
    effective_on = models.DateField(_("生效日期"))
    related_record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("相关文件")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("有效性变更")
        verbose_name_plural = _("有效性变更")
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.effective_on} {self.get_validity_display()}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is the content hash: never the user's name, never executable.
    digest = instance.sha256
    return f"attachments/{instance.record.organization_id}/{digest[:2]}/{digest}.{instance.extension}"


class Attachment(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    extension = models.CharField(_("类型"), max_length=10)
    content_type = models.CharField(_("MIME类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Extracted at upload, outside the transaction, by a bounded child process (ADR 0011);
    # "" status = not yet tried (older rows), "ok", "empty" or "unreadable" (then text_note says why).
    text = models.TextField(_("提取文本"), blank=True)
    text_status = models.CharField(_("文本提取状态"), max_length=10, blank=True)
    text_note = models.CharField(_("文本提取说明"), max_length=200, blank=True)
    # What scanned the file at upload: engine and signature date, or "未配置病毒扫描".
    scan_note = models.CharField(_("病毒扫描"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.original_name


class IndexCounter(models.Model):
    """Last 索引号 serial used per organ and year; locked row by row so serials are gap-free."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="uniq_index_counter")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_serial}"


class RecordReadCount(models.Model):
    """How often a published record's page was read on one day, for the home page's 最多阅读 (ADR 0041).

    A statistic, not a record of anyone: no address, session or user is kept. Counted in the record
    view outside the whole-page cache and written in bulk (gongkai.disclosure.reads)."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="read_counts")
    day = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("阅读次数"), default=0)

    class Meta:
        verbose_name = _("阅读次数")
        verbose_name_plural = _("阅读次数")
        constraints = [models.UniqueConstraint(fields=["record", "day"], name="uniq_record_read_day")]
        indexes = [models.Index(fields=["day", "record"], name="record_read_day_idx")]

    def __str__(self) -> str:
        return f"{self.record_id}@{self.day}: {self.count}"
