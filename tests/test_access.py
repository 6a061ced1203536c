"""Identities and roles from OpenID Connect claims (assistant.access), without Streamlit."""

from __future__ import annotations

from assistant import Settings
from assistant.access import (DEMO_LABEL, ROLES, demo_identity, identity_from_claims, oidc_section_from_settings,
                              provider_from_auth_section, roles_from_claims)


def test_roles_from_a_list_a_string_a_prefix_and_a_map():
    assert roles_from_claims({"roles": ["analist", "beheer"]}) == ("analist",)
    assert roles_from_claims({"roles": "raadslid beleidsmaker"}) == ("beleidsmaker", "raadslid")
    assert roles_from_claims({"roles": ["Wijkvraag-Analist", "wijkvraag_raadslid"]}) == ("analist", "raadslid")
    groups = {"groups": ["5f0c1a2b-0000", "iets-anders"]}
    assert roles_from_claims(groups, "groups", {"5F0C1A2B-0000": "analist"}) == ("analist",)
    assert roles_from_claims(groups, "roles") == ()


def test_a_nested_claim_as_keycloak_gives_it():
    claims = {"realm_access": {"roles": ["offline_access", "beleidsmaker"]}}
    assert roles_from_claims(claims, "realm_access.roles") == ("beleidsmaker",)
    assert roles_from_claims(claims, "realm_access.ontbreekt") == ()


def test_no_role_from_odd_values():
    for value in (None, True, 3, {"analist": True}, [], "", ["admin"]):
        assert roles_from_claims({"roles": value}) == ()


def test_identity_keeps_the_subject_and_shows_the_name():
    settings = Settings(role_claim="wijkvraag_rol")
    identity = identity_from_claims({"sub": "ana-1", "name": "Ana", "email": "ana@example.org",
                                     "wijkvraag_rol": "analist"}, settings)
    assert identity.subject == "ana-1" and identity.name == "Ana" and identity.roles == ("analist",)
    assert identity.label == "Ana" and not identity.demo
    assert identity_from_claims({"name": "zonder sub"}, settings) is None


def test_demo_identity_has_every_role_and_a_random_subject():
    first, second = demo_identity(), demo_identity()
    assert first.roles == ROLES and first.demo and first.label == DEMO_LABEL
    assert first.subject.startswith("demo-") and first.subject != second.subject


def test_which_provider_is_configured():
    assert provider_from_auth_section(None) is None
    assert provider_from_auth_section({"redirect_uri": "x", "cookie_secret": "y"}) is None
    assert provider_from_auth_section({"client_id": "c", "server_metadata_url": "u"}) == ""
    assert provider_from_auth_section({"redirect_uri": "x", "keycloak": {"client_id": "c", "server_metadata_url": "u"}}) \
        == "keycloak"


def test_auth_section_from_environment_settings():
    assert oidc_section_from_settings(Settings()) is None
    settings = Settings(oidc_client_id="wijkvraag", oidc_client_secret="s", oidc_redirect_uri="http://localhost:8501/oauth2callback",
                        oidc_server_metadata_url="https://idp.example/.well-known/openid-configuration")
    section = oidc_section_from_settings(settings)
    assert section["client_id"] == "wijkvraag" and len(section["cookie_secret"]) >= 32
    assert provider_from_auth_section(section) == ""
    assert "oidc_client_secret" not in repr(settings)  # secrets are not shown
