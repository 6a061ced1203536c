"""Wijkvraag: de chat voor het sociaal domein.

Start met ``./run.sh`` (of ``streamlit run app.py``). Deze pagina toont alleen wat de
``assistant`` teruggeeft: tekst, tabel, grafiek, kaart, SQL en definities. Alle logica
(interpretatie, SQL, guards) zit in ``assistant``.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import urllib.parse
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import app_auth
from assistant import export, present
from assistant.compose import dutch_number

ROOT = Path(__file__).resolve().parent
WIJKEN_GEOJSON = ROOT / "warehouse" / "data" / "wijkbuurtkaart2024_wijken_randstad_simplified.geojson"
WIJKEN_STATS = ROOT / "warehouse" / "data" / "wijkbuurtkaart2024_wijk_2024_stats.csv"
GEMEENTE_CODE = "GM0518"
WIJK_PREFIX = "WK0518"

ROLES = ("beleidsmaker", "analist", "raadslid")
ROLE_LABELS = {"beleidsmaker": "Beleidsmaker", "analist": "Analist", "raadslid": "Raadslid"}
ROLE_HELP = {
    "beleidsmaker": "Antwoord, tabel, grafiek of kaart en de definities.",
    "analist": "Alles, met de SQL open: bewerken en opnieuw uitvoeren (door dezelfde guards).",
    "raadslid": "Het eenvoudigste beeld: antwoord, kerncijfer of grafiek.",
}
DIALECT_LABELS = {
    "duckdb": "DuckDB",
    "postgres": "PostgreSQL",
    "tsql": "T-SQL",
    "spark": "Spark",
    "trino": "Trino",
}
EXAMPLES: dict[str, list[str]] = {
    "Wmo": [
        "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?",
        "Vergelijk Wmo-cliënten per 1.000 inwoners in Den Haag en Rotterdam",
        "Wat is de uitputting van de begroting voor beschermd wonen in 2024?",
    ],
    "Jeugd": [
        "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?",
        "Hoeveel meisjes van 12-17 in Zorgvliet hebben pleegzorg?",
    ],
    "Participatie": [
        "Hoe ontwikkelde het aantal bijstandsontvangers in Moerwijk sinds 2019?",
        "Hoeveel mensen kregen re-integratie per wijk in 2024?",
    ],
    "Schulden": [
        "Hoeveel cliënten met schuldhulpverlening waren er in 2024 per wijk?",
        "Hoeveel huishoudens in Moerwijk hebben voorzieningen uit meerdere wetten?",
    ],
    "Begroting": [
        "Wat is de uitputting van de begroting per taakveld in 2024?",
        "Wat betekent stapeling?",
        "Welke gegevens zijn er?",
    ],
}
SUPPRESSED_TEXT = "onderdrukt"
SYNTHETIC_NOTICE = (
    "Gemeentelijke cijfers in Wijkvraag zijn **synthetische demonstratiegegevens** voor 's-Gravenhage: "
    "ze beschrijven geen echte inwoners. CBS-cijfers zijn echte open data (Bron: CBS, CC BY 4.0)."
)
BUILD_HINT = (
    "Bouw het gegevensmagazijn met `python -m warehouse build` (of start de app met `./run.sh`, "
    "dat het magazijn bouwt als het ontbreekt) en laad deze pagina opnieuw."
)
STATUS_LABELS = {
    "answered": "beantwoord",
    "suppressed": "deels onderdrukt",
    "refused": "geweigerd",
    "clarification": "verduidelijking nodig",
    "error": "fout",
}


# ---------------------------------------------------------------------------
# Dutch formatting (pure functions, also used by the CSV export)
# ---------------------------------------------------------------------------


def format_number(value: float | int, decimals: int = 0) -> str:
    """Dutch notation: thousands with a dot, decimals with a comma (1.234,5)."""
    return dutch_number(value, decimals)


def column_unit(name: str, units: dict[str, str | None]) -> str | None:
    """The unit of an output column; derived columns (verschil, verschil_pct) follow their metric."""
    if name in units and units[name]:
        return units[name]
    if name.endswith("_verschil_pct"):
        return "procent"
    if name == "jaar" or name.endswith("_jaar"):
        return "jaar"
    base = re.sub(r"_(verschil|\d{4})$", "", name)
    return units.get(base)


def format_value(value: Any, unit: str | None) -> str:
    """One cell in Dutch notation, by unit (aantal, euro, per 1.000, procent, dagen, jaar)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return ""
        if unit == "jaar":
            return str(int(value))
        if unit == "euro":
            sign = "-" if value < 0 else ""
            return f"{sign}€ {format_number(abs(value), 0)}"
        if unit == "procent":
            return f"{format_number(value, 1)}%"
        if unit == "per 1.000":
            return format_number(value, 1)
        if unit == "dagen":
            return f"{format_number(value, 0)} dagen"  # as in the answer text: whole days, with the unit
        if unit == "aantal":
            return format_number(value, 0 if float(value).is_integer() else 1)
        if isinstance(value, int) or float(value).is_integer():
            return format_number(value, 0)
        return format_number(value, 1)
    return str(value)


_field = present.field


