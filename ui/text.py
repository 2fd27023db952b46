"""User text on a page: shown as typed, never interpreted as Markdown or HTML.

Streamlit renders Markdown in headings, captions and text; a note such as
`![](http://host/p)` would make every viewer's browser fetch that address.
Every character Markdown or Streamlit's extensions give a meaning is escaped.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")


def plain(text: str) -> str:
    """`text` escaped for st.markdown and st.caption, line breaks kept."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")
