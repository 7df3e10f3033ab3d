"""An HTTPS request with its header lines exactly as given, one name possibly twice: what `requests`
and botocore cannot send (they keep one value per header name), and what one probe asks about.

It goes the way `requests` would: through `HTTPS_PROXY` (a CONNECT tunnel) unless `NO_PROXY` says
otherwise, trusting `REQUESTS_CA_BUNDLE` or `CURL_CA_BUNDLE` when set, else the system's roots.
"""
from __future__ import annotations

import http.client
import os
import ssl
import urllib.request
from urllib.parse import urlsplit

import requests


def post(url: str, header_lines: list[tuple[str, str]], body: bytes, timeout: float = 60) -> requests.Response:
    """POST `body` to `url` with `header_lines` in order; the answer as a `requests.Response`."""
    target = urlsplit(url)
    context = ssl.create_default_context(cafile=os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE"))
    proxy = urllib.request.getproxies().get("https")
    if proxy and not urllib.request.proxy_bypass(target.hostname):
        via = urlsplit(proxy if "//" in proxy else "http://" + proxy)
        connection = http.client.HTTPSConnection(via.hostname, via.port or 80, context=context, timeout=timeout)
        connection.set_tunnel(target.hostname, target.port or 443)
    else:
        connection = http.client.HTTPSConnection(target.hostname, target.port or 443, context=context, timeout=timeout)
    try:
        connection.putrequest("POST", target.path + (f"?{target.query}" if target.query else ""))
        for name, value in header_lines:
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        response = requests.Response()
        response.status_code, response._content = answer.status, answer.read()
        response.headers.update(answer.getheaders())
        response.url = url
        return response
    finally:
        connection.close()
