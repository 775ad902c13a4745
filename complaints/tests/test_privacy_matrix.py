"""Who sees a complainant's personal data, on every surface: one matrix of roles × surfaces.

The requirement: name, phone, email, address and photos are visible only to the complainant and
to officials with a role on the complaint (its grid, assignee, department or category's
department); photos only through the checking view; an anonymous complaint shows no identity
anywhere. Each cell states the status code and exactly which personal strings the response holds.
"""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest
from openpyxl import load_workbook
from PIL import Image

from community.factories import UserFactory
from complaints import builders, services
from complaints.images import clean_photo

# Distinctive strings, so that a hit can only come from the complaint.
NAME = "柏雪芳"
PHONE = "13912345678"
EMAIL = "bai.xuefang@example.net"
ADDRESS = "梧桐里17号"
SUBJECT = "路灯闪烁不停"
SEARCH_TOKEN = "路灯闪烁"  # part of the subject: the search pages echo the query itself

ANON_NAME = "郝明哲"  # typed into the form, then dropped because "anonymous" is ticked
ANON_PHONE = "13611112222"  # kept only to send updates: shown to nobody
ANON_EMAIL = "hao.mingzhe@example.net"
ANON_ADDRESS = "梧桐里9号"
ANON_SUBJECT = "垃圾桶满溢无人清"
ANON_SEARCH_TOKEN = "垃圾桶满溢"

ACCOUNT_USERNAME = "baixuefang"  # the complainant's account, also an identity
INDEX = "/admin/complaints/"

ROLES = [
    "anonymous",
    "other_resident",
    "editor",
    "other_grid_official",
    "grid_official",
    "intake",
    "complainant",
    "secret_holder",
]

SURFACES = [
    "tracking_page",
    "photo",
    "search_page",
    "search_api",
    "admin_list",
    "admin_inspect",
    "export_csv",
    "export_xlsx",
    "admin_history",
    "admin_dashboard",
    "bulk_assign",
    "my_portal",
]


