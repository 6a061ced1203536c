"""Configuration (environment variables with prefix WIJKVRAAG_, e.g. WIJKVRAAG_INTERPRETER=llm)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIJKVRAAG_", extra="ignore")

    warehouse_path: Path = Field(default=ROOT / "warehouse" / "sociaal_domein.duckdb")
    warehouse_url: str | None = Field(
        default=None, description="het magazijn: leeg = het DuckDB-bestand warehouse_path (ingebed), of "
        "postgresql://gebruiker@host:poort/database, of spark:///map-met-parquet (zie warehouse/backends.py)")
    min_cell_size: int = Field(default=10, ge=2, description="minimale celgrootte k")
    dominance: float = Field(default=0.5, gt=0, lt=1, description="dominantiegrens voor bedragen")
    interpreter: Literal["offline", "llm"] = "offline"
    llm_provider: str | None = Field(default=None, description="openai, azure_openai, ollama, ...")
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = Field(default=None, repr=False)
    llm_timeout_s: float = 30.0
    audit_log_path: Path = Field(default=ROOT / "logs" / "audit.jsonl")
    release_log_path: Path | None = Field(
        default=None, description="het gedeelde vrijgavelog van de disclosure guard; standaard naast het magazijn "
        "(<magazijn>.vrijgaven.sqlite)")
    app_db_path: Path | None = Field(
        default=None, description="de database van de app (gesprekken, feedback, geverifieerde vragen); standaard "
        "naast het magazijn (<magazijn>.app.sqlite)")
    max_deviation: int = Field(default=2, ge=1, le=5, description="celsleutelmethode: maximale afwijking D")
    sql_limit: int = Field(default=1000, ge=1, le=100_000)
    statement_timeout_s: float | None = Field(
        default=None, gt=0, description="standaard 10 s; op Spark 120 s (een Spark-job kost al seconden)")
    max_question_length: int = Field(default=2000, ge=10)
    today: date | None = Field(
        default=None, description="de datum waartegen 'vorig jaar', 'dit jaar', 'twee jaar geleden' gelezen worden; "
        "leeg = vandaag")

    # access (SPEC §5 Access): sign-in, roles from claims, rate limits, tamper-evident audit log
    require_login: bool = Field(default=False, description="weiger te draaien zonder identity provider")
    role_claim: str = Field(default="roles", description="de claim met de rollen of groepen (roles, groups, ...)")
    role_map: dict[str, str] = Field(
        default_factory=dict, description="claimwaarde -> rol (beleidsmaker, analist, raadslid), als JSON; "
        "de rolnamen zelf gelden altijd")
    cli_role: str | None = Field(default=None, description="rol van de lokale demogebruiker van de CLI")
    rate_questions_per_minute: int = Field(default=60, ge=0, description="vragen per gebruiker per minuut; 0 = geen grens")
    rate_sql_per_minute: int = Field(default=20, ge=0, description="SQL-opdrachten per gebruiker per minuut; 0 = geen grens")
    audit_key: str | None = Field(default=None, repr=False, description="geheime sleutel: auditketen als HMAC")
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = Field(default=None, repr=False)
    oidc_server_metadata_url: str | None = None
    oidc_redirect_uri: str | None = None
    oidc_cookie_secret: str | None = Field(default=None, repr=False)

    @property
    def release_log(self) -> Path:
        """One file for every user and process that answers from this warehouse."""
        if self.release_log_path is not None:
            return self.release_log_path
        if self.warehouse_url and "://" in self.warehouse_url and not self.warehouse_url.startswith("duckdb:"):
            from urllib.parse import urlparse

            url = urlparse(self.warehouse_url)
            name = "-".join(p for p in (url.scheme, url.hostname, str(url.port or ""), url.path.strip("/")) if p)
            return ROOT / "logs" / ("vrijgaven-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".sqlite")
        return self.warehouse_path.with_name(self.warehouse_path.stem + ".vrijgaven.sqlite")

    @property
    def app_db(self) -> Path:
        """The app's own SQLite file: history, feedback and verified questions."""
        if self.app_db_path is not None:
            return self.app_db_path
        return self.warehouse_path.with_name(self.warehouse_path.stem + ".app.sqlite")

    @property
    def warehouse(self) -> str:
        """Where answering SQL runs: ``warehouse_url`` or else the DuckDB file ``warehouse_path``."""
        return self.warehouse_url or str(self.warehouse_path)
