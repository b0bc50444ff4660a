"""The published site: a pure page renderer and a thin MkDocs plugin around it.

``render`` turns validated books into ``{path: Markdown or bytes}``; ``plugin`` adds those
pages to a MkDocs build; ``build`` wraps MkDocs for the ``taskbook build`` and ``serve``
commands.
"""
