import Foundation
import NKRender

extension ReportRenderer: PublishableReport {
  public func figures(in folder: URL) -> [String: String] { Self.figures(in: folder) }

  public func isTemporary(_ renderError: any Error) -> Bool {
    Self.isTemporaryFailure(renderError)
  }

  public func runManifest(_ publication: Publication) throws -> Data {
    try runManifest(
      outputs: publication.outputs, contentSHA256: publication.contentSHA256,
      revision: publication.revision.map { revision in
        (
          revision.previous, revision.changedFiles,
          revision.changedFigures.map { ($0.metric, $0.previous, $0.current) }
        )
      })
  }
}
