"""The aid part of the monthly report as an analyst would write it: pandas + XlsxWriter.

Reads aid.csv and fx.csv, values every record authorised by the end of the period (KRW and
USD at the month's rate: the delivery month for aid delivered by then, else the authorisation
month; a month without a rate takes the latest earlier month's), and aggregates as
/work/shared/DESIGN.md defines them: by year (authorised by authorisation year; delivered,
providers and value by delivery year; pending as at each year's end, or at the period for its
year), delivered aid by year and category, by year and provider type, pending aid at the
period by provider type and year authorised, and the headline figures of the window
(January of the period's year through the period). Writes:

  OUT_DIR/aid-report.xlsx   sheets Aid summary, Aid by year, Aid by category,
                            Aid by provider type, Pending aid, Aid records
                            (pandas.ExcelWriter, engine "xlsxwriter")
  OUT_DIR/aid-summary.csv, aid-by-year.csv, aid-by-category.csv, aid-records.csv

Vectorised pandas throughout, float64 money (where nkreport sums exact decimals), money in
the CSVs rounded to the currency's minor unit (KRW 0 decimals, USD 2). The workbook is not in
constant_memory mode: pandas writes a frame column by column, and constant_memory keeps only
rows written in order, so it would drop cells; XlsxWriter holds the whole workbook instead.

Usage: python3 pandas_aid_report.py INPUTS_DIR OUT_DIR YYYY-MM
Exit status: 0 written, 1 error, 64 usage.
"""

import os
import sys

import numpy as np
import pandas as pd

RECORD_COLUMNS = {
    "id": "ID", "authorised": "Authorised", "provider": "Provider",
    "provider_type": "Provider type", "category": "Category", "description": "Description",
    "amount": "Amount", "currency": "Currency", "status": "Status", "delivered": "Delivered",
    "value_krw": "Value (KRW)", "value_usd": "Value (USD)",
}


def read_inputs(inputs):
    aid = pd.read_csv(
        os.path.join(inputs, "aid.csv"),
        dtype={"id": str, "provider": str, "provider_type": str, "category": str,
               "description": str, "amount": "float64", "currency": str, "status": str},
        parse_dates=["authorised", "delivered"], date_format="%Y-%m-%d",
        keep_default_na=False, na_values={"delivered": [""]})
    fx = pd.read_csv(os.path.join(inputs, "fx.csv"), dtype={"month": str, "currency": str})
    return aid, fx


def monthly_rates(fx, last_month):
    """KRW per unit by month (rows) and currency (columns), each month filled forward from
    the latest earlier rate; KRW is 1."""
    fx = fx.assign(month=pd.PeriodIndex(fx["month"], freq="M"))
    table = fx.pivot(index="month", columns="currency", values="krw_per_unit")
    months = pd.period_range(table.index.min(), max(table.index.max(), last_month), freq="M")
    table = table.reindex(months).ffill()
    table["KRW"] = 1.0
    return table


def value_at(frame, months, rates):
    """(KRW, USD) of each row's amount at the rates of `months`; NaN where a rate is missing."""
    long_rates = rates.stack().rename("rate")
    keys = pd.MultiIndex.from_arrays([months, frame["currency"]])
    rate = long_rates.reindex(keys).to_numpy()
    usd_rate = rates["USD"].reindex(months).to_numpy()
    krw = frame["amount"].to_numpy() * rate
    usd = np.where(frame["currency"].eq("USD"), frame["amount"], krw / usd_rate)
    return krw, usd