def display_table(answer: Any) -> pd.DataFrame:
    """The result table as shown: Dutch labels, Dutch notation, suppressed cells marked."""
    columns: list[str] = list(_field(answer, "columns", []) or [])
    rows: list = list(_field(answer, "rows", []) or [])
    labels: dict[str, str] = dict(_field(answer, "column_labels", {}) or {})
    units: dict[str, str | None] = dict(_field(answer, "column_units", {}) or {})
    suppressed = {(int(r), int(c)) for r, c in (_field(answer, "suppressed", []) or [])}
    texts: dict[str, dict[str, str]] = dict(_field(answer, "value_texts", {}) or {})
    derived = present.derived_values(answer)  # the council's verschil and uitputting, from the shown amounts
    data = []
    for r, row in enumerate(rows):
        cells = []
        for c, name in enumerate(columns):
            value = row[c] if c < len(row) else None
            if (r, c) in suppressed:
                cells.append(SUPPRESSED_TEXT)
            elif name in texts and str(value) in texts[name]:
                cells.append(texts[name][str(value)])  # '6.81 Geëscaleerde zorg 18+', not the bare code
            else:
                cells.append(format_value(value, column_unit(name, units)))
        for name, values in derived.items():
            cells.append(SUPPRESSED_TEXT if values[r] is None else format_value(values[r], column_unit(name, units)))
        data.append(cells)
    headers = _unique([labels.get(name) or name for name in [*columns, *derived]])
    return pd.DataFrame(data, columns=headers)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


# ---------------------------------------------------------------------------
# Charts and map
# ---------------------------------------------------------------------------


def _numeric_frame(answer: Any, x: str, y: str, color: str | None) -> pd.DataFrame:
    columns = list(_field(answer, "columns", []) or [])
    units = dict(_field(answer, "column_units", {}) or {})
    suppressed = {(int(r), int(c)) for r, c in (_field(answer, "suppressed", []) or [])}
    if x not in columns or y not in columns or (color and color not in columns):
        return pd.DataFrame()
    xi, yi = columns.index(x), columns.index(y)
    ci = columns.index(color) if color else None
    names = dict(_field(answer, "value_texts", {}) or {}).get(x, {})  # '6.81 Geëscaleerde zorg 18+', not '6.81'
    records = []
    for r, row in enumerate(_field(answer, "rows", []) or []):
        value = row[yi]
        if (r, yi) in suppressed or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        record = {"x": names.get(str(row[xi]), row[xi]), "y": float(value),
                  "tekst": format_value(value, column_unit(y, units))}
        if ci is not None:
            record["kleur"] = row[ci]
        records.append(record)
    return pd.DataFrame(records)


# Vega label expression: d3 format, then swap separators to Dutch notation (1.234,5)
DUTCH_AXIS_LABEL = (
    "replace(replace(replace(format(datum.value, ',~f'), regexp(',', 'g'), '_'), "
    "regexp('[.]', 'g'), ','), regexp('_', 'g'), '.')"
)


_AXIS_UNITS = {"dagen": "dagen", "procent": "%", "euro": "€"}


def axis_title(label: str, unit: str | None) -> str:
    """A value axis says its unit ('Gemiddelde duur (dagen)', 'Uitputting (%)'), unless the label does."""
    shown = _AXIS_UNITS.get(unit or "")
    if not shown or shown.lower() in label.lower() or (unit or "").lower() in label.lower():
        return label
    return f"{label} ({shown})"


# the views a reader can switch an answer's chart to: label -> chart kind (None: the table only)
VIEWS = {"Staafdiagram": "bar", "Lijngrafiek": "line", "Tabel": None}


def build_chart(answer: Any, kind: str | None = None) -> alt.Chart | None:
    """Bar chart for rankings and comparisons, line chart for trends (after ``answer.chart``; ``kind``: the
    view the reader chose instead)."""
    chart = _field(answer, "chart")
    kind = kind or _field(chart, "kind", "none")
    x, y, color = _field(chart, "x"), _field(chart, "y"), _field(chart, "color")
    if kind not in ("bar", "line", "map") or not x or not y:
        return None
    frame = _numeric_frame(answer, x, y, color)
    if frame.empty:
        return None
    labels = dict(_field(answer, "column_labels", {}) or {})
    units = dict(_field(answer, "column_units", {}) or {})
    x_title, y_title = labels.get(x, x), axis_title(labels.get(y, y), column_unit(y, units))
    tooltip = [alt.Tooltip("x:N", title=x_title), alt.Tooltip("tekst:N", title=y_title)]
    # what a screen reader says of each bar or point: the figure as the text says it ('Laak: 1.051 dagen')
    frame = frame.assign(omschrijving=[f"{x_title} {v}: {t}" for v, t in zip(frame["x"], frame["tekst"], strict=True)])
    if kind == "line":
        years = column_unit(x, units) == "jaar"
        encoding = {
            # years on a scale of years (B6: 2021, 2022, 2024 are not evenly spaced); other steps in order
            "x": alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False),
                       axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0)) if years
            else alt.X("x:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            "y": alt.Y("y:Q", title=y_title, axis=alt.Axis(labelExpr=DUTCH_AXIS_LABEL)),
        }
        mark = alt.Chart(frame).mark_line(point=True)
    else:
        ranked = bool((_field(answer, "semantic_query") or {}).get("order_by"))
        encoding = {
            "x": alt.X("y:Q", title=y_title, axis=alt.Axis(labelExpr=DUTCH_AXIS_LABEL)),
            # a ranking by value; any other breakdown (age classes, years) keeps the order of the table
            "y": alt.Y("x:N", title=x_title, sort="-x" if ranked and not color else None,
                       axis=alt.Axis(labelLimit=0)),  # whole wijk names, never truncated
        }
        mark = alt.Chart(frame).mark_bar()
    if color:
        color_title = labels.get(color, color)
        encoding["color"] = alt.Color("kleur:N", title=color_title)
        tooltip.append(alt.Tooltip("kleur:N", title=color_title))
        if kind != "line":
            encoding["yOffset"] = alt.YOffset("kleur:N")
    drawn = mark.encode(tooltip=tooltip, description="omschrijving:N", **encoding)
    reference = _field(chart, "reference")
    if reference is not None:  # B5: 100% = exactly the budget
        where = {"y" if kind == "line" else "x": alt.datum(float(reference))}
        drawn = drawn + alt.Chart(frame).mark_rule(color="#333", strokeDash=[4, 3]).encode(**where)
    return drawn.properties(height=alt.Step(22) if kind != "line" else 320)


