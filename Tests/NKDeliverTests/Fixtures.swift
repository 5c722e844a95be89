import Foundation
import NKDurableFiles
import NKPublish

@testable import NKDeliver

/// A report folder as `nkreport run` publishes it, with a digest.eml of the same structure:
/// multipart/mixed of a multipart/alternative and the base64 workbook.
struct ReportFolderFixture {
  let reports: URL
  let period: String
  let workbook: Data

  init(period: String = "2018-11", workbookBytes: Int = 3000, revision: Bool = false) throws {
    reports = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nkdeliver-\(UUID().uuidString)")
    self.period = period
    workbook = Data((0..<workbookBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    try write(revision: revision)
  }

  var folder: URL { reports.appendingPathComponent(period) }

  func write(revision: Bool) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try workbook.write(to: folder.appendingPathComponent("nkreport-\(period).xlsx"))
    try Self.message(period: period, workbook: workbook).write(
      to: folder.appendingPathComponent("digest.eml"))
    let manifest =
      revision
      ? "{\"revision\":{\"previous\":\"\(period).rev-1\",\"changed_files\":[],\"changed_figures\":[]}}"
      : "{\"revision\":null}"
    try Data(manifest.utf8).write(to: folder.appendingPathComponent("run.json"))
  }

  func remove() { try? FileManager.default.removeItem(at: reports) }

  static func message(period: String, workbook: Data) -> Data {
    let lines = [
      "From: \"NK desk\" <nkreport@example.org>",
      "To: desk@example.org, \"Second Reader\" <second@example.org>",
      "Subject: nkreport: North Korean arrivals and aid, January-November 2018",
      "Date: Sat, 01 Dec 2018 00:00:00 +0000",
      "Message-ID: <0123abcd.\(period)@nkreport.invalid>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed;",
      " boundary=\"=_mixed\"",
      "",
      "This is a multi-part message in MIME format.",
      "",
      "--=_mixed",
      "Content-Type: multipart/alternative;",
      " boundary=\"=_alt\"",
      "",
      "",
      "--=_alt",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Arrivals this year: 1,042",
      "",
      "--=_alt",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "<p>Arrivals this year: 1,042</p>",
      "",
      "--=_alt--",
      "",
      "--=_mixed",
      "Content-Type:",
      " application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;",
      " name=\"nkreport-\(period).xlsx\"",
      "Content-Disposition: attachment;",
      " filename=\"nkreport-\(period).xlsx\"",
      "Content-Transfer-Encoding: base64",
      "",
      workbook.base64EncodedString(options: [
        .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
      ]),
      "",
      "--=_mixed--",
      "",
    ]
    return Data(lines.joined(separator: "\r\n").utf8)
  }
}

/// A stand-in for sendmail: a shell script that saves its arguments and standard input and
/// exits with the status in a control file (or sleeps, to test the timeout).
struct FakeSendmail {
  let folder: URL

  /// `snapshotting`: a file copied as `record-N` while sendmail runs; `extraCommand`: shell
  /// run after the message is taken.
  init(snapshotting: URL? = nil, extraCommand: String = "") throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nkdeliver-sendmail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let snapshot = snapshotting.map { "cp '\($0.path)' \"$dir/record-$n\"" } ?? ""
    let script = """
      #!/bin/sh
      dir=\(folder.path)
      n=$(ls "$dir" | grep -c '^message-' || true)
      echo "$@" > "$dir/arguments-$n"
      cat > "$dir/message-$n"
      \(snapshot)
      \(extraCommand)
      [ -e "$dir/sleep" ] && sleep "$(cat "$dir/sleep")"
      if [ -e "$dir/exit" ]; then echo "sendmail: fatal: refused" >&2; exit "$(cat "$dir/exit")"; fi
      exit 0

      """
    // Written close-on-exec and renamed into place: a process another test spawns meanwhile
    // must not inherit it open for writing, or running it fails with ETXTBSY.
    try DurableFile.write(Data(script.utf8), to: path, permissions: 0o755)
  }

  var path: URL { folder.appendingPathComponent("sendmail") }

  func fail(with status: Int32?) throws {
    let control = folder.appendingPathComponent("exit")
    if let status {
      try Data("\(status)".utf8).write(to: control)
    } else {
      try? FileManager.default.removeItem(at: control)
    }
  }

  func hang(seconds: Int) throws {
    try Data("\(seconds)".utf8).write(to: folder.appendingPathComponent("sleep"))
  }

  /// The messages received, in order.
  var messages: [Data] {
    (0..<100).compactMap { try? Data(contentsOf: folder.appendingPathComponent("message-\($0)")) }
  }

  func arguments(_ index: Int) -> String {
    (try? String(contentsOf: folder.appendingPathComponent("arguments-\(index)"), encoding: .utf8))
      ?? ""
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }
}
