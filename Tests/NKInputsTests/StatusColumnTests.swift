import Foundation
import NKInputs
import Testing

/// The optional `status` column of arrivals.csv and checkpoints.csv: final (the default, a
/// blank cell or no column) or provisional, validated like every other column.
@Suite("The status column")
struct StatusColumnTests {
  @Test func arrivalsCarryTheirStatusBlankIsFinalAndNoColumnIsFinal() throws {
    let dataset = try load([
      "arrivals.csv":
        "period,male,female,total,note,status\n2024,26,210,236,,final\n2025,26,198,224,,\n2026-01..2026-03,3,40,43,,provisional\n"
    ])
    #expect(dataset.problems.isEmpty)
    #expect(dataset.arrivals.map(\.status) == [.final, .final, .provisional])
    let without = try load(["arrivals.csv": "period,male,female\n2025,26,198\n"])
    #expect(without.arrivals.map(\.status) == [.final])
  }

  @Test(arguments: [
    ("Provisional", "must be lower case: write provisional"),
    ("maybe", "must be final or provisional"),
    ("잠정", "must be final or provisional"),
  ])
  func anyOtherStatusIsAProblemNamingTheCell(_ value: String, _ reason: String) throws {
    let dataset = try load([
      "arrivals.csv":
        "period,male,female,status\n2025,26,198,final\n2026-01..2026-03,3,40,\(value)\n"
    ])
    #expect(dataset.problems.count == 1)
    let problem = try #require(dataset.problems.first)
    #expect(problem.file == "arrivals.csv")
    #expect(problem.line == 3)
    #expect(problem.column == "status")
    #expect(problem.value == value)
    #expect(problem.reason == reason)
    #expect(dataset.arrivals.count == 1)
  }

  @Test func checkpointsCarryTheirStatusToo() throws {
    let dataset = try load([
      "arrivals.csv": minimalArrivals,
      "checkpoints.csv":
        "date,residents,source,measure,status\n2025-12-31,34538,MOU,cumulative_arrivals,\n2026-03-31,34581,MOU,cumulative_arrivals,provisional\n2026-06-30,1,MOU,,later\n",
    ])
    #expect(dataset.checkpoints.map(\.status) == [.final, .provisional])
    let problem = try #require(dataset.problems.first { $0.file == "checkpoints.csv" })
    #expect(problem.line == 4)
    #expect(problem.column == "status")
    #expect(problem.reason == "must be final or provisional")
  }
}
