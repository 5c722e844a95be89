import XlsxWriter

/// Baseline (a): the Aid records sheet written through the project's `XlsxWriter` wrapper in
/// constant-memory mode, and nothing else. The same cells as baseline.c, so the difference
/// between the two is the wrapper's overhead.
enum SwiftBaseline {
  static let titles = [
    "ID", "Authorised", "Provider", "Provider type", "Category", "Description",
    "Amount", "Currency", "Status", "Delivered", "Value (KRW)", "Value (USD)",
  ]

  static func write(path: String, rows: Int, seed: UInt64) throws(XlsxError) {
    let workbook = try Workbook(path: path, options: .init(constantMemory: true))
    let sheet = try workbook.addWorksheet(named: "Aid records")
    let header = CellFormat(bold: true)
    let date = CellFormat(numberFormat: "yyyy-mm-dd")
    let money = CellFormat(numberFormat: "#,##0.00")
    let won = CellFormat(numberFormat: "#,##0")
    for (column, title) in titles.enumerated() {
      try sheet.write(title, row: 0, column: column, format: header)
    }
    let providerTypes = (0..<Ledger.providerCount).map {
      Ledger.providerTypes[Ledger.providerType($0)]
    }
    for r in 0..<rows {
      let row = LedgerRow(index: r, seed: seed)
      let x = r + 1
      try sheet.write(row.id, row: x, column: 0)
      try sheet.write(
        CalendarDate(year: row.year, month: row.month, day: row.day), row: x, column: 1,
        format: date)
      try sheet.write(Ledger.providers[row.provider], row: x, column: 2)
      try sheet.write(providerTypes[row.provider], row: x, column: 3)
      try sheet.write(Ledger.categories[row.category], row: x, column: 4)
      try sheet.write(Ledger.descriptions[row.description], row: x, column: 5)
      try sheet.write(row.amount, row: x, column: 6, format: money)
      try sheet.write(row.isUSD ? "USD" : "KRW", row: x, column: 7)
      try sheet.write(Ledger.statuses[row.status], row: x, column: 8)
      if let d = row.delivered {
        try sheet.write(
          CalendarDate(year: d.year, month: d.month, day: d.day), row: x, column: 9, format: date)
      }
      try sheet.write(row.valueKRW, row: x, column: 10, format: won)
      try sheet.write(row.valueUSD, row: x, column: 11, format: money)
    }
    try workbook.close()
  }
}
