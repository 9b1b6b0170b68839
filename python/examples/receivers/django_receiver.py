import os

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ayrshare_webhooks import SignatureVerificationError, Verifier
from handling import handle

verifier = Verifier(os.environ["AYRSHARE_WEBHOOK_SECRET"])


@csrf_exempt
@require_POST
def ayrshare_hook(request: HttpRequest) -> HttpResponse:
    try:
        event = verifier.verify_event(request.headers, request.body)
    except SignatureVerificationError as error:
        return HttpResponse(error.reason, status=401)
    handle(event)
    return HttpResponse(status=204)


urlpatterns = [path("hooks/ayrshare", ayrshare_hook)]
