/// `digest.txt`: title, warnings first, the paragraph, the headline table, arrivals by year,
/// sources, and where every report is listed. Wrapped at 72 columns, `\n` line ends. ASCII
/// except where it carries text from the inputs or the settings.
enum DigestText {
  static let width = 72

  static func render(_ content: DigestContent, chart: DigestChart, indexURL: String?) -> String {
    var lines: [String] = []
    lines.append(content.title)
    lines.append(String(repeating: "-", count: content.title.count))
    lines.append("")
    for warning in content.warnings {
      lines += Words.wrap("WARNING: " + warning, width: width, indent: "         ")
      lines.append("")
    }
    lines += Words.wrap(content.sentences.joined(separator: " "), width: width)
    lines.append("")
    lines += content.table.textLines
    lines.append("")
    let chartLines = chart.textLines
    if !chartLines.isEmpty { lines += chartLines + [""] }
    if let heading = content.revisionsHeading {
      lines.append(heading)
      lines.append(String(repeating: "-", count: heading.count))
    }
    for line in content.revisionLines {
      lines += Words.wrap(line, width: width, indent: content.revisionsHeading == nil ? "" : "  ")
    }
    lines.append("")
    for line in content.footer { lines += Words.wrap(line, width: width) }
    if let indexURL {
      lines.append("")
      lines.append("Every report: \(indexURL)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
