"""Security headers on every response, and trust in the load balancer's forwarded headers.

Pages that need a different policy set their own Content-Security-Policy first (the billing page
loads Stripe.js; previews and published sites are sandboxed user content) and keep it: this hook
only fills in what a response left unset.
"""

from __future__ import annotations

from flask import Flask, Request, Response

# The app's own pages load scripts, styles, images and fonts from the app only; the editor and
# upload scripts call the same-origin API; the site page frames the same-origin preview.
APP_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), usb=()"
HSTS = "max-age=31536000"
EXTENSION_KEY = "r2w.security"


class NamedPartsOnly:
    """Request mixin: drop multipart parts that have no name.

    Werkzeug files a part without a name under the key None, and Flask-WTF's CSRF check
    (flask_wtf/csrf.py, CSRFProtect._get_csrf_token: `key.endswith(...)`) then raises
    AttributeError, so any anonymous POST with such a body answered 500.
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()  # type: ignore[misc]
        for name in ("form", "files"):
            data = self.__dict__.get(name)
            if data is not None and None in data:
                kept = [(k, v) for k, v in data.items(multi=True) if k is not None]
                self.__dict__[name] = type(data)(kept)


def _frame_option(csp: str) -> str:
    """X-Frame-Options for browsers without frame-ancestors, matching the CSP's choice."""
    return "SAMEORIGIN" if "frame-ancestors 'self'" in csp else "DENY"


def add_security_headers(response: Response, *, cloud: bool) -> Response:
    """Fill in the security headers a response did not set itself."""
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = APP_CSP
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", _frame_option(headers["Content-Security-Policy"]))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if cloud:
        # Browsers ignore HSTS over plain HTTP, so it is safe to send whatever the scheme.
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def trust_proxies(app: Flask, hops: int) -> None:
    """Believe X-Forwarded-For/-Proto from this many proxies (the ALB is one).

    Without it, every visitor behind the load balancer shares its address, so per-address rate
    limits become global, and request.is_secure is false behind TLS termination.
    """
    if hops <= 0:
        return
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def init_security(app: Flask) -> None:
    """Register the headers hook, the request fix and TRUSTED_PROXY_HOPS (once per app)."""
    if app.extensions.get(EXTENSION_KEY):
        return
    app.extensions[EXTENSION_KEY] = True
    cloud = app.config.get("ENVIRONMENT") in ("staging", "production")
    trust_proxies(app, int(app.config.get("TRUSTED_PROXY_HOPS") or 0))
    base: type[Request] = app.request_class
    app.request_class = type("R2WRequest", (NamedPartsOnly, base), {})

    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_security_headers(response, cloud=cloud)