@st.cache_data(show_spinner=False)
def wijk_features() -> list[dict]:
    """The boundaries of the 's-Gravenhage wijken (CBS wijk- en buurtkaart 2024)."""
    collection = json.loads(WIJKEN_GEOJSON.read_text(encoding="utf-8"))
    return [f for f in collection["features"] if str(f["properties"].get("wijkcode", "")).startswith(WIJK_PREFIX)]


@st.cache_data(show_spinner=False)
def wijk_codes(warehouse_path: str) -> dict[str, str]:
    """Wijk name as people say it -> CBS wijkcode, from the warehouse's ``gebied`` table."""
    import duckdb

    codes: dict[str, str] = {}
    try:
        con = duckdb.connect(warehouse_path, read_only=True)
        try:
            rows = con.execute(
                "SELECT naam, gebied_code FROM gebied WHERE niveau = 'wijk' AND gemeente_code = ?",
                [GEMEENTE_CODE],
            ).fetchall()
        finally:
            con.close()
        codes = {str(naam): str(code) for naam, code in rows}
    except Exception:  # noqa: BLE001 - fall back to the CBS names in the data directory
        codes = {}
    if not codes and WIJKEN_STATS.exists():
        stats = pd.read_csv(WIJKEN_STATS, usecols=["wijkcode", "wijknaam", "gemeentecode"])
        stats = stats[stats["gemeentecode"] == GEMEENTE_CODE]
        for code, naam in zip(stats["wijkcode"], stats["wijknaam"], strict=True):
            codes[re.sub(r"^Wijk \d+\s+", "", str(naam))] = str(code)
    return codes


MAP_WITHHELD = "niet getoond (bescherming inwoners)"
MAP_NOT_IN_ANSWER = "niet in dit antwoord"


def build_map(answer: Any, warehouse_path: str) -> alt.LayerChart | None:
    """Choropleth of the 's-Gravenhage wijken when the result has one value per wijk."""
    columns = list(_field(answer, "columns", []) or [])
    if "wijk" not in columns:
        return None
    chart = _field(answer, "chart")
    measure = _field(chart, "y")
    units = dict(_field(answer, "column_units", {}) or {})
    if not measure or measure not in columns:
        candidates = [c for c in columns if c != "wijk" and column_unit(c, units) not in (None, "jaar")]
        if not candidates:
            return None
        measure = candidates[0]
    other_dims = [c for c in columns if c not in ("wijk", measure) and (units.get(c) in (None, "jaar"))]
    frame = _numeric_frame(answer, "wijk", measure, None)
    rows = list(_field(answer, "rows", []) or [])
    if frame.empty or len(rows) < 2 or (other_dims and len(frame["x"].unique()) != len(frame)):
        return None
    codes = wijk_codes(warehouse_path)
    values = {codes[name]: (name, v, t) for name, v, t in zip(frame["x"], frame["y"], frame["tekst"], strict=True) if name in codes}
    if not values:
        return None
    name_by_code = {code: name for name, code in codes.items()}
    labels = dict(_field(answer, "column_labels", {}) or {})
    title = labels.get(measure, measure)
    in_answer = {row[columns.index("wijk")] for row in rows}
    base_features, value_features = [], []
    for feature in wijk_features():
        code = feature["properties"]["wijkcode"]
        name = name_by_code.get(code, code)
        if code in values:
            _, value, text = values[code]
            props = {"wijk": name, "waarde": value, "tekst": text, "omschrijving": f"Wijk {name}: {text}"}
            value_features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
        else:
            # a wijk of the answer without a value was withheld; any other wijk is simply not in this answer
            # (outside a top N, or not asked for): two different things, two different greys, and a legend
            status = MAP_WITHHELD if name in in_answer else MAP_NOT_IN_ANSWER
            props = {"wijk": name, "tekst": status, "status": status, "omschrijving": f"Wijk {name}: {status}"}
            base_features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    tooltip = [alt.Tooltip("properties.wijk:N", title="Wijk"), alt.Tooltip("properties.tekst:N", title=title)]
    layers = []
    if base_features:
        layers.append(
            alt.Chart(alt.Data(values=base_features))
            .mark_geoshape(stroke="white", strokeWidth=0.8)
            .encode(
                color=alt.Color("properties.status:N", title="Zonder waarde",
                                scale=alt.Scale(domain=[MAP_WITHHELD, MAP_NOT_IN_ANSWER], range=["#9e9e9e", "#f0f0f0"]),
                                legend=alt.Legend(labelLimit=0)),  # the whole reason, never cut off
                tooltip=tooltip, description="properties.omschrijving:N",
            )
        )
    layers.append(
        alt.Chart(alt.Data(values=value_features))
        .mark_geoshape(stroke="white", strokeWidth=0.8)
        .encode(
            color=alt.Color(
                "properties.waarde:Q",
                title=title,
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(labelExpr=DUTCH_AXIS_LABEL),
            ),
            tooltip=tooltip, description="properties.omschrijving:N",
        )
    )
    return alt.layer(*layers).resolve_scale(color="independent").project(type="mercator").properties(height=420)


