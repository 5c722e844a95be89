internal import CXlsxWriter

/// A chart created by ``Workbook/addChart(_:)`` and placed with
/// ``Worksheet/insertChart(_:row:column:xScale:yScale:xOffset:yOffset:)``.
///
/// Series refer to cells by sheet name and zero-based bounds, so sheet names never need
/// formula quoting. Single-threaded, like its workbook.
///
/// libxlsxwriter 1.1.4 has no `chart_combine` and no secondary axis, so combined or two-axis
/// charts are not available.
public final class Chart {
  /// The chart type.
  public struct Kind: Hashable, Sendable {
    let rawValue: UInt8
    private init(_ type: lxw_chart_type) { rawValue = UInt8(type.rawValue) }

    public static let column = Kind(LXW_CHART_COLUMN)
    public static let stackedColumn = Kind(LXW_CHART_COLUMN_STACKED)
    public static let percentStackedColumn = Kind(LXW_CHART_COLUMN_STACKED_PERCENT)
    public static let bar = Kind(LXW_CHART_BAR)
    public static let stackedBar = Kind(LXW_CHART_BAR_STACKED)
    public static let percentStackedBar = Kind(LXW_CHART_BAR_STACKED_PERCENT)
    public static let line = Kind(LXW_CHART_LINE)
    public static let stackedLine = Kind(LXW_CHART_LINE_STACKED)
    public static let area = Kind(LXW_CHART_AREA)
    public static let stackedArea = Kind(LXW_CHART_AREA_STACKED)
    public static let pie = Kind(LXW_CHART_PIE)
    public static let doughnut = Kind(LXW_CHART_DOUGHNUT)
    public static let scatter = Kind(LXW_CHART_SCATTER)
    public static let radar = Kind(LXW_CHART_RADAR)

    /// Bar charts are horizontal: their value axis is the x axis.
    var isHorizontal: Bool { self == .bar || self == .stackedBar || self == .percentStackedBar }
  }

  /// Where the legend goes.
  public enum LegendPosition: Hashable, Sendable {
    case none, right, left, top, bottom, topRight, overlayRight, overlayLeft, overlayTopRight

    var lxw: UInt8 {
      let value: lxw_chart_legend_position =
        switch self {
        case .none: LXW_CHART_LEGEND_NONE
        case .right: LXW_CHART_LEGEND_RIGHT
        case .left: LXW_CHART_LEGEND_LEFT
        case .top: LXW_CHART_LEGEND_TOP
        case .bottom: LXW_CHART_LEGEND_BOTTOM
        case .topRight: LXW_CHART_LEGEND_TOP_RIGHT
        case .overlayRight: LXW_CHART_LEGEND_OVERLAY_RIGHT
        case .overlayLeft: LXW_CHART_LEGEND_OVERLAY_LEFT
        case .overlayTopRight: LXW_CHART_LEGEND_OVERLAY_TOP_RIGHT
        }
      return UInt8(value.rawValue)
    }
  }

  /// The chart's type.
  public let kind: Chart.Kind

  let state: WorkbookState
  let handle: UnsafeMutablePointer<lxw_chart>

  init(state: WorkbookState, handle: UnsafeMutablePointer<lxw_chart>, kind: Kind) {
    self.state = state
    self.handle = handle
    self.kind = kind
  }

  /// Adds a data series. `values` (and `categories`, if given) must name a sheet of this
  /// workbook and lie inside Excel's grid. The corresponding C functions are `chart_add_series`,
  /// `chart_series_set_categories`, `chart_series_set_values` and `chart_series_set_name`.
  @discardableResult
  public func addSeries(name: String? = nil, categories: CellRange? = nil, values: CellRange)
    throws(XlsxError) -> ChartSeries
  {
    let context = "chart series \(name.map { "'\($0)'" } ?? "") values \(values.sheet)!\(values.a1)"
    _ = try state.open(context)
    if let name { try requireNoNul(name, context) }
    try validate(values, context)
    if let categories { try validate(categories, context) }
    let series = try nonNull(context) { chart_add_series(handle, nil, nil) }
    try cCall {
      values.sheet.withCString {
        chart_series_set_values(
          series, $0, lxw_row_t(values.firstRow), lxw_col_t(values.firstColumn),
          lxw_row_t(values.lastRow), lxw_col_t(values.lastColumn))
      }
      if let categories {
        categories.sheet.withCString {
          chart_series_set_categories(
            series, $0, lxw_row_t(categories.firstRow), lxw_col_t(categories.firstColumn),
            lxw_row_t(categories.lastRow), lxw_col_t(categories.lastColumn))
        }
      }
      if let name { chart_series_set_name(series, name) }
    }
    return ChartSeries(chart: self, handle: series)
  }

  /// Sets the chart title. The corresponding C function is `chart_title_set_name`.
  public func setTitle(_ title: String) throws(XlsxError) {
    try withText(title, "chart title") { chart_title_set_name(handle, $0) }
  }

  /// Removes the automatic title. The corresponding C function is `chart_title_off`.
  public func hideTitle() throws(XlsxError) {
    _ = try state.open("chart hideTitle")
    try cCall { chart_title_off(handle) }
  }

