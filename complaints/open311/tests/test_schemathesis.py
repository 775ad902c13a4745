"""The served OpenAPI description, fuzzed by schemathesis against the portal's WSGI application.

Every operation gets generated requests (values that fit the description and values that do
not); no answer may be a server error, and each must match the description (status code,
content type, JSON schema, 405 for undeclared methods); requests that fit the description must be
accepted, except filing, whose cross-field rules the description cannot express. POSTs carry a real key so the form and the intake are reached, not only the key
check. The number of examples is bounded (``MAX_EXAMPLES``) to keep the run short.
"""

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from complaints import builders
from complaints.models import Complaint
from complaints.open311 import services as open311_services
from complaints.open311.openapi import openapi_document

MAX_EXAMPLES = 25


@pytest.fixture
def keep_connection():
    """As Django's test client does: the WSGI handler would close the database connection after
    each request, and with it the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def partner_key(db):
    return open311_services.issue_key("Fuzzing partner", hourly_limit=100_000).key


# The description as the portal serves it (the same function builds it), run in-process
# against the WSGI application: requests reach the test database of each test.
schema = schemathesis.openapi.from_dict(openapi_document("http://localhost/open311/v2"))
schema.app = get_wsgi_application()


def test_the_served_description_is_the_one_fuzzed(client):
    served = client.get("/open311/v2/openapi.json", HTTP_HOST="localhost").json()
    assert served == openapi_document("http://localhost/open311/v2")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_open311_conforms_to_its_description(case, partner_key, building, keep_connection):
    if not Complaint.objects.exists():
        builders.submit(building=building)  # something to list
    cache.clear()  # the per-address limit of wrong keys would turn answers into 429s
    if case.method == "POST" and isinstance(case.body, dict):
        case.body["api_key"] = partner_key
        if len(str(case.body.get("description", ""))) % 2 == 0:
            case.body["service_code"] = "other"
        # The form's rules across fields (a contact or "anonymous", a building or a place, an
        # email Django accepts) cannot all be said in OpenAPI: a schema-valid POST may get a 400
        # naming the problem, which the other checks still hold to the error schema.
        case.call_and_validate(excluded_checks=[negative_data_rejection, positive_data_acceptance])
        return
    # Reading is lenient on purpose (an empty filter is no filter, a date without a time is the
    # whole day), so values outside the description's formats may be answered with 200.
    case.call_and_validate(excluded_checks=[negative_data_rejection])
