"""pyqtgraph charts: imported only when a chart is first shown."""
