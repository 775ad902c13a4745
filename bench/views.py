from django.http import HttpRequest, HttpResponse

BARE_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bare</title></head>'
    "<body><p>A small constant page.</p></body></html>"
)


def bare(request: HttpRequest) -> HttpResponse:
    """The baseline: a constant page through the portal's own middleware."""
    return HttpResponse(BARE_PAGE)
