import Foundation
import NKPeriods
import NKRender

/// `index.html` as a static page: HTML and one style sheet in the page, no script, no external
/// resource. One column that reads on a phone; wider screens lay the figures side by side;
/// print drops the colours and keeps each report on one page. All text is escaped and every
/// link is relative, so the folder can be served from anywhere or opened from disk.
enum ReportIndexHTML {
  static let title = "North Korean arrivals and aid: every report"

  static func render(_ listing: ReportListing) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(title)</title>
      <style>
      \(style)</style>
      </head>
      <body>
      <main>
      <h1>\(title)</h1>

      """
    if listing.periods.isEmpty {
      html += "<p class=\"intro\">No report has been published here yet.</p>\n"
    } else {
      let count = listing.periods.count
      html +=
        "<p class=\"intro\">\(count) \(count == 1 ? "report" : "reports"), newest first."
        + " Figures are from the start of each report's year to the end of its month.</p>\n"
    }
    for entry in listing.periods { html += period(entry) }
    if !listing.others.isEmpty { html += others(listing.others) }
    html += """
      </main>
      </body>
      </html>

      """
    return html
  }

  // MARK: A period

  static func period(_ entry: ReportListing.PeriodEntry) -> String {
    let heading = YearMonth.parse(entry.period).map(ReportWording.monthYear) ?? entry.period
    let revised = !entry.earlier.isEmpty
    var html = "<section class=\"report\" id=\"report-\(escape(entry.period))\">\n"
    html += "<h2>\(escape(heading))"
    if revised { html += " <span class=\"badge\">revised</span>" }
    html += "</h2>\n"
    if let current = entry.current {
      switch current.report {
      case .success(let report):
        html += summary(report, folder: current.folder)
      case .failure(let unreadable):
        html +=
          "<p class=\"problem\">Folder <a href=\"\(link(current.folder))/\">\(escape(current.folder))</a>"
          + " is not listed as a report: \(escape(unreadable.reason)).</p>\n"
      }
    } else {
      html +=
        "<p class=\"problem\">There is no current report for \(escape(entry.period)); only earlier versions.</p>\n"
    }
    if revised { html += earlierVersions(entry.earlier) }
    return html + "</section>\n"
  }

  static func summary(_ report: ReportSummary, folder: String) -> String {
    var html = "<p class=\"window\">"
    var facts: [String] = []
    if let window = report.window { facts.append(ReportWording.window(window)) }
    if let through = report.dataThrough {
      facts.append("data through \(ReportWording.monthYear(through))")
    }
    html += escape(facts.joined(separator: " · ")) + "</p>\n"
    html += "<dl class=\"figures\">\n"
    html += figure("Arrivals", value: arrivals(report), detail: arrivalsChange(report))
    html += figure(
      "Residents, end of \(ReportWording.monthYear(report.period))",
      value: report.count("residents").map(ReportWording.count),
      detail: report.count("residents") == nil ? "not computable (see the warnings)" : nil)
    html += figure("Aid delivered", value: aidValue(report), detail: aidDetail(report))
    html += "</dl>\n"
    html += warnings(report.warnings)
    html += links(report, folder: folder)
    let delivery: String
    switch report.delivery {
    case .some(let record) where record.delivered:
      delivery = "Digest mailed" + (record.day.map { " on \($0)" } ?? "") + "."
    case .some: delivery = "Digest not mailed yet: a send failed, and the next send tries again."
    case nil: delivery = "Digest not mailed yet."
    }
    html += "<p class=\"notes\">\(escape(delivery))</p>\n"
    if let revision = report.revision {
      html += "<p class=\"changes\">Changed in this version: "
      if revision.changedFigures.isEmpty {
        html += "no figure, only \(escape(revision.changedFiles.joined(separator: ", ")))."
      } else {
        html +=
          revision.changedFigures.map { change in
            "\(escape(metricName(change.metric))) "
              + "\(escape(figureText(change.previous))) → \(escape(figureText(change.current)))"
          }.joined(separator: "; ") + "."
      }
      html += "</p>\n"
    }
    return html
  }

  static func figure(_ label: String, value: String?, detail: String?) -> String {
    var html = "<div><dt>\(escape(label))</dt><dd>"
    if let value {
      html += "<span class=\"value\">\(escape(value))</span>"
    } else {
      html += "<span class=\"value na\">n/a</span>"
    }
    if let detail { html += " <span class=\"detail\">\(escape(detail))</span>" }
    return html + "</dd></div>\n"
  }

  static func arrivals(_ report: ReportSummary) -> String? {
    report.count("arrivals_ytd").map(ReportWording.count)
  }

  /// `-3 (-0.3%) on January-November 2017 (1,045)`; why it is missing otherwise.
  static func arrivalsChange(_ report: ReportSummary) -> String? {
    guard report.count("arrivals_ytd") != nil else {
      return "not computable (see the warnings)"
    }
    let previousWindow = report.previousWindow.map { " on " + ReportWording.window($0) }
    guard let change = report.count("arrivals_change") else {
      return "no comparison with a year earlier"
        + (previousWindow.map { " (\($0.dropFirst(4)))" } ?? "")
    }
    var text = ReportWording.signedCount(change)
    if let fraction = report.fraction("arrivals_change_pct"),
      let percent = ReportWording.signedPercent(fraction)
    {
      text += " (\(percent))"
    }
    text += previousWindow ?? " on a year earlier"
    if let previous = report.count("arrivals_ytd_prev") {
      text += " (\(ReportWording.count(previous)))"
    }
    return text
  }

  /// `US$ 4.2 million`, else the won value; `nil` (n/a) when neither is known.
  static func aidValue(_ report: ReportSummary) -> String? {
    if let usd = report.amount("aid_delivered_value_usd"), let text = ReportWording.dollars(usd) {
      return text
    }
    return report.amount("aid_delivered_value_krw").flatMap(ReportWording.won)
  }

  /// `4.7 billion won, by 6 providers`.
  static func aidDetail(_ report: ReportSummary) -> String? {
    var parts: [String] = []
    if report.amount("aid_delivered_value_usd") != nil,
      let krw = report.amount("aid_delivered_value_krw"), let won = ReportWording.won(krw)
    {
      parts.append(won)
    }
    if let providers = report.count("aid_delivered_providers") {
      parts.append(
        "by \(ReportWording.count(providers)) \(providers == 1 ? "provider" : "providers")")
    }
    if parts.isEmpty, aidValue(report) == nil {
      return report.figures["aid_delivered_value_krw"] == nil
        ? nil : "not computable (see the warnings)"
    }
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }

  /// Up to `shown` warnings word for word, then how many more the digest gives.
  static func warnings(_ warnings: [String], shown: Int = 5) -> String {
    guard !warnings.isEmpty else { return "" }
    var html = "<ul class=\"warnings\">\n"
    for warning in warnings.prefix(shown) { html += "<li>\(escape(warning))</li>\n" }
    if warnings.count > shown {
      html += "<li>and \(warnings.count - shown) more (see the digest)</li>\n"
    }
    return html + "</ul>\n"
  }

  static func links(_ report: ReportSummary, folder: String) -> String {
    var items: [String] = []
    if let digest = report.digest {
      items.append("<a href=\"\(link(folder))/\(link(digest))\">Digest</a>")
    }
    if let workbook = report.workbook {
      items.append("<a href=\"\(link(folder))/\(link(workbook))\">Workbook (.xlsx)</a>")
    }
    var html = "<p class=\"links\">" + items.joined(separator: " ")
    let csv = report.csvFiles
    if !csv.isEmpty {
      html += "<span class=\"csv\">CSV: "
      html +=
        csv.map { "<a href=\"\(link(folder))/\(link($0))\">\(escape(String($0.dropLast(4))))</a>" }
        .joined(separator: " ")
      html += "</span>"
    }
    return html + "</p>\n"
  }

  static func earlierVersions(_ versions: [ReportListing.Version]) -> String {
    var html = "<details class=\"earlier\" open><summary>Earlier versions</summary>\n<ul>\n"
    for version in versions {
      html += "<li><a href=\"\(link(version.folder))/\">\(escape(version.folder))</a>"
      switch version.report {
      case .success(let report):
        var parts: [String] = []
        if let arrivals = arrivals(report) { parts.append("arrivals \(arrivals)") }
        if let residents = report.count("residents").map(ReportWording.count) {
          parts.append("residents \(residents)")
        }
        if let digest = report.digest {
          html += ": <a href=\"\(link(version.folder))/\(link(digest))\">digest</a>"
        }
        if let workbook = report.workbook {
          html += ", <a href=\"\(link(version.folder))/\(link(workbook))\">workbook</a>"
        }
        if !parts.isEmpty { html += " (\(escape(parts.joined(separator: ", "))))" }
      case .failure(let unreadable):
        html += ": not readable as a report, \(escape(unreadable.reason))"
      }
      html += "</li>\n"
    }
    return html + "</ul>\n</details>\n"
  }

  static func others(_ others: [ReportListing.Other]) -> String {
    var html = "<section class=\"others\">\n<h2>Not reports</h2>\n"
    html +=
      "<p>These are in the reports folder but are not report folders; nothing here reads them.</p>\n<ul>\n"
    for other in others {
      let name = escape(other.name)
      html +=
        other.isFolder
        ? "<li><a href=\"\(link(other.name))/\">\(name)/</a> (a folder)</li>\n"
        : "<li>\(name) (a file)</li>\n"
    }
    return html + "</ul>\n</section>\n"
  }

  // MARK: Text

  static let metricNames = [
    "period": "period", "arrivals_ytd": "arrivals", "arrivals_ytd_prev": "arrivals a year earlier",
    "arrivals_change": "change in arrivals", "arrivals_change_pct": "change in arrivals (fraction)",
    "residents": "residents", "aid_authorised": "aid shipments authorised",
    "aid_delivered_value_krw": "aid delivered (KRW)",
    "aid_delivered_value_usd": "aid delivered (USD)",
    "aid_delivered_providers": "providers delivering", "aid_pending": "aid shipments pending",
    "aid_pending_value_krw": "aid pending (KRW)", "aid_pending_value_usd": "aid pending (USD)",
  ]

  static func metricName(_ metric: String) -> String { metricNames[metric] ?? metric }

  /// A figure of a revision as summary.csv wrote it: whole numbers grouped, blank as `n/a`.
  static func figureText(_ text: String) -> String {
    if text.isEmpty { return "n/a" }
    if let whole = Int(text) { return ReportWording.count(whole) }
    return text
  }

  static func escape(_ text: String) -> String {
    ReportWording.htmlEscaped(ReportWording.withoutControlCharacters(text))
  }

  /// A file or folder name as a relative link: percent-encoded, then escaped for the attribute.
  static func link(_ name: String) -> String {
    var allowed = CharacterSet.alphanumerics.intersection(
      CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    allowed.insert(charactersIn: "-._~")
    return escape(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
  }
}
