import Foundation
import NKPeriods

/// Which published report a new one is compared with, and whether the period's folder is a
/// report at all.
extension StagedReport {
  /// The report this one is compared with: the published version of the same period when
  /// this run revises it, otherwise the newest report of an earlier period. Revisions
  /// (`PERIOD.rev-N`), staging folders and folders that are no report are passed over; `nil`
  /// when there is none.
  public var earlierReport: URL? {
    if Self.isReport(target) { return target }
    guard let period = YearMonth.parse(target.lastPathComponent) else { return nil }
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: publisher.reportsDirectory.path)) ?? []
    let earlier = names.compactMap { name -> (YearMonth, URL)? in
      guard let folder = ReportListing.reportFolderName(name), folder.revision == nil,
        let month = YearMonth.parse(folder.period), month < period
      else { return nil }
      let url = publisher.reportsDirectory.appendingPathComponent(name)
      return Self.isReport(url) ? (month, url) : nil
    }
    return earlier.max { $0.0 < $1.0 }?.1
  }

  /// The name the published version of the period keeps should this run revise it
  /// (`2018-11.rev-2`): a comparison with it names it so, as it will be found afterwards.
  public var revisionName: String { publisher.nextRevisionName(for: target.lastPathComponent) }

  /// When this run revises its period: the report the published version was compared with
  /// (its run.json's `comparison.earlier_report`), if still in the reports folder. A rerun
  /// that revises nothing the published version stated is compared with this one instead,
  /// so that it says what the published version said and is unchanged.
  public var publishedBaseline: URL? {
    guard Self.isReport(target),
      let data = try? Data(contentsOf: target.appendingPathComponent(Publisher.manifestName)),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let comparison = json["comparison"] as? [String: Any],
      let name = comparison["earlier_report"] as? String,
      name != target.lastPathComponent, !name.contains("/"), !name.hasPrefix(".")
    else { return nil }
    let url = publisher.reportsDirectory.appendingPathComponent(name)
    return Self.isReport(url) ? url : nil
  }

  /// A folder some run of nkreport published: a directory (not a link) holding `run.json`,
  /// `SHA256SUMS` or `summary.csv` (a report whose listing was deleted is still one).
  static func isReport(_ url: URL) -> Bool {
    guard isDirectory(url) else { return false }
    let files = FileManager.default
    return [Publisher.manifestName, Publisher.checksumsName, "summary.csv"].contains {
      files.fileExists(atPath: url.appendingPathComponent($0).path)
    }
  }

  static func isDirectory(_ url: URL) -> Bool {
    guard
      let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
      let type = attributes[.type] as? FileAttributeType
    else { return false }
    return type == .typeDirectory
  }

  /// Refuses a path in the way of the period's folder that is no report (a file, a link, an
  /// empty or foreign folder): publishing over it would pass it off as an earlier version.
  func refuseForeignTarget() throws(PublishError) {
    let files = FileManager.default
    let exists =
      files.fileExists(atPath: target.path)
      || (try? files.destinationOfSymbolicLink(atPath: target.path)) != nil
    guard exists, !Self.isReport(target) else { return }
    let what =
      Self.isDirectory(target)
      ? "a folder that is not a report (no run.json, SHA256SUMS or summary.csv)"
      : "a file or link that is not a report folder"
    throw .cannotWrite(
      path: target.path,
      reason: "\(what) is in the way of the report; move it away and run again")
  }
}
