"""The resident's and the officials' pages of a poll and of a consultation.

Routes are declared on the pages (``PollPage``, ``ConsultationPage``); these functions validate
input and call ``polls.services``.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.models import Household
from polls import grid_tables, services
from polls import results as poll_results
from polls.forms import BallotForm, CommentForm, OfflineBallotForm, ResponseForm
from polls.models import (
    CommentStatus,
    ConsultationComment,
    ConsultationPage,
    DraftSection,
    PollOption,
    PollPage,
)


def poll_page(request: HttpRequest, poll: PollPage) -> HttpResponse:
    state = services.voting_state(poll, request.user)
    form = BallotForm(poll, request.POST or None) if state.can_vote else None
    error = None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form is None:
            error = state.reason
            status = 400
        elif form.is_valid():
            try:
                services.cast_ballot(poll, request.user, form.answers())
            except services.VoteRefused as exc:
                error = str(exc)
                status = 400
            else:
                messages.success(request, _("Thank you. Your ballot has been recorded."))
                return HttpResponseRedirect(poll.url)
        else:
            status = 400
    context = {
        **poll.get_context(request),
        "page": poll,
        "form": form,
        "error": error,
        "state": state,
        "results_visible": state.results_visible,
        "is_official": state.is_official,
        "can_record": state.can_record,
    }
    return TemplateResponse(request, "polls/poll_page.html", context, status=status)


def results_page(request: HttpRequest, poll: PollPage) -> HttpResponse:
    if not services.results_visible(poll, request.user):
        raise Http404
    official = services.is_poll_official(request.user)
    results = poll_results.poll_results(poll, with_grids=official)
    can_approve = (
        poll.kind == "projects"
        and poll.has_closed()
        and request.user.is_authenticated
        and request.user.has_perm("polls.approve_project")
    )
    context = {
        **poll.get_context(request),
        "page": poll,
        "results": results,
        "is_official": official,
        "grid_minimum": poll_results.GRID_MINIMUM,
        "grid_tables": grid_tables.grid_tables(results) if official else [],
        "can_approve": can_approve,
        "threshold": poll.dissatisfied_threshold,
    }
    return TemplateResponse(request, "polls/results.html", context)


def results_export(request: HttpRequest, poll: PollPage, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx") or not services.results_visible(poll, request.user):
        raise Http404
    table = poll_results.export_rows(poll)
    name = slugify(poll.source.slug) or f"poll-{poll.source.pk}"
    if services.is_poll_official(request.user):
        # Officials' export adds the grids the results page shows them (never the small ones).
        results = poll_results.poll_results(poll, with_grids=True)
        table += grid_tables.grid_export_rows(results)
    if fmt == "csv":
        response = HttpResponse(poll_results.to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            poll_results.to_xlsx(table, name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}-results.{fmt}"'
    return response


def record_offline(request: HttpRequest, poll: PollPage) -> HttpResponse:
    """An official records a household's ballot taken by phone, on a visit or on paper."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("polls.record_offline_ballot"):
        raise PermissionDenied
    form = OfflineBallotForm(poll, request.POST or None)
    error = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            code = form.cleaned_data["household_code"].strip()
            household = Household.objects.filter(code__iexact=code).first()
            if household is None:
                form.add_error("household_code", _("No household has this code."))
            else:
                try:
                    services.cast_ballot(
                        poll,
                        request.user,
                        form.answers(),
                        channel=form.cleaned_data["channel"],
                        household=household,
                    )
                except services.VoteRefused as exc:
                    error = str(exc)
                else:
                    messages.success(
                        request,
                        _("The ballot of household %(code)s has been recorded.")
                        % {"code": household.code},
                    )
                    return HttpResponseRedirect(poll.url + poll.reverse_subpage("record_offline"))
    context = {**poll.get_context(request), "page": poll, "form": form, "error": error}
    return TemplateResponse(request, "polls/record_offline.html", context, status=status)


