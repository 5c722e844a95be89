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
  /// "Revised since the report for 2018-10", or `nil` when there was nothing to compare with.
  var revisionsHeading: String?
  /// The revisions, or the one line saying there was nothing to compare with.
  var revisionLines: [String]

  init(_ model: ReportModel, toolVersion: String) {
    title = "North Korean arrivals and aid, " + Words.window(model.window)
    // Text from the inputs (categories, providers, sources, reasons) may hold line breaks or
    // other control characters: none may break a sentence or a line of the digest.
    warnings = Self.warnings(model).map(Words.withoutControlCharacters)
    sentences = (Self.arrivalSentences(model) + Self.aidSentences(model)).map(
      Words.withoutControlCharacters)
    table = HeadlineTable(model)
    footer = Self.footer(model, toolVersion: toolVersion).map(Words.withoutControlCharacters)
    if case .compared(let comparison) = model.series.comparison {
      revisionsHeading = RevisionWords.heading(comparison)
    }
    revisionLines = RevisionWords.digestLines(model.series, period: model.period).map(
      Words.withoutControlCharacters)
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

    let marks = model.series.provisional
    func mark(_ metric: Metric) -> String {
      marks.metrics.contains(metric) ? HeadlineTable.provisionalMark : ""
    }
    switch (headline.arrivalsYTD, headline.arrivalsYTDPrevious) {
    case (.known(let arrivals), let previous):
      var sentence =
        "\(Words.windowOpening(window)), \(Words.count(arrivals, "North Korean", "North Koreans"))"
        + "\(mark(.arrivalsYTD)) arrived in South Korea"
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
        sentence +=
          ", \(comparison) (\(NumberText.grouped(previousCount))\(mark(.arrivalsYTDPrevious)))."
        sentences.append(sentence)
      case (.known, .unavailable(let reason)), (.unavailable(let reason), _):
        sentences.append(sentence + ".")
        sentences.append(
          "\(sameMonthsCapitalised) of \(previousYear) cannot be compared: \(Words.clause(reason.message))."
        )
      }
    case (.unavailable(let reason), let previous):
      sentences.append(
        "The number of North Koreans who arrived in South Korea \(Words.windowInline(window))"
          + " cannot be given: \(Words.clause(reason.message)).")
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
        "\(NumberText.grouped(residents))\(mark(.residents))"
          + " \(residents == 1 ? "was" : "were") living in the South"
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
          + " \(Words.clause(reason.message)).")
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
        afterwards.append(
          "Its value in US dollars cannot be given: \(Words.clause(reason.message)).")
      case (.unavailable(let reason), _):
        afterwards.append(
          "The value of the aid delivered cannot be given: \(Words.clause(reason.message)).")
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
        value = " (value cannot be given: \(Words.clause(reason.message)))"
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
    if model.series.provisional.any {
      lines.append(
        "(provisional): the figure rests on rows the Ministry marks provisional; a later"
          + " report may revise it.")
    }
    lines.append(
      "Report period \(model.period); figures are period-to-date, not prorated."
        + " Generated by nkreport \(toolVersion).")
    return lines
  }
}
