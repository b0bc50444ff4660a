"""在线填写: the site's page where a work group fills in its task book as a form.

The page is a renderer of the form model like the city page and the printed book, and its
checks are ``taskbook validate`` itself: the project's own Python runs in the browser under
Pyodide (vendored with the repository, see ``vendor/README.md``), loaded on this page only.

- :mod:`~taskbook.webform.describe`: the form's description (groups, labels, hints, lists)
  from :data:`taskbook.form.FORM` and the schema, as the JSON the page reads.
- :mod:`~taskbook.webform.frontmatter` and :mod:`~taskbook.webform.body`: the form's values
  ↔ the text of ``taskbook.md`` (front matter, and the body's sections by their headings).
- :mod:`~taskbook.webform.page`: what the page asks of Python (a blank book, an opened file,
  a check as the user types), JSON in and out; runs under Pyodide and in the tests alike.
- :mod:`~taskbook.webform.bundle` and :mod:`~taskbook.webform.site`: build time only: the
  Python the page loads, and the page's files for the MkDocs plugin.
"""
