"""Building the warehouse: determinism, atomic replacement, Dutch errors from the CLI, national scale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import warehouse
from warehouse import builder as build_module
from warehouse import cbs

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ("bevolking", "persoon", "persoon_identiteit", "voorziening", "kosten", "begroting")


def checksums(path: Path) -> dict[str, tuple[int, int]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return build_module.checksums(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def seed42_twice(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("determinism")
    return warehouse.build(base / "a.duckdb", seed=42), warehouse.build(base / "b.duckdb", seed=42)


def test_same_seed_gives_identical_tables(seed42_twice):
    first, second = (checksums(p) for p in seed42_twice)
    assert first == second
    assert all(count > 0 for count, _ in first.values())


def test_other_seed_changes_only_the_synthetic_data(seed42_twice, tmp_path):
    other = checksums(warehouse.build(tmp_path / "seed7.duckdb", seed=7))
    base = checksums(seed42_twice[0])
    for table in ("gebied", "cbs_kerncijfers"):
        assert other[table] == base[table]
    for table in ("persoon", "persoon_identiteit", "voorziening", "kosten", "begroting"):
        assert other[table] != base[table], table
    # calibration does not depend on the seed
    con = duckdb.connect(str(tmp_path / "seed7.duckdb"), read_only=True)
    try:
        got = con.execute(
            "SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar WHERE jaar = 2021 AND wet = 'Wmo' AND wijk = 'Schildersbuurt'"
        ).fetchall()
    finally:
        con.close()
    assert got == [(3320,)]


def test_failed_build_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "w.duckdb"
    target.write_bytes(b"previous warehouse")

    def broken(*args, **kwargs):
        raise RuntimeError("stop halfway")

    monkeypatch.setattr(build_module.synth, "generate", broken)
    with pytest.raises(RuntimeError):
        warehouse.build(target)
    assert target.read_bytes() == b"previous warehouse"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"scale": "provincie"}, "Onbekende schaal"),
        ({"seed": -1}, "seed"),
        ({"seed": "abc"}, "geheel getal"),
    ],
)
def test_bad_arguments_raise_a_dutch_build_error(tmp_path, kwargs, fragment):
    with pytest.raises(warehouse.BuildError, match=fragment):
        warehouse.build(tmp_path / "w.duckdb", **kwargs)
    assert not list(tmp_path.iterdir())


def test_missing_directory_is_explained(tmp_path):
    with pytest.raises(warehouse.BuildError, match="bestaat niet"):
        warehouse.build(tmp_path / "nergens" / "w.duckdb")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--scale", "provincie"], "onbekende schaal"),
        (["--seed", "twaalf"], "geheel getal"),
        (["--path", "/nonexistent/dir/w.duckdb"], "bestaat niet"),
        (["--seed", "-3"], "tussen 0 en"),
        (["--schaal", "gemeente"], "onbekende optie"),
        (["--scale"], "mist haar waarde"),
    ],
)
def test_cli_bad_arguments_give_dutch_message_without_traceback(args, fragment):
    result = subprocess.run(
        [sys.executable, "-m", "warehouse", "build", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert fragment in output
    assert "Traceback" not in output


def test_cli_unknown_command_is_explained():
    result = subprocess.run([sys.executable, "-m", "warehouse", "bouw"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "onbekende opdracht" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_cli_builds_a_warehouse(tmp_path):
    target = tmp_path / "cli.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "warehouse", "build", "--seed", "3", "--path", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Magazijn gebouwd" in result.stderr
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert con.execute("SELECT count(DISTINCT wijk_code) FROM vw_bevolking").fetchall() == [(44,)]
    finally:
        con.close()


@pytest.mark.slow
def test_national_scale(tmp_path):
    target = warehouse.build(tmp_path / "nl.duckdb", seed=42, scale="national")
    con = duckdb.connect(str(target), read_only=True)
    try:
        data = cbs.load()
        kwb22 = data.kwb[data.kwb["jaar"] == 2022]
        nl_2022 = int(kwb22.loc[kwb22["gebied_code"] == "NL00", "inwoners"].iloc[0])
        (inhabitants,) = con.execute("SELECT sum(inwoners) FROM bevolking WHERE jaar = 2022").fetchall()[0]
        assert abs(inhabitants - nl_2022) <= 0.01 * nl_2022
        assert con.execute("SELECT min(s), max(s) FROM (SELECT sum(inwoners) s FROM bevolking GROUP BY jaar)").fetchall()[0][0] > 16_500_000
        gemeenten = set(kwb22.loc[kwb22["niveau"] == "wijk", "gebied_code"].str.slice(2, 6).radd("GM"))
        stored = {r[0] for r in con.execute("SELECT DISTINCT gemeente_code FROM vw_bevolking").fetchall()}
        assert stored == gemeenten
        # stadsdelen are 's-Gravenhage's only: NULL for every other gemeente, set for every wijk of GM0518
        assert con.execute(
            "SELECT count(*) FILTER (WHERE gemeente_code <> 'GM0518' AND stadsdeel IS NOT NULL), "
            "count(*) FILTER (WHERE gemeente_code = 'GM0518' AND stadsdeel IS NULL), "
            "count(DISTINCT stadsdeel) FROM vw_bevolking").fetchall() == [(0, 0, 8)]
        wrong = con.execute(
            """WITH s AS (SELECT wijk_code,
                          count(DISTINCT persoon_id) FILTER (WHERE wet = 'Wmo') AS wmo,
                          count(DISTINCT persoon_id) FILTER (WHERE soort = 'Bijstand levensonderhoud') AS bij,
                          count(DISTINCT persoon_id) FILTER (WHERE wet = 'Jeugdwet' AND leeftijd <= 17) AS jeugd
                        FROM vw_voorziening_jaar WHERE jaar = 2021 GROUP BY 1)
               SELECT count(*) AS checked,
                      count(*) FILTER (WHERE c.wmo_clienten <> coalesce(s.wmo, 0)
                                          OR c.bijstand <> coalesce(s.bij, 0)
                                          OR c.jongeren_met_jeugdzorg <> coalesce(s.jeugd, 0)) AS wrong
               FROM cbs_kerncijfers c
               JOIN (SELECT DISTINCT wijk_code FROM bevolking) b ON b.wijk_code = c.gebied_code
               LEFT JOIN s ON s.wijk_code = c.gebied_code
               WHERE c.jaar = 2021"""
        ).fetchall()[0]
        assert wrong[0] > 3000 and wrong[1] == 0
        assert con.execute("SELECT count(*) = count(DISTINCT persoon_id) FROM persoon").fetchall() == [(True,)]
        assert con.execute("SELECT count(*) FROM begroting").fetchall() == [(42,)]
        (den_haag_2023,) = con.execute(
            "SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar "
            "WHERE jaar = 2023 AND wet = 'Wmo' AND gemeente_code = 'GM0518'"
        ).fetchall()[0]
        cbs_2021 = dict(con.execute(
            "SELECT gebied, wmo_clienten FROM vw_cbs_kerncijfers "
            "WHERE jaar = 2021 AND niveau = 'wijk' AND gemeente_code = 'GM0518' AND wmo_clienten > 0"
        ).fetchall())
    finally:
        con.close()
    _municipal_answers_stay_in_home_gemeente(target, tmp_path, den_haag_2023, cbs_2021)


def _municipal_answers_stay_in_home_gemeente(target, tmp_path, den_haag_2023: int, cbs_2021: dict) -> None:
    """With every gemeente's registration in the warehouse, a question about 's-Gravenhage counts
    's-Gravenhage only: no other gemeente's clients in its total, no 'Centrum' of another gemeente
    in its wijk of that name."""
    from assistant import Assistant, Settings

    session = Assistant(Settings(warehouse_path=target, audit_log_path=tmp_path / "audit.jsonl")).new_session(user="t")
    total = session.ask("Hoeveel Wmo-cliënten waren er in 2023 in Den Haag?")
    # released counts are perturbed by at most D = 2 (cell key method); another gemeente's clients would add thousands
    assert total.status == "answered" and abs(total.rows[0][0] - den_haag_2023) <= 2
    per_wijk = session.ask("Wmo-cliënten per wijk in 2021")
    assert per_wijk.status == "answered"
    shown = {row[0]: row[1] for row in per_wijk.rows}
    assert len(shown) == len(per_wijk.rows) <= 44
    released = {w: n for w, n in shown.items() if n is not None}
    assert len(released) > 30
    assert all(abs(cbs_2021[w] - n) <= 2 for w, n in released.items() if w in cbs_2021)
    assert abs(released["Centrum"] - cbs_2021["Centrum"]) <= 2
