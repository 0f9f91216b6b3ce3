{% import "macros.py" as m -%}
{% call m::header(notice, "Message templates: `<param>` placeholders and their values (README, rules 6, 19).") %}{% endcall %}

import re
from collections.abc import Mapping

_PLACEHOLDER = re.compile(r"<([^<>]*)>")


def param_text(value: object) -> str:
    """A parameter's value as a message shows it: strings as they are,
    integers in decimal, booleans `true`/`false`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fill(template: str, params: Mapping[str, object]) -> str:
    """`template` with each `<name>` whose name is a key of `params` replaced
    by that value (in one pass: a value is never read as a placeholder); any
    other `<...>` stays as it is."""
    if not params:
        return template

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return param_text(params[name]) if name in params else match.group(0)

    return _PLACEHOLDER.sub(replace, template)
