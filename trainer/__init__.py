"""Officer Trainer: offline training in recognising trafficking and recruitment indicators."""

__version__ = "0.1.0"
