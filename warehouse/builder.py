"""Build the warehouse file: CBS tables, synthetic microdata, analytic views.

The file is written under a temporary name next to the target and moved into place only when it is
complete, so a half-built file never looks like a warehouse.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from warehouse import cbs, identity, profiles, synth

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_PATH = PACKAGE_DIR / "sociaal_domein.duckdb"
SCHEMA_SQL = PACKAGE_DIR / "schema.sql"
VIEWS_SQL = PACKAGE_DIR / "views.sql"
STADSDELEN_CSV = PACKAGE_DIR / "data" / "stadsdelen_den_haag.csv"  # source: data/PROVENANCE.md
HOME_GEMEENTE = "GM0518"  # 's-Gravenhage: the municipality whose microdata the warehouse holds
SCALES = ("gemeente", "national")
TABLES = ("gebied", "stadsdeel_indeling", "cbs_kerncijfers", "bevolking", "persoon", "persoon_identiteit", "voorziening", "kosten", "begroting")
RESTRICTED = ("persoon_identiteit", "record_sleutel")  # never readable through an analytic view or a question
# Record keys of the cell key method (guards.perturbation): one fixed random key per counting unit,
# distinct within a unit so that SUM(DISTINCT key) over a cell is the sum over its distinct units.
KEY_SPACE = 2**32
KEYED_UNITS = (("persoon", "persoon", "persoon_id"), ("huishouden", "persoon", "huishouden_id"),
               ("voorziening", "voorziening", "voorziening_id"))
VIEWS = ("vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking", "vw_cbs_kerncijfers")
FLUSH_PERSONS = 600_000
DUCKDB_MEMORY_LIMIT = "3GB"  # the national build stays well inside a shared 24 GB machine

Progress = Callable[[str, float], None]


class BuildError(ValueError):
    """A build that cannot start or finish; the message is Dutch and meant for the user."""


def _validate(path: Path | str, seed: int, scale: str) -> Path:
    if scale not in SCALES:
        raise BuildError(f"Onbekende schaal '{scale}': kies 'gemeente' of 'national'.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise BuildError(f"Het seed moet een geheel getal zijn, niet '{seed}'.")
    if seed < 0 or seed > 2**32 - 1:
        raise BuildError(f"Het seed moet tussen 0 en {2**32 - 1} liggen, niet {seed}.")
    target = Path(path).expanduser()
    if target.exists() and target.is_dir():
        raise BuildError(f"'{target}' is een map; geef een bestandsnaam op, bijvoorbeeld {target / DEFAULT_PATH.name}.")
    if not target.parent.exists():
        raise BuildError(f"De map '{target.parent}' bestaat niet.")
    if not os.access(target.parent, os.W_OK):
        raise BuildError(f"Geen schrijfrechten in de map '{target.parent}'.")
    return target


def _statements(path: Path) -> list[str]:
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in text.split(";") if s.strip()]


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_batch", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _batch")
    finally:
        con.unregister("_batch")


def build(
    path: Path | str = DEFAULT_PATH,
    seed: int = 42,
    scale: str = "gemeente",
    progress: Progress | None = None,
) -> Path:
    """Build the warehouse at `path` (deterministic for `seed`); returns the path.

    scale 'gemeente': microdata for 's-Gravenhage (44 wijken); 'national': every gemeente of KWB 2022.
    """
    target = _validate(path, seed, scale)
    report = progress or (lambda _step, _fraction: None)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.bouw")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp), config={"memory_limit": DUCKDB_MEMORY_LIMIT, "preserve_insertion_order": False})
        try:
            _fill(con, int(seed), scale, report)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    report("klaar", 1.0)
    return target


def _fill(con: duckdb.DuckDBPyConnection, seed: int, scale: str, report: Progress) -> None:
    for statement in _statements(SCHEMA_SQL):
        con.execute(statement)
    report("CBS-bestanden inlezen", 0.0)
    data = cbs.load()
    _insert(con, "gebied", data.gebied)
    _insert(con, "cbs_kerncijfers", data.kerncijfers)
    _insert(con, "stadsdeel_indeling", stadsdelen(data.gebied))

    gemeenten = [HOME_GEMEENTE] if scale == "gemeente" else None
    prof = profiles.wijk_profiles(data, gemeenten)
    _insert(con, "bevolking", profiles.bevolking(prof))
    names = data.gebied.set_index("gebied_code")["naam"]
    pools = identity.draw_pools(seed)

    codes = list(dict.fromkeys(prof["gemeente_code"]))
    offsets = {"persoon": 1_000_001, "huishouden": 5_000_001, "voorziening": 10_000_001}
    if scale == "national":
        offsets = {"persoon": 10_000_001, "huishouden": 30_000_001, "voorziening": 100_000_001}
    buffers: dict[str, list[pd.DataFrame]] = {t: [] for t in ("persoon", "persoon_identiteit", "voorziening", "kosten")}
    buffered = 0
    home: synth.Chunk | None = None
    for i, gm in enumerate(codes):
        part = prof[prof["gemeente_code"] == gm]
        chunk = synth.generate(
            part,
            seed=seed,
            chunk_no=int(gm[2:]),
            person_offset=offsets["persoon"],
            household_offset=offsets["huishouden"],
            voorziening_offset=offsets["voorziening"],
        )
        offsets["persoon"] += len(chunk.persoon)
        offsets["huishouden"] += int(chunk.persoon["huishouden_id"].nunique())
        offsets["voorziening"] += len(chunk.voorziening)
        wijk_idx = pd.Index(part.index).get_indexer(chunk.persoon["wijk_code"])
        ident = identity.identities(
            pools,
            chunk.persoon,
            chunk.birth_days,
            wijk_idx,
            len(part),
            gm,
            str(names.get(gm, gm)),
            seed,
            int(gm[2:]),
        )
        if gm == HOME_GEMEENTE:
            home = chunk
        for table, frame in (
            ("persoon", chunk.persoon),
            ("persoon_identiteit", ident),
            ("voorziening", chunk.voorziening),
            ("kosten", chunk.kosten),
        ):
            buffers[table].append(frame)
        buffered += len(chunk.persoon)
        if buffered >= FLUSH_PERSONS or i == len(codes) - 1:
            for table, frames in buffers.items():
                _insert(con, table, pd.concat(frames, ignore_index=True))
                frames.clear()
            buffered = 0
        report(f"microdata {names.get(gm, gm)}", 0.1 + 0.8 * (i + 1) / len(codes))

    if home is None:
        raise BuildError("Geen microdata voor 's-Gravenhage (GM0518) gemaakt: controleer de CBS-bestanden.")
    _insert(con, "begroting", synth.begroting(home.kosten, home.voorziening, seed))
    report("sleutels voor de celsleutelmethode", 0.93)
    _record_keys(con, seed)
    report("analytische views", 0.95)
    for statement in _statements(VIEWS_SQL):
        con.execute(statement)


def stadsdelen(gebied: pd.DataFrame | None = None) -> pd.DataFrame:
    """The stadsdeel of each wijk of 's-Gravenhage (gebied_code, stadsdeel) from the data file.

    With `gebied`, every wijk code must be a wijk of the home gemeente with the name the file gives,
    and every wijk of the home gemeente must have exactly one stadsdeel."""
    frame = pd.read_csv(STADSDELEN_CSV, dtype=str)
    if frame["wijk_code"].duplicated().any():
        raise BuildError(f"{STADSDELEN_CSV.name}: een wijk staat meer dan eens in de indeling.")
    if gebied is not None:
        home = gebied[(gebied["niveau"] == "wijk") & (gebied["gemeente_code"] == HOME_GEMEENTE)]
        names = dict(zip(home["gebied_code"], home["naam"]))
        wrong = [f"{c} {w}" for c, w in zip(frame["wijk_code"], frame["wijk"]) if names.get(c) != w]
        missing = sorted(set(names) - set(frame["wijk_code"]))
        if wrong or missing:
            raise BuildError(f"{STADSDELEN_CSV.name} past niet bij de wijken van 's-Gravenhage: "
                             f"onbekend {wrong or '-'}, zonder stadsdeel {missing or '-'}.")
    return frame.rename(columns={"wijk_code": "gebied_code"})[["gebied_code", "stadsdeel"]]


def _record_keys(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Fill the restricted table record_sleutel: a fixed random key in [0, KEY_SPACE) per person,
    household, provision and cost record (voorziening_id, jaar), distinct within each kind of unit.
    Drawn from their own random stream, so the synthetic data itself does not change with them."""
    rng = np.random.default_rng([seed, 0x5EED])
    for unit, table, column in KEYED_UNITS:
        ids = con.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchnumpy()[column]
        keys = rng.choice(KEY_SPACE, size=len(ids), replace=False)
        _insert(con, "record_sleutel", pd.DataFrame({"eenheid": unit, "id": ids.astype(np.int64), "jaar": 0,
                                                      "sleutel": keys.astype(np.int64)}))
    rows = con.execute("SELECT voorziening_id, jaar FROM kosten ORDER BY 1, 2").fetchnumpy()
    keys = rng.choice(KEY_SPACE, size=len(rows["jaar"]), replace=False)
    _insert(con, "record_sleutel", pd.DataFrame({"eenheid": "kosten", "id": rows["voorziening_id"].astype(np.int64),
                                                  "jaar": rows["jaar"].astype(np.int32), "sleutel": keys.astype(np.int64)}))


def checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Per table: (row count, order-independent hash of all row contents)."""
    out = {}
    for table in TABLES:
        count, digest = con.execute(f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {table} AS t").fetchall()[0]
        out[table] = (int(count), int(digest))
    return out
