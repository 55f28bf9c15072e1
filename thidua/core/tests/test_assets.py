"""The layout's `{% asset %}` links are `{% static %}`'s, worked out once per process."""

from django.template import Context, Template
from django.templatetags.static import static
from django.test import override_settings

from thidua.core.templatetags.thidua import asset


def test_asset_gives_the_static_url_of_the_file() -> None:
    for path in ("thidua/app.css", "vendor/htmx-2.0.11/htmx.min.js"):
        assert asset(path) == static(path)
    rendered = Template("{% asset 'thidua/app.js' %}|{% asset 'a&b.css' %}").render(Context())
    assert rendered == f"{static('thidua/app.js')}|{static('a&b.css').replace('&', '&amp;')}"


@override_settings(STATIC_URL="/tinh/")
def test_another_static_url_is_not_answered_from_the_first() -> None:
    assert asset("thidua/app.css") == "/tinh/thidua/app.css"