# ---------------------------------------------------------------------------
# Assistant (one per process) and the conversation (one per user session)
# ---------------------------------------------------------------------------


@st.cache_resource(show_spinner="Wijkvraag start: magazijn, semantische laag en privacy-guards laden…")
def load_assistant(settings_json: str):
    """The heavy objects, once per process and per configuration (warmed by ``app_server.py`` at start)."""
    from assistant import Settings, shared_assistant

    return shared_assistant(Settings.model_validate_json(settings_json))


def current_settings():
    from assistant import Settings

    return Settings()


def startup_problem(settings: Any) -> str | None:
    """A Dutch explanation when the app cannot answer questions, else None."""
    path = Path(str(_field(settings, "warehouse_path", "")))
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        return f"Het gegevensmagazijn ontbreekt (`{path}`). {BUILD_HINT}"
    return None


def interpreter_label(assistant: Any, settings: Any) -> str:
    """Which interpreter answers: the offline rules, or the configured LLM (with its fallback)."""
    mode = _field(settings, "interpreter", "offline")
    if mode != "llm":
        return "Offline regels (geen taalmodel, geen netwerk)."
    provider = _field(settings, "llm_provider") or "geen aanbieder ingesteld"
    model = _field(settings, "llm_model") or "geen model ingesteld"
    label = f"Taalmodel via LangChain: {provider} / {model}, met terugval op de offline regels."
    problem = _field(_field(assistant, "interpreter"), "setup_error")
    if problem:
        label += f" Het taalmodel is niet beschikbaar ({problem}); nu actief: offline regels."
    return label


def init_state() -> None:
    state = st.session_state
    state.setdefault("messages", [])
    state.setdefault("role", "beleidsmaker")
    state.setdefault("pending", None)


@st.cache_resource(show_spinner=False)
def load_store(path: str):
    """The app's own database (history, feedback, verified questions), once per process."""
    from assistant.store import AppStore

    return AppStore(path)


def restore_history(store: Any, user: str) -> None:
    """Once per browser session: the user's stored conversation comes back (after a reload or restart)."""
    state = st.session_state
    if state.get("history_user") == user:
        return
    state["history_user"] = user
    from assistant import Answer

    messages = []
    for message in store.turns(user):
        if message.get("role") == "assistant" and isinstance(message.get("answer"), dict):
            try:
                message["answer"] = Answer.model_validate(message["answer"])
            except ValueError:
                continue
        messages.append(message)
    state["messages"] = messages


def remember(store: Any, user: str, message: dict) -> dict:
    """Store one message of the conversation; returns it with its ``turn_id``."""
    stored = dict(message)
    answer = stored.get("answer")
    if answer is not None and not isinstance(answer, str):
        stored["answer"] = answer.model_dump(mode="json", exclude={"sql_by_dialect"})
    try:
        message["turn_id"] = store.add_turn(user, stored)
    except Exception:  # noqa: BLE001 - the conversation goes on; only the history misses this turn
        message["turn_id"] = None
    return message


def get_session(assistant: Any, identity: Any):
    """The conversation of the signed-in user (or the demo user), in the roles the user holds."""
    state = st.session_state
    session = state.get("session")
    if session is None or state.get("session_owner") is not assistant or getattr(session, "user", None) != identity.subject:
        state["session"] = assistant.new_session(user=identity.subject, role=state["role"], roles=identity.roles)
        state["session_owner"] = assistant
    session = state["session"]
    if getattr(session, "role", state["role"]) != state["role"]:
        try:
            session.role = state["role"]  # the assistant refuses a role the user does not hold
        except (AttributeError, TypeError, ValueError, PermissionError):
            pass
    return session


def queue(kind: str, text: str, query: dict | None = None) -> None:
    st.session_state["pending"] = {"kind": kind, "text": text, "query": query}


def queue_sql_edit(key: str) -> None:
    queue("sql", st.session_state.get(key, ""))


def new_conversation() -> None:
    session = st.session_state.get("session")
    if session is not None:
        session.reset()
    store, user = st.session_state.get("store"), st.session_state.get("user")
    if store is not None and user:
        store.clear(user)
    st.session_state["messages"] = []
    st.session_state["pending"] = None
    st.session_state.pop(DRAWN, None)


DRAWN = "drawn"  # session state: what the page computed once per answer


def drawn(answer: Any, what: Any, make: Any) -> Any:
    """``make()`` once per answer and ``what`` (the table, a chart's Vega-Lite spec, the map, the SQL per
    dialect): every question re-renders the earlier turns, and they are not recomputed (issue 13: time per
    turn does not grow with the conversation). Kept beside the answer it belongs to, checked by identity."""
    memo = st.session_state.setdefault(DRAWN, {})
    key = (id(answer), what)
    hit = memo.get(key)
    if hit is None or hit[0] is not answer:
        hit = memo[key] = (answer, make())
    return hit[1]


def vega_spec(chart: Any) -> dict | None:
    """An Altair chart as its Vega-Lite spec (validated once; the page then draws the dict as it is)."""
    return None if chart is None else chart.to_dict()


