import NKSummary

/// `digest.html`: the digest's content as an e-mail-safe HTML document — table layout, inline
/// CSS only, no scripts, no external images or fonts. All text is escaped.
enum DigestHTML {
  static let font = "font-family:Arial,Helvetica,sans-serif;"
  static let maleColour = "#2f6690"
  static let femaleColour = "#d1495b"
  static let totalColour = "#6c757d"
  /// Rows of the arrivals chart: the latest rows of the annual table.
  static let chartRows = 12

  static func render(_ content: DigestContent, model: ReportModel) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(content.title))</title>
      </head>
      <body style="margin:0;padding:0;background-color:#f2f2f2;">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f2f2f2;">
      <tr><td align="center" style="padding:16px 8px;">
      <table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:640px;max-width:100%;background-color:#ffffff;\(font)font-size:15px;line-height:22px;color:#222222;">
      <tr><td style="padding:24px;">
      <h1 style="margin:0 0 16px 0;\(font)font-size:20px;line-height:26px;color:#111111;">\(escape(content.title))</h1>

      """
    for warning in content.warnings {
      html += """
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0;">
        <tr><td style="padding:10px 12px;background-color:#fdecea;border-left:4px solid #b00020;\(font)font-size:14px;line-height:20px;color:#5f0010;"><strong>WARNING:</strong> \(escape(warning))</td></tr>
        </table>

        """
    }
    html +=
      "<p style=\"margin:0 0 16px 0;\(font)font-size:15px;line-height:22px;color:#222222;\">\(escape(content.sentences.joined(separator: " ")))</p>\n"
    html += headlineTable(content.table)
    html += chart(Array(model.arrivalsByYear.suffix(chartRows)))
    for line in content.footer {
      html +=
        "<p style=\"margin:8px 0 0 0;\(font)font-size:12px;line-height:18px;color:#666666;\">\(escape(line))</p>\n"
    }
    html += """
      </td></tr>
      </table>
      </td></tr>
      </table>
      </body>
      </html>

      """
    return html
  }

  static func headlineTable(_ table: HeadlineTable) -> String {
    let cell = "\(font)padding:4px 8px;border-bottom:1px solid #e5e5e5;font-size:14px;"
    var html = """
      <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px 0;border-collapse:collapse;">
      <tr>
      """
    for (index, column) in table.columns.enumerated() {
      let align = index == 0 || index == 3 ? "left" : "right"
      html += "<th style=\"\(cell)text-align:\(align);color:#555555;\">\(escape(column))</th>"
    }
    html += "</tr>\n"
    for row in table.rows {
      let indented = row.label.hasPrefix("  ")
      let label = indented ? String(row.label.dropFirst(2)) : row.label
      let labelStyle = indented ? "padding-left:24px;color:#555555;" : ""
      html += "<tr><td style=\"\(cell)text-align:left;\(labelStyle)\">\(escape(label))</td>"
      html +=
        "<td style=\"\(cell)text-align:right;white-space:nowrap;\">\(escape(row.current))</td>"
      html +=
        "<td style=\"\(cell)text-align:right;white-space:nowrap;\">\(escape(row.previous))</td>"
      html +=
        "<td style=\"\(cell)text-align:left;white-space:nowrap;\">\(escape(row.change))</td></tr>\n"
    }
    return html + "</table>\n"
  }

  /// Horizontal bars, one per annual row: male and female stacked where both are known, the
  /// total otherwise; a row whose total is not computable shows "n/a", never an empty bar.
  static func chart(_ rows: [AnnualArrivals]) -> String {
    guard !rows.isEmpty else { return "" }
    let largest = rows.compactMap(\.total.value).max() ?? 0
    let small = "\(font)font-size:13px;line-height:18px;"
    var html = """
      <h2 style="margin:0 0 8px 0;\(font)font-size:16px;line-height:22px;color:#111111;">Arrivals by year</h2>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:0 0 8px 0;">

      """
    for row in rows {
      var label = row.label
      if !row.isComplete, row.total.isKnown, let first = row.span.first {
        let last = row.span.last
        if first.year == last.year && last.year == row.lastYear {
          let months =
            first == last
            ? Words.shortMonthName(first)
            : "\(Words.shortMonthName(first))-\(Words.shortMonthName(last))"
          label += " (\(months))"
        } else {
          label += " (\(Words.shortWindow(.months(first, last))))"
        }
      }
      html +=
        "<tr><td style=\"padding:2px 8px 2px 0;\(small)white-space:nowrap;\">\(escape(label))</td>\n"
      html += "<td width=\"100%\" style=\"width:100%;padding:2px 0;\">"
      if let total = row.total.value {
        var segments: [(value: Int, colour: String, title: String)] = []
        if let male = row.male.value, let female = row.female.value {
          segments = [(male, maleColour, "men"), (female, femaleColour, "women")]
        } else {
          segments = [(total, totalColour, "total")]
        }
        html += bar(segments, largest: largest)
        html +=
          "</td>\n<td style=\"padding:2px 0 2px 8px;\(small)text-align:right;white-space:nowrap;\">\(escape(NumberText.grouped(total)))</td></tr>\n"
      } else {
        html += "<span style=\"\(small)color:#888888;font-style:italic;\">n/a</span>"
        html +=
          "</td>\n<td style=\"padding:2px 0 2px 8px;\(small)text-align:right;white-space:nowrap;color:#888888;\">n/a</td></tr>\n"
      }
    }
    html += "</table>\n"
    html += """
      <p style="margin:0 0 16px 0;\(font)font-size:12px;line-height:18px;color:#666666;"><span style="color:\(maleColour);">&#9632;</span> men &nbsp; <span style="color:\(femaleColour);">&#9632;</span> women &nbsp; <span style="color:\(totalColour);">&#9632;</span> total (sex not given) &nbsp; n/a: not computable from the data</p>

      """
    return html
  }

  /// A bar as a one-row table whose cells have CSS widths in per-mille of `largest`.
  static func bar(_ segments: [(value: Int, colour: String, title: String)], largest: Int) -> String
  {
    var cells = ""
    var used = 0
    for segment in segments where largest > 0 && segment.value > 0 {
      let width = min(1000 - used, Int((Double(segment.value) * 1000 / Double(largest)).rounded()))
      guard width > 0 else { continue }
      used += width
      cells +=
        "<td title=\"\(escape(segment.title))\" style=\"width:\(NumberText.fixedPoint(width, places: 1, trimZeros: false))%;"
        + "height:14px;background-color:\(segment.colour);font-size:0;line-height:0;\">&nbsp;</td>"
    }
    if used < 1000 {
      cells +=
        "<td style=\"width:\(NumberText.fixedPoint(1000 - used, places: 1, trimZeros: false))%;"
        + "height:14px;font-size:0;line-height:0;\">&nbsp;</td>"
    }
    return
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;\"><tr>"
      + cells + "</tr></table>"
  }

  /// Escapes text for HTML element content and attribute values.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