def report(aid, fx, period):
    period_end = period.end_time.normalize()
    records = aid[aid["authorised"] <= period_end].copy()
    delivered_by_p = records["status"].eq("delivered") & records["delivered"].le(period_end)
    authorised_month = records["authorised"].dt.to_period("M")
    valuation_month = records["delivered"].where(delivered_by_p, records["authorised"]) \
        .dt.to_period("M")
    rates = monthly_rates(fx, valuation_month.max())
    records["value_krw"], records["value_usd"] = value_at(records, valuation_month, rates)
    # Pending aid is valued at its authorisation month.
    pending_krw, pending_usd = value_at(records, authorised_month, rates)
    records["pending_krw"], records["pending_usd"] = pending_krw, pending_usd
    records["provider_key"] = records["provider"].str.lower()
    records["category_key"] = records["category"].str.strip().str.lower()
    records["authorised_year"] = records["authorised"].dt.year
    records["delivered_year"] = records["delivered"].dt.year.where(delivered_by_p)
    # Pending at the end of every year from authorisation until the year before delivery
    # (through the period's year when not delivered by then); cancelled never.
    records["last_pending_year"] = np.where(
        records["status"].eq("cancelled"), -1,
        np.where(delivered_by_p, records["delivered_year"] - 1, period.year))

    delivered = records[delivered_by_p]
    years = pd.RangeIndex(records["authorised_year"].min(), period.year + 1, name="year")
    by_year = pd.DataFrame(index=years)
    by_year["authorised"] = records.groupby("authorised_year").size()
    by_year = by_year.join(delivered.groupby("delivered_year").agg(
        delivered=("id", "size"), providers=("provider_key", "nunique"),
        value_krw=("value_krw", "sum"), value_usd=("value_usd", "sum")))
    # A record is pending at the end of each year in [authorised_year, last_pending_year].
    first = records["authorised_year"].to_numpy()
    last = records["last_pending_year"].to_numpy()
    pending = [(first <= year) & (last >= year) for year in years]
    by_year["pending"] = [int(mask.sum()) for mask in pending]
    by_year["pending_value_krw"] = [pending_krw[mask].sum() for mask in pending]
    by_year["pending_value_usd"] = [pending_usd[mask].sum() for mask in pending]
    counts = ["authorised", "delivered", "providers"]
    by_year[counts] = by_year[counts].fillna(0).astype("int64")
    by_year = by_year.fillna({"value_krw": 0.0, "value_usd": 0.0}).reset_index()

    by_category = (delivered.groupby(["delivered_year", "category_key"])
                   .agg(category=("category", "first"), records=("id", "size"),
                        value_krw=("value_krw", "sum"), value_usd=("value_usd", "sum"))
                   .reset_index().drop(columns="category_key")
                   .rename(columns={"delivered_year": "year"}))
    by_category["year"] = by_category["year"].astype("int64")

    authorised_by_type = records.groupby(["authorised_year", "provider_type"]).size() \
        .rename("authorised").rename_axis(["year", "provider_type"])
    delivered_by_type = delivered.groupby(["delivered_year", "provider_type"]).agg(
        delivered=("id", "size"), value_krw=("value_krw", "sum"),
        value_usd=("value_usd", "sum")).rename_axis(["year", "provider_type"])
    by_type = pd.concat([authorised_by_type, delivered_by_type], axis=1).sort_index()
    by_type[["authorised", "delivered"]] = \
        by_type[["authorised", "delivered"]].fillna(0).astype("int64")
    by_type = by_type.fillna({"value_krw": 0.0, "value_usd": 0.0}).reset_index()
    by_type["year"] = by_type["year"].astype("int64")

    pending_now = records[records["last_pending_year"] == period.year]
    pending_groups = (pending_now.groupby(["provider_type", "authorised_year"])
                      .agg(records=("id", "size"),
                           statuses=("status", lambda s: ", ".join(sorted(s.unique()))),
                           value_krw=("pending_krw", "sum"), value_usd=("pending_usd", "sum"))
                      .reset_index().rename(columns={"authorised_year": "year_authorised"}))

    window_start = pd.Timestamp(period.year, 1, 1)
    in_window = delivered[delivered["delivered"] >= window_start]
    summary = pd.DataFrame({"metric": [
        "period", "aid_authorised", "aid_delivered_value_krw", "aid_delivered_value_usd",
        "aid_delivered_providers", "aid_pending", "aid_pending_value_krw",
        "aid_pending_value_usd",
    ], "value": [
        str(period), int((records["authorised"] >= window_start).sum()),
        in_window["value_krw"].sum(), in_window["value_usd"].sum(),
        in_window["provider_key"].nunique(), len(pending_now),
        pending_now["pending_krw"].sum(), pending_now["pending_usd"].sum(),
    ]})
    return records, summary, by_year, by_category, by_type, pending_groups


