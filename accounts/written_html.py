"""HTML written once per process for the same inputs (issue 17).

For HTML that is a function of a few values — a list's filter form of the query, the rows
of a list page of the rows' own values — the key is those values, so nothing written ever
goes stale: other values are another key. It is kept in the process's memory, so a new
release (which restarts the processes) never serves a changed template's old HTML, and
dropped all at once when more than ``kept`` keys were asked for.
"""

from collections.abc import Callable, Hashable

from markupsafe import Markup


class WrittenHtml:
    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._html: dict[Hashable, Markup] = {}

    def get(self, key: Hashable, write: Callable[[], Markup]) -> Markup:
        """The HTML ``write`` gives for ``key``, written the first time it is asked for."""
        html = self._html.get(key)
        if html is None:
            html = write()
            if len(self._html) >= self.kept:
                self._html.clear()
            self._html[key] = html
        return html

    def clear(self) -> None:
        self._html.clear()
