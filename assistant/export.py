"""Downloads of an answer's table: CSV and Excel with numbers as numbers, and a file name that says
what is in it. Suppressed cells are empty (never a number)."""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd

from assistant.present import field, understood
from assistant.text import fold


def export_frame(answer: Any) -> pd.DataFrame:
    """The result with Dutch column labels; numbers stay numbers, suppressed cells are empty."""
    columns: list[str] = list(field(answer, "columns", []) or [])
    labels: dict[str, str] = dict(field(answer, "column_labels", {}) or {})
    suppressed = {(int(r), int(c)) for r, c in (field(answer, "suppressed", []) or [])}
    data = [[None if (r, c) in suppressed or c >= len(row) else row[c] for c in range(len(columns))]
            for r, row in enumerate(field(answer, "rows", []) or [])]
    headers, seen = [], {}
    for name in columns:
        label = labels.get(name) or name
        seen[label] = seen.get(label, 0) + 1
        headers.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    frame = pd.DataFrame(data, columns=headers, dtype=object)
    for col in frame.columns:  # whole numbers stay whole (150, not 150,0), also beside an empty cell
        values = [v for v in frame[col] if v is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("Int64")
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("Float64")
    return frame


def csv_bytes(answer: Any) -> bytes:
    """';'-separated with a decimal comma (Dutch spreadsheet software reads the numbers as numbers)."""
    buffer = io.StringIO()
    export_frame(answer).to_csv(buffer, sep=";", decimal=",", index=False)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(answer: Any) -> bytes:
    """An Excel workbook with one sheet 'Wijkvraag'; numbers as numbers, the source in a note below."""
    frame = export_frame(answer)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        frame.to_excel(writer, sheet_name="Wijkvraag", index=False)
        sheet = writer.sheets["Wijkvraag"]
        for col, name in enumerate(frame.columns):
            width = max([len(str(name))] + [len(str(v)) for v in frame.iloc[:, col].tolist()[:200]])
            sheet.set_column(col, col, min(max(width + 2, 10), 60))
        source = field(answer, "source")
        if source:
            sheet.write(len(frame) + 2, 0, f"Bron: {source}")
    return buffer.getvalue()


def file_stem(answer: Any, fallback: str = "wijkvraag") -> str:
    """'wijkvraag_clienten_wmo_schildersbuurt_2023': what the table holds, safe as a file name."""
    text = understood(answer) or str(field(answer, "question", "") or "")
    text = re.sub(r"\((standaard[^)]*)\)", "", text)
    slug = re.sub(r"[^a-z0-9]+", "_", fold(text).lower()).strip("_")[:80].rstrip("_")
    return f"wijkvraag_{slug}" if slug else fallback
