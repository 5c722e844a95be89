import Foundation
import XlsxWriter

/// Prints the tables (one per size, the sample report, all sizes side by side) and the
/// targets as PASS / FAIL lines.
struct BenchReport {
  let options: BenchCommand
  let python: PythonSetup?

  /// Ratios of two programs' times, `top ÷ bottom`.
  static let ratios: [(title: String, top: MeasureKey, bottom: MeasureKey)] = [
    ("nkreport run / libxlsxwriter (C)", .run, .c),
    ("nkreport run / XlsxWriter wrapper", .run, .swift),
    ("XlsxWriter wrapper / C", .swift, .c),
    ("Python XlsxWriter / nkreport run", .python, .run),
    ("pandas + XlsxWriter / nkreport run", .pandas, .run),
    ("Python XlsxWriter / C", .python, .c),
  ]

  // MARK: Tables

  func printTable(_ size: SizeResult) {
    say("")
    say(
      "nkbench — \(grouped(size.rows)) aid rows (aid.csv \(formatMB(size.aidBytes))), "
        + "\(options.runs) run(s) each, \(ProcessInfo.processInfo.activeProcessorCount) CPUs, "
        + "libxlsxwriter \(Workbook.libraryVersion)"
        + (python.map { ", \($0.versions)" } ?? ""))
    printHeader()
    for m in size.measurements { printRow(m, rows: size.rows) }

    say("")
    say("ratios" + lpad("median wall", 42) + lpad("min wall", 10) + lpad("median cpu", 12))
    for (title, top, bottom) in Self.ratios {
      guard let a = size[top], let b = size[bottom], a.completed, b.completed,
        let aWall = a.medianWall, let bWall = b.medianWall, let aMin = a.minWall,
        let bMin = b.minWall, let aCPU = a.medianCPU, let bCPU = b.medianCPU
      else { continue }
      say(
        "  " + pad(title, 36) + lpad(fixed(aWall / bWall, 2), 10) + lpad(fixed(aMin / bMin, 2), 10)
          + lpad(fixed(aCPU / bCPU, 2), 12))
    }
    if let validate = size[.validate]?.medianWall {
      say("  nkreport validate: \(grouped(Int(Double(size.rows) / validate))) rows/s (median wall)")
    }
  }

  func printSample(_ sample: Measurement) {
    say("")
    say(
      "nkbench — the sample report (\(options.sampleInputs), its default period), "
        + "\(options.sampleRuns) run(s) after a warm-up")
    printHeader()
    printRow(sample, rows: nil)
  }

  /// Every size side by side: median wall of each program, then the ratios and peak RSS of
  /// `nkreport run`.
  func printSummary(_ sizes: [SizeResult]) {
    say("")
    say(pad("all sizes: median wall s", 38) + sizes.map { lpad(grouped($0.rows), 12) }.joined())
    func line(_ title: String, _ value: (SizeResult) -> String?) {
      let cells = sizes.map { lpad(value($0) ?? "–", 12) }
      say("  " + pad(title, 36) + cells.joined())
    }
    for key in MeasureKey.allCases {
      guard let title = sizes.lazy.compactMap({ $0[key]?.title }).first else { continue }
      line(title) { size in size[key]?.medianWall.map { fixed($0, 2) } }
    }
    for (title, top, bottom) in Self.ratios {
      let values = sizes.map { ratio($0, top, bottom) }
      guard values.contains(where: { $0 != nil }) else { continue }
      line(title) { size in ratio(size, top, bottom).map { fixed($0, 2) } }
    }
    line("nkreport run peak MiB") { size in size[.run]?.maxRSSMiB.map { fixed($0, 1) } }
  }

  private func printHeader() {
    say(
      pad("program", 30) + lpad("median s", 10) + lpad("min s", 9) + lpad("max s", 9)
        + lpad("cpu s", 9) + lpad("peak MiB", 10) + lpad("rows/s", 12) + lpad("output", 11))
  }

  private func printRow(_ m: Measurement, rows: Int?) {
    guard let medianWall = m.medianWall else {
      say(pad(m.title, 30) + "  FAILED: " + (m.failure ?? "no result"))
      return
    }
    let walls = m.walls
    let digits = medianWall < 1 ? 3 : 2
    var line =
      pad(m.title, 30) + lpad(fixed(medianWall, digits), 10)
      + lpad(fixed(walls.first ?? 0, digits), 9) + lpad(fixed(walls.last ?? 0, digits), 9)
      + lpad(fixed(m.medianCPU ?? 0, digits), 9) + lpad(fixed(m.maxRSSMiB ?? 0, 1), 10)
      + lpad(rows.map { grouped(Int((Double($0) / medianWall).rounded())) } ?? "", 12)
      + lpad(m.outputBytes.map(formatMB) ?? "", 11)
    if let failure = m.failure { line += "  (then FAILED: \(failure))" }
    say(line)
  }

  /// Median wall of `top` ÷ that of `bottom`, when both completed.
  private func ratio(_ size: SizeResult, _ top: MeasureKey, _ bottom: MeasureKey) -> Double? {
    guard let a = size[top], let b = size[bottom], a.completed, b.completed,
      let aWall = a.medianWall, let bWall = b.medianWall
    else { return nil }
    return aWall / bWall
  }

