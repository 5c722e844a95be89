import Foundation

/// Why rendering failed. `invalidMailAddress`, `noRecipients` and `headerInjection` are usage
/// errors (the CLI maps them to exit 64); `io` is an output error (exit 73).
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A file could not be created, written, read or closed.
  case io(path: String, reason: String)
  /// An address that is not a plausible `local@domain` (optionally `Name <local@domain>`).
  case invalidMailAddress(String)
  /// `mailTo` is empty.
  case noRecipients
  /// A header value (address, subject, version) contains CR, LF or another control character.
  case headerInjection(field: String)
  /// The model breaks an assumption of the renderer (a bug upstream, not bad input).
  case inconsistentModel(String)

  public var description: String {
    switch self {
    case .io(let path, let reason): return "\(path): \(reason)"
    case .invalidMailAddress(let address):
      return "invalid mail address \(QuotedText.quoted(address)): expected local@domain"
    case .noRecipients: return "no mail recipient given"
    case .headerInjection(let field):
      return "\(field) must not contain line breaks or control characters"
    case .inconsistentModel(let detail): return "report model: \(detail)"
    }
  }

}
