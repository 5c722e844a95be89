import NKSummary

/// `digest.html`: the digest's content as an e-mail-safe HTML document — table layout, inline
/// CSS only, no scripts, no external images or fonts. All text is escaped.
enum DigestHTML {
  static let font = "font-family:Arial,Helvetica,sans-serif;"
  static let maleColour = "#2f6690"
  static let femaleColour = "#d1495b"
  static let totalColour = "#6c757d"
  /// Lighter shades for a bar that covers only part of its year.
  static let partialMaleColour = "#9db7cc"
  static let partialFemaleColour = "#e8a3ac"
  static let partialTotalColour = "#b9bdc1"

  static func render(_ content: DigestContent, chart: DigestChart, indexURL: String?) -> String {
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
      <tr><td align="center" style="padding:8px 4px;">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background-color:#ffffff;\(font)font-size:15px;line-height:22px;color:#222222;">
      <tr><td style="padding:16px;">
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
    html += render(chart)
    if let heading = content.revisionsHeading {
      html +=
        "<p style=\"margin:0 0 6px 0;\(font)font-size:15px;line-height:22px;color:#222222;font-weight:bold;\">\(escape(heading))</p>\n"
    }
    for line in content.revisionLines {
      html +=
        "<p style=\"margin:0 0 6px 0;\(font)font-size:14px;line-height:20px;color:#222222;\">\(escape(line))</p>\n"
    }
    if let indexURL {
      html +=
        "<p style=\"margin:0 0 12px 0;\(font)font-size:14px;line-height:20px;color:#222222;\">Every report, with earlier versions: <a href=\"\(escape(indexURL))\" style=\"color:#1a5c8a;\">\(escape(indexURL))</a></p>\n"
    }
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
    let cell = "\(font)padding:4px 5px;border-bottom:1px solid #e5e5e5;font-size:14px;"
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
      let labelStyle = indented ? "padding-left:18px;color:#555555;" : ""
      html +=
        "<tr><td style=\"\(cell)text-align:left;\(labelStyle)\">\(escape(label))</td>"
      html +=
        "<td style=\"\(cell)text-align:right;white-space:nowrap;\">\(escape(row.current))</td>"
      html +=
        "<td style=\"\(cell)text-align:right;white-space:nowrap;\">\(escape(row.previous))</td>"
      html +=
        "<td style=\"\(cell)text-align:left;\">\(escape(row.change))</td></tr>\n"
    }
    return html + "</table>\n"
  }

  /// Horizontal bars, one per row of the annual table, oldest first: men and women stacked
  /// where both are known, the total otherwise; lighter where the row is part of a year. Thin
  /// rows, so the whole series fits a phone's screen. A row whose total is not computable is a
  /// gap with its reason, never an empty (zero) bar.
  static func render(_ chart: DigestChart) -> String {
    guard !chart.rows.isEmpty else { return "" }
    let small = "\(font)font-size:12px;line-height:14px;"
    var html = """
      <h2 style="margin:0 0 8px 0;\(font)font-size:16px;line-height:22px;color:#111111;">Arrivals by year</h2>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:0 0 6px 0;">

      """
    for row in chart.rows {
      var label = escape(row.label)
      if let note = row.note {
        label += " <span style=\"color:#777777;\">\(escape(note))</span>"
      }
      html +=
        "<tr><td style=\"padding:1px 8px 1px 0;\(small)white-space:nowrap;color:#333333;\">\(label)</td>"
      html += "<td width=\"100%\" style=\"width:100%;padding:1px 0;\">"
      if let total = row.total {
        var segments: [(value: Int, colour: String, title: String)]
        if let male = row.male, let female = row.female {
          segments = [
            (male, row.isPartial ? partialMaleColour : maleColour, "men"),
            (female, row.isPartial ? partialFemaleColour : femaleColour, "women"),
          ]
        } else {
          segments = [(total, row.isPartial ? partialTotalColour : totalColour, "total")]
        }
        html += bar(segments, largest: chart.largest)
        html +=
          "</td><td style=\"padding:1px 0 1px 8px;\(small)text-align:right;white-space:nowrap;\">\(escape(NumberText.grouped(total)))</td></tr>\n"
      } else {
        let reason = row.reason ?? "no reason given"
        html +=
          "<span style=\"\(font)font-size:11px;line-height:13px;color:#777777;font-style:italic;\">not computable: \(escape(reason))</span>"
        html +=
          "</td><td style=\"padding:1px 0 1px 8px;\(small)text-align:right;white-space:nowrap;color:#777777;\">n/a</td></tr>\n"
      }
    }
    html += "</table>\n"
    var key = [
      "<span style=\"color:\(maleColour);\">&#9632;</span> men",
      "<span style=\"color:\(femaleColour);\">&#9632;</span> women",
      "<span style=\"color:\(totalColour);\">&#9632;</span> total (sex not given)",
    ]
    if chart.hasPartialRow {
      key.append(
        "<span style=\"color:\(partialTotalColour);\">&#9632;</span> lighter: part of a year (the months named)"
      )
    }
    if chart.hasSpanRow { key.append("a span of years is one bar for all its years") }
    if chart.hasGap { key.append("n/a: not computable from the data") }
    html += """
      <p style="margin:0 0 16px 0;\(font)font-size:12px;line-height:18px;color:#666666;">\(key.map { "<span style=\"white-space:nowrap;\">\($0)</span>" }.joined(separator: " &nbsp; "))</p>

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
        + "height:10px;background-color:\(segment.colour);font-size:0;line-height:0;\">&nbsp;</td>"
    }
    if used < 1000 {
      cells +=
        "<td style=\"width:\(NumberText.fixedPoint(1000 - used, places: 1, trimZeros: false))%;"
        + "height:10px;font-size:0;line-height:0;\">&nbsp;</td>"
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
