import Foundation
import NKPeriods
import NKSummary

/// What the digest says, independent of its format: `digest.txt` and `digest.html` render the
/// same content. Strings here are plain text (the HTML renderer escapes them). Every number
/// comes from the model; a figure that is not computable is said to be so, with its reason.
struct DigestContent {
  /// `North Korean arrivals and aid, January-November 2018`.
  var title: String
  var warnings: [String]
  /// The report paragraph, one sentence per element.
  var sentences: [String]
  var table: HeadlineTable
  /// `Sources: arrivals.csv (240 rows), ... Data through November 2018. ...`
  var footer: [String]

  init(_ model: ReportModel, toolVersion: String) {
    title = "North Korean arrivals and aid, " + Words.window(model.window)
    // Text from the inputs (categories, providers, sources, reasons) may hold line breaks or
    // other control characters: none may break a sentence or a line of the digest.
    warnings = Self.warnings(model).map(Words.withoutControlCharacters)
    sentences = (Self.arrivalSentences(model) + Self.aidSentences(model)).map(
      Words.withoutControlCharacters)
    table = HeadlineTable(model)
    footer = Self.footer(model, toolVersion: toolVersion).map(Words.withoutControlCharacters)
  }

  // MARK: Warnings

  static func warnings(_ model: ReportModel) -> [String] {
    var result = model.warnings.map(\.message)
    if !model.rejects.isEmpty && !model.warnings.contains(where: { $0.kind == .rejectedRows }) {
      let count = model.rejects.count
      result.insert(
        "\(Words.count(count, "input row", "input rows")) \(count == 1 ? "was" : "were") rejected"
          + " and \(count == 1 ? "is" : "are") not in these figures; see \(CSVFileName.rejects).",
        at: 0)
    }
    return result
  }

  // MARK: Arrivals

  static func arrivalSentences(_ model: ReportModel) -> [String] {
    let headline = model.headline
    let window = model.window
    let previousYear = model.previousWindow.last.year
    let sameMonths = Words.isSingleMonth(window) ? "the same month" : "the same period"
    let sameMonthsCapitalised = Words.isSingleMonth(window) ? "The same month" : "The same months"
    var sentences: [String] = []

    switch (headline.arrivalsYTD, headline.arrivalsYTDPrevious) {
    case (.known(let arrivals), let previous):
      var sentence =
        "\(Words.windowOpening(window)), \(Words.count(arrivals, "North Korean", "North Koreans"))"
        + " arrived in South Korea"
      switch (previous, headline.arrivalsChange) {
      case (.known(let previousCount), .known(let change)):
        let comparison: String
        if change == 0 {
          comparison = "the same number as in \(sameMonths) of \(previousYear)"
        } else {
          var amount = "\(NumberText.grouped(abs(change))) \(change > 0 ? "more" : "fewer")"
          if let fraction = headline.arrivalsChangeFraction.value,
            let percent = NumberText.percent(fraction, signed: true)
          {
            amount += " (\(percent))"
          }
          comparison = "\(amount) than in \(sameMonths) of \(previousYear)"
        }
        sentence += ", \(comparison) (\(NumberText.grouped(previousCount)))."
        sentences.append(sentence)
      case (.known, .unavailable(let reason)), (.unavailable(let reason), _):
        sentences.append(sentence + ".")
        sentences.append(
          "\(sameMonthsCapitalised) of \(previousYear) cannot be compared: \(Words.clause(reason))."
        )
      }
    case (.unavailable(let reason), let previous):
      sentences.append(
        "The number of North Koreans who arrived in South Korea \(Words.windowInline(window))"
          + " cannot be given: \(Words.clause(reason)).")
      if let previousCount = previous.value {
        sentences.append(
          "In \(sameMonths) of \(previousYear), \(Words.count(previousCount, "North Korean", "North Koreans")) arrived."
        )
      }
    }

    let endOfPeriod = Words.monthYear(model.period)
    switch headline.residents {
    case .known(let residents):
      // A count carried from a published total says so: it is not a sum of the data.
      var basis = ""
      if let total = headline.residentsPublishedTotal {
        let what = total.isResidents ? "resident count" : "cumulative total"
        basis =
          total.date.yearMonth == model.period
          ? " (the published \(what), \(total.source))"
          : " (carried from the published \(what) of \(Words.monthYear(total.date.yearMonth)), \(total.source))"
      }
      sentences.append(
        "\(NumberText.grouped(residents)) \(residents == 1 ? "was" : "were") living in the South"
          + " at the end of \(endOfPeriod)\(basis).")
      // Without departures.csv the count is every arrival to date; a mailed digest read
      // without the workbook must not pass it off as a count of residents net of departures.
      if headline.residentsCountNoDepartures {
        sentences.append(
          "No departures are counted in this figure: departures.csv was not supplied, so it is"
            + " the number of arrivals to date.")
      }
    case .unavailable(let reason):
      sentences.append(
        "The number living in the South at the end of \(endOfPeriod) cannot be given:"
          + " \(Words.clause(reason)).")
    }
    return sentences
  }

