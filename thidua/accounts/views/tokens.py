"""SCAFFOLD: replaced by the real views."""
from django.http import HttpResponse


def token_list(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse('scaffold token_list')

def token_create(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse('scaffold token_create')

def token_revoke(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse('scaffold token_revoke')