  // MARK: Targets

  /// Prints one line per target; returns whether any failed.
  func printTargets(sizes: [SizeResult], sample: Measurement?, notes: [String]) -> Bool {
    let t = options.targets
    var failed = false
    func check(_ pass: Bool, _ text: String) {
      say("  \(pass ? "PASS" : "FAIL")  \(text)")
      if !pass { failed = true }
    }
    say("")
    say("targets (issue 10, DESIGN.md \"Scale\")")

    if let sample {
      if let wall = sample.medianWall, sample.completed, let rss = sample.maxRSSMiB {
        check(
          wall * 1000 <= t.sampleMaxMs,
          "sample report: median wall \(fixed(wall * 1000, 0)) ms ≤ \(fixed(t.sampleMaxMs, 0)) ms")
        check(
          rss <= t.sampleMaxRss,
          "sample report: peak RSS \(fixed(rss, 1)) MiB ≤ \(fixed(t.sampleMaxRss, 0)) MiB")
      } else {
        check(false, "sample report did not complete: \(sample.failure ?? "no result")")
      }
    } else if options.nkreport != nil && options.wanted.contains(.sample) {
      say("  not checked: the sample report (no \(options.sampleInputs) folder)")
    }

    let runs = sizes.compactMap { size in size[.run].map { (size, $0) } }
    if runs.isEmpty {
      say("  not checked: `nkreport run` was not measured")
    }
    for (size, run) in runs {
      let label = "\(grouped(size.rows)) rows:"
      guard run.completed, let job = run.medianWall else {
        check(false, "\(label) nkreport run did not complete: \(run.failure ?? "no result")")
        continue
      }
      let rss = run.maxRSSMiB ?? 0
      check(
        rss <= t.maxRss,
        "\(label) peak RSS of nkreport run \(fixed(rss, 1)) MiB (max of \(run.results.count)) "
          + "≤ \(fixed(t.maxRss, 0)) MiB")
      let c = size[.c].flatMap { $0.completed ? $0.medianWall : nil }
      if size.rows >= t.ratioFromRows {
        let wrapper = size[.swift].flatMap { $0.completed ? $0.medianWall : nil }
        if let reference = c ?? wrapper {
          let name = c != nil ? "libxlsxwriter alone (C)" : "XlsxWriter wrapper (no C baseline)"
          let ratio = job / reference
          check(
            ratio <= t.maxRatio,
            "\(label) nkreport run ÷ \(name) \(fixed(ratio, 2)) ≤ \(fixed(t.maxRatio, 2))")
          say(
            "  info  \(label) stretch \(fixed(t.stretchRatio, 2)) "
              + (ratio <= t.stretchRatio ? "met" : "not met") + " (\(fixed(ratio, 2)))")
        } else {
          check(false, "\(label) time ratio: no baseline measured (use --measure with c or swift)")
        }
      }
      for (key, minimum) in [
        (MeasureKey.python, t.minPythonSpeedup), (.pandas, t.minPandasSpeedup),
      ] {
        guard let other = size[key], other.completed, let wall = other.medianWall else { continue }
        let speedup = wall / job
        check(
          speedup >= minimum,
          "\(label) nkreport run \(fixed(speedup, 2)) × faster than \(other.title) "
            + "≥ \(fixed(minimum, 1)) ×")
        // The speed-up is against another program, whose pace relative to C moves with the
        // CPU (Python ÷ C was 6.1 × when the target was set, 4.0–4.6 × on a later machine):
        // say when even the C program alone would miss it, so a FAIL is read for what it is.
        if speedup < minimum, let c {
          let cSpeedup = wall / c
          say(
            "  info  \(label) libxlsxwriter alone (C) is \(fixed(cSpeedup, 2)) × faster than "
              + "\(other.title) on this machine; the target asks nkreport run for "
              + "≤ \(fixed(cSpeedup / minimum, 2)) × C here")
        }
      }
    }
    if runs.contains(where: { $0.0.rows >= t.ratioFromRows }) == false && !runs.isEmpty {
      say("  not checked: nkreport run ÷ C (no size of \(grouped(t.ratioFromRows)) rows or more)")
    }
    let completed = runs.filter { $0.1.completed }
    if let smallest = completed.first, let largest = completed.last,
      largest.0.rows > smallest.0.rows, let small = smallest.1.medianWall,
      let large = largest.1.medianWall
    {
      let growth = large / small
      let bound = t.maxGrowth * Double(largest.0.rows) / Double(smallest.0.rows)
      check(
        growth <= bound,
        "growth of nkreport run \(grouped(smallest.0.rows)) → \(grouped(largest.0.rows)) rows "
          + "\(fixed(growth, 2)) × ≤ \(fixed(bound, 2)) × (\(fixed(t.maxGrowth, 2)) × the rows)")
    } else if !runs.isEmpty {
      say("  not checked: growth (needs nkreport run at two sizes or more)")
    }

    for size in sizes {
      for m in size.measurements where m.key != .run && m.failure != nil {
        check(false, "\(grouped(size.rows)) rows: \(m.title) did not complete: \(m.failure ?? "")")
      }
    }
    for note in notes { say("  note: \(note)") }
    return failed
  }
}