  // MARK: Aid

  static func aidSentences(_ model: ReportModel) -> [String] {
    let headline = model.headline
    var sentences: [String] = []
    // Without a ledger nothing is known about aid: "none authorised" would be a claim.
    guard let authorisedCount = headline.aidAuthorised.value,
      let deliveredCount = headline.aidDelivered.value
    else {
      return [
        "No aid ledger was supplied (no aid.csv), so nothing is known here about aid authorised or delivered."
      ]
    }
    let authorised =
      authorisedCount == 0
      ? "Seoul authorised no aid shipments"
      : "Seoul authorised \(Words.count(authorisedCount, "aid shipment", "aid shipments"))"

    if deliveredCount == 0 {
      sentences.append(authorised + "; no aid was delivered in the period.")
    } else {
      let providers = Words.providers(
        headline.aidDeliveredProviders.value ?? 0, types: headline.aidDeliveredProviderTypes)
      var sentence = "\(authorised); \(providers) delivered aid"
      var afterwards: [String] = []
      switch (headline.aidDeliveredValueKRW, headline.aidDeliveredValueUSD) {
      case (.known(let krw), .known(let usd)):
        if let won = NumberText.won(krw), let dollars = NumberText.dollars(usd) {
          sentence += " worth \(won) (\(dollars))"
        }
      case (.known(let krw), .unavailable(let reason)):
        if let won = NumberText.won(krw) { sentence += " worth \(won)" }
        afterwards.append("Its value in US dollars cannot be given: \(Words.clause(reason)).")
      case (.unavailable(let reason), _):
        afterwards.append(
          "The value of the aid delivered cannot be given: \(Words.clause(reason)).")
      }
      let categories = Words.list(
        headline.aidDeliveredCategories, limit: 5, rest: "other categories")
      if !categories.isEmpty { sentence += ": " + categories }
      sentences.append(sentence + ".")
      sentences += afterwards
    }

    for group in headline.aidPendingGroups {
      let shipments = Words.count(group.records, "shipment", "shipments")
      let value: String
      switch (group.valueUSD, group.valueKRW) {
      case (.known(let usd), _): value = NumberText.dollars(usd).map { " worth " + $0 } ?? ""
      case (.unavailable, .known(let krw)): value = NumberText.won(krw).map { " worth " + $0 } ?? ""
      case (.unavailable(let reason), .unavailable):
        value = " (value cannot be given: \(Words.clause(reason)))"
      }
      let verb = group.records == 1 ? "is" : "are"
      let state = group.statuses == ["on_hold"] ? "on hold" : "still pending"
      sentences.append(
        "\(shipments)\(value) authorised in \(group.yearAuthorised)"
          + " for \(Words.providerType(group.providerType, plural: group.providers.count != 1, withArticle: true))"
          + " \(verb) \(state).")
    }
    if headline.aidPendingGroups.isEmpty, let pending = headline.aidPending.value, pending > 0 {
      sentences.append(
        "\(Words.count(pending, "shipment", "shipments")) authorised by the end of"
          + " \(Words.monthYear(model.period)) \(pending == 1 ? "is" : "are") still pending."
      )
    }
    return sentences
  }

  // MARK: Footer

  static func footer(_ model: ReportModel, toolVersion: String) -> [String] {
    let sources = model.sources.filter(\.isPresent).map { source in
      var rows = Words.count(source.rowsAccepted, "row", "rows")
      if source.rowsRejected > 0 { rows += ", \(NumberText.grouped(source.rowsRejected)) rejected" }
      return "\(source.name) (\(rows))"
    }
    var lines: [String] = []
    lines.append(
      "Sources: "
        + (sources.isEmpty ? "none listed" : sources.joined(separator: ", "))
        + ". Data through \(Words.monthYear(model.dataThrough)).")
    lines.append(
      "Report period \(model.period); figures are period-to-date, not prorated."
        + " Generated by nkreport \(toolVersion).")
    return lines
  }
}

/// The fixed-width table of headline figures: this year, last year, change.
struct HeadlineTable {
  struct Row {
    var label: String
    var current: String
    /// Blank for figures the report gives for the period only.
    var previous = ""
    var change = ""
  }

  var columns: [String]
  var rows: [Row]

