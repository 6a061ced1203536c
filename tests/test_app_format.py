"""What the chat shows for a result: Dutch notation, suppressed cells, CSV export, chart and map choice."""

from __future__ import annotations

import csv
import io
import json

import pytest

import app


def _answer(**fields):
    base = {
        "status": "answered",
        "answer": "",
        "question": "",
        "sql": None,
        "columns": [],
        "rows": [],
        "suppressed": [],
        "notices": [],
        "source": "gemeentelijke registratie (synthetisch)",
        "semantic_query": None,
        "definitions": {},
        "chart": {"kind": "none"},
        "options": [],
        "column_labels": {},
        "column_units": {},
        "sql_by_dialect": {},
    }
    base.update(fields)
    return base


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1234.5, "per 1.000", "1.234,5"),
        (1234567, "aantal", "1.234.567"),
        (12.25, "aantal", "12,2"),
        (2345678.4, "euro", "€ 2.345.678"),
        (-1500, "euro", "-€ 1.500"),
        (97.46, "procent", "97,5%"),
        (-3.0, "procent", "-3,0%"),
        (2024, "jaar", "2024"),
        (3281, None, "3.281"),
        (812.0, "dagen", "812 dagen"),
        (443.5, "dagen", "444 dagen"),  # B7: as the answer text says it, with the unit
        ("Laakkwartier en Spoorwijk", None, "Laakkwartier en Spoorwijk"),
        (None, "aantal", ""),
    ],
)
def test_dutch_notation(value, unit, shown):
    assert app.format_value(value, unit) == shown


def test_derived_columns_follow_their_metric_unit():
    units = {"kosten": "euro", "clienten": "aantal"}
    assert app.column_unit("kosten_2023", units) == "euro"
    assert app.column_unit("kosten_verschil", units) == "euro"
    assert app.column_unit("clienten_verschil_pct", units) == "procent"
    # analyst SQL may come without units: a year stays a year, other numbers get Dutch notation
    assert app.format_value(2024, app.column_unit("jaar", {})) == "2024"
    assert app.format_value(3281, app.column_unit("clienten", {})) == "3.281"


def _breakdown():
    return _answer(
        status="suppressed",
        columns=["leeftijdsklasse", "clienten", "kosten"],
        rows=[["18-26", 150, 1_234_567.8], ["75+", None, None], ["27-64", 2_310, 9_876_543.2]],
        suppressed=[[1, 1], [1, 2]],
        column_labels={"leeftijdsklasse": "Leeftijdsklasse", "clienten": "Cliënten", "kosten": "Kosten"},
        column_units={"leeftijdsklasse": None, "clienten": "aantal", "kosten": "euro"},
        chart={"kind": "bar", "x": "leeftijdsklasse", "y": "clienten"},
    )


def test_table_marks_suppressed_cells_and_uses_dutch_labels():
    table = app.display_table(_breakdown())
    assert list(table.columns) == ["Leeftijdsklasse", "Cliënten", "Kosten"]
    assert table.iloc[0].tolist() == ["18-26", "150", "€ 1.234.568"]
    assert table.iloc[1].tolist() == ["75+", app.SUPPRESSED_TEXT, app.SUPPRESSED_TEXT]
    assert table.iloc[2].tolist() == ["27-64", "2.310", "€ 9.876.543"]


