"""Slot validators: turn what the customer wrote into the value the business system wants.

Each validator has `check(value, today)` → the normalised value or None when invalid, and
`find(text, today)` → a valid value found in a whole message (used when the customer answers
a prompt and the NLU tagged nothing), or None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kefu.dialog.flows.dates import find_date
from kefu.dialog.flows.spec import Check, DateCheck, EnumCheck, PhoneCheck, RegexCheck, TextCheck

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[-‐‑–—－_]+")
_PUNCTUATION = re.compile(r"[\s\W_]+")


class SlotValidator(Protocol):
    def check(self, value: str, today: date) -> str | None: ...

    def find(self, text: str, today: date) -> str | None: ...


@dataclass(frozen=True)
class RegexValidator:
    spec: RegexCheck
    pattern: re.Pattern[str]
    finder: re.Pattern[str] | None

    @classmethod
    def build(cls, spec: RegexCheck) -> RegexValidator:
        """Compile the patterns; `re.error` reaches the loader, which names the file and line."""
        return cls(spec, re.compile(spec.pattern), re.compile(spec.find) if spec.find else None)

    def normalise(self, value: str) -> str:
        for step in self.spec.normalize:
            if step == "strip":
                value = value.strip()
            elif step == "remove_spaces":
                value = _SPACES.sub("", value)
            elif step == "remove_dashes":
                value = _DASHES.sub("", value)
            elif step == "upper":
                value = value.upper()
            elif step == "lower":
                value = value.lower()
            elif step == "halfwidth":
                value = unicodedata.normalize("NFKC", value)
        prefix = self.spec.prefix
        if prefix and not value.casefold().startswith(prefix.casefold()):
            value = prefix + value
        return value

    def check(self, value: str, today: date) -> str | None:
        normalised = self.normalise(value)
        return normalised if self.pattern.fullmatch(normalised) else None

    def find(self, text: str, today: date) -> str | None:
        if self.finder is None:
            return self.check(text, today)
        for match in self.finder.finditer(text):
            found = self.check(match[0], today)
            if found is not None:
                return found
        return None


def _fold(text: str) -> str:
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class EnumValidator:
    spec: EnumCheck

    def _names(self) -> list[tuple[str, str]]:
        """(folded name, canonical value), longest name first."""
        names = [(_fold(canonical), canonical) for canonical in self.spec.values]
        names += [
            (_fold(synonym), canonical)
            for canonical, synonyms in self.spec.values.items()
            for synonym in synonyms
        ]
        return sorted((pair for pair in names if pair[0]), key=lambda pair: -len(pair[0]))

    def check(self, value: str, today: date) -> str | None:
        folded = _fold(value)
        if not folded:
            return None
        names = self._names()
        for name, canonical in names:
            if folded == name:
                return canonical
        for name, canonical in names:
            if name in folded:
                return canonical
        return None

    def find(self, text: str, today: date) -> str | None:
        return self.check(text, today)


@dataclass(frozen=True)
class DateValidator:
    spec: DateCheck

    def check(self, value: str, today: date) -> str | None:
        found = find_date(value, today)
        if found is None or (not self.spec.allow_future and found > today):
            return None
        return found.isoformat()

    def find(self, text: str, today: date) -> str | None:
        return self.check(text, today)


_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{9,11}")
_PHONE_IN_TEXT = re.compile(r"(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}|\(?0\d{2,3}\)?[\s-]?\d{7,8}")


@dataclass(frozen=True)
class PhoneValidator:
    spec: PhoneCheck

    def check(self, value: str, today: date) -> str | None:
        digits = re.sub(r"[\s\-()（）]", "", unicodedata.normalize("NFKC", value))
        digits = digits.removeprefix("+")
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        if _MOBILE.fullmatch(digits):
            return digits
        if self.spec.landline and _LANDLINE.fullmatch(digits):
            code = 3 if digits[1] in "12" else 4  # 010 and 02x are the three-digit area codes
            return f"{digits[:code]}-{digits[code:]}"
        return None

    def find(self, text: str, today: date) -> str | None:
        for match in _PHONE_IN_TEXT.finditer(unicodedata.normalize("NFKC", text)):
            found = self.check(match[0], today)
            if found is not None:
                return found
        return None


@dataclass(frozen=True)
class TextValidator:
    spec: TextCheck

    def check(self, value: str, today: date) -> str | None:
        value = value.strip()
        return value if self.spec.min_length <= len(value) <= self.spec.max_length else None

    def find(self, text: str, today: date) -> str | None:
        return self.check(text, today)


def build_validator(spec: Check) -> SlotValidator:
    """The validator a slot's `validator:` declares."""
    if isinstance(spec, RegexCheck):
        return RegexValidator.build(spec)
    if isinstance(spec, EnumCheck):
        return EnumValidator(spec)
    if isinstance(spec, DateCheck):
        return DateValidator(spec)
    if isinstance(spec, PhoneCheck):
        return PhoneValidator(spec)
    return TextValidator(spec)
