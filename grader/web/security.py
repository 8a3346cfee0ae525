"""Safe by default: security headers, a body size limit, cross-site form checks.

Pure ASGI middleware, so a refused request is answered before any of it is read or parsed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "grader_csrf"
CSRF_FIELD = "csrf"


def script_hash(source: str) -> str:
    """Return the CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy(inline_scripts: Iterable[str]) -> str:
    """Allow this server's own scripts and the reports' inline ones; nothing external."""
    scripts = " ".join(["'self'", *(script_hash(s) for s in inline_scripts)])
    return (
        "default-src 'none'; "
        f"script-src {scripts}; "
        "style-src 'self' 'unsafe-inline'; "  # the reports' one style attribute, and <style>
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )


class Guard:
    """Refuse oversized bodies and forged forms; add security headers."""

    def __init__(self, app: ASGIApp, policy: str, max_body: int) -> None:
        self.app = app
        self.policy = policy
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check one request, then pass it on with the headers added to its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await self._secured(refusal, scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise BodyTooLarge()
            return message

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self._headers()
            await send(message)

        try:
            await self.app(scope, limited, secured)
        except BodyTooLarge:
            await self._secured(_too_large(self.max_body), scope, receive, send)

    def _refusal(self, scope: Scope, headers: Headers) -> PlainTextResponse | None:
        """Return the answer to a request refused before it is read, or None."""
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return _too_large(self.max_body)
        if scope["method"] == "POST" and not _same_origin(headers):
            return forged()
        return None

    def _headers(self) -> list[tuple[bytes, bytes]]:
        """Return the security headers every response carries."""
        return [
            (b"content-security-policy", self.policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),  # no-referrer makes a form's Origin "null"
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cache-control", b"no-store"),
        ]

    async def _secured(
        self, response: PlainTextResponse, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Send a refusal with the security headers."""
        for name, value in self._headers():
            response.headers[name.decode()] = value.decode()
        await response(scope, receive, send)


class BodyTooLarge(Exception):
    """The request body grew past the limit while it was read."""


def _too_large(limit: int) -> PlainTextResponse:
    """Answer an upload over the size limit."""
    return PlainTextResponse(
        f"The upload is larger than {limit // 1_000_000} MB: send the essay file on its own, "
        "or a smaller zip.",
        status_code=413,
    )


FORGED = (
    "This form did not come from grader's own page, so it was refused (a cross-site "
    "request). Open the page again and send the form from there."
)


def forged() -> PlainTextResponse:
    """Answer a form that did not come from this server's own page."""
    return PlainTextResponse(FORGED, status_code=403)


def _same_origin(headers: Headers) -> bool:
    """Tell whether a POST's Origin (when the browser sends one) is this server's."""
    origin = headers.get("origin")
    if origin is None:
        return True  # an old browser or a script: the form's token still has to match
    return origin.split("://", 1)[-1] == headers.get("host", "")


def csrf_token(request: Request) -> str:
    """Return the request's cross-site token, from its cookie or new."""
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if len(token) >= 20 else secrets.token_urlsafe(24)


def csrf_ok(request: Request, form: Any) -> bool:
    """Tell whether a form carries the token its cookie holds (a forged one cannot)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = str(form.get(CSRF_FIELD, ""))
    return len(cookie) >= 20 and hmac.compare_digest(cookie.encode(), given.encode())
