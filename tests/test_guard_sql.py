"""SQL guard: one aggregate SELECT over the semantic layer's views, decided on the AST."""

from __future__ import annotations

import duckdb
import pytest
from sqlglot import exp

from guards.sql_guard import SqlRefused, check_sql, execute_with_timeout

VIEWS = {"vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking", "vw_cbs_kerncijfers"}

ALLOWED = [
    "SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = 2024 GROUP BY wijk",
    "SELECT jaar, SUM(bedrag) AS kosten FROM vw_kosten WHERE soort = 'Pleegzorg' GROUP BY jaar ORDER BY jaar",
    "SELECT COUNT(*) FROM (SELECT huishouden_id FROM vw_voorziening_jaar WHERE jaar = 2024 GROUP BY huishouden_id HAVING COUNT(DISTINCT wet) >= 2)",
    "WITH c AS (SELECT wijk, COUNT(DISTINCT persoon_id) AS n FROM vw_voorziening_jaar GROUP BY wijk), "
    "b AS (SELECT wijk, SUM(inwoners) AS inwoners FROM vw_bevolking WHERE jaar = 2024 GROUP BY wijk) "
    "SELECT c.wijk, ROUND(c.n * 1000.0 / b.inwoners, 1) AS per_1000 FROM c JOIN b ON c.wijk = b.wijk",
    "SELECT jaar, taakveld, begroot FROM vw_begroting",
    "SeLeCt CoUnT(DiStInCt PeRsOoN_iD) FrOm Vw_VoOrZiEnInG_jAaR /* commentaar */ -- nog een",
]

REFUSED = {
    "multiple statements": "SELECT COUNT(*) FROM vw_kosten; SELECT 1",
    "drop after comment": "SELECT COUNT(*) FROM vw_kosten -- x\n; DROP TABLE persoon",
    "copy": "COPY (SELECT * FROM persoon_identiteit) TO '/tmp/x.csv'",
    "attach": "ATTACH '/tmp/other.duckdb' AS o",
    "pragma": "PRAGMA table_info('persoon_identiteit')",
    "set": "SET threads = 1",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "call": "CALL pragma_version()",
    "describe": "DESCRIBE persoon_identiteit",
    "insert": "INSERT INTO begroting VALUES (2024, '6.3', 'x', 1)",
    "read_csv": "SELECT COUNT(*) FROM read_csv('/etc/passwd')",
    "file literal": "SELECT COUNT(*) FROM '/etc/passwd'",
    "glob": "SELECT COUNT(*) FROM glob('/*')",
    "raw table": "SELECT COUNT(*) FROM voorziening",
    "identity table": "SELECT COUNT(*) FROM persoon_identiteit",
    "identity quoted upper": 'SELECT COUNT(*) FROM "PERSOON_IDENTITEIT"',
    "other catalog": "SELECT COUNT(*) FROM other.main.vw_kosten",
    "other schema": "SELECT COUNT(*) FROM information_schema.tables",
    "bsn column": "SELECT COUNT(DISTINCT bsn) FROM vw_kosten",
    "id in output": "SELECT persoon_id, SUM(bedrag) FROM vw_kosten GROUP BY persoon_id",
    "id aliased away": "SELECT x, n FROM (SELECT persoon_id AS x, COUNT(*) AS n FROM vw_kosten GROUP BY persoon_id)",
    "id in filter": "SELECT COUNT(*) FROM vw_kosten WHERE persoon_id = 123",
    "id modulo tracker": "SELECT COUNT(*) FROM vw_kosten WHERE persoon_id % 2 = 0",
    "min id": "SELECT wijk, MIN(persoon_id) FROM vw_kosten GROUP BY wijk",
    "id equals a measure": "SELECT COUNT(*) FROM vw_kosten WHERE persoon_id = leeftijd",
    "row level": "SELECT wijk, bedrag FROM vw_kosten",
    "star on residents": "SELECT * FROM vw_voorziening_jaar",
    "window over rows": "SELECT wijk, COUNT(*) OVER () FROM vw_voorziening_jaar",
    "row_number": "SELECT ROW_NUMBER() OVER (ORDER BY bedrag) FROM vw_kosten",
    "union": "SELECT COUNT(*) FROM vw_kosten UNION SELECT COUNT(*) FROM vw_voorziening_jaar",
    "unknown function": "SELECT wijk, list(bedrag) FROM vw_kosten GROUP BY wijk",
    "string_agg": "SELECT wijk, STRING_AGG(soort, ',') FROM vw_kosten GROUP BY wijk",
    "system function": "SELECT current_setting('threads')",
    "sample": "SELECT COUNT(*) FROM vw_kosten USING SAMPLE 10",
    "empty": "   ",
    "garbage": "SELEC wijk FROM",
    "cte hiding rows": "WITH r AS (SELECT wijk, bedrag FROM vw_kosten) SELECT wijk, bedrag FROM r",
    "alias as identifying": "SELECT wijk AS achternaam, COUNT(*) FROM vw_kosten GROUP BY wijk",
}


@pytest.mark.parametrize("sql", ALLOWED)
def test_allowed_queries_pass_and_get_a_limit(sql):
    tree = check_sql(sql, VIEWS, limit=500)
    assert isinstance(tree, exp.Select)
    assert tree.args["limit"].expression.this == "500"
    assert "--" not in tree.sql() and "/*" not in tree.sql()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_dutch_reason(name):
    with pytest.raises(SqlRefused) as info:
        check_sql(REFUSED[name], VIEWS)
    reason = info.value.reason
    assert reason and reason[0].isupper()
    assert any(w in reason.lower() for w in ("niet", "nooit", "alleen", "geen", "precies", "kon"))


def test_a_smaller_limit_is_kept_and_a_larger_one_is_capped():
    assert check_sql("SELECT jaar, begroot FROM vw_begroting LIMIT 5", VIEWS).args["limit"].expression.this == "5"
    assert check_sql("SELECT jaar, begroot FROM vw_begroting LIMIT 99999", VIEWS, limit=100).args["limit"].expression.this == "100"


def test_statement_timeout_interrupts_a_long_query():
    con = duckdb.connect()
    with pytest.raises(SqlRefused) as info:
        execute_with_timeout(con, "SELECT COUNT(*) FROM range(1000000000000) a", timeout_s=0.3)
    assert "afgebroken" in info.value.reason
    names, rows = execute_with_timeout(con, "SELECT 41 + 1 AS x", timeout_s=5)
    assert names == ["x"] and rows == [(42,)]