def run_turn(session: Any, kind: str, text: str, store: Any = None, query: dict | None = None) -> tuple[Any | str, bool]:
    """Ask (or run an analyst's SQL, or a suggested follow-up's query): a verified question from its stored
    semantic query first.
    Returns (answer, verified); never lets an exception reach the page."""
    try:
        if kind == "sql":
            return session.run_sql(text), False
        if kind == "query":  # a suggested follow-up: its semantic query, not its words
            return session.ask_query(text, query), False
        verified = store.verified(text) if store is not None else None
        if verified is not None:
            answer = session.ask_query(text, verified)
            if _field(answer, "status") in ("answered", "suppressed"):
                return answer, True
        return session.ask(text), False
    except Exception:  # noqa: BLE001 - the page keeps working and says so in Dutch
        return (
            "Er ging iets mis bij het beantwoorden van deze vraag. Er zijn geen gegevens getoond. "
            "Probeer het opnieuw of stel de vraag anders."
        ), False


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def render_notices(answer: Any) -> None:
    """The notices, each once, in a collapsed section (a warning icon when cells were suppressed)."""
    notices = present.notices_once(answer)
    if not notices:
        return
    with st.expander(f"Toelichting ({len(notices)})", icon=":material/info:"):
        for notice in notices:
            if "onderdrukt" in notice.lower() or "niet getoond" in notice.lower():
                st.warning(notice, icon=":material/lock:")
            else:
                st.info(notice, icon=":material/info:")


def render_source(answer: Any) -> None:
    source = str(_field(answer, "source", "") or "")
    if not source:
        return
    parts = [f"Bron: {source}."]
    if "cbs" in source.lower():
        parts.append("CBS-cijfers: echte open data (CC BY 4.0).")
    with st.expander("Bron"):
        st.caption(" ".join(parts))


def render_options(answer: Any, index: int, live: bool) -> None:
    options = list(_field(answer, "options", []) or [])
    if not options:
        return
    st.markdown("**Bedoelt u:**")
    for n, option in enumerate(options):
        st.button(
            str(option),
            key=f"optie_{index}_{n}",
            on_click=queue,
            args=("ask", str(option)),
            disabled=not live,
        )


def render_single(answer: Any) -> bool:
    """One row of figures: each as a large figure side by side (the simplest view), the headline's first; a
    budget's verschil beside its begroting and realisatie."""
    chart = _field(answer, "chart")
    if _field(chart, "kind") != "single":
        return False
    rows = list(_field(answer, "rows", []) or [])
    columns = list(_field(answer, "columns", []) or [])
    y = _field(chart, "y") or (columns[-1] if columns else None)
    if len(rows) != 1 or y not in columns:
        return False
    suppressed = {(int(r), int(c)) for r, c in (_field(answer, "suppressed", []) or [])}
    labels = dict(_field(answer, "column_labels", {}) or {})
    units = dict(_field(answer, "column_units", {}) or {})
    figures = [y] + [c for c in columns if c != y and column_unit(c, units) not in (None, "jaar")]
    shown: list[tuple[str, str]] = []
    for name in figures[:4]:
        col = columns.index(name)
        value = SUPPRESSED_TEXT if (0, col) in suppressed else format_value(rows[0][col], column_unit(name, units))
        shown.append((labels.get(name, name), value or "geen gegevens"))
    for name, values in present.derived_values(answer).items():
        shown.append((labels.get(name, name),
                      SUPPRESSED_TEXT if values[0] is None else format_value(values[0], column_unit(name, units))))
    deltas = [year_on_year(answer, rows[0][columns.index(y)], column_unit(y, units))] + [None] * (len(shown) - 1)
    for place, (label, value), delta in zip(st.columns(len(shown)) if len(shown) > 1 else [st], shown, deltas):
        place.metric(label, value, delta=delta, delta_color="off")  # neutral: more is not better or worse
    return True


def year_on_year(answer: Any, value: Any, unit: str | None) -> str | None:
    """'+54 t.o.v. 2022': the change since the same figure a year earlier (``answer.previous``), from the two
    shown (protected) figures; None without one."""
    previous = _field(answer, "previous")
    before = _field(previous, "waarde")
    if not isinstance(value, int | float) or not isinstance(before, int | float):
        return None
    change = float(value) - float(before)
    sign = "+" if change > 0 else "-" if change < 0 else "±"  # ASCII minus: the arrow points down
    return f"{sign}{format_value(abs(change), unit)} t.o.v. {_field(previous, 'jaar')}"


EXAMPLE_SQL = (
    "SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten\nFROM vw_voorziening_jaar\n"
    "WHERE jaar = 2024 AND wet = 'Wmo'\nGROUP BY wijk\nORDER BY clienten DESC"
)


@functools.lru_cache(maxsize=512)
def editor_sql(index: int) -> tuple[str, bool]:
    """What the editor under an answer holds: the analyst's own SQL (also when it was refused), else the
    answer's SQL, else an example; and whether it is the example."""
    messages = st.session_state.get("messages", [])
    answer = messages[index]["answer"]
    previous = messages[index - 1] if index > 0 else {}
    if previous.get("kind") == "sql" and previous.get("text"):
        return str(previous["text"]), False
    editable = _field(answer, "sql_editable")
    return (editable, False) if editable else (EXAMPLE_SQL, True)


