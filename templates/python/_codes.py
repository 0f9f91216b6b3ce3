{% import "macros.py" as m -%}
{% call m::header(notice, summary) %}{% endcall %}

from enum import Enum


class Code(str, Enum):
{{ code_doc }}

    def __str__(self) -> str:
        return str(self.value)
{{ code_members }}
