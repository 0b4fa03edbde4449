"""Random catalogues and templates for the differential tests against GNU
gettext: headers, plurals, contexts, flags, comments, obsolete entries,
previous msgids, charsets and the odd spellings GNU reads.

One seed gives one (catalogue, template) pair, the same on every machine.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["Message", "random_case", "CHARSETS"]

#: charset -> words its text is made of (each encodable in that charset)
CHARSETS: dict[str, tuple[str, ...]] = {
    "UTF-8": ("Straße", "naïve", "日本語", "меню", "café", "ünïcödé", "e\u0301", "العربية", "emoji🙂", "tab\there"),
    "ISO-8859-1": ("Straße", "naïve", "café", "Größe", "über", "½"),
    "KOI8-R": ("меню", "файл", "Открыть", "ПРАВКА", "ёж"),
    "EUC-JP": ("日本語", "ファイル", "開く", "編集"),
    "ASCII": ("plain",),
    "CHARSET": ("plain",),
}
WORDS = ("file", "open", "the", "a", "window", "save", "close", "of", "and", "%d", "%s", "%(name)s", "{0}",
         "items", "folder", "cannot", "be", "found", "new", "document", "long", "message", "with", "many",
         "words", "to", "wrap", "at", "seventy-nine", "columns", "quote\"d", "back\\slash", "line\n",
         "per-cent%%", "x", "(parenthesis)", "[bracket]", "semi;colon", "e.g.", "colon:", "URL: http://x.org/a")
HEADER_FIELDS = ("Project-Id-Version: demo 1.0", "Report-Msgid-Bugs-To: bugs@example.org",
                 "POT-Creation-Date: 2024-01-02 03:04+0000", "PO-Revision-Date: 2024-02-03 04:05+0100",
                 "Last-Translator: Some One <one@example.org>", "Language-Team: German <de@li.org>",
                 "Language-Team: French <fr@li.org>", "Language-Team: Klingon <kl@x>", "Language: de",
                 "MIME-Version: 1.0", "Content-Transfer-Encoding: 8bit",
                 "Plural-Forms: nplurals=2; plural=(n != 1);", "X-Generator: Poedit 3.4", "X-Custom: yes")
FLAGS = ("c-format", "no-c-format", "python-format", "python-brace-format", "no-wrap", "range: 0..5",
         "range: 1..9", "possible-c-format", "sh-format")


@dataclass
class Message:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    plurals: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    tcomments: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous: str | None = None
    obsolete: bool = False


class _Maker:
    def __init__(self, rng: random.Random, charset: str) -> None:
        self.rng = rng
        self.charset = charset
        self.words = WORDS + CHARSETS[charset] * 3

    def text(self, low: int = 1, high: int = 14) -> str:
        words = self.rng.choices(self.words, k=self.rng.randint(low, high))
        if self.rng.random() < 0.1:  # a long one, to be wrapped
            words *= self.rng.randint(2, 6)
        return " ".join(words)

    def edited(self, text: str) -> str:
        """The text with one word changed, added or removed: a fuzzy match."""
        words = text.split(" ")
        at = self.rng.randrange(len(words))
        choice = self.rng.random()
        if choice < 0.4:
            words[at] = self.rng.choice(self.words)
        elif choice < 0.7 or len(words) < 2:
            words.insert(at, self.rng.choice(self.words))
        else:
            del words[at]
        return " ".join(words)

    def translation(self, msgid: str) -> str:
        return "" if self.rng.random() < 0.2 else "«" + msgid.upper() + "»" if self.charset == "UTF-8" else msgid.upper()

    def message(self, used: set[tuple[str | None, str]]) -> Message:
        rng = self.rng
        while True:
            msgctxt = rng.choice(("menu", "button", "", "verb")) if rng.random() < 0.15 else None
            msgid = self.text()
            if (msgctxt, msgid) not in used:
                used.add((msgctxt, msgid))
                break
        message = Message(msgid=msgid, msgctxt=msgctxt)
        if rng.random() < 0.15:
            message.msgid_plural = self.edited(msgid)
            message.plurals = [self.translation(msgid) for _ in range(rng.choice((1, 2, 2, 3)))]
        else:
            message.msgstr = self.translation(msgid)
        message.flags = rng.sample(FLAGS, rng.choice((0, 0, 0, 1, 1, 2)))
        if rng.random() < 0.2:
            message.flags.insert(rng.randint(0, len(message.flags)), "fuzzy")
        if rng.random() < 0.25:
            message.tcomments = [rng.choice(("", "translator note", " indented", "TRANSLATORS: x")) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            message.comments = [self.text(1, 5) .replace("\n", " ") for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.6:
            message.references = [f"src/{rng.choice('abc')}.c:{rng.randint(1, 30)}" for _ in range(rng.randint(1, 12))]
        if "fuzzy" in message.flags and rng.random() < 0.5:
            message.previous = self.edited(msgid)
        return message


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _strings(rng: random.Random, text: str) -> list[str]:
    """A string as an editor may split it into several quoted pieces."""
    if rng.random() < 0.8 or len(text) < 4:
        return [_quote(text)]
    cut = sorted(rng.sample(range(1, len(text)), min(3, len(text) - 1)))
    pieces = [text[a:b] for a, b in zip([0, *cut], [*cut, len(text)])]
    return ([_quote("")] if rng.random() < 0.5 else []) + [_quote(piece) for piece in pieces]


def _keyword(rng: random.Random, prefix: str, keyword: str, text: str) -> list[str]:
    pieces = _strings(rng, text)
    space = rng.choice((" ", " ", " ", "   ", "\t"))
    return [f"{prefix}{keyword}{space}{pieces[0]}", *(prefix + piece for piece in pieces[1:])]


def render(rng: random.Random, header: str | None, messages: list[Message]) -> str:
    """The catalogue text, spelled in the ways GNU accepts."""
    out: list[str] = []
    if header is not None:
        out += ["# header comment", "#, fuzzy" if rng.random() < 0.3 else "#", 'msgid ""', 'msgstr ""']
        out += [_quote(line + "\n") for line in header.split("\n") if line]
        out.append("")
    for message in messages:
        prefix = "#~ " if message.obsolete else ""
        lines = [f"#{' ' if rng.random() < 0.8 else ''}{c}" if c else "#" for c in message.tcomments]
        lines += [f"#. {c}" for c in message.comments]
        if message.references:
            space = "" if rng.random() < 0.1 else " "
            lines.append(f"#:{space}" + " ".join(message.references))
        if message.flags:
            lines.append("#, " + ", ".join(message.flags) if rng.random() < 0.9 else "#," + ",".join(message.flags))
        if message.previous is not None:
            lines += _keyword(rng, "#~| " if message.obsolete else "#| ", "msgid", message.previous)
        if message.msgctxt is not None:
            lines += _keyword(rng, prefix, "msgctxt", message.msgctxt)
        lines += _keyword(rng, prefix, "msgid", message.msgid)
        if message.msgid_plural is not None:
            lines += _keyword(rng, prefix, "msgid_plural", message.msgid_plural)
            for index, form in enumerate(message.plurals):
                lines += _keyword(rng, prefix, f"msgstr[{index}]", form)
        else:
            lines += _keyword(rng, prefix, "msgstr", message.msgstr)
        if rng.random() < 0.05 and len(lines) >= 2 and not lines[-1].startswith("#") and not lines[-2].startswith("#") \
                and lines[-2].startswith(prefix + "msg") and lines[-1].startswith(prefix + "msg"):
            lines[-2:] = [lines[-2] + " " + lines[-1][len(prefix):]]  # msgid "a" msgstr "b" on one line
        out += lines
        out.append("" if rng.random() < 0.95 else "\n")
    return "\n".join(out) + "\n"


def _header(rng: random.Random, charset: str, *, template: bool) -> str:
    fields = rng.sample(HEADER_FIELDS, rng.randint(0, len(HEADER_FIELDS) // 2))
    fields.insert(rng.randint(0, len(fields)), f"Content-Type: text/plain; charset={charset}")
    if template and rng.random() < 0.5:
        fields.append("POT-Creation-Date: 2025-06-07 08:09+0000")
    return "\n".join(fields)


def random_case(seed: int) -> tuple[bytes, bytes]:
    """(old catalogue, new template) for one seed."""
    rng = random.Random(seed)
    charset = rng.choice(("UTF-8", "UTF-8", "UTF-8", "UTF-8", "ISO-8859-1", "KOI8-R", "EUC-JP", "ASCII"))
    maker = _Maker(rng, charset)
    used: set[tuple[str | None, str]] = set()
    old = [maker.message(used) for _ in range(rng.randint(1, 14))]
    for message in rng.sample(old, len(old) // 4):
        message.obsolete = rng.random() < 0.7
    template: list[Message] = []
    # A template in characters the catalogue's charset has: msgmerge would
    # drop the others (booklet, writing UTF-8, keeps them: a documented difference).
    template_maker = _Maker(rng, "CHARSET" if rng.random() < 0.3 else charset)
    template_used: set[tuple[str | None, str]] = set()
    for message in old:
        choice = rng.random()
        if choice < 0.15:
            continue  # removed
        msgid = maker.edited(message.msgid) if choice < 0.4 and charset != "ASCII" else message.msgid
        if template_maker.charset == "CHARSET" and not msgid.isascii():
            msgid = "".join(ch for ch in msgid if ch.isascii())
        if (message.msgctxt, msgid) in template_used or not msgid:
            continue
        template_used.add((message.msgctxt, msgid))
        copy = Message(msgid=msgid, msgctxt=message.msgctxt, references=message.references[::-1],
                       comments=message.comments if rng.random() < 0.5 else [], flags=rng.sample(FLAGS, rng.choice((0, 0, 1))))
        if rng.random() < 0.1:
            copy.tcomments = ["a template comment"]
        if message.msgid_plural is not None:
            copy.msgid_plural = message.msgid_plural if rng.random() < 0.7 else maker.edited(message.msgid_plural)
            copy.plurals = ["", ""]
        elif rng.random() < 0.05:
            copy.msgid_plural, copy.plurals = msgid + "s", ["", ""]
        template.append(copy)
    for _ in range(rng.randint(0, 5)):
        template.append(template_maker.message(template_used))
        template[-1].msgstr, template[-1].plurals = "", ["", ""] if template[-1].msgid_plural else []
        template[-1].flags = [f for f in template[-1].flags if f != "fuzzy"]
        template[-1].previous = None
    rng.shuffle(template)
    old_text = render(rng, None, old) if rng.random() < 0.1 else ""
    if not old_text or not old_text.isascii():
        # Without a header GNU reads ASCII only (msgcat refuses other text,
        # msgmerge too, or loses its translations): a catalogue with some says its charset.
        old_text = render(rng, _header(rng, charset, template=False), old)
    pot_text = render(rng, _header(rng, "CHARSET" if template_maker.charset == "CHARSET" else "UTF-8", template=True), template)
    if not pot_text.isascii():  # GNU refuses CHARSET with other text: a template says UTF-8 then
        pot_text = pot_text.replace("charset=CHARSET", "charset=UTF-8")
    codec = {"CHARSET": "ascii", "ASCII": "ascii"}.get(charset, charset)
    return old_text.encode(codec), pot_text.encode("utf-8")
