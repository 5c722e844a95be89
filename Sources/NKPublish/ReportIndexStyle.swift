extension ReportIndexHTML {
  /// The page's only style sheet: one column on a phone, figures side by side from 40em,
  /// plain black on white in print with each report kept on one page.
  static let style = """
    :root { color-scheme: light; }
    body { margin: 0; background: #f2f2f2; color: #222; font: 16px/1.45 Arial, Helvetica, sans-serif; }
    main { max-width: 46em; margin: 0 auto; padding: 16px 12px 32px; }
    h1 { font-size: 1.35em; line-height: 1.25; margin: 0 0 4px; color: #111; }
    .intro { margin: 0 0 16px; color: #555; font-size: 0.9em; }
    section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px 14px; margin: 0 0 12px; }
    h2 { font-size: 1.15em; margin: 0 0 2px; color: #111; }
    .badge { display: inline-block; font-size: 0.7em; font-weight: normal; vertical-align: 0.15em; padding: 1px 6px; border-radius: 9px; background: #fff3cd; color: #6b4e00; border: 1px solid #e6c96b; }
    .window { margin: 0 0 8px; color: #555; font-size: 0.9em; }
    dl.figures { margin: 0 0 8px; }
    dl.figures div { padding: 6px 0; border-top: 1px solid #eee; }
    dt { font-size: 0.8em; color: #555; }
    dd { margin: 0; }
    .value { font-size: 1.25em; font-weight: bold; margin-right: 8px; }
    .value.na { color: #777; font-weight: normal; font-style: italic; }
    .detail { display: inline-block; font-size: 0.85em; color: #444; }
    .links, .notes, .changes, .problem { margin: 6px 0 0; font-size: 0.9em; }
    .links a { display: inline-block; margin: 0 10px 4px 0; }
    .csv { display: block; color: #555; }
    .csv a { margin-right: 8px; }
    .notes { color: #555; }
    ul.warnings { margin: 8px 0 0; padding: 6px 10px 6px 26px; background: #fdecea; border-left: 3px solid #b00020; font-size: 0.85em; color: #5f0010; }
    ul.warnings li { margin: 2px 0; }
    .changes { color: #6b4e00; }
    .problem { color: #8a1c1c; }
    a { color: #1a5c8a; }
    details.earlier { margin: 8px 0 0; font-size: 0.9em; }
    details.earlier summary { cursor: pointer; color: #333; }
    details.earlier ul, .others ul { margin: 4px 0 0; padding-left: 20px; }
    .others p { margin: 0; font-size: 0.9em; color: #555; }
    @media (min-width: 40em) {
      main { padding: 24px 16px 40px; }
      dl.figures { display: flex; gap: 0 24px; }
      dl.figures div { flex: 1 1 0; }
    }
    @media print {
      body { background: #fff; font-size: 11pt; }
      main { max-width: none; padding: 0; }
      section { border: none; border-top: 1px solid #999; border-radius: 0; padding: 8px 0; break-inside: avoid; }
      a { color: inherit; }
      .badge { border-color: #999; background: none; color: #000; }
      ul.warnings { background: none; color: #000; }
      dl.figures { display: flex; gap: 0 18px; }
      dl.figures div { flex: 1 1 0; }
    }

    """
}
