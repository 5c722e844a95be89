internal import CXlsxWriter

/// The formatting of a cell, row or column: a plain value.
///
/// A workbook creates exactly one library format per distinct `CellFormat` value (the library
/// freezes a format once it has been used), so build formats freely and pass them by value.
/// Colours are 24-bit RGB values such as `0xFF0000` for red.
public struct CellFormat: Hashable, Sendable {
  /// Horizontal alignment within the cell.
  public enum HorizontalAlignment: Hashable, Sendable {
    case left, center, right, fill, justify, centerAcross, distributed
  }

  /// Vertical alignment within the cell.
  public enum VerticalAlignment: Hashable, Sendable {
    case top, center, bottom, justify, distributed
  }

  /// Font underline style.
  public enum Underline: Hashable, Sendable {
    case single, double, singleAccounting, doubleAccounting
  }

  /// Cell border line style.
  public enum BorderStyle: Hashable, Sendable {
    case thin, medium, dashed, dotted, thick, double, hair, mediumDashed, dashDot
    case mediumDashDot, dashDotDot, mediumDashDotDot, slantDashDot
  }

  public var bold: Bool
  public var italic: Bool
  public var underline: Underline?
  /// Font size in points, 1–409.
  public var fontSize: Double?
  /// Font name, e.g. "Arial" (at most 127 UTF-8 bytes).
  public var fontName: String?
  /// Font colour as 0xRRGGBB.
  public var fontColor: UInt32?
  /// Solid background fill colour as 0xRRGGBB.
  public var backgroundColor: UInt32?
  /// Excel number format, e.g. `#,##0.00`, `0.0%`, `yyyy-mm-dd` (at most 127 UTF-8 bytes).
  public var numberFormat: String?
  public var horizontalAlignment: HorizontalAlignment?
  public var verticalAlignment: VerticalAlignment?
  public var textWrap: Bool
  /// Indentation level, 0–15 (used with left or right alignment).
  public var indent: Int
  public var topBorder: BorderStyle?
  public var bottomBorder: BorderStyle?
  public var leftBorder: BorderStyle?
  public var rightBorder: BorderStyle?

  /// Creates a format; every property defaults to Excel's default.
  public init(
    bold: Bool = false,
    italic: Bool = false,
    underline: Underline? = nil,
    fontSize: Double? = nil,
    fontName: String? = nil,
    fontColor: UInt32? = nil,
    backgroundColor: UInt32? = nil,
    numberFormat: String? = nil,
    horizontalAlignment: HorizontalAlignment? = nil,
    verticalAlignment: VerticalAlignment? = nil,
    textWrap: Bool = false,
    indent: Int = 0,
    border: BorderStyle? = nil,
    topBorder: BorderStyle? = nil,
    bottomBorder: BorderStyle? = nil,
    leftBorder: BorderStyle? = nil,
    rightBorder: BorderStyle? = nil
  ) {
    self.bold = bold
    self.italic = italic
    self.underline = underline
    self.fontSize = fontSize
    self.fontName = fontName
    self.fontColor = fontColor
    self.backgroundColor = backgroundColor
    self.numberFormat = numberFormat
    self.horizontalAlignment = horizontalAlignment
    self.verticalAlignment = verticalAlignment
    self.textWrap = textWrap
    self.indent = indent
    self.topBorder = topBorder ?? border
    self.bottomBorder = bottomBorder ?? border
    self.leftBorder = leftBorder ?? border
    self.rightBorder = rightBorder ?? border
  }

  /// Sets all four borders to `style` (or removes them with `nil`).
  public mutating func setBorder(_ style: BorderStyle?) {
    topBorder = style
    bottomBorder = style
    leftBorder = style
    rightBorder = style
  }

  /// A copy with `numberFormat` replaced.
  public func withNumberFormat(_ numberFormat: String?) -> CellFormat {
    var copy = self
    copy.numberFormat = numberFormat
    return copy
  }
}

// MARK: Conversion to the library

extension CellFormat {
  /// Checks the values the library would otherwise silently ignore or truncate.
  func validate() throws(XlsxError) {
    if let fontSize, !(1...409).contains(fontSize) {
      throw XlsxError(.invalidArgument, context: "font size \(fontSize) (allowed 1–409)")
    }
    if let fontName {
      try requireNoNul(fontName, "font name")
      if fontName.utf8.count >= 128 {
        throw XlsxError(.stringLength128Exceeded, context: "font name '\(fontName)'")
      }
    }
    if let numberFormat {
      try requireNoNul(numberFormat, "number format")
      if numberFormat.utf8.count >= 128 {
        throw XlsxError(.stringLength128Exceeded, context: "number format '\(numberFormat)'")
      }
    }
    for color in [fontColor, backgroundColor] {
      if let color, color > 0xFF_FFFF {
        throw XlsxError(.invalidArgument, context: "colour \(color) is not 0xRRGGBB")
      }
    }
    if !(0...15).contains(indent) {
      throw XlsxError(.invalidArgument, context: "indent \(indent) (allowed 0–15)")
    }
  }

