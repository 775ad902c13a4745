"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the portal's complaints.

- ``discovery.json``; ``services.{json,xml}``: the complaint categories in the request's language
  (``locale`` parameter, else ``Accept-Language``, else Chinese); ``services/{code}.{fmt}``.
- ``requests.{fmt}`` GET with the standard filters; POST files a complaint with a partner's
  ``api_key`` through the residents' form (``ComplaintForm``: same validation) and
  ``complaints.services.submit`` (same intake, idempotency and notifications), under the same
  kind of hourly limit as the web form.
- ``requests/{id}.{fmt}``, ``tokens/{token}.{fmt}``.

Only public fields leave: category, status, dates, the responsible department and, when an
official published the anonymised question and answer, those. Never a name, phone number, email,
address, building, grid, photo or the resident's own words.
"""

import datetime
import math

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from complaints import ratelimit
from complaints import services as complaint_services
from complaints.answers.models import PublishedAnswer
from complaints.forms import ComplaintForm, deadline_text
from complaints.models import (
    OPEN_STATUSES,
    Channel,
    Complaint,
    ComplaintCategory,
    ReplyChannel,
)
from complaints.open311 import services
from complaints.open311.models import ApiKey, PartnerSubmission
from complaints.open311.openapi import openapi_document
from complaints.open311.render import FORMATS, errors, respond
from complaints.workdays import TZ

MAX_RESULTS = 1000
DEFAULT_DAYS = 90
CHANGESET = "2026-12-04T00:00:00+08:00"

# The form's fields under the names an Open311 client sent them.
PARAMETER_OF_FIELD = {
    "category": "service_code",
    "subject": "subject",
    "description": "description",
    "building": "address_id",
    "address": "address_string",
    "photos": "media",
    "anonymous": "anonymous",
    "contact_name": "first_name",
    "contact_phone": "phone",
    "contact_email": "email",
    "reply_channel": "reply_channel",
    "consent_to_publish": "consent_to_publish",
    "submission_key": "idempotency_key",
    "__all__": "request",
}
TRUE_VALUES = {"1", "true", "yes", "on"}


# -- helpers ------------------------------------------------------------------------------------


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("locale") or ""
    if wanted:
        try:
            return translation.get_supported_language_variant(wanted.strip().lower())
        except LookupError:
            pass
    return translation.get_language_from_request(request, check_path=False)


def _clean(value: str) -> str:
    """Query values without NUL characters (PostgreSQL refuses them in any string)."""
    return value.replace("\x00", "")


def _time(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(TZ).isoformat(timespec="seconds")


def _format_or_error(fmt: str) -> HttpResponse | None:
    if fmt not in FORMATS:
        return errors("json", 400, _("The format must be json or xml."))
    return None


def _read_only(view):
    """GET and HEAD only; any other method is a 405 in the standard's error format."""

    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            fmt = "xml" if kwargs.get("fmt") == "xml" else "json"
            response = errors(fmt, 405, _("Only GET is allowed here."))
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _with_language(view):
    def wrapped(request, *args, **kwargs):
        with translation.override(_language(request)):
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", translation.get_language())
            return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _categories(language: str) -> list[ComplaintCategory]:
    return list(
        ComplaintCategory.objects.filter(locale__language_code=language)
        .select_related("department")
        .order_by("sort_order", "name")
    )


def _service(category: ComplaintCategory) -> dict:
    description = category.description
    notice = deadline_text(category.deadline_days)
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": f"{description} ({notice})" if description else notice,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.get_owner_display(),
    }


# -- discovery, services ------------------------------------------------------------------------


