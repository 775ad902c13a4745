from django import template

from portal.names import display_name as _display_name

register = template.Library()


@register.filter
def display_name(obj) -> str:
    """``{{ group|display_name }}``: a group's, workflow's or task's name in the active language."""
    return _display_name(obj)
