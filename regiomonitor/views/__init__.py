"""One view-state class per page: the page's query params read, validated and written in one place.

Each module here holds a frozen dataclass with ``from_params(params: regiomonitor.params.Params, ...)`` (the
allowed values are passed in, so nothing here loads data or imports Streamlit), ``to_params()`` and the tuple
``OWNED`` of the params the page owns; the page calls ``components.state.page_params()`` once and
``components.state.write_view(view, View.OWNED)`` once.
"""
