"""One module per raw source; each registers its reader with ``regiomonitor.prepare.registry`` on import.

The import order below is the registration order, and so the order in which ``build.collect()`` concatenates
the long rows: keep it, or the prepared files change. A new source is a new module here (and its line at the
end of the list) plus its entries in ``data/content/sources.yaml`` and ``indicators.yaml``.
"""

# isort: off
from regiomonitor.prepare.readers import rivm  # noqa: F401
from regiomonitor.prepare.readers import kwb2024  # noqa: F401
from regiomonitor.prepare.readers import kwb2020  # noqa: F401
from regiomonitor.prepare.readers import boundaries  # noqa: F401
from regiomonitor.prepare.readers import kwb2021  # noqa: F401
# isort: on
