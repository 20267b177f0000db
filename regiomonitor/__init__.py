"""Regiomonitor Twente: domain package (no Streamlit).

Everything that computes — prepare, loaders, indicators, areas, targets, status — lives here as plain
Python so it can be unit-tested and reused outside the Streamlit app.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
