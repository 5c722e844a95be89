import NKPeriods

enum TableLabels {
  static let labelHeadings: Set<String> = ["구분", "category", "类别", "類別", "区分"]
  static let totalHeadings: Set<String> = ["합계", "계", "총계", "누계", "total", "合计", "合計", "总计"]

  /// The header cell's meaning, or why it has none.
  static func header(_ raw: String) -> Checked<HeaderMeaning, String> {
    let (key, provisional) = HeadingGrammar.stripProvisional(HeadingGrammar.compact(raw))
    let labelParts = slashedParts(key)
    if !labelParts.isEmpty && labelParts.allSatisfy(labelHeadings.contains) {
      return .success(.label)
    }
    let totalParts = slashedParts(key).map(stripUnits)
    if !totalParts.isEmpty && totalParts.allSatisfy(totalHeadings.contains) {
      return .success(.total(provisional: provisional))
    }
    switch HeadingGrammar.parse(raw) {
    case .success(let (heading, provisional)):
      return .success(.period(heading, provisional: provisional))
    case .failure(let reason): return .failure(reason)
    }
  }

  enum RowRole: String, CaseIterable {
    case male, female, total, femaleRatio

    var displayName: String {
      switch self {
      case .male: return "Male (남)"
      case .female: return "Female (여)"
      case .total: return "Total (합계)"
      case .femaleRatio: return "Female ratio (여성비율)"
      }
    }
  }

  static let rowLabels: [RowRole: Set<String>] = [
    .male: ["남", "남자", "남성", "male", "males", "men", "男", "男性"],
    .female: ["여", "여자", "여성", "female", "females", "women", "女", "女性"],
    .total: ["합계", "계", "총계", "total", "合计", "合計", "总计"],
    .femaleRatio: [
      "여성비율", "여성비중", "여성비율(%)", "femaleratio", "femaleshare", "shareofwomen", "ratiooffemales",
      "女性比例", "女性比率", "女性占比",
    ],
  ]

  /// The row a label cell names: `남(명)`, `Male`, `男`, `합계(명)`, `Female ratio`, `여성비율`,
  /// with or without a unit and with alternatives split by `/` (`남(명) / Male`).
  static func row(_ raw: String) -> RowRole? {
    let parts = slashedParts(normalised(raw).lowercased())
    var found: RowRole?
    for part in parts {
      let key = stripUnits(part).filter { $0 != " " }
      guard let role = rowLabels.first(where: { $0.value.contains(key) })?.key else { return nil }
      if let found, found != role { return nil }
      found = role
    }
    return found
  }

  /// Surrounding spaces trimmed, curly apostrophes and full-width brackets made ASCII, runs
  /// of inner spaces removed before brackets.
  static func normalised(_ raw: String) -> String {
    var text = ""
    for character in raw.trimmingSpaces {
      switch character {
      case "’", "‘", "`", "´", "＇", "′": text.append("'")
      case "（": text.append("(")
      case "）": text.append(")")
      case "\u{00A0}", "\u{3000}", "\n", "\r", "\t": text.append(" ")
      default: text.append(character)
      }
    }
    // "'20.09 (잠정)" and "'20.09(잠정)" read the same.
    while let range = text.range(of: " (") { text.replaceSubrange(range, with: "(") }
    while let range = text.range(of: "  ") { text.replaceSubrange(range, with: " ") }
    return text
  }

  /// A unit in brackets at the end (`(명)`, `(名)`, `(persons)`, `(%)`) removed.
  static func stripUnits(_ text: String) -> String {
    var result = text
    for unit in ["(명)", "(名)", "(人)", "(persons)", "(people)", "(%)", "(단위:명)"]
    where result.hasSuffix(unit) {
      result = String(result.dropLast(unit.count))
    }
    return result.trimmingSpaces
  }

  static func slashedParts(_ text: String) -> [String] {
    text.split(separator: "/").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
