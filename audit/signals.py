"""Sign-ins, failed sign-ins, sign-outs and every change of an account's roles and groups.

Changes made in the admin carry the official who made them (the request, see ``middleware``);
changes made by commands or migrations are recorded with no actor.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save

from audit import services
from audit.context import get_request
from audit.models import Action

ROLE_FIELDS = ("is_superuser", "is_staff", "is_active")


def _login(sender, request, user, **kwargs):
    services.record(Action.LOGIN, actor=user, request=request)


def _logout(sender, request, user, **kwargs):
    if user is not None:
        services.record(Action.LOGOUT, actor=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the name typed in: Django has already masked the password in ``credentials``.
    typed = ""
    for key in ("username", "email", "login"):
        if credentials.get(key):
            typed = str(credentials[key])
            break
    services.record(
        Action.LOGIN_FAILED,
        actor=None,
        actor_label=typed,
        request=request or get_request(),
    )


def _actor():
    request = get_request()
    user = getattr(request, "user", None) if request is not None else None
    return request, (user if user is not None and user.is_authenticated else None)


def _roles_changing(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(ROLE_FIELDS):
        return  # e.g. ``last_login`` at each sign-in: nothing to compare
    before = sender._default_manager.filter(pk=instance.pk).values(*ROLE_FIELDS).first()
    if before is None:
        return
    changes = {
        field: [before[field], getattr(instance, field)]
        for field in ROLE_FIELDS
        if before[field] != getattr(instance, field)
    }
    if changes:
        request, actor = _actor()
        services.record(
            Action.ROLE_CHANGED,
            actor=actor,
            request=request,
            obj=instance,
            object_repr=services.actor_text(instance),
            detail={"changes": changes},
        )


def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    request, actor = _actor()
    User = get_user_model()
    if reverse:  # group.user_set.add(...): one entry per account
        users = list(User._default_manager.filter(pk__in=pk_set or []))
        groups = [instance.name]
    else:
        users = [instance]
        if action == "pre_clear":
            groups = list(instance.groups.values_list("name", flat=True))
        else:
            groups = list(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    if not groups:
        return
    change = "added" if action == "post_add" else "removed"
    for user in users:
        services.record(
            Action.GROUP_CHANGED,
            actor=actor,
            request=request,
            obj=user,
            object_repr=services.actor_text(user),
            detail={change: sorted(groups)},
        )


def _user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or reverse:
        return
    request, actor = _actor()
    if action == "pre_clear":
        codenames = list(instance.user_permissions.values_list("codename", flat=True))
    else:
        codenames = list(
            model.objects.filter(pk__in=pk_set or []).values_list("codename", flat=True)
        )
    if codenames:
        services.record(
            Action.ROLE_CHANGED,
            actor=actor,
            request=request,
            obj=instance,
            object_repr=services.actor_text(instance),
            detail={"added" if action == "post_add" else "removed": sorted(codenames)},
        )


def _group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or reverse:
        return
    request, actor = _actor()
    if request is None:
        return  # migrations set up the roles' permissions; only officials' edits are recorded
    if action == "pre_clear":
        codenames = list(instance.permissions.values_list("codename", flat=True))
    else:
        codenames = list(
            model.objects.filter(pk__in=pk_set or []).values_list("codename", flat=True)
        )
    if codenames:
        services.record(
            Action.GROUP_PERMISSIONS,
            actor=actor,
            request=request,
            obj=instance,
            # As stored: ``str()`` of a group is its name in the actor's language (portal/names.py).
            object_repr=instance.name,
            detail={"added" if action == "post_add" else "removed": sorted(codenames)},
        )


def connect() -> None:
    User = get_user_model()
    user_logged_in.connect(_login, dispatch_uid="audit_login")
    user_logged_out.connect(_logout, dispatch_uid="audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
    pre_save.connect(_roles_changing, sender=User, dispatch_uid="audit_roles")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="audit_groups")
    m2m_changed.connect(
        _user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="audit_user_permissions",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="audit_group_permissions",
    )
