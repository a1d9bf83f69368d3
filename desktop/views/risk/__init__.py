"""The Risk view: margin chart, what-if panel and stress grid."""
