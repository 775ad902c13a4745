"""For data migrations of content apps: fill the "actor as text" column of rows written before
it existed, from the accounts as they are now."""


def actor_text_from_row(username: str, email: str, name: str) -> str:
    text = username
    if email and email != username:
        text += f" <{email}>"
    if name and name not in (username, email):
        text += f" ({name})"
    return text[:255]


def fill_actor_names(apps, model_label: str, fk: str, text_field: str) -> None:
    """``model.<text_field>`` from ``model.<fk>`` where it is still empty."""
    from django.conf import settings

    model = apps.get_model(model_label)
    User = apps.get_model(settings.AUTH_USER_MODEL)
    ids = (
        model.objects.filter(**{f"{fk}__isnull": False, text_field: ""})
        .values_list(f"{fk}_id", flat=True)
        .distinct()
    )
    for user in User.objects.filter(pk__in=list(ids)):
        full = f"{user.first_name} {user.last_name}".strip()
        name = getattr(user, "display_name", "") or full
        text = actor_text_from_row(user.username, user.email, name)
        model.objects.filter(**{f"{fk}_id": user.pk, text_field: ""}).update(**{text_field: text})
