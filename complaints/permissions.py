"""Who may see and act on a complaint.

An official has a role on a complaint when they are the responsible worker of its grid, its
assignee, a member of the department it is with or of its category's department, or hold
``complaints.handle_all_complaints`` (the intake desk). Residents see their own complaints: those
submitted from their account, or those they opened with the tracking number and secret.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from complaints.models import Complaint

SESSION_KEY = "complaints_tracked"


def is_official(user) -> bool:
    """May act for the community at all (staff intake, assignment): any complaints role."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("complaints.change_complaint")
    )


def can_handle(user, complaint: Complaint) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("complaints.handle_all_complaints"):
        return True
    if complaint.assignee_id == user.pk:
        return True
    if complaint.grid_id is not None and complaint.grid.responsible_worker_id == user.pk:
        return True
    department_ids = {complaint.department_id, complaint.category.department_id} - {None}
    return bool(department_ids) and user.groups.filter(pk__in=department_ids).exists()


def officials_for(complaint: Complaint) -> QuerySet:
    """The officials who could take the complaint on: the responsible worker of its grid, the
    members of its department and of its category's department, and the intake desk (the same
    roles ``can_handle`` grants), never other staff such as the finance clerks."""
    department_ids = {complaint.department_id, complaint.category.department_id} - {None}
    role = Q(groups__pk__in=department_ids) | Q(
        groups__permissions__codename="handle_all_complaints"
    )
    if complaint.grid_id is not None and complaint.grid.responsible_worker_id is not None:
        role |= Q(pk=complaint.grid.responsible_worker_id)
    officials = get_user_model().objects.filter(
        is_active=True, groups__permissions__codename="change_complaint"
    )
    candidates = get_user_model().objects.filter(role).values("pk")
    return officials.filter(pk__in=candidates).distinct().order_by("display_name", "username")


def remember_tracked(request: HttpRequest, complaint: Complaint) -> None:
    """The visitor proved they hold the secret: let them see this complaint for the session."""
    tracked = list(request.session.get(SESSION_KEY, []))
    if complaint.pk not in tracked:
        tracked.append(complaint.pk)
        request.session[SESSION_KEY] = tracked[-20:]


def is_complainant(request: HttpRequest, complaint: Complaint) -> bool:
    user = request.user
    if user.is_authenticated and complaint.user_id == user.pk:
        return True
    return complaint.pk in request.session.get(SESSION_KEY, [])


def can_view(request: HttpRequest, complaint: Complaint) -> bool:
    """Personal data, photos and the full timeline: the complainant or an official with a role."""
    return is_complainant(request, complaint) or can_handle(request.user, complaint)
