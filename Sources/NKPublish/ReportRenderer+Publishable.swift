import NKRender

extension ReportRenderer: PublishableReport {}
