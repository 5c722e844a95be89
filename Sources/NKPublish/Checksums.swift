import Crypto
import Foundation
import NKRender

/// Lower-case hex SHA-256 of a file, read in 1 MiB chunks (reports can be large).
func sha256Hex(ofFile url: URL) throws -> String {
  let handle = try FileHandle(forReadingFrom: url)
  defer { try? handle.close() }
  var hasher = SHA256()
  while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
    hasher.update(data: chunk)
  }
  return Hex.lowercase(hasher.finalize())
}

func sha256Hex(of data: Data) -> String {
  Hex.lowercase(SHA256.hash(data: data))
}

/// `SHA256SUMS` in `sha256sum -c` format: `<hex>  <name>`, sorted by name.
func checksumListing(_ sums: [(name: String, sha256: String)]) -> Data {
  let lines = sums.sorted { $0.name < $1.name }.map { "\($0.sha256)  \($0.name)\n" }
  return Data(lines.joined().utf8)
}
