"""The Aid records sheet through Python XlsxWriter: the cells baseline.c writes, nothing else.

Reads the benchmark's aid.csv and fx.csv (the csv module) and writes the same 12 columns as
Benchmarks/baseline.c: id, authorised (a date cell), provider, provider type, category,
description, amount, currency, status, delivered (a date cell, blank unless delivered), value
KRW and value USD (numbers with number formats), in constant_memory mode like the C program.
A delivered row is valued at its delivery month's rate, any other at its authorisation
month's (the report's rule for a period after every date in the ledger, as nkbench uses).

Why it reads aid.csv instead of generating the rows like baseline.c: SplitMix64 in Python is
big-integer arithmetic masked to 64 bits, several times slower per row than csv.reader and
date.fromisoformat (both in C); reading is the cheaper, and so the fairer, way for Python to
have the rows. The amounts and rates parse to exactly the doubles baseline.c computes.

Usage: python3 xlsxwriter_cells.py INPUTS_DIR OUT.xlsx
Exit status: 0 written, 1 error, 64 usage.
"""

import csv
import sys
from datetime import date

import xlsxwriter

TITLES = [
    "ID", "Authorised", "Provider", "Provider type", "Category", "Description",
    "Amount", "Currency", "Status", "Delivered", "Value (KRW)", "Value (USD)",
]


def usd_rates(path):
    """KRW per USD by month text ("2019-06")."""
    with open(path, newline="", encoding="utf-8") as file:
        return {row["month"]: float(row["krw_per_unit"])
                for row in csv.DictReader(file) if row["currency"] == "USD"}


def main(argv):
    if len(argv) != 3:
        print("usage: xlsxwriter_cells.py INPUTS_DIR OUT.xlsx", file=sys.stderr)
        return 64
    inputs, output = argv[1], argv[2]
    rates = usd_rates(inputs + "/fx.csv")

    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet("Aid records")
    header = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money = workbook.add_format({"num_format": "#,##0.00"})
    won = workbook.add_format({"num_format": "#,##0"})
    for column, title in enumerate(TITLES):
        sheet.write_string(0, column, title, header)

    write_string = sheet.write_string
    write_number = sheet.write_number
    write_datetime = sheet.write_datetime
    parse_date = date.fromisoformat
    with open(inputs + "/aid.csv", newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        next(reader)  # the header
        for x, (id_, authorised, provider, provider_type, category, description, amount,
                currency, status, delivered) in enumerate(reader, start=1):
            amount = float(amount)
            rate = rates[(delivered if status == "delivered" else authorised)[:7]]
            value_krw = amount * rate if currency == "USD" else amount
            write_string(x, 0, id_)
            write_datetime(x, 1, parse_date(authorised), date_format)
            write_string(x, 2, provider)
            write_string(x, 3, provider_type)
            write_string(x, 4, category)
            if description:  # libxlsxwriter writes no cell for "" without a format
                write_string(x, 5, description)
            write_number(x, 6, amount, money)
            write_string(x, 7, currency)
            write_string(x, 8, status)
            if delivered:
                write_datetime(x, 9, parse_date(delivered), date_format)
            write_number(x, 10, value_krw, won)
            write_number(x, 11, value_krw / rate, money)
    workbook.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError, KeyError, xlsxwriter.exceptions.XlsxWriterException) as error:
        print(f"xlsxwriter_cells.py: {error}", file=sys.stderr)
        sys.exit(1)
