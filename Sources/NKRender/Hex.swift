/// Lower-case hexadecimal text of bytes (SHA-256 digests in `run.json`, `SHA256SUMS` and the
/// checksums taken as files are written): the one hex helper.
public enum Hex {
  private static let digits = Array("0123456789abcdef".utf8)

  public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
