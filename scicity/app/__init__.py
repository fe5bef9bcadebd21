"""The Streamlit app below ``app.py``: session state ↔ Scenario (``state``), the sidebar,
cached resources and pure helpers, and one module per page (``pages``)."""
