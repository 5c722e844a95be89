/*
 * baseline.c: "what libxlsxwriter alone needs to write the same cells".
 *
 * Writes the Aid records sheet of N synthetic aid rows (12 columns: id, authorised,
 * provider, provider type, category, description, amount, currency, status, delivered,
 * value KRW, value USD) with libxlsxwriter in constant_memory mode, and nothing else: no CSV,
 * no parsing, no other sheets. The rows are the ones nkbench writes to aid.csv (the same
 * SplitMix64 generator, seed and tables as Benchmarks/nkbench/Ledger.swift; keep the two in
 * step), so the cells match those of the report's Aid records sheet.
 *
 * Build: cc -O2 -o baseline Benchmarks/baseline.c $(pkg-config --cflags --libs xlsxwriter)
 * Usage: baseline OUT.xlsx ROWS SEED
 * Exit status: 0 written, 1 error (message on stderr), 64 usage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsxwriter.h"

static const char *const categories[10] = {
    "tuberculosis drugs", "milk powder", "flour",    "fertiliser",           "medical",
    "nutrition",          "vaccines",    "seeds",    "water and sanitation", "winter clothing",
};

static const char *const descriptions[8] = {
    "Tuberculosis drugs",
    "Milk powder, flour and soy milk",
    "Shipment via Nampo port",
    "Medical kits, winter batch",
    "",
    "Seeds and fertiliser for spring planting",
    "Vaccines (cold chain), UNICEF-led",
    "Flour sacks marked \"gift\"",
};

static const char *const provider_types[3] = {"civic", "government", "international"};
static const char *const provider_prefixes[3] = {"Civic group", "Government programme",
                                                 "International agency"};
static const char *const statuses[4] = {"delivered", "authorised", "on_hold", "cancelled"};

enum { PROVIDERS = 300, MONTHS = 120, FIRST_YEAR = 2015 };

static uint64_t next(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* KRW per USD for month index 0 (2015-01) ... 119 (2024-12). */
static double usd_rate(int month_index) {
    return 1050.0 + (double)((month_index * 7919) % 400) * 0.5;
}

static int provider_type(int provider) {
    int k = provider % 10;
    return k < 6 ? 0 : (k < 8 ? 1 : 2);
}

struct row {
    char id[24];
    int year, month, day;
    int provider, category, description, usd, status;
    int delivered_year, delivered_month, delivered_day;
    double amount, value_krw, value_usd;
};

/* The row with zero-based index r: mirrors LedgerRow.init(index:seed:) in Ledger.swift. */
static void make_row(uint64_t seed, uint64_t r, struct row *out) {
    uint64_t state = seed ^ (r * 0xD1B54A32D192ED03ULL);
    uint64_t u1 = next(&state), u2 = next(&state), u3 = next(&state), u4 = next(&state);
    snprintf(out->id, sizeof out->id, "AID-%07" PRIu64, r + 1);
    out->year = FIRST_YEAR + (int)(u1 % 10);
    out->month = 1 + (int)((u1 / 10) % 12);
    out->day = 1 + (int)((u1 / 120) % 28);
    out->provider = (int)(u2 % PROVIDERS);
    out->category = (int)((u2 / PROVIDERS) % 10);
    out->description = (int)((u2 / (PROVIDERS * 10)) % 8);
    out->usd = (u3 % 10) < 3;
    uint64_t cents = out->usd ? 100000ULL + (u3 / 10) % 500000000ULL
                              : 100000000ULL + (u3 / 10) % 500000000000ULL;
    out->amount = (double)cents / 100.0;
    int s = (int)(u4 % 10);
    out->status = s < 6 ? 0 : (s < 8 ? 1 : (s == 8 ? 2 : 3));
    int authorised_month = (out->year - FIRST_YEAR) * 12 + out->month - 1;
    int rate_month = authorised_month;
    out->delivered_year = 0;
    if (out->status == 0) {
        int lag = (int)((u4 / 10) % 7);
        int dm = authorised_month + lag;
        if (dm > MONTHS - 1) dm = MONTHS - 1;
        out->delivered_year = FIRST_YEAR + dm / 12;
        out->delivered_month = 1 + dm % 12;
        out->delivered_day = dm == authorised_month
                                 ? out->day + (int)((u4 / 70) % (uint64_t)(29 - out->day))
                                 : 1 + (int)((u4 / 70) % 28);
        rate_month = dm;
    }
    double rate = usd_rate(rate_month);
    out->value_krw = out->usd ? out->amount * rate : out->amount;
    out->value_usd = out->value_krw / rate;
}

