{% import "macros.py" as m -%}
{% call m::header(notice, "One exception type per error class of the catalog.") %}{% endcall %}

from ._catalog import CLASS_BY_RANGE, CLASS_BY_STATUS, CLASSES, ErrorClass
from ._errors import APIError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar
{% for class in classes %}

class {{ class.name }}(APIError):
{{ class.doc }}

    {{ class.lookup }}
{% endfor %}

BY_ID: dict[str, type[APIError]] = {
{%- for class in classes %}
    {{ class.key }}: {{ class.name }},
{%- endfor %}
}


def class_for_status(status: int) -> type[APIError]:
    """The exception type for an HTTP status: the class that lists it, else
    the fallback class of its range, else `APIError` (README, rule 5)."""
    class_id = CLASS_BY_STATUS.get(status)
    if class_id is None:
        class_id = CLASS_BY_RANGE.get(status // 100)
    return BY_ID[class_id] if class_id is not None else APIError
