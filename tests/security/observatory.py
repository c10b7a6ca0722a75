"""An estimate of the Mozilla HTTP Observatory's score from one response's headers.

It follows the Observatory's published scoring table (mozilla/http-observatory,
"docs/scoring.md"): start at 100, subtract the penalties, and only then, if the
score is at least 90, add the bonuses; A+ is 100 and above, A 90, A- 85, B+ 80,
B 70. What it can judge from a response is judged; what it cannot, it assumes
as stated:

- redirection: the site redirects plain HTTP to HTTPS on the same host
  (SECURE_SSL_REDIRECT, checked in tests/production/test_headers.py): 0;
- HSTS preload: the Observatory gives +5 only for a domain on the browsers'
  preload list, which a new domain is not: a valid HSTS header scores 0;
- SRI: every script this site loads is its own (the CSP forbids others): 0.
"""

from dataclasses import dataclass, field

from briefs.csp import parse_policy

GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
SESSION_NAMES = ("sess", "login", "sid", "auth")


@dataclass
class Estimate:
    score: int = 100
    results: dict = field(default_factory=dict)

    @property
    def grade(self) -> str:
        return next(grade for floor, grade in GRADES if self.score >= floor)


def _csp(headers) -> tuple[str, int]:
    header = headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25
    csp = parse_policy(header)
    default = csp.get("default-src", ["*"])
    scripts = csp.get("script-src", default)
    styles = csp.get("style-src", default)
    if "'unsafe-inline'" in scripts or any(s in scripts for s in ("*", "http:", "https:")):
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-eval", -10
    if "'unsafe-inline'" in styles:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def _cookies(cookies) -> tuple[str, int]:
    if not cookies:
        return "cookies-not-found", 0
    if any(not morsel["secure"] for morsel in cookies.values()):
        return "cookies-without-secure-flag", -20
    sessions = [m for name, m in cookies.items() if any(s in name.lower() for s in SESSION_NAMES)]
    if any(not morsel["httponly"] for morsel in sessions):
        return "cookies-session-without-httponly-flag", -30
    if all(morsel["samesite"] for morsel in cookies.values()):
        return "cookies-secure-with-httponly-sessionid-and-samesite", 5
    return "cookies-secure-with-httponly-sessionid", 0


def _cors(headers) -> tuple[str, int]:
    origin = headers.get("Access-Control-Allow-Origin")
    if origin is None:
        return "cross-origin-resource-sharing-not-implemented", 0
    if origin == "*" and headers.get("Access-Control-Allow-Credentials", "").lower() != "true":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    return "cross-origin-resource-sharing-implemented-with-universal-access", -50


def _referrer(headers) -> tuple[str, int]:
    value = headers.get("Referrer-Policy", "").split(",")[-1].strip().lower()
    if not value:
        return "referrer-policy-not-implemented", 0
    if value in PRIVATE_REFERRER:
        return "referrer-policy-private", 5
    return "referrer-policy-unsafe", -5


def _hsts(headers) -> tuple[str, int]:
    value = headers.get("Strict-Transport-Security", "")
    max_age = next(
        (int(p.split("=")[1]) for p in value.split(";") if p.strip().startswith("max-age=")), 0
    )
    if max_age >= 15768000:
        return "hsts-implemented-max-age-at-least-six-months", 0
    if max_age > 0:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-not-implemented", -20


def _nosniff(headers) -> tuple[str, int]:
    if headers.get("X-Content-Type-Options", "").lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-not-implemented", -5


def _framing(headers) -> tuple[str, int]:
    csp = parse_policy(headers.get("Content-Security-Policy", ""))
    if csp.get("frame-ancestors") in (["'none'"], ["'self'"]):
        return "x-frame-options-implemented-via-csp", 5
    if headers.get("X-Frame-Options", "").upper() in ("DENY", "SAMEORIGIN"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-not-implemented", -20


def estimate(headers, cookies) -> Estimate:
    """``headers``: a case-insensitive mapping; ``cookies``: a SimpleCookie of what was set."""
    outcomes = [
        _csp(headers),
        _cookies(cookies),
        _cors(headers),
        ("redirection-to-https", 0),
        _referrer(headers),
        _hsts(headers),
        ("sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0),
        _nosniff(headers),
        _framing(headers),
    ]
    result = Estimate(results=dict(outcomes))
    result.score = 100 + sum(points for _, points in outcomes if points < 0)
    if result.score >= 90:
        result.score += sum(points for _, points in outcomes if points > 0)
    return result