  /// Titles the category axis (horizontal, or vertical for bar charts).
  /// The corresponding C function is `chart_axis_set_name`.
  public func setCategoryAxisTitle(_ title: String) throws(XlsxError) {
    try withText(title, "chart category axis title") { chart_axis_set_name(categoryAxis, $0) }
  }

  /// Titles the value axis (vertical, or horizontal for bar charts).
  /// The corresponding C function is `chart_axis_set_name`.
  public func setValueAxisTitle(_ title: String) throws(XlsxError) {
    try withText(title, "chart value axis title") { chart_axis_set_name(valueAxis, $0) }
  }

  /// Sets the number format of the value axis labels, e.g. `#,##0`.
  /// The corresponding C function is `chart_axis_set_num_format`.
  public func setValueAxisNumberFormat(_ format: String) throws(XlsxError) {
    try withText(format, "chart value axis number format") {
      chart_axis_set_num_format(valueAxis, $0)
    }
  }

  /// Sets the legend position (`.none` hides it). The corresponding C function is
  /// `chart_legend_set_position`.
  public func setLegendPosition(_ position: LegendPosition) throws(XlsxError) {
    _ = try state.open("chart setLegendPosition")
    try cCall { chart_legend_set_position(handle, position.lxw) }
  }

  /// Applies one of Excel's 48 built-in chart styles (1–48; 2 is the default).
  /// The corresponding C function is `chart_set_style`.
  public func setStyle(_ style: Int) throws(XlsxError) {
    _ = try state.open("chart setStyle")
    guard (1...48).contains(style) else {
      throw XlsxError(.invalidArgument, context: "chart style \(style) (allowed 1–48)")
    }
    try cCall { chart_set_style(handle, UInt8(style)) }
  }

  /// Only read inside a C call, after the workbook was checked to be open.
  private var valueAxis: UnsafeMutablePointer<lxw_chart_axis>? {
    kind.isHorizontal ? handle.pointee.x_axis : handle.pointee.y_axis
  }

  private var categoryAxis: UnsafeMutablePointer<lxw_chart_axis>? {
    kind.isHorizontal ? handle.pointee.y_axis : handle.pointee.x_axis
  }

  private func withText(
    _ text: String, _ context: String, _ body: (UnsafePointer<CChar>) -> Void
  ) throws(XlsxError) {
    _ = try state.open(context)
    try requireNoNul(text, context)
    try cCall { text.withCString { body($0) } }
  }

  private func validate(_ range: CellRange, _ context: String) throws(XlsxError) {
    guard state.foldedSheetNames.contains(Workbook.fold(range.sheet)) else {
      throw XlsxError(.unknownSheet, context: context + ": no sheet named '\(range.sheet)'")
    }
    try requireNoNul(range.sheet, context)
    try checkCell(row: range.firstRow, column: range.firstColumn, context)
    try checkCell(row: range.lastRow, column: range.lastColumn, context)
    guard range.firstRow <= range.lastRow, range.firstColumn <= range.lastColumn else {
      throw XlsxError(.invalidArgument, context: context + ": range bounds reversed")
    }
  }
}

@available(*, unavailable, message: "A Chart must be used from one thread at a time.")
extension Chart: Sendable {}

/// One data series of a ``Chart``.
public final class ChartSeries {
  private let chart: Chart
  private let handle: UnsafeMutablePointer<lxw_chart_series>

  init(chart: Chart, handle: UnsafeMutablePointer<lxw_chart_series>) {
    self.chart = chart
    self.handle = handle
  }

  /// Fills bars, columns, areas or pie slices with a solid 0xRRGGBB colour.
  /// The corresponding C function is `chart_series_set_fill`.
  public func setFillColor(_ rgb: UInt32) throws(XlsxError) {
    _ = try chart.state.open("chart series setFillColor")
    try checkColor(rgb)
    var fill = lxw_chart_fill()
    fill.color = libraryColor(rgb)
    try cCall { chart_series_set_fill(handle, &fill) }
  }

  /// Sets the line (or border) colour as 0xRRGGBB and optionally its width in points.
  /// The corresponding C function is `chart_series_set_line`.
  public func setLineColor(_ rgb: UInt32, width: Double? = nil) throws(XlsxError) {
    _ = try chart.state.open("chart series setLineColor")
    try checkColor(rgb)
    var line = lxw_chart_line()
    line.color = libraryColor(rgb)
    if let width {
      guard width.isFinite, width > 0, width <= 1584 else {
        throw XlsxError(.invalidArgument, context: "chart line width \(width)")
      }
      line.width = Float(width)
    }
    try cCall { chart_series_set_line(handle, &line) }
  }

  /// Shows the value of each point as a data label. The corresponding C function is
  /// `chart_series_set_labels`.
  public func showValueLabels() throws(XlsxError) {
    _ = try chart.state.open("chart series showValueLabels")
    try cCall { chart_series_set_labels(handle) }
  }

  private func checkColor(_ rgb: UInt32) throws(XlsxError) {
    if rgb > 0xFF_FFFF {
      throw XlsxError(.invalidArgument, context: "colour \(rgb) is not 0xRRGGBB")
    }
  }
}

@available(*, unavailable, message: "A ChartSeries must be used from one thread at a time.")
extension ChartSeries: Sendable {}
