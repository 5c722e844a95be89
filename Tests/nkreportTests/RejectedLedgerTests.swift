import Foundation
import Testing

/// A run that fails on rejected `aid.csv` rows: found only by the pass, after staging. Nothing
/// is published, the staging folder is gone, and the metrics count the ledger's real rows.
@Suite("Rejected aid.csv rows")
struct RejectedLedgerTests {
  @Test func theRunFailsAndTheMetricsCountTheLedgersRejectedRows() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    let ledger = inputs.appendingPathComponent("aid.csv")
    var text = try String(contentsOf: ledger, encoding: .utf8)
    text += "X-1,2018-02-30,Caritas,civic,food,bad day,100,KRW,pending,\n"
    text += "X-2,2018-03-01,Caritas,civic,food,bad amount,lots,KRW,pending,\n"
    try Data(text.utf8).write(to: ledger)
    let rows = text.split(separator: "\n").count - 1

    let result = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--period",
      "2018-11", "--metrics-file", scratch.path("nkreport.prom"),
    ])
    #expect(result.status == 65, "\(result.stderr)")
    #expect(result.stderr.contains("aid.csv:\(rows): "), "\(result.stderr)")
    #expect(scratch.listing("Reports") == [".nkreport.lock"])
    let metrics = try scratch.read("nkreport.prom")
    #expect(metrics.contains("nkreport_input_rows{file=\"aid.csv\"} \(rows)\n"), "\(metrics)")
    #expect(metrics.contains("nkreport_input_rows_rejected{file=\"aid.csv\"} 2\n"), "\(metrics)")
    #expect(metrics.contains("nkreport_last_run_exit_code 65\n"))
  }
}
