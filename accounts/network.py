"""The client's address, read correctly behind the deployment's own reverse proxies.

With TRUSTED_PROXY_COUNT = 0 (the default) the client is REMOTE_ADDR and any
X-Forwarded-For header is ignored: a client can write anything there. With N trusted
proxies in front of the app, each appends the address it received the request from,
so the client is the N-th entry from the right of X-Forwarded-For; entries left of it
were sent by the client and are ignored. TRUSTED_PROXY_IPS (addresses or networks), if
set, must contain REMOTE_ADDR for the header to be believed at all.

Used by the login lockout (axes' AXES_CLIENT_IP_CALLABLE) and the audit log alike.
"""

import ipaddress

from django.conf import settings


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def _from_trusted_proxy(remote):
    networks = settings.TRUSTED_PROXY_IPS
    if not networks:
        return True
    if remote is None:
        return False
    address = ipaddress.ip_address(remote)
    return any(address in ipaddress.ip_network(n, strict=False) for n in networks)


def client_ip(request):
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0 or not _from_trusted_proxy(remote):
        return remote
    forwarded = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(forwarded) < count:
        return remote  # fewer hops than configured: the request did not pass every proxy
    return _address(forwarded[-count]) or remote
