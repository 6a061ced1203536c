"""Who asks, and in which roles: identities from OpenID Connect claims, or the demo user.

No Streamlit here (``app_auth.py`` wires this into the page); the assistant enforces the roles
(``Session``). A signed-in user is known by the ``sub`` claim only: that is what the audit log writes.
The name is shown on the page and never stored.

Roles come from one claim (``WIJKVRAAG_ROLE_CLAIM``, default ``roles``; a dotted path reaches a nested
claim such as Keycloak's ``realm_access.roles``). A claim value is a role when it is a role's name
(beleidsmaker, analist, raadslid, also as ``wijkvraag-analist`` / ``wijkvraag_analist``) or when
``WIJKVRAAG_ROLE_MAP`` maps it to one (for example an Entra ID group id:
``{"5f0c...": "analist"}``). Anything else gives no role.
"""

from __future__ import annotations

import re
import secrets as _secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.settings import Settings

__all__ = ["DEMO_LABEL", "ROLES", "Identity", "demo_identity", "identity_from_claims", "oidc_section_from_settings",
           "provider_from_auth_section", "roles_from_claims"]

ROLES = ("beleidsmaker", "analist", "raadslid")  # the order the page offers them in
DEMO_LABEL = "demo — geen aanmelding"
_PREFIX = re.compile(r"^(?:wijkvraag[-_.:/ ]?)", re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    """One user: ``subject`` (logged), ``name`` (shown only), the ``roles`` held, and whether it is the demo."""

    subject: str
    name: str
    roles: tuple[str, ...]
    demo: bool = False

    @property
    def label(self) -> str:
        return DEMO_LABEL if self.demo else self.name


def _claim(claims: Mapping[str, Any], path: str) -> Any:
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _values(value: Any) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,]+", value) if v]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return [str(v) for v in value if isinstance(v, str | int)]
    return [str(value)]


def roles_from_claims(claims: Mapping[str, Any], claim: str = "roles",
                      role_map: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The Wijkvraag roles in ``claims[claim]`` (a list, or a space or comma separated string)."""
    mapping = {str(k).casefold(): str(v).casefold() for k, v in (role_map or {}).items()}
    held = set()
    for value in _values(_claim(claims, claim)):
        folded = value.casefold()
        role = mapping.get(folded) or _PREFIX.sub("", folded)
        if role in ROLES:
            held.add(role)
    return tuple(r for r in ROLES if r in held)


def identity_from_claims(claims: Mapping[str, Any], settings: Settings) -> Identity | None:
    """The signed-in user from the ID token's claims; None without a ``sub``."""
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        return None
    name = str(claims.get("name") or claims.get("preferred_username") or claims.get("email") or subject)
    return Identity(subject=subject, name=name,
                    roles=roles_from_claims(claims, settings.role_claim, settings.role_map))


def demo_identity(subject: str | None = None) -> Identity:
    """Without an identity provider: a random demo subject per browser session, every role (as before)."""
    return Identity(subject=subject or f"demo-{_secrets.token_hex(16)}", name=DEMO_LABEL, roles=ROLES, demo=True)


def provider_from_auth_section(auth: Mapping[str, Any] | None) -> str | None:
    """Which provider ``st.login`` should use: "" for the default ``[auth]`` provider, the name of the one
    ``[auth.NAME]`` provider, or None when no provider is configured."""
    if not auth:
        return None
    if auth.get("client_id") and auth.get("server_metadata_url"):
        return ""
    named = sorted(k for k, v in auth.items() if isinstance(v, Mapping) and v.get("client_id")
                   and v.get("server_metadata_url"))
    return named[0] if named else None


def oidc_section_from_settings(settings: Settings) -> dict[str, Any] | None:
    """An ``[auth]`` section from ``WIJKVRAAG_OIDC_*`` environment variables, or None when not all are set.

    Without ``WIJKVRAAG_OIDC_COOKIE_SECRET`` a random secret is used: sign-ins then end on a restart.
    """
    required = (settings.oidc_client_id, settings.oidc_client_secret, settings.oidc_server_metadata_url,
                settings.oidc_redirect_uri)
    if not all(required):
        return None
    return {
        "client_id": settings.oidc_client_id,
        "client_secret": settings.oidc_client_secret,
        "server_metadata_url": settings.oidc_server_metadata_url,
        "redirect_uri": settings.oidc_redirect_uri,
        "cookie_secret": settings.oidc_cookie_secret or _secrets.token_urlsafe(32),
    }
