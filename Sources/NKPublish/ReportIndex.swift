import Foundation
import NKDurableFiles
import NKPeriods

/// `Reports/index.html`: the page a reader opens first — every report, newest first, with its
/// headline figures, its earlier versions and links to its files. Built only from what the
/// reports folder holds (each report's own `run.json`, its delivery record), never from the
/// clock, so identical folders give a byte-identical page. Publishing and `nkreport send`
/// rewrite it (an atomic replacement) while they hold the reports folder's lock.
public enum ReportIndex {
  public static let fileName = "index.html"

  /// Lists `reportsDirectory` and replaces its `index.html`. A folder that is not a report, or
  /// whose `run.json` cannot be read, is listed as such; only a failure to write the page
  /// itself throws (callers go on: the reports are published whatever happens to their list).
  public static func rewrite(reportsDirectory: URL) throws(PublishError) {
    let listing = ReportListing(reportsDirectory: reportsDirectory)
    let page = reportsDirectory.appendingPathComponent(fileName)
    do {
      try DurableFile.write(Data(ReportIndexHTML.render(listing).utf8), to: page)
    } catch {
      throw .cannotWrite(path: error.path, reason: error.reason)
    }
  }
}

/// What the reports folder holds, as `index.html` lists it.
struct ReportListing {
  /// One period: its current report and the earlier versions it replaced.
  struct PeriodEntry {
    /// `2018-11`.
    var period: String
    /// The `2018-11` folder; `nil` when only earlier versions are left.
    var current: Version?
    /// `2018-11.rev-N` folders, latest first.
    var earlier: [Version]
  }

  /// A report folder and what its `run.json` says, or why it cannot be read.
  struct Version {
    var folder: String
    var report: Result<ReportSummary, Unreadable>
  }

  struct Unreadable: Error, Equatable {
    var reason: String
  }

  /// Something in the reports folder that is not a report folder.
  struct Other: Equatable {
    var name: String
    var isFolder: Bool
  }

  /// Newest period first.
  var periods: [PeriodEntry]
  /// By name.
  var others: [Other]

  init(periods: [PeriodEntry], others: [Other]) {
    self.periods = periods
    self.others = others
  }

  init(reportsDirectory: URL) {
    let files = FileManager.default
    let names = ((try? files.contentsOfDirectory(atPath: reportsDirectory.path)) ?? []).sorted()
    var current: [String: Version] = [:]
    var earlier: [String: [(number: Int, version: Version)]] = [:]
    var others: [Other] = []
    // Hidden names are the lock, staging folders and temporary files.
    for name in names where !name.hasPrefix(".") && name != ReportIndex.fileName {
      let url = reportsDirectory.appendingPathComponent(name)
      var isFolder: ObjCBool = false
      _ = files.fileExists(atPath: url.path, isDirectory: &isFolder)
      guard isFolder.boolValue, let (period, revision) = Self.reportFolderName(name) else {
        others.append(Other(name: name, isFolder: isFolder.boolValue))
        continue
      }
      let version = Version(folder: name, report: ReportSummary.read(folder: url, period: period))
      if let revision {
        earlier[period, default: []].append((revision, version))
      } else {
        current[period] = version
      }
    }
    periods = Set(current.keys).union(earlier.keys).sorted(by: >).map { period in
      PeriodEntry(
        period: period, current: current[period],
        earlier: (earlier[period] ?? []).sorted { $0.number > $1.number }.map(\.version))
    }
    self.others = others
  }

  /// `2018-11` → (`2018-11`, nil); `2018-11.rev-2` → (`2018-11`, 2); anything else nil.
  static func reportFolderName(_ name: String) -> (period: String, revision: Int?)? {
    let parts = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let period = String(parts[0])
    guard period.utf8.count == 7, let month = YearMonth.parse(period),
      month.description == period
    else { return nil }
    guard parts.count == 2 else { return (period, nil) }
    let suffix = parts[1]
    guard suffix.hasPrefix("rev-"), let number = Int(suffix.dropFirst(4)), number > 0,
      suffix.dropFirst(4).allSatisfy(\.isASCII), String(number) == suffix.dropFirst(4)
    else { return nil }
    return (period, number)
  }
}
