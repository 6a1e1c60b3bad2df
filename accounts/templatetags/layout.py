"""The shared Jinja2 layout and partials, for pages in the Django template language.

``base.html`` is ``{% layout %}`` around its blocks: each block is rendered here, with the
page's overrides, and ``jinja2_templates/layout.html`` prints them where its own blocks stand. A
Jinja2 page extends the same layout, so the header, menu and footer are written once.
``{% jinja "partials/…" %}`` renders a shared Jinja2 partial with the page's context.
"""

from typing import Any

from django import template
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.template.loader_tags import BlockNode
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.tag
def layout(parser: template.base.Parser, token: template.base.Token) -> "LayoutNode":
    nodelist = parser.parse(("endlayout",))
    parser.delete_first_token()
    return LayoutNode(nodelist)


class LayoutNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        blocks = {
            node.name: node.render(context) for node in self.nodelist if isinstance(node, BlockNode)
        }
        return render_jinja2("layout.html", context, blocks=blocks)


@register.simple_tag(takes_context=True)
def jinja(context: template.Context, name: str) -> SafeString:
    return render_jinja2(name, context)


def render_jinja2(name: str, context: template.Context, **values: Any) -> SafeString:
    """A Jinja2 template rendered with the variables of a Django template's context (its
    context processors' among them) and ``values``."""
    variables = context.flatten()
    request = variables.get("request")
    if request is not None:
        variables["csrf_input"] = csrf_input_lazy(request)
        variables["csrf_token"] = csrf_token_lazy(request)
    variables.update(values)
    return render_partial(name, variables)


def render_partial(name: str, variables: dict[str, Any]) -> SafeString:
    """A Jinja2 template rendered with ``variables`` alone."""
    jinja2 = engines["jinja2"].env  # type: ignore[attr-defined]
    return mark_safe(jinja2.get_template(name).render(variables))  # noqa: S308 - autoescaped