  /// Applies the value to a fresh library format.
  func apply(to format: UnsafeMutablePointer<lxw_format>) {
    if bold { format_set_bold(format) }
    if italic { format_set_italic(format) }
    if let underline { format_set_underline(format, underline.lxw) }
    if let fontSize { format_set_font_size(format, fontSize) }
    if let fontName { format_set_font_name(format, fontName) }
    if let fontColor { format_set_font_color(format, libraryColor(fontColor)) }
    if let backgroundColor {
      format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
      format_set_bg_color(format, libraryColor(backgroundColor))
    }
    if let numberFormat { format_set_num_format(format, numberFormat) }
    if let horizontalAlignment { format_set_align(format, horizontalAlignment.lxw) }
    if let verticalAlignment { format_set_align(format, verticalAlignment.lxw) }
    if textWrap { format_set_text_wrap(format) }
    if indent > 0 { format_set_indent(format, UInt8(indent)) }
    if let topBorder { format_set_top(format, topBorder.lxw) }
    if let bottomBorder { format_set_bottom(format, bottomBorder.lxw) }
    if let leftBorder { format_set_left(format, leftBorder.lxw) }
    if let rightBorder { format_set_right(format, rightBorder.lxw) }
  }
}

/// The library treats 0x000000 as "unset"; black must be passed as `LXW_COLOR_BLACK`.
func libraryColor(_ rgb: UInt32) -> lxw_color_t {
  rgb == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : lxw_color_t(rgb)
}

extension CellFormat.Underline {
  var lxw: UInt8 {
    switch self {
    case .single: UInt8(LXW_UNDERLINE_SINGLE.rawValue)
    case .double: UInt8(LXW_UNDERLINE_DOUBLE.rawValue)
    case .singleAccounting: UInt8(LXW_UNDERLINE_SINGLE_ACCOUNTING.rawValue)
    case .doubleAccounting: UInt8(LXW_UNDERLINE_DOUBLE_ACCOUNTING.rawValue)
    }
  }
}

extension CellFormat.HorizontalAlignment {
  var lxw: UInt8 {
    switch self {
    case .left: UInt8(LXW_ALIGN_LEFT.rawValue)
    case .center: UInt8(LXW_ALIGN_CENTER.rawValue)
    case .right: UInt8(LXW_ALIGN_RIGHT.rawValue)
    case .fill: UInt8(LXW_ALIGN_FILL.rawValue)
    case .justify: UInt8(LXW_ALIGN_JUSTIFY.rawValue)
    case .centerAcross: UInt8(LXW_ALIGN_CENTER_ACROSS.rawValue)
    case .distributed: UInt8(LXW_ALIGN_DISTRIBUTED.rawValue)
    }
  }
}

extension CellFormat.VerticalAlignment {
  var lxw: UInt8 {
    switch self {
    case .top: UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)
    case .center: UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)
    case .bottom: UInt8(LXW_ALIGN_VERTICAL_BOTTOM.rawValue)
    case .justify: UInt8(LXW_ALIGN_VERTICAL_JUSTIFY.rawValue)
    case .distributed: UInt8(LXW_ALIGN_VERTICAL_DISTRIBUTED.rawValue)
    }
  }
}

extension CellFormat.BorderStyle {
  var lxw: UInt8 {
    switch self {
    case .thin: UInt8(LXW_BORDER_THIN.rawValue)
    case .medium: UInt8(LXW_BORDER_MEDIUM.rawValue)
    case .dashed: UInt8(LXW_BORDER_DASHED.rawValue)
    case .dotted: UInt8(LXW_BORDER_DOTTED.rawValue)
    case .thick: UInt8(LXW_BORDER_THICK.rawValue)
    case .double: UInt8(LXW_BORDER_DOUBLE.rawValue)
    case .hair: UInt8(LXW_BORDER_HAIR.rawValue)
    case .mediumDashed: UInt8(LXW_BORDER_MEDIUM_DASHED.rawValue)
    case .dashDot: UInt8(LXW_BORDER_DASH_DOT.rawValue)
    case .mediumDashDot: UInt8(LXW_BORDER_MEDIUM_DASH_DOT.rawValue)
    case .dashDotDot: UInt8(LXW_BORDER_DASH_DOT_DOT.rawValue)
    case .mediumDashDotDot: UInt8(LXW_BORDER_MEDIUM_DASH_DOT_DOT.rawValue)
    case .slantDashDot: UInt8(LXW_BORDER_SLANT_DASH_DOT.rawValue)
    }
  }
}
