from django.test import RequestFactory

from gongkai.core.ratelimit import allow, client_ip


def test_the_address_comes_from_the_proxy_header_when_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    settings.GONGKAI_CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
    settings.GONGKAI_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "203.0.113.7"


def test_a_window_allows_its_limit_then_refuses():
    assert [allow("t", "k", limit=2, window=600) for _ in range(3)] == [True, True, False]
    assert allow("t", "other", limit=2, window=600)
