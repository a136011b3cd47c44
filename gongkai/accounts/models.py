"""Staff accounts and their roles in organs."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("信息员")
    REVIEWER = "reviewer", _("审核人")
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", _("保密审查人")
    REQUEST_HANDLER = "request_handler", _("依申请经办人")
    HEAD = "head", _("负责人")
    COMPETENT_ADMIN = "competent_admin", _("政务公开办管理员")


class AdminRole(models.TextChoices):
    """The three operators of 等保 2.0 第三级 (GB/T 22239-2019 8.1.4.2 d), 8.1.5): one per account."""

    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("审计管理员")


OPERATOR_HAS_NO_MEMBERSHIPS = _(
    "运维管理账号（系统管理员、安全管理员、审计管理员）不在机关中担任业务角色；请为业务工作另设账号。"
)


class CaseInsensitiveUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)

    def _create_user_object(self, username, email, password, **extra_fields):
        # create_user() hashes without calling set_password(); stamp the time so the 90-day rule applies.
        extra_fields.setdefault("password_changed_at", timezone.now())
        user = super()._create_user_object(username, email, password, **extra_fields)
        user._new_raw_password = password  # the first entry of its password history
        return user


def lockout_username(request, credentials) -> str | None:
    """The name django-axes counts failures under (AXES_USERNAME_CALLABLE): case-folded like logins,
    so 'ZhangSan' and 'zhangsan' share one counter."""
    data = credentials if credentials else getattr(request, "POST", {})
    username = data.get("username")
    return username.strip().lower() if username else username


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    # One field, so the three operators' duties are mutually exclusive on one account (security.md §1.2).
    admin_role = models.CharField(
        _("运维管理角色"),
        max_length=16,
        choices=AdminRole.choices,
        blank=True,
        help_text=_("系统管理员、安全管理员、审计管理员三者互斥，一个账号只能担任其一。"),
    )

    objects = CaseInsensitiveUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        # 等保 2.0 8.1.4.1 a): a unique identifier; 'Zhang' and 'zhang' are one account.
        constraints = [models.UniqueConstraint(Lower("username"), name="uniq_username_ci")]

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        # Remembered for the history of the last passwords (written once the user is saved).
        self._new_raw_password = raw_password

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        raw = getattr(self, "_new_raw_password", None)
        if raw is not None:
            self._new_raw_password = None
            PasswordHistory.remember(self, raw)

    def clean(self):
        super().clean()
        # security.md §1.2: an operator does no business work, so its actions stay its duty's alone.
        if self.admin_role and self.pk and self.memberships.exists():
            raise ValidationError({"admin_role": OPERATOR_HAS_NO_MEMBERSHIPS})

    def is_operator(self, *roles: str) -> bool:
        """Whether this account is one of the given operators (三员) and active."""
        return self.is_active and self.admin_role in roles

    def roles_in(self, org) -> set[str]:
        """The roles this user holds in exactly this organ."""
        return {m.role for m in self.memberships.all() if m.organization_id == org.pk}


class Membership(models.Model):
    """A user holds one role in one organ; several rows give several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="uniq_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

    def clean(self):
        super().clean()
        if self.user_id is not None and self.user.admin_role:
            raise ValidationError(OPERATOR_HAS_NO_MEMBERSHIPS)


class DutyPolicy(models.Model):
    """Per-organ exception to the separation of duties: a small organ with one officer may clear,
    approve and publish what that officer drafted. Set only by the competent office above the organ
    or the 安全管理员, audited; every step taken under it is audited with a flag."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="duty_policy", verbose_name=_("机关")
    )
    single_officer = models.BooleanField(
        _("允许一人兼任起草、审查、审核、发布"),
        default=False,
        help_text=_("仅限只有一名工作人员、依法可由一人兼任的机关。每次兼任操作均记入审计日志。"),
    )
    basis = models.CharField(_("依据和理由"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("设置人")
    )
    changed_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("职责分离设置")
        verbose_name_plural = _("职责分离设置")

    def __str__(self) -> str:
        state = _("允许一人兼任") if self.single_officer else _("职责分离")
        return f"{self.organization} · {state}"


def password_skeleton(raw_password: str) -> str:
    """What is left of a password without its digits and symbols, in lower case: 'Changji2026' and
    'Changji2027!' share the skeleton 'changji', so changing the year does not make a new password."""
    letters = "".join(c for c in raw_password.lower() if c.isalpha())
    return letters if len(letters) >= 4 else raw_password.lower()


class PasswordHistory(models.Model):
    """The last passwords of a user (等保 2.0 8.1.4.1 a), history of 5 in security.md), each kept
    only as a salted hash of its skeleton, hashed like a password: a new password whose skeleton
    matches one of them is the old password with other digits, and is refused."""

    KEEP = 5

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    skeleton_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @classmethod
    def remember(cls, user, raw_password: str) -> None:
        cls.objects.create(user=user, skeleton_hash=make_password(password_skeleton(raw_password)))
        stale = cls.objects.filter(user=user).values_list("pk", flat=True)[cls.KEEP :]
        cls.objects.filter(pk__in=list(stale)).delete()