def test_csv_and_excel_hold_numbers_as_numbers_and_leave_suppressed_cells_empty():
    from assistant import export

    text = export.csv_bytes(_breakdown()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Leeftijdsklasse", "Cliënten", "Kosten"]
    assert rows[1] == ["18-26", "150", "1234567,8"]
    assert rows[2] == ["75+", "", ""]
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(export.xlsx_bytes(_breakdown()))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    cells = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*?(?<!t="s")><v>([^<]*)</v>', sheet))
    assert cells["B2"] == "150" and abs(float(cells["C4"]) - 9_876_543.2) < 1e-6  # numeric cells, not text
    assert "B3" not in cells  # the suppressed cell is empty


def test_bar_chart_leaves_out_suppressed_cells():
    chart = app.build_chart(_breakdown())
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    values = next(iter(spec["datasets"].values()))
    assert [v["x"] for v in values] == ["18-26", "27-64"]
    assert [v["tekst"] for v in values] == ["150", "2.310"]


def test_line_chart_for_a_trend():
    answer = _answer(
        columns=["jaar", "clienten"],
        rows=[[2019, 812], [2020, 845], [2021, 901]],
        column_units={"jaar": "jaar", "clienten": "aantal"},
        chart={"kind": "line", "x": "jaar", "y": "clienten"},
    )
    spec = app.build_chart(answer).to_dict()
    assert spec["mark"]["type"] == "line"
    # B6: years on a scale of years, so 2021, 2022, 2024 are not drawn evenly spaced
    assert spec["encoding"]["x"]["field"] == "x" and spec["encoding"]["x"]["type"] == "quantitative"
    assert spec["encoding"]["x"]["axis"]["format"] == "d"


def test_b7_a_value_axis_names_its_unit():
    answer = _answer(
        columns=["stadsdeel", "gemiddelde_duur"],
        rows=[["Centrum", 859.1], ["Escamp", 443.5]],
        column_labels={"stadsdeel": "Stadsdeel", "gemiddelde_duur": "Gemiddelde duur"},
        column_units={"gemiddelde_duur": "dagen"},
        chart={"kind": "bar", "x": "stadsdeel", "y": "gemiddelde_duur"},
    )
    spec = app.build_chart(answer).to_dict()
    assert spec["encoding"]["x"]["title"] == "Gemiddelde duur (dagen)"
    assert [v["tekst"] for v in next(iter(spec["datasets"].values()))] == ["859 dagen", "444 dagen"]
    assert app.axis_title("Uitputting", "procent") == "Uitputting (%)"
    assert app.axis_title("Kosten (€)", "euro") == "Kosten (€)"


def test_b5_a_budget_chart_has_a_100_percent_line_and_a_percent_axis():
    answer = _answer(
        columns=["taakveld", "uitputting"],
        rows=[["6.3 Inkomensregelingen", 92.9], ["6.6 Maatwerkvoorzieningen (Wmo)", 102.9]],
        column_labels={"taakveld": "Taakveld (BBV)", "uitputting": "Uitputting van de begroting"},
        column_units={"uitputting": "procent"},
        chart={"kind": "bar", "x": "taakveld", "y": "uitputting", "reference": 100.0},
    )
    spec = app.build_chart(answer).to_dict()
    bars, line = spec["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["title"] == "Uitputting van de begroting (%)"
    assert line["mark"]["type"] == "rule" and line["encoding"]["x"]["datum"] == 100.0
    assert "layer" not in app.build_chart(_breakdown()).to_dict()  # no line where nothing is a reference


def test_no_chart_without_a_chart_kind():
    answer = _answer(columns=["clienten"], rows=[[812]], chart={"kind": "single", "y": "clienten"})
    assert app.build_chart(answer) is None


def test_map_colours_the_wijken_of_the_answer(tmp_path):
    answer = _answer(
        columns=["wijk", "clienten"],
        rows=[["Schildersbuurt", 1_200], ["Moerwijk", 1_500], ["Zorgvliet", None]],
        suppressed=[[2, 1]],
        column_units={"wijk": None, "clienten": "aantal"},
        chart={"kind": "bar", "x": "wijk", "y": "clienten"},
    )
    # no warehouse at this path: the CBS names in the data directory give the wijkcodes
    layered = app.build_map(answer, str(tmp_path / "geen.duckdb"))
    spec = json.loads(layered.to_json())
    coloured = spec["layer"][-1]["data"]["values"]
    assert {f["properties"]["wijk"]: f["properties"]["tekst"] for f in coloured} == {
        "Schildersbuurt": "1.200",
        "Moerwijk": "1.500",
    }
    grey = spec["layer"][0]["data"]["values"]
    status = {f["properties"]["wijk"]: f["properties"]["status"] for f in grey}
    assert len(coloured) + len(grey) == 44
    # withheld is not the same as outside the answer (a top 3 leaves 41 wijken out): each its own grey and legend
    assert status["Zorgvliet"] == app.MAP_WITHHELD
    assert status["Duindorp"] == app.MAP_NOT_IN_ANSWER
    assert set(spec["layer"][0]["encoding"]["color"]["scale"]["domain"]) == {app.MAP_WITHHELD, app.MAP_NOT_IN_ANSWER}


def test_no_map_without_a_wijk_column():
    answer = _answer(
        columns=["jaar", "clienten"],
        rows=[[2023, 1], [2024, 2]],
        chart={"kind": "line", "x": "jaar", "y": "clienten"},
    )
    assert app.build_map(answer, "") is None


def test_sidebar_names_the_active_interpreter():
    assert app.interpreter_label(None, {"interpreter": "offline"}).startswith("Offline regels")
    llm = app.interpreter_label(
        {"interpreter": {"setup_error": "langchain-ollama ontbreekt"}},
        {"interpreter": "llm", "llm_provider": "ollama", "llm_model": "qwen2.5"},
    )
    assert "ollama / qwen2.5" in llm
    assert "langchain-ollama ontbreekt" in llm and "offline regels" in llm


def test_b14_age_classes_keep_their_order_and_wijk_names_are_not_truncated():
    spec = app.build_chart(_breakdown()).to_dict()
    assert spec["encoding"]["y"].get("sort") is None  # not sorted by value: 18-26 before 27-64
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0
    ranking = _breakdown().copy()
    ranking["semantic_query"] = {"metrics": ["clienten"], "order_by": [{"field": "clienten", "descending": True}]}
    assert app.build_chart(ranking).to_dict()["encoding"]["y"]["sort"] == "-x"