def render_sql(answer: Any, index: int, role: str) -> None:
    """The SQL of the answer exactly as the editor accepts it back (per dialect), and for analysts an
    editor under every answer, refusal and error, whose button always runs."""
    is_analist = role == "analist"
    shown = _field(answer, "sql_editable")
    if not is_analist and not shown:
        return
    with st.expander("SQL", expanded=is_analist):
        if shown:
            versions = drawn(answer, "sql", lambda: {d: present.sql_in_dialect(shown, d) for d in DIALECT_LABELS})
            choices = [d for d, text in versions.items() if text]
            dialect = st.radio("Dialect", choices, format_func=lambda d: DIALECT_LABELS.get(d, d), horizontal=True,
                               key=f"dialect_{index}")
            st.code(versions.get(dialect) or shown, language="sql")
            st.caption("Bij het uitvoeren voegt Wijkvraag kolommen voor de privacybescherming toe (celgrootte, "
                       "celsleutel); het resultaat is hetzelfde als van deze SQL met beschermde cijfers.")
        if not is_analist:
            return
        key = f"sql_edit_{index}"
        text, example = editor_sql(index)
        if example:
            st.caption("Bij dit antwoord hoort geen SQL; hieronder staat een voorbeeld om zelf te bewerken.")
        with st.form(key=f"sql_form_{index}", border=False):  # Ctrl+Enter in the editor runs it
            st.text_area("SQL bewerken (DuckDB; gaat door dezelfde SQL- en onthullingsguards; Ctrl+Enter voert uit)",
                         value=text, key=key, height=160)
            st.form_submit_button("SQL uitvoeren", key=f"sql_run_{index}", on_click=queue_sql_edit, args=(key,),
                                  type="primary")
        views = ", ".join(sorted(st.session_state.get("allowed_views", [])))
        st.caption(
            "Eigen SQL over de semantische laag: één SELECT op één analytische view"
            + (f" ({views})" if views else "")
            + " of op semantische_laag, met dimensies en maten (COUNT(DISTINCT persoon_id) AS clienten, "
            "MEASURE(kosten_per_client)) en filters 'dimensie <op> waarde'. "
            "Kleine cellen worden net zo onderdrukt als bij een vraag."
        )


def render_details(answer: Any, index: int, role: str) -> None:
    definitions = dict(_field(answer, "definitions", {}) or {})
    if definitions:
        with st.expander("Definities"):
            for label, text in definitions.items():
                st.markdown(f"**{label}**: {text}")
    semantic_query = _field(answer, "semantic_query")
    if semantic_query and role == "analist":
        with st.expander("Semantische query", expanded=False):
            st.json(semantic_query)


def render_answer(answer: Any, index: int, role: str, live: bool, settings: Any) -> None:
    if isinstance(answer, str):
        st.error(answer, icon=":material/error:")
        return
    status = _field(answer, "status", "answered")
    text = _field(answer, "answer", "") or ""
    shown = present.escape_markdown(text)
    if status == "refused" and _field(answer, "refusal") == "scope":
        # not understood or outside the domain: a hint, not a privacy refusal
        st.info(f"**Dat kan ik (nog) niet beantwoorden.** {shown}", icon=":material/help:")
    elif status == "refused":
        # the reason is part of the answer text: shown as one clear refusal
        st.error(f"**Geweigerd.** {shown}", icon=":material/block:")
    elif status == "error":
        st.error(shown or "Er ging iets mis; er zijn geen gegevens getoond.", icon=":material/error:")
    elif status == "clarification":
        st.markdown(shown)
    else:
        headline, rest = present.body_and_headline(answer)
        st.markdown(f"**{present.escape_markdown(headline)}**" + (f" {present.escape_markdown(rest)}" if rest else ""))
        understood = present.understood(answer)
        if understood:
            st.caption(f"Dit heb ik begrepen: {present.escape_markdown(understood)}")
    render_options(answer, index, live)
    columns = list(_field(answer, "columns", []) or [])
    rows = list(_field(answer, "rows", []) or [])
    if columns and rows:
        table = drawn(answer, "table", lambda: display_table(answer))
        shown_single = render_single(answer)
        chart = drawn(answer, "chart", lambda: build_chart(answer))
        view = None
        if chart is not None:
            # the reader's choice: the same figures as bars, as a line, or as the table only
            labels = list(VIEWS)
            default = "Lijngrafiek" if _field(_field(answer, "chart"), "kind") == "line" else "Staafdiagram"
            view = st.radio("Weergave", labels, index=labels.index(default), horizontal=True, key=f"weergave_{index}",
                            label_visibility="collapsed")
            kind = VIEWS[view]
            chart = drawn(answer, ("chart", kind), lambda: build_chart(answer, kind)) if kind else None
        wijk_map = drawn(answer, "map", lambda: build_map(answer, str(_field(settings, "warehouse_path", ""))))
        chart_spec = drawn(answer, ("spec", view), lambda: vega_spec(chart))
        map_spec = drawn(answer, "map_spec", lambda: vega_spec(wijk_map))
        budget = bool(_field(answer, "differences"))  # the council reads a budget as a table: names, amounts, verschil,
        # uitputting
        if role != "raadslid" or view == "Tabel" or budget or not (shown_single or chart is not None or wijk_map is not None):
            st.dataframe(table, hide_index=True, width="stretch")
        if chart is not None and wijk_map is not None and role != "raadslid":
            left, right = st.columns(2)
            with left:
                st.vega_lite_chart(spec=chart_spec, width="stretch")
            with right:
                st.vega_lite_chart(spec=map_spec, width="stretch")
        elif chart is not None:
            st.vega_lite_chart(spec=chart_spec, width="stretch")
        elif wijk_map is not None:
            st.vega_lite_chart(spec=map_spec, width="stretch")
        if role != "raadslid":
            render_downloads(answer, index)
        if chart is not None:
            st.download_button("Download grafiek (PNG)", data=lambda: chart_png(chart),
                               file_name=f"{export.file_stem(answer)}.png", mime="image/png", key=f"png_{index}",
                               icon=":material/image:")
    render_notices(answer)
    if role != "raadslid":
        render_details(answer, index, role)
    render_source(answer)
    if live:
        render_suggestions(answer, index)


