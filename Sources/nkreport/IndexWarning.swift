import NKPublish

/// `Reports/index.html` could not be written: the report is published (or the digest
/// delivered) all the same, and the exit status says so, but the operator hears that the page
/// readers open first is out of date, and why.
func warnIndexNotWritten(_ problem: PublishError) {
  printError(
    "nkreport: warning: the reports index was not updated: \(problem)", priority: .warning)
  EventLog.logger.warning("reports index not written", metadata: ["reason": "\(problem)"])
}
