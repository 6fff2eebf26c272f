"""The Streamlit shell. The only part of sitmap that imports streamlit."""