def jpeg(name="IMG_2041.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(buffer, "JPEG")
    return clean_photo(SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg"))


@pytest.fixture
def world(building, grid_worker, other_grid, other_worker):
    """A named complaint and an anonymous one, both with a photo, in G01 (G02 is elsewhere)."""
    account = UserFactory(username=ACCOUNT_USERNAME, display_name=NAME, email=EMAIL)
    named = builders.submit(
        building=building,
        subject=SUBJECT,
        address=ADDRESS,
        contact_name=NAME,
        contact_phone=PHONE,
        contact_email=EMAIL,
        user=account,
        photos=[jpeg()],
    )
    anonymous = builders.submit(
        building=building,
        subject=ANON_SUBJECT,
        address=ANON_ADDRESS,
        contact_name=ANON_NAME,
        contact_phone=ANON_PHONE,
        contact_email=ANON_EMAIL,
        anonymous=True,
        user=account,
        photos=[jpeg()],
    )
    assert anonymous.complaint.contact_name == "" and anonymous.complaint.user is None
    # Accepted: routed to the grid worker, who is now the assignee (and may bulk-assign them).
    for submission in (named, anonymous):
        services.accept(submission.complaint, grid_worker)
        submission.complaint.refresh_from_db()
        assert submission.complaint.assignee == grid_worker
    # The resident answers the anonymous complaint's rating while signed in to their account,
    # having opened it with the secret: the timeline must not record who they are.
    complaint = anonymous.complaint
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已派人清理。")
    signed_in = Client()
    signed_in.force_login(account)
    signed_in.get(reverse("complaints:secret_link", args=[complaint.number, anonymous.secret]))
    rated = signed_in.post(
        reverse("complaints:rate", args=[complaint.number]),
        {"value": "dissatisfied", "comment": "还是满的"},
    )
    assert rated.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "reopened"
    return {
        "account": account,
        "grid_worker": grid_worker,
        "other_worker": other_worker,
        "named": named,
        "anonymous": anonymous,
    }


def client_for(role: str, world: dict, submission) -> Client:
    client = Client()
    if role == "other_resident":
        client.force_login(UserFactory(username="neighbour"))
    elif role == "editor":
        client.force_login(UserFactory(username="editor", groups=["Editors"]))
    elif role == "other_grid_official":
        client.force_login(world["other_worker"])  # responsible worker of G02
    elif role == "grid_official":
        client.force_login(world["grid_worker"])  # of G01, and the complaints' assignee
    elif role == "intake":
        # The service window: handles every grid and may export contact details.
        client.force_login(UserFactory(username="window", groups=["Complaint intake"]))
    elif role == "complainant":
        client.force_login(world["account"])
    elif role == "secret_holder":
        complaint = submission.complaint
        link = reverse("complaints:secret_link", args=[complaint.number, submission.secret])
        assert client.get(link).status_code == 302
    return client


def body_text(surface: str, response) -> str:
    """What a person (or a script) could read in the response."""
    if response.status_code != 200:
        return response.content.decode(errors="replace")
    if surface == "photo":
        return b"".join(response.streaming_content).decode("latin-1")
    if surface == "search_api":
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    if surface == "export_xlsx":
        content = b"".join(response.streaming_content)
        sheet = load_workbook(io.BytesIO(content)).active
        return "\n".join(
            "\t".join("" if value is None else str(value) for value in row)
            for row in sheet.iter_rows(values_only=True)
        )
    if surface == "export_csv":
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def fetch(surface: str, client: Client, submission, token: str):
    complaint = submission.complaint
    with translation.override("zh-hans"):  # the Chinese URLs, whatever an earlier test activated
        urls = _urls(complaint, token)
    return client.get(urls[surface])


def _urls(complaint, token: str) -> dict[str, str]:
    return {
        "tracking_page": reverse("complaints:detail", args=[complaint.number]),
        "photo": complaint.photos.get().url,
        "search_page": f"/search/?q={token}",
        "search_api": f"/api/search/?q={token}",
        "admin_list": INDEX,
        "admin_inspect": f"{INDEX}inspect/{complaint.pk}/",
        # Filtered to this complaint: the other one's row would blur what the cell shows.
        "export_csv": f"{INDEX}?q={complaint.number}&export=csv",
        "export_xlsx": f"{INDEX}?q={complaint.number}&export=xlsx",
        "admin_history": f"{INDEX}history/{complaint.pk}/",
        "admin_dashboard": "/admin/",
        "bulk_assign": f"{INDEX}bulk-assign/",
        "my_portal": reverse("accounts:my_portal"),
    }


# -- the expected outcome of every cell ---------------------------------------------------------

# Shorthands: what a cell shows. "number" is the tracking number (is the complaint listed at all).
NOTHING = frozenset()
PLACE = frozenset({"address", "number"})
LISTED = frozenset({"number"})
EVERYTHING = frozenset({"name", "phone", "email", "address", "number"})

# (status code, what the body shows, where a redirect goes)
TO_TRACK_FORM = (302, NOTHING, "/complaints/track/?number=")  # asks for the number and secret
NOT_FOUND = (404, NOTHING, None)
TO_LOGIN = (302, NOTHING, "/accounts/login/?next=/")  # not signed in, or not an admin user
REFUSED = (302, NOTHING, "/admin/")  # an admin user without the permission: the dashboard
NOTHING_FOUND = (200, NOTHING, None)

PUBLIC_SEARCH = {"search_page": NOTHING_FOUND, "search_api": NOTHING_FOUND}
NO_ADMIN = {
    "admin_list": TO_LOGIN,
    "admin_inspect": TO_LOGIN,
    "export_csv": TO_LOGIN,
    "export_xlsx": TO_LOGIN,
    "admin_history": TO_LOGIN,
    "admin_dashboard": TO_LOGIN,
    "bulk_assign": TO_LOGIN,
}
STRANGER = {
    "tracking_page": TO_TRACK_FORM,
    "photo": NOT_FOUND,
    **PUBLIC_SEARCH,
    **NO_ADMIN,
    "my_portal": TO_LOGIN,
}
SIGNED_IN = {**STRANGER, "my_portal": (200, NOTHING, None)}  # their own page, not this complaint
SECRET_HOLDER = {**STRANGER, "tracking_page": (200, PLACE, None), "photo": (200, NOTHING, None)}
OFFICIAL = {**SIGNED_IN, "admin_dashboard": (200, NOTHING, None)}  # the panel only counts

EXPECTED_NAMED = {
    "anonymous": STRANGER,
    "other_resident": SIGNED_IN,
    "editor": {
        **OFFICIAL,
        "admin_list": REFUSED,
        "admin_inspect": NOT_FOUND,  # the object is looked up (and refused) first
        "export_csv": REFUSED,
        "export_xlsx": REFUSED,
        "admin_history": REFUSED,
        "bulk_assign": REFUSED,
    },
    "other_grid_official": {
        **OFFICIAL,
        "admin_list": (200, NOTHING, None),
        "admin_inspect": NOT_FOUND,
        "export_csv": (200, NOTHING, None),
        "export_xlsx": (200, NOTHING, None),
        "admin_history": REFUSED,
        "bulk_assign": (200, NOTHING, None),
    },
    "grid_official": {
        **OFFICIAL,
        "tracking_page": (200, PLACE, None),
        "photo": (200, NOTHING, None),
        "admin_list": (200, LISTED, None),
        "admin_inspect": (200, EVERYTHING, None),
        # The exports hold no personal-data column (number, subject, status, category, grid,
        # channel, deadline): a downloaded file must not carry names and phone numbers around.
        "export_csv": (200, LISTED, None),
        "export_xlsx": (200, LISTED, None),
        # Wagtail's generic history needs "change", which nobody has (no edit form); the
        # complaint's timeline is on the inspect page.
        "admin_history": REFUSED,
        "bulk_assign": (200, LISTED, None),
    },
    # The service window sees everything of every complaint, and its exports carry the
    # complainants' names and contact details (it holds complaints.export_personal_data).
    "intake": {
        **OFFICIAL,
        "tracking_page": (200, PLACE, None),
        "photo": (200, NOTHING, None),
        "admin_list": (200, LISTED, None),
        "admin_inspect": (200, EVERYTHING, None),
        "export_csv": (200, EVERYTHING, None),
        "export_xlsx": (200, EVERYTHING, None),
        "admin_history": REFUSED,
        "bulk_assign": (200, LISTED, None),
    },
    "complainant": {
        **SECRET_HOLDER,
        # My portal lists the complaint; the name and email are the account's own details.
        "my_portal": (200, frozenset({"name", "email", "number"}), None),
    },
    "secret_holder": SECRET_HOLDER,
}

# The anonymous complaint: the same, except that the account it was sent from is not linked to
# it (only the secret opens it) and there is no name, phone or email to show to anyone.
EXPECTED_ANONYMOUS = {
    **EXPECTED_NAMED,
    "grid_official": {
        **EXPECTED_NAMED["grid_official"],
        "admin_inspect": (200, PLACE, None),
    },
    # The phone and email an anonymous resident gave are in no export, even for the window.
    "intake": {
        **EXPECTED_NAMED["intake"],
        "admin_inspect": (200, PLACE, None),
        "export_csv": (200, PLACE, None),
        "export_xlsx": (200, PLACE, None),
    },
    # Not linked to the account it was sent from; My portal shows the account's own name only.
    "complainant": {**SIGNED_IN, "my_portal": (200, frozenset({"name", "email"}), None)},
}


def present(text: str, complaint, *, anonymous: bool) -> frozenset:
    if anonymous:
        probes = {
            "name": [ANON_NAME, NAME, ACCOUNT_USERNAME],
            "phone": [PHONE, ANON_PHONE],
            "email": [EMAIL, ANON_EMAIL],
            "address": [ANON_ADDRESS],
            "number": [complaint.number],
        }
    else:
        probes = {
            "name": [NAME],
            "phone": [PHONE],
            "email": [EMAIL],
            "address": [ADDRESS],
            "number": [complaint.number],
        }
    return frozenset(key for key, values in probes.items() if any(v in text for v in values))


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["named", "anonymous"])
def test_privacy_matrix(world, which, role, surface):
    submission = world[which]
    complaint = submission.complaint
    is_anonymous = which == "anonymous"
    client = client_for(role, world, submission)
    token = ANON_SEARCH_TOKEN if is_anonymous else SEARCH_TOKEN

    response = fetch(surface, client, submission, token)
    text = body_text(surface, response)

    expected = EXPECTED_ANONYMOUS if is_anonymous else EXPECTED_NAMED
    expected_status, expected_shown, expected_redirect = expected[role][surface]
    cell = (which, role, surface)
    assert response.status_code == expected_status, cell
    assert present(text, complaint, anonymous=is_anonymous) == expected_shown, cell
    if expected_redirect is not None:
        assert response["Location"].startswith(expected_redirect), (cell, response["Location"])
        if expected_redirect == "/admin/":
            assert not response["Location"].startswith("/admin/login/"), cell
    # The subject is not personal data for an official with a role, but it must never reach
    # the search pages or anyone without a role.
    subject = ANON_SUBJECT if is_anonymous else SUBJECT
    if surface in ("search_page", "search_api") or not expected_shown:
        assert subject not in text, cell
    if surface == "photo" and expected_status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]


def test_photos_have_no_public_media_url(world):
    """The file lives outside MEDIA_ROOT and the storage refuses to make a URL for it."""
    from django.conf import settings

    record = world["named"].complaint.photos.get()
    assert record.url == reverse("complaints:photo", args=[record.pk])
    with pytest.raises(ValueError):
        record.file.url  # noqa: B018
    assert not record.file.path.startswith(str(settings.MEDIA_ROOT))
    assert Client().get(f"{settings.MEDIA_URL}{record.file.name}").status_code == 404


def test_rating_an_anonymous_complaint_records_no_account(world):
    """The resident rated while signed in (see ``world``): no event names their account."""
    complaint = world["anonymous"].complaint
    assert complaint.ratings.exists()
    assert not complaint.events.filter(actor=world["account"]).exists()
    named = world["named"].complaint
    assert named.events.filter(action="submit", actor=world["account"]).exists()