  init(_ model: ReportModel) {
    let headline = model.headline
    columns = [
      "", Words.shortWindow(model.window), Words.shortWindow(model.previousWindow), "Change",
    ]
    // The summary.csv metrics come from the metric table; the split by sex and the delivered
    // records are figures of the headline only.
    func text(_ metric: Metric) -> String {
      switch metric.value(in: model) {
      case .text(let text): return text
      case .count(let count): return NumberText.grouped(count)
      case .money(let amount, _): return NumberText.groupedWhole(amount) ?? "n/a"
      case .fraction(let fraction): return NumberText.percent(fraction, signed: false) ?? "n/a"
      case .notComputable: return "n/a"
      }
    }
    func count(_ figure: Figure<Int>) -> String { figure.value.map(NumberText.grouped) ?? "n/a" }
    var change = "n/a"
    if case .count(let value) = Metric.arrivalsChange.value(in: model) {
      change = NumberText.signedGrouped(value)
      if case .fraction(let fraction) = Metric.arrivalsChangeFraction.value(in: model),
        let percent = NumberText.percent(fraction, signed: true)
      {
        change += " (\(percent))"
      }
    }
    rows = [
      Row(
        label: "Arrivals", current: text(.arrivalsYTD), previous: text(.arrivalsYTDPrevious),
        change: change)
    ]
    if headline.maleYTD.isKnown || headline.femaleYTD.isKnown {
      rows.append(Row(label: "  men", current: count(headline.maleYTD)))
      rows.append(
        Row(label: "  women", current: count(headline.femaleYTD)))
    }
    rows += [
      Row(
        label: "Residents, end of \(Words.shortMonthYear(model.period))",
        current: text(.residents)),
      Row(label: "Aid shipments authorised", current: text(.aidAuthorised)),
      Row(label: "Aid shipments delivered", current: count(headline.aidDelivered)),
      Row(label: "Aid delivered, KRW", current: text(.aidDeliveredValueKRW)),
      Row(label: "Aid delivered, USD", current: text(.aidDeliveredValueUSD)),
      Row(label: "Providers delivering", current: text(.aidDeliveredProviders)),
      Row(label: "Aid shipments pending", current: text(.aidPending)),
      Row(label: "Aid pending, KRW", current: text(.aidPendingValueKRW)),
      Row(label: "Aid pending, USD", current: text(.aidPendingValueUSD)),
    ]
  }

  /// The table as fixed-width lines: label left-aligned, figures right-aligned.
  var textLines: [String] {
    let all =
      [Row(label: columns[0], current: columns[1], previous: columns[2], change: columns[3])] + rows
    func width(_ cell: (Row) -> String) -> Int { all.map { cell($0).count }.max() ?? 0 }
    let labelWidth = width(\.label)
    let currentWidth = width(\.current)
    let previousWidth = width(\.previous)
    return all.map { row in
      let cells: [String] = [
        Words.padRight(row.label, labelWidth), Words.padLeft(row.current, currentWidth),
        Words.padLeft(row.previous, previousWidth), row.change,
      ]
      let line = cells.joined(separator: "  ")
      return String(line.reversed().drop(while: { $0 == " " }).reversed())
    }
  }
}

/// English words for periods, counts and lists, without Foundation's locale-dependent formatters.
enum Words {
  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  static func monthName(_ month: YearMonth) -> String { monthNames[month.month - 1] }
  static func shortMonthName(_ month: YearMonth) -> String { String(monthName(month).prefix(3)) }

  /// `November 2018`.
  static func monthYear(_ month: YearMonth) -> String { "\(monthName(month)) \(month.year)" }
  static func shortMonthYear(_ month: YearMonth) -> String {
    "\(shortMonthName(month)) \(month.year)"
  }

  static func isSingleMonth(_ period: Period) -> Bool {
    period.first == nil || period.first == period.last
  }

  /// `January-November 2018`, `January 2018`, `November 2017-February 2018`, `to November 2018`.
  static func window(_ period: Period) -> String {
    guard let first = period.first else { return "to " + monthYear(period.last) }
    if first == period.last { return monthYear(first) }
    if first.year == period.last.year { return "\(monthName(first))-\(monthYear(period.last))" }
    return "\(monthYear(first))-\(monthYear(period.last))"
  }

  /// `Jan-Nov 2018`, `Nov 2018`.
  static func shortWindow(_ period: Period) -> String {
    guard let first = period.first else { return "to " + shortMonthYear(period.last) }
    if first == period.last { return shortMonthYear(first) }
    if first.year == period.last.year {
      return "\(shortMonthName(first))-\(shortMonthYear(period.last))"
    }
    return "\(shortMonthYear(first))-\(shortMonthYear(period.last))"
  }

