"""The registry's URLs plus the floor: the cheapest page a Django template can make.

The floor goes through the same middleware as every page (session, auth, locale,
CSRF, axes) and renders one small template with a handful of variables, so a page
measured against it shows what the page itself costs on top of Django.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from registry.urls import urlpatterns as registry_urlpatterns

FLOOR = engines["django"].from_string(
    '<!doctype html><html lang="{{ LANGUAGE_CODE }}"><head><meta charset="utf-8">'
    "<title>floor</title></head><body><p>{{ user.get_username }}</p>"
    "<ul>{% for n in numbers %}<li>{{ n }}</li>{% endfor %}</ul></body></html>"
)


@login_required
def floor(request):
    return HttpResponse(FLOOR.render({"numbers": range(10)}, request))


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *registry_urlpatterns]
