/// `text` quoted for a problem message, as Swift's `debugDescription` quotes it (`"a\tb"`),
/// but also escaping what `debugDescription` leaves as it is and a terminal would act on or
/// not show: C1 controls (U+0085 ends a line), line and paragraph separators, format
/// characters (U+FEFF, U+200B). A message is one line, and what it quotes can be seen.
func quotedForMessage(_ text: String) -> String {
  var quoted = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\\": quoted += "\\\\"
    case "\"": quoted += "\\\""
    case "\t": quoted += "\\t"
    case "\n": quoted += "\\n"
    case "\r": quoted += "\\r"
    case "\0": quoted += "\\0"
    default:
      if isInvisible(scalar) {
        quoted += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        quoted.unicodeScalars.append(scalar)
      }
    }
  }
  return quoted + "\""
}

/// Characters that break a line or don't show.
func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.properties.generalCategory {
  case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
    return true
  default: return false
  }
}
