"""Staff accounts and their roles in organs."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser, UserManager
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