def approve(request: HttpRequest, poll: PollPage, option_id: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    option = get_object_or_404(PollOption, pk=option_id, question__poll=poll)
    try:
        services.approve_option(request.user, option, approved=request.POST.get("approved") != "0")
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved: %(option)s") % {"option": option.label})
    return HttpResponseRedirect(poll.url + poll.reverse_subpage("results"))


# -- consultations ------------------------------------------------------------------------------


def consultation_page(request: HttpRequest, page: ConsultationPage) -> HttpResponse:
    form = CommentForm(request.POST or None)
    error = None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        status = 400
        if form.is_valid():
            section = DraftSection.objects.filter(
                pk=form.cleaned_data["section"], page__in=[page.pk, page.source.pk]
            ).first()
            if section is None:
                error = _("That section is not part of this draft.")
            else:
                try:
                    comment = services.post_comment(
                        request.user, page, section, form.cleaned_data["body"]
                    )
                except services.ActionRefused as exc:
                    error = str(exc)
                else:
                    if comment.status == CommentStatus.PUBLISHED:
                        messages.success(request, _("Thank you. Your comment is published."))
                    else:
                        messages.success(
                            request,
                            _("Thank you. Your comment will appear once an official has read it."),
                        )
                    return HttpResponseRedirect(page.url + f"#section-{section.pk}")
        else:
            error = _("Please write your comment.")
    comments = list(services.published_comments(page))
    by_key: dict = {}
    for comment in comments:
        by_key.setdefault(comment.section.translation_key, []).append(comment)
    sections = [
        (section, by_key.get(section.translation_key, []))
        for section in page.sections.all().order_by("sort_order", "pk")
    ]
    official = request.user.is_authenticated and request.user.has_perm("polls.moderate_comments")
    pending = (
        ConsultationComment.objects.filter(
            consultation=page.source, status=CommentStatus.PENDING
        ).select_related("section", "user")
        if official
        else []
    )
    context = {
        **page.get_context(request),
        "page": page,
        "sections": sections,
        "form": form,
        "error": error,
        "is_open": page.is_open(),
        "has_closed": page.has_closed(),
        "official": official,
        "pending": pending,
        "source": page.source,
        "can_respond": page.has_closed()
        and request.user.is_authenticated
        and request.user.has_perm("polls.publish_response"),
        "response_form": ResponseForm(),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "polls/consultation_page.html", context, status=status)


def comments_export(request: HttpRequest, page: ConsultationPage) -> HttpResponse:
    if not (request.user.is_authenticated and request.user.has_perm("polls.moderate_comments")):
        raise PermissionDenied
    table = [[pgettext("a section of a draft", "Section"), _("Comment"), _("Status"), _("Sent at")]]
    for comment in services.comments_for_officials(page).order_by("section__sort_order", "pk"):
        table.append(
            [
                comment.section.heading,
                comment.body,
                comment.get_status_display(),
                timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    response = HttpResponse(poll_results.to_csv(table), content_type="text/csv; charset=utf-8")
    name = slugify(page.source.slug) or f"consultation-{page.source.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-comments.csv"'
    return response


def moderate(request: HttpRequest, page: ConsultationPage, comment_id: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    comment = get_object_or_404(ConsultationComment, pk=comment_id, consultation=page.source)
    try:
        services.moderate_comment(request.user, comment, publish=request.POST.get("publish") == "1")
    except services.ActionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, _("The comment has been moderated."))
    return HttpResponseRedirect(page.url)


def respond(request: HttpRequest, page: ConsultationPage) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please write the response."))
        return HttpResponseRedirect(page.url)
    try:
        services.publish_response(request.user, page, _paragraphs(form.cleaned_data["response"]))
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The response has been published."))
    return HttpResponseRedirect(page.url)


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    parts = [part.strip() for part in text.replace("\r", "").split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in parts)