def chart_png(chart: alt.Chart) -> bytes:
    """The chart as a PNG, drawn offline (vl-convert), only when the reader asks for it."""
    buffer = io.BytesIO()
    chart.save(buffer, format="png", scale_factor=2)
    return buffer.getvalue()


def render_suggestions(answer: Any, index: int) -> None:
    """Two or three follow-ups under the latest answer; a click answers the query the button carries."""
    suggestions = list(_field(answer, "suggestions", []) or [])
    if not suggestions:
        return
    st.caption("Verder vragen:")
    for n, (column, suggestion) in enumerate(zip(st.columns(len(suggestions)), suggestions)):
        label, query = str(_field(suggestion, "label", "")), _field(suggestion, "query")
        with column:
            st.button(label, key=f"vervolg_{index}_{n}", on_click=queue, args=("query", label, query),
                      icon=":material/arrow_forward:")


VERIFIED_BADGE = ":green-badge[:material/verified: Geverifieerd] antwoord op een vraag die een analist heeft gecontroleerd"


def _question_of(index: int) -> str:
    messages = st.session_state.get("messages", [])
    if index > 0 and messages[index - 1].get("role") == "user" and messages[index - 1].get("kind") != "sql":
        return str(messages[index - 1].get("text", ""))
    return ""


def give_feedback(index: int, rating: int) -> None:
    messages = st.session_state["messages"]
    message = messages[index]
    answer = message["answer"]
    store = st.session_state.get("store")
    if store is None or isinstance(answer, str):
        return
    comment = str(st.session_state.get(f"fb_comment_{index}", "") or "")
    session = st.session_state.get("session")
    comment = session.scrubbed(comment) if session is not None and comment else ""  # no personal data stored
    store.add_feedback(st.session_state.get("user", ""), message.get("turn_id"), rating, comment,
                       _question_of(index) or _field(answer, "question", ""), _field(answer, "semantic_query"),
                       _field(answer, "sql_editable") or _field(answer, "sql"))
    message["feedback"] = rating


def verify_answer(index: int) -> None:
    message = st.session_state["messages"][index]
    answer, question = message["answer"], _question_of(index)
    store = st.session_state.get("store")
    if store is None or not question or not _field(answer, "semantic_query"):
        return
    store.verify(question, _field(answer, "semantic_query"), _field(answer, "sql_editable") or _field(answer, "sql"),
                 st.session_state.get("user", ""))
    message["verified"] = True


def render_feedback(message: dict, index: int, role: str) -> None:
    """👍/👎 with an optional comment on every answer; an analyst can mark the answer as verified."""
    answer = message["answer"]
    if isinstance(answer, str):
        return
    if message.get("feedback"):
        st.caption("Bedankt voor uw feedback.")
    else:
        comment, up, down = st.columns([5, 1, 1], vertical_alignment="bottom")
        comment.text_input("Opmerking (optioneel)", key=f"fb_comment_{index}", placeholder="Wat klopt er (niet)?")
        # icons, not emoji: they render the same without an emoji font
        up.button("Goed", key=f"fb_up_{index}", on_click=give_feedback, args=(index, 1), icon=":material/thumb_up:",
                  help="Goed antwoord", width="stretch")
        down.button("Niet goed", key=f"fb_down_{index}", on_click=give_feedback, args=(index, -1),
                    icon=":material/thumb_down:", help="Geen goed antwoord", width="stretch")
    question = _question_of(index)
    if question and not question.startswith("(") and "…" not in question:  # not a question with words left out
        st.caption(f"[Link naar deze vraag](?vraag={urllib.parse.quote(question)})")
    if (role == "analist" and not message.get("verified") and _field(answer, "semantic_query")
            and _field(answer, "status") == "answered" and _question_of(index)):
        st.button("Markeer als geverifieerd", key=f"verify_{index}", on_click=verify_answer, args=(index,),
                  icon=":material/verified:")


def render_feedback_overview(store: Any) -> None:
    """For analysts: what users said about which answers, newest first."""
    rows = store.feedback() if store is not None else []
    with st.expander(f"Feedback ({len(rows)})"):
        if not rows:
            st.caption("Nog geen feedback.")
            return
        st.dataframe(
            pd.DataFrame([{"oordeel": "👍" if r["rating"] > 0 else "👎", "vraag": r["question"],
                           "opmerking": r["comment"], "SQL": r["sql"] or ""} for r in rows]),
            hide_index=True, width="stretch")


def render_downloads(answer: Any, index: int) -> None:
    """CSV and Excel with numbers as numbers (suppressed cells empty), named after what they hold."""
    stem = export.file_stem(answer)
    left, right = st.columns(2)
    left.download_button("Download CSV", data=drawn(answer, "csv", lambda: export.csv_bytes(answer)), file_name=f"{stem}.csv", mime="text/csv",
                         key=f"csv_{index}", icon=":material/download:")
    right.download_button("Download Excel", data=drawn(answer, "xlsx", lambda: export.xlsx_bytes(answer)),
                          file_name=f"{stem}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{index}", icon=":material/download:")