static int fail(const char *what, lxw_error error) {
    fprintf(stderr, "baseline: %s: %s\n", what, lxw_strerror(error));
    return 1;
}

#define CHECK(call)                                  \
    do {                                             \
        lxw_error e_ = (call);                       \
        if (e_ != LXW_NO_ERROR) return fail(#call, e_); \
    } while (0)

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s OUT.xlsx ROWS SEED\n", argv[0]);
        return 64;
    }
    char *end;
    unsigned long long rows = strtoull(argv[2], &end, 10);
    if (*end != '\0' || rows == 0 || rows > 1048575) {
        fprintf(stderr, "baseline: ROWS must be 1...1048575, got %s\n", argv[2]);
        return 64;
    }
    uint64_t seed = strtoull(argv[3], &end, 10);
    if (*end != '\0') {
        fprintf(stderr, "baseline: SEED must be an unsigned integer, got %s\n", argv[3]);
        return 64;
    }

    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL,
                                     .use_zip64 = LXW_FALSE};
    lxw_workbook *workbook = workbook_new_opt(argv[1], &options);
    if (workbook == NULL) {
        fprintf(stderr, "baseline: cannot create workbook %s\n", argv[1]);
        return 1;
    }
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Aid records");
    lxw_format *header = workbook_add_format(workbook);
    format_set_bold(header);
    lxw_format *date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format *money = workbook_add_format(workbook);
    format_set_num_format(money, "#,##0.00");
    lxw_format *won = workbook_add_format(workbook);
    format_set_num_format(won, "#,##0");
    if (sheet == NULL || header == NULL || date == NULL || money == NULL || won == NULL) {
        fprintf(stderr, "baseline: cannot create worksheet or formats\n");
        return 1;
    }

    /* Provider names are a fixed table, as a real ledger's are a few hundred repeated names. */
    char providers[PROVIDERS][40];
    for (int p = 0; p < PROVIDERS; p++)
        snprintf(providers[p], sizeof providers[p], "%s %03d",
                 provider_prefixes[provider_type(p)], p);

    static const char *const titles[12] = {
        "ID",       "Authorised", "Provider",  "Provider type", "Category",    "Description",
        "Amount",   "Currency",   "Status",    "Delivered",     "Value (KRW)", "Value (USD)",
    };
    for (lxw_col_t c = 0; c < 12; c++) CHECK(worksheet_write_string(sheet, 0, c, titles[c], header));

    struct row row;
    for (uint64_t r = 0; r < rows; r++) {
        make_row(seed, r, &row);
        lxw_row_t x = (lxw_row_t)(r + 1);
        lxw_datetime authorised = {row.year, row.month, row.day, 0, 0, 0.0};
        CHECK(worksheet_write_string(sheet, x, 0, row.id, NULL));
        CHECK(worksheet_write_datetime(sheet, x, 1, &authorised, date));
        CHECK(worksheet_write_string(sheet, x, 2, providers[row.provider], NULL));
        CHECK(worksheet_write_string(sheet, x, 3, provider_types[provider_type(row.provider)], NULL));
        CHECK(worksheet_write_string(sheet, x, 4, categories[row.category], NULL));
        CHECK(worksheet_write_string(sheet, x, 5, descriptions[row.description], NULL));
        CHECK(worksheet_write_number(sheet, x, 6, row.amount, money));
        CHECK(worksheet_write_string(sheet, x, 7, row.usd ? "USD" : "KRW", NULL));
        CHECK(worksheet_write_string(sheet, x, 8, statuses[row.status], NULL));
        if (row.delivered_year != 0) {
            lxw_datetime delivered = {row.delivered_year, row.delivered_month, row.delivered_day,
                                      0, 0, 0.0};
            CHECK(worksheet_write_datetime(sheet, x, 9, &delivered, date));
        }
        CHECK(worksheet_write_number(sheet, x, 10, row.value_krw, won));
        CHECK(worksheet_write_number(sheet, x, 11, row.value_usd, money));
    }
    CHECK(workbook_close(workbook));
    return 0;
}
