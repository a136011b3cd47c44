"""依申请公开: applications (《政府信息公开条例》第二十九条至第四十五条) and the events of their clock.

The clock is never stored: due dates are derived by ``deadlines.compute`` from the dated events
kept here (receipt, 补正, consultations, extension, fee notice, reply). Applicant identity and
contact are personal data: sealed with SM4-GCM (``EncryptedTextField``), visible only to the
handling organ's staff with a handling role, masked in lists.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.crypto import EncryptedTextField
from gongkai.core.models import OrgScopedModel, TimeStampedModel
from gongkai.info_requests import outcomes


class ApplicantKind(models.TextChoices):
    """The annual report's applicant columns (section 三)."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他组织")


# 法人或其他组织: the kinds that name a 联系人 and may carry a 统一社会信用代码.
ORGANISATION_KINDS = frozenset(ApplicantKind.values) - {ApplicantKind.NATURAL_PERSON}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他有效证件")


class Channel(models.TextChoices):
    """How the application arrived; decides its date of receipt (第三十一条)."""

    ONLINE = "online", _("互联网（在线申请）")
    IN_PERSON = "in_person", _("当面提交")
    POST = "post", _("邮寄（需签收）")
    LETTER = "letter", _("平常信函")
    FAX = "fax", _("传真")


class ProvisionForm(models.TextChoices):
    """第二十九条第（三）项: the form of the information…"""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子数据")
    EITHER = "either", _("均可")


class ObtainMethod(models.TextChoices):
    """…and the way of obtaining it."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    COLLECT = "collect", _("当面领取")
    ONLINE = "online", _("网上获取（凭查询码下载）")


class Status(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待确认收到")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待申请人补正")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    ARCHIVED = "archived", _("已归档")
    WITHDRAWN = "withdrawn", _("申请人撤回")


OPEN_STATUSES = {Status.AWAITING_CONFIRMATION, Status.IN_PROGRESS, Status.AWAITING_CORRECTION}


class InfoRequestCounter(models.Model):
    """Last application serial per organ and year (row-locked, gap-free)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="uniq_info_request_counter")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_serial}"


class InfoRequest(OrgScopedModel):
    """One 政府信息公开申请 to ``organization`` (the organ that must answer)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    # Blind index (HMAC-SM3) of the query code: the code itself is shown once, never stored.
    query_code_index = models.CharField(max_length=64, unique=True, editable=False)
    # HMAC of the form's token: a double-clicked submit carries the same token and finds the
    # application already made (unique, so two racing clicks cannot both create one).
    submission_token = models.CharField(max_length=64, unique=True, editable=False)

    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    # 第三十一条: the date the clock starts from; empty until receipt is confirmed (online, letter, fax).
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.AWAITING_CONFIRMATION
    )

    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = EncryptedTextField(_("姓名或名称"))
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField(_("证件号码"))
    id_number_index = models.CharField(max_length=64, db_index=True, editable=False)
    legal_representative = EncryptedTextField(_("法定代表人"), blank=True)
    contact_person = EncryptedTextField(_("联系人"), blank=True)
    phone = EncryptedTextField(_("联系电话"))
    email = EncryptedTextField(_("电子邮箱"), blank=True)
    address = EncryptedTextField(_("通信地址"), blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)

    description = models.TextField(_("所需政府信息的名称、文号或者其他特征性描述"))
    provision_form = models.CharField(_("信息的提供形式"), max_length=20, choices=ProvisionForm.choices)
    obtain_method = models.CharField(_("获取信息的方式"), max_length=20, choices=ObtainMethod.choices)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "serial"], name="uniq_info_request_number"
            )
        ]
        indexes = [
            # The workbench's list filtered by state, in its order (newest number first), and its
            # count: an index walk instead of a pass over the organ's applications (ADR 0057).
            models.Index(
                fields=["organization", "status", "year", "serial"], name="inforequest_org_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        # 第二十九条第（一）项: name, identity document and contact; a 居民身份证 number must be real.
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        from gongkai.orgs.codes import is_valid_credit_code
        from gongkai.textproc.pii import is_valid_id_number

        errors = {}
        if self.id_type == IdType.RESIDENT_ID and not is_valid_id_number(self.id_number or ""):
            errors["id_number"] = _("居民身份证号码不正确，请核对（18位，末位校验码可能为X）。")
        if self.id_type == IdType.CREDIT_CODE and not is_valid_credit_code((self.id_number or "").strip()):
            # GB 32100-2015: 18 characters, the last a check character over the first 17.
            errors["id_number"] = _("统一社会信用代码不正确，请核对（18位，末位为校验码）。")
        if self.id_type == IdType.CREDIT_CODE and self.applicant_kind == ApplicantKind.NATURAL_PERSON:
            errors["id_type"] = _("自然人请填写个人身份证件。")
        digits = "".join(c for c in (self.phone or "") if c.isdigit())
        if not 7 <= len(digits) <= 15:
            errors["phone"] = _("联系电话不正确。")
        if self.email:
            try:
                validate_email(self.email)
            except ValidationError:
                errors["email"] = _("电子邮箱格式不正确。")
        if self.postal_code and not (self.postal_code.isdigit() and len(self.postal_code) == 6):
            errors["postal_code"] = _("邮政编码应为6位数字。")
        if self.is_organisation and not self.contact_person:
            errors["contact_person"] = _("法人或其他组织请填写联系人。")
        if errors:
            raise ValidationError(errors)

    @property
    def number(self) -> str:
        """申请编号, e.g. 2026-0012 (per organ and year)."""
        return f"{self.year}-{self.serial:04d}"

    def one(self, name: str):
        """The one-to-one ``correction``, ``extension``, ``processing_fee``, ``reasons_request`` or
        ``reply``, or None (uses what select_related already loaded)."""
        try:
            return getattr(self, name)
        except self._meta.get_field(name).related_model.DoesNotExist:
            return None

    @property
    def is_organisation(self) -> bool:
        # Not chosen yet is not an organisation: nothing is demanded of a kind nobody picked.
        return self.applicant_kind in ORGANISATION_KINDS


class Note(TimeStampedModel):
    """An internal note of the handlers (never shown to the applicant)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("内容"))

    class Meta:
        ordering = ["created_at"]