  /// Opens a sentence: `Between January and November 2018`, `In January 2018`.
  static func windowOpening(_ period: Period) -> String {
    guard let first = period.first else { return "Up to the end of " + monthYear(period.last) }
    if first == period.last { return "In " + monthYear(first) }
    if first.year == period.last.year {
      return "Between \(monthName(first)) and \(monthYear(period.last))"
    }
    return "Between \(monthYear(first)) and \(monthYear(period.last))"
  }

  /// Inside a sentence: `between January and November 2018`, `in January 2018`.
  static func windowInline(_ period: Period) -> String {
    let opening = windowOpening(period)
    return opening.prefix(1).lowercased() + opening.dropFirst()
  }

  /// `1 shipment`, `14 shipments`, `1,042 North Koreans`.
  static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
    "\(NumberText.grouped(value)) \(value == 1 ? singular : plural)"
  }

  /// `civic groups`; with `withArticle`, a single one reads `a civic group`,
  /// `an international organisation`.
  static func providerType(_ type: String, plural: Bool, withArticle: Bool) -> String {
    let noun = providerType(type, plural: plural)
    guard withArticle, !plural else { return noun }
    return (noun.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + noun
  }

  static func providerType(_ type: String, plural: Bool) -> String {
    switch type {
    case "civic": return plural ? "civic groups" : "civic group"
    case "government": return plural ? "government agencies" : "government agency"
    case "international":
      return plural ? "international organisations" : "international organisation"
    default: return plural ? "providers" : "provider"
    }
  }

  /// `6 civic groups`, `1 international organisation`, `3 providers`.
  static func providers(_ count: Int, types: [String]) -> String {
    let noun =
      types.count == 1
      ? providerType(types[0], plural: count != 1) : (count == 1 ? "provider" : "providers")
    return "\(NumberText.grouped(count)) \(noun)"
  }

  /// `a`, `a and b`, `a, b and c`; beyond `limit` items, `a, b, c and 4 other categories`.
  static func list(_ items: [String], limit: Int, rest: String) -> String {
    var shown = items.filter { !$0.isEmpty }
    var tail: String?
    if shown.count > limit {
      tail = "\(NumberText.grouped(shown.count - limit + 1)) \(rest)"
      shown = Array(shown.prefix(limit - 1))
    }
    if let tail { shown.append(tail) }
    guard shown.count > 1 else { return shown.first ?? "" }
    return shown.dropLast().joined(separator: ", ") + " and " + shown[shown.count - 1]
  }

  /// `text` with every control character (C0, DEL, C1, and the Unicode line and paragraph
  /// separators) replaced by a space.
  static func withoutControlCharacters(_ text: String) -> String {
    func breaksASentence(_ scalar: Unicode.Scalar) -> Bool {
      scalar.properties.generalCategory == .control || scalar.value == 0x2028
        || scalar.value == 0x2029
    }
    guard text.unicodeScalars.contains(where: breaksASentence) else { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      scalars.append(breaksASentence(scalar) ? " " : scalar)
    }
    return String(scalars)
  }

  /// A reason from the model as a clause: trimmed, without a final full stop.
  static func clause(_ reason: String) -> String {
    var text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    while text.hasSuffix(".") { text.removeLast() }
    return text.isEmpty ? "no reason given" : text
  }

  static func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  static func padRight(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  /// Joins a number (or `US$`) to the word after it, so a line never ends in `2` or `US$`
  /// with its noun on the next line.
  static func keepingNumbersWithTheirWords(_ words: [Substring]) -> [String] {
    var result: [String] = []
    var carry: String?
    for word in words {
      let joined = carry.map { $0 + " " + word } ?? String(word)
      // A bare count or amount (`2`, `1,042`, `4.7`), not one that ends a clause (`(1,045).`).
      let isNumber =
        word.first?.isASCIIDigitCharacter == true && word.last?.isASCIIDigitCharacter == true
        && word.allSatisfy { $0.isASCIIDigitCharacter || $0 == "," || $0 == "." }
      if (isNumber || word == "US$") && joined.count < 24 {
        carry = joined
      } else {
        result.append(joined)
        carry = nil
      }
    }
    if let carry { result.append(carry) }
    return result
  }

  /// Word-wraps `text` at `width` columns (words longer than a line stay whole);
  /// continuation lines start with `indent`.
  static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
    var lines: [String] = []
    var line = ""
    for word in keepingNumbersWithTheirWords(text.split(separator: " ")) {
      if line.isEmpty {
        line = (lines.isEmpty ? "" : indent) + word
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = indent + word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