def write_workbook(path, records, summary, by_year, by_category, by_type, pending_groups):
    with pd.ExcelWriter(path, engine="xlsxwriter", date_format="yyyy-mm-dd",
                        datetime_format="yyyy-mm-dd") as writer:
        book = writer.book
        won = book.add_format({"num_format": "#,##0"})
        money = book.add_format({"num_format": "#,##0.00"})
        count = book.add_format({"num_format": "#,##0"})

        def sheet(frame, name, formats):
            frame.to_excel(writer, sheet_name=name, index=False)
            worksheet = writer.sheets[name]
            for column, name_ in enumerate(frame.columns):
                worksheet.set_column(column, column, 14 if name_ in formats else 18,
                                     formats.get(name_))
            worksheet.freeze_panes(1, 0)

        money_columns = {"value_krw": won, "value_usd": money, "pending_value_krw": won,
                         "pending_value_usd": money}
        sheet(summary, "Aid summary", {})
        sheet(by_year, "Aid by year", {**money_columns, "authorised": count,
                                       "delivered": count, "providers": count,
                                       "pending": count})
        sheet(by_category, "Aid by category", {**money_columns, "records": count})
        sheet(by_type, "Aid by provider type", {**money_columns, "authorised": count,
                                                "delivered": count})
        sheet(pending_groups, "Pending aid", {**money_columns, "records": count})
        sheet(records[list(RECORD_COLUMNS)].rename(columns=RECORD_COLUMNS), "Aid records",
              {"Amount": money, "Value (KRW)": won, "Value (USD)": money})


def minor_units(frame):
    """Money at the currency's minor unit: KRW whole won, USD cents (half-even, as numpy)."""
    frame = frame.copy()
    for column in frame.columns:
        if column.endswith("krw"):
            frame[column] = frame[column].round(0).astype("Int64")
        elif column.endswith("usd"):
            frame[column] = frame[column].round(2)
    return frame


def write_csvs(out, records, summary, by_year, by_category):
    csv = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}
    summary_values = summary.copy()
    for metric, places in (("_krw", 0), ("_usd", 2)):
        rows = summary_values["metric"].str.endswith(metric)
        summary_values.loc[rows, "value"] = [
            f"{v:.{places}f}" for v in summary_values.loc[rows, "value"]]
    summary_values.to_csv(os.path.join(out, "aid-summary.csv"), **csv)
    # The columns of nkreport's aid-by-year.csv (the pending count is on the sheet only).
    minor_units(by_year.drop(columns="pending")).to_csv(
        os.path.join(out, "aid-by-year.csv"), **csv)
    minor_units(by_category).to_csv(os.path.join(out, "aid-by-category.csv"), **csv)
    minor_units(records[list(RECORD_COLUMNS)]).to_csv(
        os.path.join(out, "aid-records.csv"), **csv)


def main(argv):
    if len(argv) != 4:
        print("usage: pandas_aid_report.py INPUTS_DIR OUT_DIR YYYY-MM", file=sys.stderr)
        return 64
    inputs, out, period = argv[1], argv[2], pd.Period(argv[3], freq="M")
    os.makedirs(out, exist_ok=True)
    aid, fx = read_inputs(inputs)
    records, summary, by_year, by_category, by_type, pending_groups = report(aid, fx, period)
    write_workbook(os.path.join(out, "aid-report.xlsx"), records, summary, by_year,
                   by_category, by_type, pending_groups)
    write_csvs(out, records, summary, by_year, by_category)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError, KeyError) as error:
        print(f"pandas_aid_report.py: {error}", file=sys.stderr)
        sys.exit(1)
