"""Open311 answers in JSON and XML, errors in the standard's format."""

import json
from xml.etree import ElementTree  # noqa: S405 (only builds documents, never parses input)

from django.http import HttpResponse

FORMATS = ("json", "xml")
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ElementTree.Element, value, item_tag: str) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, list):
                holder = ElementTree.SubElement(element, key)
                tag = key[:-1] if key.endswith("s") else "item"
                for entry in child:
                    _fill(ElementTree.SubElement(holder, tag), entry, "item")
            else:
                _fill(ElementTree.SubElement(element, key), child, "item")
    elif isinstance(value, list):
        for entry in value:
            _fill(ElementTree.SubElement(element, item_tag), entry, "item")
    else:
        element.text = _text(value)


def to_xml(data, root: str, item: str) -> bytes:
    """``data`` (a list of dicts, or a dict) as the Open311 XML document ``<root><item>…``."""
    element = ElementTree.Element(root)
    _fill(element, data, item)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(data, fmt: str, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(data, root, item), content_type=XML_TYPE, status=status)
    body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body, content_type=JSON_TYPE, status=status)


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """``[{"code": status, "description": ...}]``, one entry per problem."""
    data = [{"code": status, "description": str(text)} for text in descriptions]
    response = respond(data, fmt if fmt in FORMATS else "json", root="errors", item="error")
    response.status_code = status
    return response
