"""Streamlit-aware building blocks shared by the pages (data access, layout, state)."""
