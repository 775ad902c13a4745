"""Demo accounts, one per role, all sharing one password generated on first run.

The password is written to ``var/demo_credentials.txt`` (ignored by git) and printed on every run,
so ``make run`` can show it again without resetting anything.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group

from allauth.account.models import EmailAddress

from accounts.models import User

DEMO_ACCOUNTS = [
    # email, display name, groups, is_superuser
    ("admin@demo.community", "管理员", [], True),
    ("editor@demo.community", "编辑小张", ["Editors"], False),
    ("moderator@demo.community", "审核老刘", ["Moderators"], False),
    ("official@demo.community", "网格员王芳", ["Officials", "Moderators"], False),
    ("finance@demo.community", "财务陈会计", ["Finance clerks"], False),
    ("oversight@demo.community", "监督组赵大爷", ["Oversight group"], False),
    ("resident@demo.community", "李阿姨", [], False),
]


def credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo_credentials.txt"


def demo_password() -> str:
    path = credentials_file()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


def load(stdout) -> None:
    password = demo_password()
    for email, display_name, groups, is_superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(email=email, username=email.split("@")[0], display_name=display_name)
            user.set_password(password)
            user.is_superuser = user.is_staff = is_superuser
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    stdout.write(f"Demo accounts (password for all: {password}):")
    for email, _display_name, groups, is_superuser in DEMO_ACCOUNTS:
        role = ", ".join(groups) or ("superuser" if is_superuser else "resident")
        stdout.write(f"  {email:<28} {role}")
