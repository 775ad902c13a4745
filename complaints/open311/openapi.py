"""The OpenAPI 3.0 description of the Open311 endpoints, served at ``/open311/v2/openapi.json``.

It describes the JSON forms; every path also answers in XML with ``.xml`` instead of ``.json``
(the same fields, in ``<service_requests><request>…`` as the standard shows).
"""

from typing import Any

TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": "string", "nullable": True}
TIME = {"type": "string", "format": "date-time"}

ERRORS = {
    "description": "Errors in the Open311 format",
    "content": {
        "application/json": {
            "schema": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["code", "description"],
                    "properties": {"code": {"type": "integer"}, "description": TEXT},
                },
            }
        }
    },
}

SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": TEXT,
        "service_name": TEXT,
        "description": TEXT,
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": TEXT,
        "group": TEXT,
    },
}

REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "additionalProperties": False,
    "properties": {
        "service_request_id": TEXT,
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": TEXT,
        "service_name": TEXT,
        "service_code": TEXT,
        "description": TEXT,
        "agency_responsible": TEXT,
        "service_notice": TEXT,
        "requested_datetime": TIME,
        "updated_datetime": TIME,
        "expected_datetime": TIME,
        "address": {"type": "string", "maxLength": 0},
        "media_url": {"type": "string", "maxLength": 0},
        "detailed_status": TEXT,
        "answer_url": NULLABLE_TEXT,
    },
}

CREATED = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_request_id", "token"],
        "properties": {
            "service_request_id": TEXT,
            "token": TEXT,
            "service_notice": TEXT,
            "account_id": NULLABLE_TEXT,
        },
    },
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or TEXT,
    }


LOCALE = _query("locale", "zh-hans or en; else Accept-Language decides")

POST_FIELDS: dict[str, Any] = {
    "api_key": {**TEXT, "description": "The key the committee issued to your system"},
    "service_code": {**TEXT, "description": "A service_code from services.json"},
    "description": {**TEXT, "maxLength": 5000},
    "subject": {**TEXT, "maxLength": 120, "description": "Extension: a short title"},
    "address_string": {**TEXT, "maxLength": 200},
    "address_id": {**TEXT, "description": "A building id of the community"},
    "lat": {"type": "number"},
    "long": {"type": "number"},
    "first_name": TEXT,
    "last_name": TEXT,
    "phone": TEXT,
    "email": TEXT,
    "device_id": TEXT,
    "account_id": TEXT,
    "anonymous": {"type": "boolean", "description": "Extension"},
    "consent_to_publish": {"type": "boolean", "description": "Extension"},
    "reply_channel": {"type": "string", "enum": ["online", "email", "sms", "phone"]},
    "idempotency_key": {**TEXT, "maxLength": 200, "description": "Extension"},
}


def openapi_document(base_url: str) -> dict[str, Any]:
    not_found = {"404": ERRORS}
    bad = {"400": ERRORS}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Community portal Open311 GeoReport v2",
            "version": "2",
            "description": (
                "Complaints (诉求) of the community as Open311 GeoReport v2. Every path also "
                "answers in XML with .xml instead of .json. See docs/api.md."
            ),
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/discovery.json": {
                "get": {
                    "operationId": "discovery",
                    "responses": {"200": _json({"type": "object"}, "Discovery")},
                }
            },
            "/services.json": {
                "get": {
                    "operationId": "services",
                    "parameters": [LOCALE],
                    "responses": {"200": _json({"type": "array", "items": SERVICE}, "Services")},
                }
            },
            "/services/{service_code}.json": {
                "get": {
                    "operationId": "serviceDefinition",
                    "parameters": [
                        {"name": "service_code", "in": "path", "required": True, "schema": TEXT},
                        LOCALE,
                    ],
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "required": ["service_code", "attributes"],
                                "properties": {
                                    "service_code": TEXT,
                                    "attributes": {"type": "array"},
                                },
                            },
                            "Definition",
                        ),
                        **not_found,
                        **bad,
                    },
                }
            },
            "/requests.json": {
                "get": {
                    "operationId": "listRequests",
                    "parameters": [
                        _query("service_request_id", "Tracking numbers, comma-separated"),
                        _query("service_code", "Service codes, comma-separated"),
                        _query(
                            "start_date",
                            "Submitted at or after (W3C date and time; a date also works)",
                            {"type": "string", "format": "date-time"},
                        ),
                        _query(
                            "end_date",
                            "Submitted at or before (W3C date and time; a date also works)",
                            {"type": "string", "format": "date-time"},
                        ),
                        _query(
                            "status",
                            "open, closed or open,closed",
                            {"type": "string", "pattern": "^(open|closed)(,(open|closed))?$"},
                        ),
                        LOCALE,
                    ],
                    "responses": {
                        "200": _json({"type": "array", "items": REQUEST}, "Requests"),
                        **bad,
                    },
                },
                "post": {
                    "operationId": "createRequest",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "schema": {**TEXT, "maxLength": 200},
                        },
                        LOCALE,
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "required": ["api_key", "service_code", "description"],
                                    "properties": POST_FIELDS,
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _json(CREATED, "Filed"),
                        "200": _json(CREATED, "Filed before with this idempotency key"),
                        **bad,
                        "403": ERRORS,
                        "429": ERRORS,
                    },
                },
            },
            "/requests/{service_request_id}.json": {
                "get": {
                    "operationId": "getRequest",
                    "parameters": [
                        {
                            "name": "service_request_id",
                            "in": "path",
                            "required": True,
                            "schema": TEXT,
                        },
                        LOCALE,
                    ],
                    "responses": {
                        "200": _json({"type": "array", "items": REQUEST}, "The request"),
                        **not_found,
                        **bad,
                    },
                }
            },
            "/tokens/{token}.json": {
                "get": {
                    "operationId": "getToken",
                    "parameters": [
                        {"name": "token", "in": "path", "required": True, "schema": TEXT}
                    ],
                    "responses": {
                        "200": _json(CREATED, "The request's number"),
                        **not_found,
                        **bad,
                    },
                }
            },
        },
    }