def render_sidebar(assistant: Any, settings: Any, identity: Any) -> None:
    with st.sidebar:
        st.header("Wijkvraag")
        app_auth.render_account(identity)
        app_auth.choose_role(st.session_state, identity)
        roles = [r for r in ROLES if r in identity.roles]
        st.radio(
            "Rol",
            roles,
            format_func=lambda r: ROLE_LABELS[r],
            key="role",
            help=" ".join(f"{ROLE_LABELS[r]}: {ROLE_HELP[r]}" for r in roles),
        )
        st.caption(ROLE_HELP[st.session_state["role"]])
        if st.session_state["role"] == "analist" and st.session_state.get("store") is not None:
            render_feedback_overview(st.session_state["store"])
        st.button("Nieuw gesprek", on_click=new_conversation, width="stretch", key="nieuw_gesprek")
        st.subheader("Voorbeeldvragen")
        for theme, questions in EXAMPLES.items():
            with st.expander(theme, expanded=theme == "Wmo"):
                for n, question in enumerate(questions):
                    st.button(
                        question,
                        key=f"voorbeeld_{theme}_{n}",
                        on_click=queue,
                        args=("ask", question),
                        width="stretch",
                    )
        st.subheader("Interpretatie")
        st.caption(interpreter_label(assistant, settings) if settings is not None else "Niet beschikbaar.")
        for notice in _field(assistant, "startup_notices", []) or []:
            st.warning(str(notice), icon=":material/warning:")


def main() -> None:
    st.set_page_config(page_title="Wijkvraag", page_icon="🏘️", layout="wide")
    init_state()
    st.title("Wijkvraag")
    st.caption("Vragen over het sociaal domein per wijk, beantwoord met tabel, grafiek, kaart, SQL en definities.")
    st.info(SYNTHETIC_NOTICE, icon=":material/science:")
    st.html("<style>.stTextArea textarea { font-family: 'Source Code Pro', monospace; }</style>")  # SQL editor

    settings, assistant, problem = None, None, None
    try:
        settings = current_settings()
    except Exception:  # noqa: BLE001 - reported below, in Dutch
        problem = f"Wijkvraag kon niet starten: de configuratie is niet in orde. {BUILD_HINT}"
    identity = app_auth.sign_in(settings)  # stops the page until someone with a role is signed in
    st.session_state["user"] = identity.subject
    if settings is not None:
        try:
            st.session_state["store"] = load_store(str(settings.app_db))
        except Exception:  # noqa: BLE001 - without its database the app answers, but keeps no history
            st.session_state["store"] = None
    try:
        if problem is None:
            problem = startup_problem(settings)
        if problem is None:
            assistant = load_assistant(settings.model_dump_json())
    except Exception as exc:  # noqa: BLE001 - a Dutch message instead of a traceback
        if type(exc).__name__ == "AssistantError":
            problem = f"{exc} {BUILD_HINT}"
        else:
            problem = f"Wijkvraag kon niet starten: het magazijn of de configuratie is niet in orde. {BUILD_HINT}"
    render_sidebar(assistant, settings, identity)
    if problem is not None:
        st.error(problem, icon=":material/construction:")
        st.chat_input("Stel een vraag over het sociaal domein…", disabled=True)
        return

    session = get_session(assistant, identity)
    store = st.session_state.get("store")
    if store is not None:
        restore_history(store, identity.subject)
    st.session_state["allowed_views"] = sorted(_field(assistant, "allowed_views", []) or [])
    role = st.session_state["role"]
    messages: list[dict] = st.session_state["messages"]
    # the chat box sits at the bottom of the page wherever it is called; reading it first tells
    # whether this run adds a turn, so older clarification buttons are no longer clickable
    # the box itself takes any length: the browser drops a paste longer than a box limit without a word (B12),
    # the assistant says in Dutch that the question is too long and shows its start
    limit = int(_field(settings, "max_question_length", 2000))
    typed = st.chat_input(f"Stel een vraag over het sociaal domein… (hooguit {format_number(limit)} tekens)")
    pending = st.session_state.get("pending")
    st.session_state["pending"] = None
    linked = st.query_params.get("vraag")
    if linked and pending is None and typed is None:
        pending = {"kind": "ask", "text": linked}  # a link that reopens a question (?vraag=...)
    if linked:
        del st.query_params["vraag"]
    incoming = ("ask", typed, None) if typed is not None else (
        (pending["kind"], pending["text"], pending.get("query")) if pending else None)
    last = len(messages) - 1
    for index, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                _render_user(message)
            else:
                render_message(message, index, role, index == last and incoming is None, settings)
    if incoming is None:
        return
    kind, text, query = incoming
    with st.spinner("Bezig…"):
        answer, verified = run_turn(session, kind, text, store, query)
    # only the question (or SQL) as scrubbed by the PII guard is shown and kept in the history
    scrubbed = _field(answer, "question") if not isinstance(answer, str) else None
    if scrubbed:
        text = scrubbed
    elif kind == "ask":
        text = "(lege vraag)" if not text.strip() else "(vraag niet getoond)"
    user_message = {"role": "user", "kind": kind, "text": text}
    answer_message = {"role": "assistant", "answer": answer, "verified": verified}
    for message in (user_message, answer_message):
        messages.append(remember(store, identity.subject, message) if store is not None else message)
    with st.chat_message("user"):
        _render_user(user_message)
    with st.chat_message("assistant"):
        render_message(answer_message, len(messages) - 1, role, True, settings)


def render_message(message: dict, index: int, role: str, live: bool, settings: Any) -> None:
    """One answer of the conversation: the verified badge, the answer, feedback."""
    if message.get("verified"):
        st.markdown(VERIFIED_BADGE)
    render_answer(message["answer"], index, role, live, settings)
    if role != "raadslid":
        render_sql(message["answer"], index, role)
    render_feedback(message, index, role)


def _render_user(message: dict) -> None:
    if message.get("kind") == "sql":
        st.markdown("SQL uitgevoerd:")
        st.code(message["text"], language="sql")
    else:
        st.markdown(present.escape_markdown(message["text"]))  # a question is text, never markup (no images)


if __name__ == "__main__":
    main()
