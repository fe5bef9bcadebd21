"""Computation behind the CLI and the app: evaluation, eligibility, assessment, dossier,
robustness, data uncertainty, shortlist (pure: no Streamlit)."""
