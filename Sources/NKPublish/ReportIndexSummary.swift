import Foundation
import NKPeriods

/// What `index.html` shows of one report, read from its own `run.json` (and its delivery
/// record): the period, the headline figures as published, its warnings, what a revision
/// changed, and the files it holds. `run.json` gives a figure that is not computable as `null`;
/// the reason is in its warnings, which the page lists.
struct ReportSummary: Equatable {
  var period: YearMonth
  var window: Period?
  var previousWindow: Period?
  var dataThrough: YearMonth?
  /// summary.csv's metrics by name, as `run.json` gives them.
  var figures: [String: ManifestFigure]
  /// The report files `run.json` lists, by name.
  var files: [String]
  var revision: Revision?
  /// The report's warnings, as its digest gives them first (they carry the reasons that
  /// figures are not computable).
  var warnings: [String]
  /// `true` when the digest was mailed, with the day of the first successful attempt;
  /// `nil` when nothing has been attempted (or the record cannot be read).
  var delivery: Delivery?

  struct Delivery: Equatable {
    var delivered: Bool
    /// `2026-12-02`.
    var day: String?
  }

  /// Reads `folder/run.json`; fails with a reason a reader can act on when there is none, it
  /// cannot be read, is no JSON object, or describes another period.
  static func read(folder: URL, period: String) -> Result<ReportSummary, ReportListing.Unreadable> {
    let url = folder.appendingPathComponent(Publisher.manifestName)
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      let missing = !FileManager.default.fileExists(atPath: url.path)
      return .failure(
        .init(
          reason: missing
            ? "it has no run.json"
            : "its run.json cannot be read (\(Publisher.reason(error)))"))
    }
    guard let manifest = try? JSONDecoder().decode(IndexedRunManifest.self, from: data) else {
      return .failure(.init(reason: "its run.json is not a JSON object"))
    }
    guard let described = manifest.period.flatMap(YearMonth.parse) else {
      return .failure(.init(reason: "its run.json names no report period"))
    }
    guard described.description == period else {
      return .failure(
        .init(reason: "its run.json describes the report for \(described), not \(period)"))
    }
    return .success(
      ReportSummary(
        period: described,
        window: manifest.window.flatMap { try? Period.parse($0).get() },
        previousWindow: manifest.previousWindow.flatMap { try? Period.parse($0).get() },
        dataThrough: manifest.dataThrough.flatMap(YearMonth.parse),
        figures: manifest.figures ?? [:],
        files: (manifest.outputs ?? [:]).keys.filter(EarlierPublication.isReportFile).sorted(),
        revision: manifest.revision, warnings: manifest.warnings ?? [],
        delivery: Self.delivery(folder: folder)))
  }

  /// The delivery record `nkreport send` writes beside the report, read leniently.
  static func delivery(folder: URL) -> Delivery? {
    guard
      let data = try? Data(
        contentsOf: folder.appendingPathComponent(Publisher.deliveryRecordName)),
      let record = try? JSONDecoder().decode(IndexedDeliveryRecord.self, from: data)
    else { return nil }
    let delivered = record.delivered ?? false
    let first = record.attempts?.first {
      $0.sendmailExit == 0 && $0.error == nil && $0.time != nil
    }
    return Delivery(
      delivered: delivered, day: delivered ? first?.time.map { String($0.prefix(10)) } : nil)
  }

  /// A count figure, when it is one.
  func count(_ metric: String) -> Int? {
    guard case .number(let number)? = figures[metric] else { return nil }
    return Int(number.description)
  }

  /// A money figure, when it is one.
  func amount(_ metric: String) -> Decimal? {
    guard case .number(let number)? = figures[metric] else { return nil }
    return number
  }

  /// A fraction figure (written as a JSON number).
  func fraction(_ metric: String) -> Double? {
    switch figures[metric] {
    case .number(let number)?: return Double(number.description)
    case .fraction(let fraction)?: return fraction
    default: return nil
    }
  }

  /// The workbook, the digest and the CSV tables, in that order (each group by name).
  var workbook: String? { files.first { $0.hasSuffix(".xlsx") } }
  var digest: String? { files.first { $0 == "digest.html" } }
  var csvFiles: [String] { files.filter { $0.hasSuffix(".csv") } }
}

/// The parts of `run.json` the index shows, read leniently: a field that is missing or
/// malformed is `nil` and costs none of the others.
private struct IndexedRunManifest: Decodable {
  var period: String?
  var window: String?
  var previousWindow: String?
  var dataThrough: String?
  var figures: [String: ManifestFigure]?
  var outputs: [String: String]?
  var revision: Revision?
  var warnings: [String]?

  private struct Warning: Decodable {
    var message: String?
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: RunManifest.CodingKeys.self)
    period = try? container.decodeIfPresent(String.self, forKey: .period)
    window = try? container.decodeIfPresent(String.self, forKey: .window)
    previousWindow = try? container.decodeIfPresent(String.self, forKey: .previousWindow)
    dataThrough = try? container.decodeIfPresent(String.self, forKey: .dataThrough)
    figures = try? container.decodeIfPresent([String: ManifestFigure].self, forKey: .figures)
    outputs = try? container.decodeIfPresent([String: String].self, forKey: .outputs)
    revision = try? container.decodeIfPresent(Revision.self, forKey: .revision)
    warnings = (try? container.decodeIfPresent([Warning].self, forKey: .warnings))?.map {
      $0.message ?? "(a warning without a message)"
    }
  }
}

/// `delivery.json` as the index reads it (NKDeliver writes it; this module cannot see it).
private struct IndexedDeliveryRecord: Decodable {
  struct Attempt: Decodable {
    var time: String?
    var sendmailExit: Int32?
    var error: String?

    enum CodingKeys: String, CodingKey {
      case time, error
      case sendmailExit = "sendmail_exit"
    }
  }

  var delivered: Bool?
  var attempts: [Attempt]?
}
