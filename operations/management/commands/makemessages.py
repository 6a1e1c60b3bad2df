"""``makemessages`` that reads Jinja2 templates too.

Django's own command reads every ``.html`` file as a template of its own language, which
finds ``{{ _("…") }}`` in a Jinja2 template but not its ``{% trans %}`` blocks, and
``make messages`` (``--no-obsolete``) would then drop their translations. Here a file of
the Jinja2 engine's folders is read with Jinja2's own extractor and handed to xgettext as
the Python calls it stands for, as Django does with its templates.
"""

import io
from pathlib import Path

from django.core.management.commands import makemessages
from django.template import engines
from jinja2.ext import babel_extract


def messages_of(source: str) -> list[tuple[str, str | tuple]]:
    """The translatable messages of a Jinja2 template, as (function, message): ``_("…")``
    and ``{% trans %}`` give ("gettext", msgid); plural sentences ("ngettext", (singular,
    plural, …)); ``pgettext("count", "…")`` ("pgettext", (context, msgid))."""
    found = babel_extract(
        io.BytesIO(source.encode()),
        keywords=("_", "gettext", "ngettext", "pgettext", "npgettext"),
        comment_tags=(),
        options={"silent": "false", "trimmed": "false"},
    )
    return [(function, message) for _line, function, message, _comments in found]


def python_calls(source: str) -> str:
    """One gettext call a line for each message of a Jinja2 template."""
    lines = []
    for function, message in messages_of(source):
        arguments = message if isinstance(message, tuple) else (message,)
        shown = [repr(argument) for argument in arguments if argument is not None]
        if function == "ngettext" or function == "npgettext":
            shown.append("n")
        lines.append(f"{function}({', '.join(shown)})")
    return "\n".join(lines) + "\n"


class JinjaAwareBuildFile(makemessages.BuildFile):
    @property
    def is_jinja2(self) -> bool:
        path = Path(self.path).resolve()
        folders = engines["jinja2"].template_dirs  # type: ignore[attr-defined]
        return any(path.is_relative_to(Path(folder).resolve()) for folder in folders)

    def preprocess(self) -> None:
        if not (self.is_templatized and self.is_jinja2):
            return super().preprocess()
        source = Path(self.path).read_text(encoding="utf-8")
        Path(self.work_path).write_text(python_calls(source), encoding="utf-8")
        return None


class Command(makemessages.Command):
    build_file_class = JinjaAwareBuildFile