class CorrectionNotice(TimeStampedModel):
    """补正告知 (第三十条): sent once, listing everything, with a reasonable deadline."""

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="correction")
    sent_on = models.DateField(_("告知日期"))
    items = models.TextField(_("需补正的事项"))
    due_on = models.DateField(_("补正期限"))
    supplied_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    supplement = models.TextField(_("补正内容"), blank=True)
    # How the supplement arrived: "online" when the applicant answered on the tracking page.
    supplied_channel = models.CharField(_("补正方式"), max_length=20, choices=Channel.choices, blank=True)
    # A notice sent after 第三十条's 7 working days, registered knowingly (e.g. from the paper
    # file): the clock flags the breach; this says why it was registered anyway.
    breach_reason = models.TextField(_("逾期登记说明"), blank=True)


def supplement_file_path(instance: SupplementFile, filename: str) -> str:
    # Named by content hash under the organ, never by the uploaded name; outside the web root.
    digest = instance.sha256
    return f"supplements/{instance.request.organization_id}/{digest[:2]}/{digest}.{instance.extension}"


class StoredFile(TimeStampedModel):
    """A file kept for one application, as checked at upload (name, type, size, hash)."""

    original_name = models.CharField(_("文件名"), max_length=200)
    extension = models.CharField(_("类型"), max_length=10)
    content_type = models.CharField(_("MIME类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class SupplementFile(StoredFile):
    """A file the applicant sent with a 补正 (第三十条), through the query code."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="supplement_files")
    file = models.FileField(_("文件"), upload_to=supplement_file_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("补正材料")
        verbose_name_plural = _("补正材料")


class ThirdPartyConsultation(TimeStampedModel):
    """征求意见: of a third party (第三十二条) or of another organ (第三十四条). Not counted."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        ORGAN = "organ", _("其他机关（共同制作）")

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(_("征求对象类型"), max_length=20, choices=Kind.choices)
    party = models.CharField(_("征求对象"), max_length=200)
    sent_on = models.DateField(_("发出日期"))
    answered_on = models.DateField(_("答复或期满日期"), null=True, blank=True)
    answer = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["sent_on", "pk"]


class Extension(TimeStampedModel):
    """延期答复: 第三十三条第二款 (≤ 20 working days, the head's approval) or 第三十五条 (a reasoned
    later date for a reasonable but excessive application)."""

    class Kind(models.TextChoices):
        ARTICLE_33 = "art33", _("延长答复期限（第三十三条）")
        ARTICLE_35 = "art35", _("延迟答复（第三十五条）")

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="extension")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE_33)
    working_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=20)
    new_due_on = models.DateField(_("延迟答复期限"), null=True, blank=True)
    reason = models.TextField(_("理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("批准人"),
    )
    approved_on = models.DateField(_("批准日期"))
    # Approved after the reply was due, registered knowingly: flagged by the clock, not cured.
    breach_reason = models.TextField(_("逾期登记说明"), blank=True)


class ReasonsRequest(TimeStampedModel):
    """说明理由告知 (第三十五条): the applications' number or frequency clearly exceeds a reasonable
    range, so the organ asks the applicant for reasons. No reasons, or unreasonable ones → reply
    不予处理 (outcome ``not_processed_excessive``); reasonable ones the organ cannot answer within
    第三十三条's period → a 第三十五条 delay (``Extension.Kind.ARTICLE_35``). The 条例 excludes only
    the 补正 (第三十条) and consultations (第三十三条第三款) from the reply period, so the time
    the applicant takes counts (ADR 0017)."""

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="reasons_request")
    grounds = models.TextField(_("数量、频次明显超过合理范围的情况"))
    sent_on = models.DateField(_("告知日期"))
    due_on = models.DateField(_("说明理由期限"))
    given_on = models.DateField(_("收到理由日期"), null=True, blank=True)
    reasons = models.TextField(_("申请人说明的理由"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )

    class Meta:
        verbose_name = _("说明理由告知")
        verbose_name_plural = _("说明理由告知")


class ProcessingFee(TimeStampedModel):
    """收费通知 (国办函〔2020〕109号): the applicant pays within 20 working days or the
    application is not processed further (annual report 其他处理-2)."""

    class Method(models.TextChoices):
        PER_ITEM = "per_item", _("按件计收")
        PER_PAGE = "per_page", _("按量计收")

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="processing_fee")
    method = models.CharField(_("计收方式"), max_length=10, choices=Method.choices)
    quantity = models.PositiveIntegerField(_("件数或页数"))
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    sent_on = models.DateField(_("通知日期"))
    # 自收到本通知之次日起20个工作日内: the payment period starts from the notice's delivery.
    delivered_on = models.DateField(_("通知送达日期"), null=True, blank=True)
    delivery_method = models.CharField(_("送达方式"), max_length=20, choices=ObtainMethod.choices, blank=True)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)


