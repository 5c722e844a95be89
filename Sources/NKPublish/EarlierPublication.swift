import Foundation

/// A published folder: what its `run.json` says it holds, and what it really holds.
struct EarlierPublication {
  var contentSHA256: String?
  /// SHA-256 of each report file as `run.json` lists them.
  var listedOutputs: [String: String] = [:]
  /// SHA-256 of each report file now in the folder (besides run.json and SHA256SUMS).
  var presentOutputs: [String: String] = [:]
  /// The figures its `run.json` gives, by metric name.
  var figures: [String: ManifestFigure] = [:]
  /// What `run.json` says about the earlier report it replaced, if anything.
  var revision: Revision?
  /// `SHA256SUMS` as it is, and as it must be for the `run.json` there now.
  private var checksums: Data?
  private var expectedChecksums: Data?

  /// Files in a report folder that are not report files: the listings themselves, the
  /// delivery record and hidden temporary files (`.delivery.json.PID.tmp`).
  static func isReportFile(_ name: String) -> Bool {
    ![Publisher.manifestName, Publisher.checksumsName, Publisher.deliveryRecordName].contains(name)
      && !name.hasPrefix(".")
  }

  init(folder: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names where Self.isReportFile(name) {
      presentOutputs[name] = try? sha256Hex(ofFile: folder.appendingPathComponent(name))
    }
    checksums = try? Data(contentsOf: folder.appendingPathComponent(Publisher.checksumsName))
    guard let data = try? Data(contentsOf: folder.appendingPathComponent(Publisher.manifestName)),
      let manifest = try? JSONDecoder().decode(EarlierRunManifest.self, from: data)
    else { return }
    contentSHA256 = manifest.contentSHA256
    listedOutputs = manifest.outputs ?? [:]
    figures = manifest.figures ?? [:]
    revision = manifest.revision
    var listed = listedOutputs
    listed[Publisher.manifestName] = sha256Hex(of: data)
    expectedChecksums = checksumListing(listed.map { ($0.key, $0.value) })
  }

  /// The files are still the ones `run.json` lists (none edited, added or deleted).
  var isIntact: Bool { !listedOutputs.isEmpty && listedOutputs == presentOutputs }

  /// `SHA256SUMS` is there and lists exactly the report files and this `run.json`.
  var isListingIntact: Bool { checksums != nil && checksums == expectedChecksums }
}
