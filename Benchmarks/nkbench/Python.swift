import Foundation

/// The Python interpreter and the two Python programs (Benchmarks/python/), as far as they can
/// run here: a missing module skips its program with a note, never fails the benchmark.
struct PythonSetup {
  var executable: String
  /// "Python 3.11.7, XlsxWriter 3.3.1, pandas 3.1.1" (what was found).
  var versions: String
  /// xlsxwriter_cells.py, when xlsxwriter imports.
  var cellsScript: String?
  /// pandas_aid_report.py, when xlsxwriter and pandas import.
  var pandasScript: String?
  /// Why a program is skipped.
  var missing: [String] = []

  static let installHint =
    "`make bench` installs them into .build/bench-python (Benchmarks/python/install.sh)"

  /// Finds `given` (a path, or a name looked up in PATH) and asks it which modules it has.
  static func find(_ given: String, scripts: String, logs: String) -> Result<
    PythonSetup, BenchError
  > {
    guard let executable = lookUp(given) else {
      return .failure(BenchError("no Python interpreter '\(given)' (--python); \(installHint)"))
    }
    // One line: the versions of Python, xlsxwriter and pandas ("" for a module that is missing).
    let probe = """
      import importlib, sys
      def version(name):
          try:
              return importlib.import_module(name).__version__
          except Exception:
              return ""
      print("%d.%d.%d|%s|%s" % (sys.version_info[:3] + (version("xlsxwriter"), version("pandas"))))
      """
    let log = logs + "/python-probe.log"
    do {
      let result = try runChild([executable, "-c", probe], logPath: log)
      let fields =
        tail(of: log, lines: 1).first?.split(separator: "|", omittingEmptySubsequences: false)
        .map(String.init) ?? []
      guard result.succeeded, fields.count == 3 else {
        return .failure(BenchError("\(executable) \(result.statusText) (log \(log))"))
      }
      var setup = PythonSetup(executable: executable, versions: "Python \(fields[0])")
      let xlsxwriter = fields[1]
      let pandas = fields[2]
      if !xlsxwriter.isEmpty { setup.versions += ", XlsxWriter \(xlsxwriter)" }
      if !pandas.isEmpty { setup.versions += ", pandas \(pandas)" }
      let cells = scripts + "/xlsxwriter_cells.py"
      let report = scripts + "/pandas_aid_report.py"
      if xlsxwriter.isEmpty {
        setup.missing.append(
          "Python XlsxWriter and pandas + XlsxWriter skipped: \(executable) has no xlsxwriter; \(installHint)"
        )
      } else {
        setup.cellsScript = cells
        if pandas.isEmpty {
          setup.missing.append(
            "pandas + XlsxWriter skipped: \(executable) has no pandas; \(installHint)")
        } else {
          setup.pandasScript = report
        }
      }
      for script in [setup.cellsScript, setup.pandasScript].compactMap({ $0 })
      where !FileManager.default.fileExists(atPath: script) {
        return .failure(BenchError("no \(script) (run from the repository root)"))
      }
      return .success(setup)
    } catch {
      return .failure(error)
    }
  }

  /// An absolute path for `name`: itself when it holds a slash, else the first match in PATH
  /// (the measure helper execs without a PATH search).
  private static func lookUp(_ name: String) -> String? {
    let files = FileManager.default
    if name.contains("/") {
      let path = absolutePath(name)
      return files.isExecutableFile(atPath: path) ? path : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") where !folder.isEmpty {
      let candidate = absolutePath(String(folder)) + "/" + name
      if files.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