@csrf_exempt
@_read_only
@never_cache
@_with_language
def discovery(request: HttpRequest, fmt: str = "json") -> HttpResponse:
    if (problem := _format_or_error(fmt)) is not None:
        return problem
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"]))
    base = base.rsplit("discovery.json", 1)[0]
    data = {
        "changeset": CHANGESET,
        "contact": _("Ask the neighbourhood committee for an API key for your system."),
        "key_service": _("API keys are issued by officials in the portal's admin."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return respond(data, fmt, root="discovery", item="endpoint")


@csrf_exempt
@_read_only
@never_cache
@_with_language
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if (problem := _format_or_error(fmt)) is not None:
        return problem
    data = [_service(category) for category in _categories(translation.get_language())]
    return respond(data, fmt, root="services", item="service")


@csrf_exempt
@_read_only
@never_cache
@_with_language
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if (problem := _format_or_error(fmt)) is not None:
        return problem
    found = [c for c in _categories(translation.get_language()) if c.slug == _clean(code)]
    if not found:
        return errors(fmt, 404, _("There is no service with this code."))
    return respond(
        {"service_code": code, "attributes": []}, fmt, root="service_definition", item="attribute"
    )


# -- reading requests ---------------------------------------------------------------------------


def _names_by_key(language: str) -> dict:
    return {
        category.translation_key: category
        for category in ComplaintCategory.objects.filter(locale__language_code=language)
    }


def _public(
    complaint: Complaint, categories: dict, answers: dict, request: HttpRequest
) -> dict[str, object]:
    """The fields of a complaint anyone may read."""
    category = categories.get(complaint.category.translation_key, complaint.category)
    answer = answers.get(complaint.pk)
    status_notes = complaint.get_status_display()
    description = ""
    answer_url = None
    if answer is not None:
        texts = answer.texts(translation.get_language())
        description = texts["question"]
        status_notes = texts["answer"]
        answer_url = request.build_absolute_uri(reverse("complaints:answer", args=[answer.pk]))
    return {
        "service_request_id": complaint.number,
        "status": "open" if complaint.status in OPEN_STATUSES else "closed",
        "status_notes": status_notes,
        "service_name": category.name,
        "service_code": category.slug,
        "description": description,
        "agency_responsible": complaint.department.name if complaint.department else "",
        "service_notice": deadline_text(complaint.category.deadline_days),
        "requested_datetime": _time(complaint.submitted_at),
        "updated_datetime": _time(complaint.updated_at),
        "expected_datetime": _time(complaint.deadline),
        "address": "",
        "media_url": "",
        "detailed_status": complaint.status,
        "answer_url": answer_url,
    }


def _render_requests(request: HttpRequest, complaints: list[Complaint], fmt: str) -> HttpResponse:
    language = translation.get_language()
    answers = {
        answer.complaint_id: answer
        for answer in PublishedAnswer.objects.published().filter(
            complaint__in=[complaint.pk for complaint in complaints]
        )
    }
    categories = _names_by_key(language)
    data = [_public(complaint, categories, answers, request) for complaint in complaints]
    return respond(data, fmt, root="service_requests", item="request")


def _parse_time(value: str, *, end: bool) -> datetime.datetime | None:
    value = value.strip()
    moment = parse_datetime(value.replace(" ", "+")) if "T" in value else None
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        if end and day == datetime.date.max:
            return datetime.datetime.max.replace(tzinfo=datetime.UTC)
        moment = datetime.datetime.combine(
            day + datetime.timedelta(days=1) if end else day, datetime.time(), tzinfo=TZ
        )
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=TZ)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # within a day of year 1 or 9999: as far as dates go
        far = datetime.datetime.min if moment.year < 2000 else datetime.datetime.max
        return far.replace(tzinfo=datetime.UTC)


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    complaints = Complaint.objects.select_related("category", "department").order_by(
        "-submitted_at", "-pk"
    )
    ids = request.GET.get("service_request_id", "")
    ids = [item.strip().upper() for item in _clean(ids).split(",")]
    ids = [item for item in ids if item]
    if ids:
        found = list(complaints.filter(number__in=ids[:MAX_RESULTS]))
        return _render_requests(request, found, fmt)
    problems = []
    codes = [code.strip() for code in _clean(request.GET.get("service_code", "")).split(",")]
    codes = [code for code in codes if code]
    if codes:
        keys = ComplaintCategory.objects.filter(slug__in=codes).values("translation_key")
        complaints = complaints.filter(category__translation_key__in=keys)
    try:
        start = (
            _parse_time(request.GET["start_date"], end=False)
            if request.GET.get("start_date")
            else None
        )
    except (ValueError, OverflowError):
        problems.append(
            _("start_date is not a date and time (for example 2026-12-01T00:00:00+08:00).")
        )
        start = None
    try:
        end = (
            _parse_time(request.GET["end_date"], end=True) if request.GET.get("end_date") else None
        )
    except (ValueError, OverflowError):
        problems.append(
            _("end_date is not a date and time (for example 2026-12-31T23:59:59+08:00).")
        )
        end = None
    statuses = [s.strip().lower() for s in request.GET.get("status", "").split(",") if s.strip()]
    if any(status not in ("open", "closed") for status in statuses):
        problems.append(_("status must be open, closed or both (open,closed)."))
    if problems:
        return errors(fmt, 400, *problems)
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        complaints = complaints.filter(submitted_at__gte=start)
    if end is not None:
        complaints = complaints.filter(submitted_at__lte=end)
    if statuses and set(statuses) != {"open", "closed"}:
        condition = Q(status__in=OPEN_STATUSES)
        complaints = complaints.filter(condition if statuses[0] == "open" else ~condition)
    return _render_requests(request, list(complaints[:MAX_RESULTS]), fmt)


@csrf_exempt
@_read_only
@never_cache
@_with_language
def request_detail(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    if (problem := _format_or_error(fmt)) is not None:
        return problem
    complaint = (
        Complaint.objects.select_related("category", "department")
        .filter(number=_clean(number).strip().upper())
        .first()
    )
    if complaint is None:
        return errors(fmt, 404, _("There is no request with this number."))
    return _render_requests(request, [complaint], fmt)


@csrf_exempt
@_read_only
@never_cache
@_with_language
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    if (problem := _format_or_error(fmt)) is not None:
        return problem
    found = (
        PartnerSubmission.objects.select_related("complaint").filter(token=_clean(token)).first()
    )
    if found is None:
        return errors(fmt, 404, _("There is no request with this token."))
    data = [{"service_request_id": found.complaint.number, "token": found.token}]
    return respond(data, fmt, root="service_requests", item="request")


# -- filing a request ---------------------------------------------------------------------------


def _limited(scope: str, limit: int) -> bool:
    return (cache.get(f"open311:rate:{scope}") or 0) >= limit


def _count(scope: str, window: int) -> None:
    key = f"open311:rate:{scope}"
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def _contact_name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    if first.isascii() and last.isascii():
        return f"{first} {last}".strip()
    return f"{last}{first}"  # Chinese order: family name first


def _form_data(post, key: str, category: ComplaintCategory | None) -> dict[str, str]:
    description = post.get("description", "")
    subject = post.get("subject", "").strip() or Truncator(
        description.strip().splitlines()[0] if description.strip() else ""
    ).chars(60)
    name = _contact_name(post.get("first_name", ""), post.get("last_name", ""))
    phone, email = post.get("phone", "").strip(), post.get("email", "").strip()
    anonymous = post.get("anonymous", "").lower() in TRUE_VALUES or not (name or phone or email)
    address = post.get("address_string", "").strip()
    if not address and post.get("lat") and post.get("long"):
        address = f"{float(post['lat']):.6f}, {float(post['long']):.6f}"
    data = {
        "submission_key": key,
        "category": str(category.pk) if category is not None else "",
        "subject": subject,
        "description": description,
        "building": post.get("address_id", "").strip(),
        "address": address,
        "contact_name": name,
        "contact_phone": phone,
        "contact_email": email,
        "reply_channel": post.get("reply_channel", "").strip() or ReplyChannel.ONLINE,
    }
    if anonymous:
        data["anonymous"] = "on"
    if post.get("consent_to_publish", "").lower() in TRUE_VALUES:
        data["consent_to_publish"] = "on"
    return data


def _coordinates_problem(post) -> str | None:
    lat, long = post.get("lat", "").strip(), post.get("long", "").strip()
    if not lat and not long:
        return None
    try:
        lat_value, long_value = float(lat), float(long)
    except ValueError:
        return _("lat and long must both be decimal degrees.")
    if not (math.isfinite(lat_value) and math.isfinite(long_value)):
        return _("lat and long must both be decimal degrees.")
    if not (-90 <= lat_value <= 90 and -180 <= long_value <= 180):
        return _("lat must be between -90 and 90 and long between -180 and 180.")
    return None


def _created(request: HttpRequest, complaint: Complaint, api_key: ApiKey, fmt: str, status: int):
    partner = services.record(complaint, api_key)
    data = [
        {
            "service_request_id": complaint.number,
            "token": partner.token,
            "service_notice": deadline_text(complaint.category.deadline_days),
            "account_id": None,
        }
    ]
    return respond(data, fmt, root="service_requests", item="request", status=status)


def _file(request: HttpRequest, fmt: str) -> HttpResponse:
    post = request.POST
    auth_limit, auth_window = settings.COMPLAINTS_TRACK_RATE
    if ratelimit.is_limited("open311-key", request, auth_limit):
        return errors(fmt, 429, _("Too many attempts with a wrong api_key. Try again later."))
    api_key = services.authenticate(post.get("api_key", "").strip())
    if api_key is None:
        ratelimit.count("open311-key", request, auth_window)
        return errors(fmt, 403, _("api_key is missing, not valid or revoked."))
    idempotency_key = (
        request.headers.get("Idempotency-Key") or post.get("idempotency_key") or ""
    ).strip()
    if len(idempotency_key) > 200:
        return errors(fmt, 400, _("idempotency_key may have at most 200 characters."))
    key = services.submission_key(api_key, idempotency_key)
    if idempotency_key:
        existing = complaint_services.find_by_submission_key(key)
        if existing is not None:
            return _created(request, existing, api_key, fmt, status=200)
    if post.get("media_url"):
        return errors(fmt, 400, _("media_url is not accepted: upload the photo as media."))
    if (problem := _coordinates_problem(post)) is not None:
        return errors(fmt, 400, problem)
    _window = settings.COMPLAINTS_SUBMIT_RATE[1]
    if _limited(f"key:{api_key.pk}", api_key.hourly_limit):
        return errors(fmt, 429, _("This api_key has filed its complaints for this hour."))
    _count(f"key:{api_key.pk}", _window)
    code = _clean(post.get("service_code", "")).strip()
    category = ComplaintCategory.objects.filter(
        slug=code, locale__language_code=translation.get_language()
    ).first()
    if category is None:
        return errors(fmt, 400, _("service_code: there is no service with this code."))
    files = MultiValueDict({"photos": request.FILES.getlist("media")})
    form = ComplaintForm(_form_data(post, key, category), files)
    if not form.is_valid():
        descriptions = [
            f"{PARAMETER_OF_FIELD.get(field, field)}: {message}"
            for field, messages in form.errors.items()
            for message in messages
        ]
        return errors(fmt, 400, *descriptions)
    data = form.cleaned_data
    submission = complaint_services.submit(
        submission_key=key,
        category=data["category"],
        subject=data["subject"],
        description=data["description"],
        grid=data["grid"],
        building=data["building"],
        address=data["address"],
        channel=Channel.OPEN311,
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        anonymous=data["anonymous"],
        consent_to_publish=data["consent_to_publish"],
        reply_channel=data["reply_channel"],
        language=translation.get_language(),
        photos=data["photos"],
    )
    return _created(
        request, submission.complaint, api_key, fmt, status=201 if submission.created else 200
    )


@csrf_exempt
@never_cache
@_with_language
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if (problem := _format_or_error(fmt)) is not None:
        return problem
    if request.method in ("GET", "HEAD"):
        return _list(request, fmt)
    if request.method == "POST":
        return _file(request, fmt)
    response = errors(fmt, 405, _("Use GET to read requests and POST to file one."))
    response["Allow"] = "GET, HEAD, POST"
    return response


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return errors(fmt, 404, _("There is no such Open311 resource."))


@csrf_exempt
@_read_only
@never_cache
def openapi(request: HttpRequest) -> JsonResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"]))
    return JsonResponse(
        openapi_document(base.rsplit("/discovery.json", 1)[0]),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