class Reply(TimeStampedModel):
    """答复 (第三十六条): the outcome is a row of the annual report."""

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="reply")
    outcome = models.CharField(_("办理结果"), max_length=40, choices=outcomes.CHOICES)
    already_public = models.BooleanField(_("已主动公开（第三十六条第（一）项）"), default=False)
    # Which legal situation of the outcome row applies (outcomes.Ground), e.g. 第三十六条第（四）项
    # or 第（五）项 for 本机关不掌握, the withholding article of a 部分公开.
    ground = models.CharField(
        _("答复依据情形"), max_length=20, blank=True, choices=outcomes.GROUND_CHOICES[1:]
    )
    reasons = models.TextField(_("理由及说明"))
    responsible_organ = models.CharField(_("负责公开的机关"), max_length=300, blank=True)
    responsible_contact = models.CharField(_("负责公开的机关的联系方式"), max_length=200, blank=True)
    letter_number = models.CharField(_("答复书文号"), max_length=60, blank=True)
    replied_on = models.DateField(_("答复日期"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivery_method = models.CharField(_("送达方式"), max_length=20, choices=ObtainMethod.choices, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_receipt = models.CharField(_("送达回证或凭据"), max_length=200, blank=True)

    @property
    def outcome_info(self) -> outcomes.Outcome:
        return outcomes.BY_CODE[self.outcome]


class ReviewResult(models.TextChoices):
    """The result columns of the annual report's section 四."""

    MAINTAINED = "maintained", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class AppealCase(TimeStampedModel):
    """What 行政复议 and 行政诉讼 records share: when filed, and the result once decided."""

    filed_on = models.DateField(_("申请或起诉日期"))
    result = models.CharField(
        _("结果"), max_length=20, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["filed_on", "pk"]


class Review(AppealCase):
    """行政复议 against a reply (行政复议法 第二十条: within 60 days)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="reviews")
    body = models.CharField(_("复议机关"), max_length=200)

    class Meta(AppealCase.Meta):
        verbose_name = _("行政复议")
        verbose_name_plural = _("行政复议")


class Litigation(AppealCase):
    """行政诉讼 against a reply (行政诉讼法 第四十六条; after review: 第四十五条)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="litigations")
    after_review = models.BooleanField(_("复议后起诉"), default=False)
    court = models.CharField(_("人民法院"), max_length=200)

    class Meta(AppealCase.Meta):
        verbose_name = _("行政诉讼")
        verbose_name_plural = _("行政诉讼")


def released_file_path(instance: ReleasedFile, filename: str) -> str:
    # Named by content hash under the organ, never by the uploaded name; outside the web root.
    digest = instance.sha256
    return f"released/{instance.request.organization_id}/{digest[:2]}/{digest}.{instance.extension}"


class ReleasedFile(StoredFile):
    """A file provided with the reply (第三十六条第（二）项, 第三十七条): only the applicant gets it,
    through the query code, and the handlers."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="released_files")
    file = models.FileField(_("文件"), upload_to=released_file_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("提供的政府信息文件")
        verbose_name_plural = _("提供的政府信息文件")


class LetterTemplate(OrgScopedModel):
    """An organ's own wording of one letter (defaults in ``letters.DEFAULT_TEMPLATES``)."""

    kind = models.CharField(_("文书"), max_length=20)
    paragraphs = models.TextField(_("段落"), help_text=_("每段一行；可用占位符如｛申请编号｝｛收到日期｝。"))

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="uniq_letter_template")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind}"


class LetterSettings(models.Model):
    """How an organ numbers, seals and bills in its letters (one row per organ, defaults when absent)."""

    DEFAULT_PATTERN = "｛机关代字｝公开｛文书代字｝〔｛年度｝〕｛序号｝号"

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="letter_settings"
    )
    organ_code = models.CharField(
        _("机关代字"), max_length=30, blank=True, help_text=_("不填时用机关简称，如“昌吉市发改委”。")
    )
    # GB/T 9704 §7.2.5: 〔年份〕, full year, no 第, serial without leading zeros.
    number_pattern = models.CharField(
        _("发文字号格式"),
        max_length=80,
        default=DEFAULT_PATTERN,
        help_text=_(
            "占位符：｛机关代字｝｛文书代字｝｛年度｝｛序号｝，如“｛机关代字｝公开｛文书代字｝〔｛年度｝〕｛序号｝号”。"
        ),
    )
    sealed = models.BooleanField(
        _("加盖印章"), default=True, help_text=_("决定署名和成文日期的位置（GB/T 9704 第7.3.5条）。")
    )
    seal_image = models.FileField(_("电子印章图像（PNG）"), upload_to="seals/", blank=True, max_length=200)
    payment_channel = models.TextField(
        _("信息处理费缴纳渠道"),
        blank=True,
        help_text=_("收费通知书写明的缴费方式，如非税收入缴款账户、缴款码或缴费地点。"),
    )

    class Meta:
        verbose_name = _("文书设置")
        verbose_name_plural = _("文书设置")

    def __str__(self) -> str:
        return str(self.organization)


