"""Sign-in for the page: ``st.login`` (OpenID Connect) when a provider is configured, else the demo.

The provider is configured in ``.streamlit/secrets.toml`` (``[auth]``) or with ``WIJKVRAAG_OIDC_*``
environment variables (see README). Without one, the page runs as before, labelled
"demo — geen aanmelding"; with ``WIJKVRAAG_REQUIRE_LOGIN=1`` it then serves nothing. Roles come from
the ID token's claims (``assistant.access``) and are enforced by the assistant's ``Session``; the page
only offers the roles the user holds.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from assistant.access import DEMO_LABEL, Identity, demo_identity, identity_from_claims, oidc_section_from_settings
from assistant.access import provider_from_auth_section

DEMO_PARAM = "gesprek"
DEMO_SUBJECT = re.compile(r"demo-[0-9a-f]{32}")  # 128 random bits: the link is the key
REQUIRE_LOGIN_TEXT = (
    "Deze installatie vereist aanmelding (WIJKVRAAG_REQUIRE_LOGIN=1), maar er is geen identity provider "
    "ingesteld. Stel de aanmelding in via `.streamlit/secrets.toml` of de WIJKVRAAG_OIDC_-variabelen (zie README)."
)
NO_ROLE_TEXT = (
    "U bent aangemeld als {name}, maar u heeft geen rol voor Wijkvraag (beleidsmaker, analist of raadslid). "
    "Vraag uw beheerder om een rol."
)


def _auth_section() -> dict[str, Any] | None:
    try:
        auth = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all
        return None
    return dict(auth) if auth else None


def provider(settings: Any) -> str | None:
    """The configured provider ("" for the default one), or None in demo mode. An ``[auth]`` section from
    the environment is added to the secrets once per process when the secrets file has none."""
    found = provider_from_auth_section(_auth_section())
    if found is None and settings is not None:
        section = oidc_section_from_settings(settings)
        if section is not None:
            st.secrets.merge_programmatic_secrets({"auth": section})
            found = provider_from_auth_section(_auth_section())
    return found


def sign_in(settings: Any) -> Identity:
    """The user of this browser session; shows sign-in (or why not) and stops the page when there is none."""
    name = provider(settings)
    if name is None:
        if settings is not None and getattr(settings, "require_login", False):
            st.error(REQUIRE_LOGIN_TEXT, icon=":material/lock:")
            st.stop()
        subject = st.session_state.get("demo_subject")
        if subject is None:
            # the demo conversation is tied to the page's link, so a reload brings it back
            linked = str(st.query_params.get(DEMO_PARAM, ""))
            subject = linked if DEMO_SUBJECT.fullmatch(linked) else demo_identity().subject
            st.session_state["demo_subject"] = subject
        if st.query_params.get(DEMO_PARAM) != subject:
            st.query_params[DEMO_PARAM] = subject
        return demo_identity(subject)
    if not st.user.get("is_logged_in"):
        st.info("Meld u aan met uw account van de organisatie om vragen te stellen.", icon=":material/login:")
        if st.button("Aanmelden", type="primary", key="aanmelden"):
            st.login(name or None)
        st.stop()
    identity = identity_from_claims(st.user.to_dict(), settings)
    if identity is None or not identity.roles:
        st.warning(NO_ROLE_TEXT.format(name=identity.name if identity else "onbekend"), icon=":material/block:")
        if st.button("Afmelden", key="afmelden"):
            st.logout()
        st.stop()
    return identity


def render_account(identity: Identity) -> None:
    """Who is signed in (or that this is the demo), with a sign-out button; call inside the sidebar."""
    if identity.demo:
        st.caption(f":material/science: **{DEMO_LABEL}**: kies zelf een rol.")
        return
    name = "".join(ch for ch in identity.name if ch not in "[]()*_`\\<>#|~")  # a claim is not markdown
    st.markdown(f":material/person: Aangemeld als **{name}**")
    if st.button("Afmelden", key="afmelden", width="stretch"):
        st.logout()


def choose_role(state: Any, identity: Identity) -> None:
    """Keep the page's role within the roles the user holds (before the selector is drawn)."""
    if state.get("role") not in identity.roles:
        state["role"] = identity.roles[0]
