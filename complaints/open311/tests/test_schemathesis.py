"""The served OpenAPI description, fuzzed by schemathesis against the portal's WSGI application.

Every operation gets generated requests (valid and edge-case values of each parameter); each
answer must not be a server error and must match the description (status code, content type,
JSON schema). POSTs carry a real key so the form and the intake are reached, not only the key
check. The number of examples is bounded (``MAX_EXAMPLES``) to keep the run short.
"""

from django.core.cache import cache
from django.core.wsgi import get_wsgi_application

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from complaints import factories
from complaints.open311 import services as open311_services
from complaints.open311.models import ApiKey

MAX_EXAMPLES = 25


@pytest.fixture
def open311_schema(db, building):
    factories.submit(building=building)  # something to list
    return schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", get_wsgi_application())


@pytest.fixture
def partner_key(db):
    return open311_services.issue_key("Fuzzing partner", hourly_limit=100_000).key


schema = schemathesis.pytest.from_fixture("open311_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_open311_conforms_to_its_description(case, partner_key):
    cache.clear()  # the per-address limit of wrong keys would turn answers into 429s
    if case.method == "POST" and isinstance(case.body, dict):
        case.body["api_key"] = partner_key
        if len(str(case.body.get("description", ""))) % 2 == 0:
            case.body["service_code"] = "other"
    case.call_and_validate()
    assert ApiKey.objects.filter(name="Fuzzing partner").exists()