class LetterCounter(models.Model):
    """Last 文号 serial per organ, year and letter series (row-locked, gap-free)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=20)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "series"], name="uniq_letter_counter")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}/{self.series}: {self.last_serial}"


def issued_letter_path(instance: IssuedLetter, filename: str) -> str:
    # Named by content hash under the organ, outside the web root; never overwritten.
    ext = filename.rsplit(".", 1)[-1]
    digest = instance.pdf_sha256 if ext == "pdf" else instance.docx_sha256
    return f"letters/{instance.request.organization_id}/{digest[:2]}/{digest}.{ext}"


class IssuedLetter(TimeStampedModel):
    """A letter as issued: its PDF and .docx are a record, served unchanged forever (a template
    edit never touches them). A correction is a new letter that names the one it corrects."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="issued_letters")
    kind = models.CharField(_("文书"), max_length=20)
    consultation = models.ForeignKey(
        ThirdPartyConsultation, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    number = models.CharField(_("发文字号"), max_length=80)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    dated = models.DateField(_("成文日期"))
    # Everything the renderer reads, as issued (seal image included): the files are made from it
    # once, right after the issuing transaction commits, and never again.
    content = models.JSONField(_("文书内容"))
    content_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to=issued_letter_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    docx = models.FileField(upload_to=issued_letter_path, max_length=200, blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField(_("签发时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("签发人"),
    )
    sealed = models.BooleanField(_("加盖印章"))
    seal_position = models.CharField(_("印章位置"), max_length=200, blank=True)
    seal_image_sha256 = models.CharField(max_length=64, blank=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # RESTRICT: a corrected letter cannot go alone, but both go with their application.
        on_delete=models.RESTRICT,
        related_name="corrections",
        verbose_name=_("更正的文书"),
    )

    class Meta:
        verbose_name = _("已签发文书")
        verbose_name_plural = _("已签发文书")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="uniq_issued_letter_number")
        ]

    def __str__(self) -> str:
        return self.number
