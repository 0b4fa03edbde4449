"""Language tags as a project spells them. A leaf module: configuration,
fonts and catalogue checks read tags, and none of them may import the
modules that know about languages (languages.py reads the configuration)."""
from __future__ import annotations

import re

__all__ = ["base"]


def base(tag: str) -> str:
    """A language tag's language, in every spelling a project meets: BCP 47
    ("de-AT", "zh-Hant-TW"), Babel's ("pt_BR"), gettext's with a modifier
    ("sr@latin") or in capitals ("DE"): the lower-case key the tables of
    hyphenation and the catalogue checks are keyed by."""
    return re.split(r"[-_@]", tag, maxsplit=1)[0].lower()
