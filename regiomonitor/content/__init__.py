"""The authored content in ``data/content/``: one typed model per kind, read by one validated reader.

``reader`` turns a YAML file into a model (or a :class:`reader.ContentError` naming file, record and field);
``catalogue`` holds the datasets and indicator definitions, ``programme`` the regional programmes.
"""
