"""Checks what the Python programs wrote in a work folder kept by `nkbench --keep`.

For every size measured (out-N/ beside inputs-N/):
  - python-*.xlsx: its sheet XML is byte-identical to the C baseline's (c-*.xlsx);
  - pandas-*/aid-report.xlsx: the Aid records sheet has one cell per non-empty field of
    aid.csv plus the 12 titles, dates and money carry number formats;
  - pandas-*/aid-summary.csv and aid-by-year.csv: the same figures as nkreport's summary.csv and
    aid-by-year.csv (reports-*/PERIOD/), to the cent or a part in 10^12, whichever is larger
    (pandas sums float64, nkreport exact decimals).
Standard library only. Usage: python3 check_outputs.py WORK_FOLDER
Exit status: 0 all checks pass, 1 a check failed, 64 usage.
"""

import csv
import glob
import os
import re
import sys
import zipfile


def sheet_xml(path, name):
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            raise ValueError(f"{path}: a damaged member")
        sheets = re.findall(r'<sheet name="([^"]+)"', archive.read("xl/workbook.xml").decode())
        return archive.read(f"xl/worksheets/sheet{sheets.index(name) + 1}.xml").decode(), archive


def rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def close(a, b):
    if a == b:
        return True
    try:
        return abs(float(a) - float(b)) <= max(0.011, 1e-12 * abs(float(a)))
    except ValueError:
        return False


def check_size(out, inputs, failures):
    label = os.path.basename(out)
    aid = rows(os.path.join(inputs, "aid.csv"))[1:]
    c_files = sorted(glob.glob(os.path.join(out, "c-*.xlsx")))
    for python in sorted(glob.glob(os.path.join(out, "python-*.xlsx"))):
        if not c_files:
            failures.append(f"{label}: no C workbook to compare {python} with")
        elif sheet_xml(python, "Aid records")[0] != sheet_xml(c_files[0], "Aid records")[0]:
            failures.append(f"{label}: {python} differs from {c_files[0]}")
    for pandas in sorted(glob.glob(os.path.join(out, "pandas-*"))):
        xml, _ = sheet_xml(os.path.join(pandas, "aid-report.xlsx"), "Aid records")
        cells = re.findall(r'<c r="([A-Z]+)(\d+)"([^>]*)', xml)
        # The ten fields of aid.csv less the empty ones, and the two values.
        expected = 12 + sum(sum(1 for field in row if field) + 2 for row in aid)
        if len(cells) != expected:
            failures.append(f"{label}: pandas Aid records has {len(cells)} cells, not {expected}")
        unformatted = {col for col, row, attrs in cells
                       if row != "1" and col in "BGJKL" and ' s="' not in attrs}
        if unformatted:
            failures.append(f"{label}: pandas columns {sorted(unformatted)} have no number format")
        reports = sorted(glob.glob(os.path.join(out, "reports-*", "*", "summary.csv")))
        if not reports:
            continue
        ours = dict(rows(reports[0])[1:])
        for metric, value in rows(os.path.join(pandas, "aid-summary.csv"))[1:]:
            if not close(value, ours.get(metric)):
                failures.append(f"{label}: {metric} pandas {value}, nkreport {ours.get(metric)}")
        by_year = rows(os.path.join(os.path.dirname(reports[0]), "aid-by-year.csv"))
        theirs = rows(os.path.join(pandas, "aid-by-year.csv"))
        if by_year[0] != theirs[0] or len(by_year) != len(theirs):
            failures.append(f"{label}: aid-by-year.csv: other columns or years")
        else:
            for a, b in zip(by_year[1:], theirs[1:]):
                if not all(close(x, y) for x, y in zip(a, b)):
                    failures.append(f"{label}: aid-by-year.csv nkreport {a}, pandas {b}")
    print(f"{label}: checked {len(aid)} rows")


def main(argv):
    if len(argv) != 2:
        print("usage: check_outputs.py WORK_FOLDER", file=sys.stderr)
        return 64
    failures = []
    outs = sorted(glob.glob(os.path.join(argv[1], "out-*")))
    for out in outs:
        check_size(out, out.replace("out-", "inputs-"), failures)
    for failure in failures:
        print("FAIL", failure)
    if not outs:
        print("FAIL no out-N folder (run nkbench with --keep)")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
