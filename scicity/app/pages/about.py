"""How this ranking is made: method, normalisation, weights, the 3 % rule and missing
data in a few sentences, in the user's language."""

import streamlit as st

from scicity.app.context import current
from scicity.i18n import t

lang = current().lang
st.subheader(t("tab_about", lang))
st.markdown(t("about_body", lang))
