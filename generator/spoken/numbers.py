"""Numbers in words, driven entirely by a language table (the `numbers:` section).

Nothing here knows a word of any language: digits, the tens and hundreds
patterns, the special forms of the unit digit after a tens word (Vietnamese
mốt / tư / lăm), the word joining an empty tens place (linh / lẻ) and the
scale words all come from the table, so one algorithm serves Vietnamese and
Hmong alike.

Digits are grouped by thousands; the largest scale word repeats, so with the
scales [nghìn, triệu, tỷ] 3.000.000.000.000 is "ba nghìn tỷ".
"""
from __future__ import annotations

import re
from typing import Any, Mapping

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DOTTED = re.compile(r"\d+(?:\.\d+)+")
_DECIMAL = re.compile(r"\d+,\d+")
_INTEGER = re.compile(r"\d+")

# Whole numbers longer than this are identifiers, read digit by digit.
_MAX_DIGITS = 18


class TableError(ValueError):
    """A language table is missing something or has the wrong shape."""


def _int_keyed(mapping: Mapping[Any, Any] | None, what: str) -> tuple[dict[int, Any], Any]:
    """{1: x, 'default': y} -> ({1: x}, y)."""
    result: dict[int, Any] = {}
    default = None
    for key, value in (mapping or {}).items():
        if key == "default":
            default = value
            continue
        try:
            result[int(key)] = value
        except (TypeError, ValueError):
            raise TableError(f"numbers.{what}: key {key!r} is not a number") from None
    return result, default


class NumberSpeller:
    """Spell numbers with the words of one language table."""

    def __init__(self, spec: Mapping[str, Any], linh: str | None = None):
        try:
            digits = [str(d) for d in spec["digits"]]
            if len(digits) != 10:
                raise TableError("numbers.digits must list the ten digits 0-9")
            self.digits = digits
            self.zero = str(spec.get("zero", digits[0]))
            self.tens, self.tens_default = _int_keyed(spec["tens"], "tens")
            after, after_default = _int_keyed(spec.get("units_after_tens"), "units_after_tens")
            self.after_tens = {t: _int_keyed(forms, "units_after_tens")[0] for t, forms in after.items()}
            self.after_tens_default = _int_keyed(after_default, "units_after_tens")[0]
            self.hundreds = str(spec["hundreds"])
            self.read_zero_hundreds = bool(spec.get("read_zero_hundreds", False))
            self.zero_tens = str(spec.get("zero_tens", "{unit}"))
            self.linh = linh if linh is not None else str(spec.get("linh_default", ""))
            self.scales = [str(s) for s in spec["scales"]]
            self.negative = str(spec["negative"])
            # No word ("") for the decimal comma or the dot: such numbers stay as written.
            self.decimal_tpl = str(spec.get("decimal") or "")
            self.dotted_separator = str(spec.get("dotted_separator") or "")
            self.fraction_max_digits = int(spec.get("fraction_as_number_max_digits", 3))
            self.ordinals, _ = _int_keyed(spec.get("ordinals"), "ordinals")
        except KeyError as exc:
            raise TableError(f"numbers.{exc.args[0]} is missing") from None
        if not self.scales:
            raise TableError("numbers.scales must name at least the thousand")
        if self.tens_default is None and set(self.tens) != set(range(1, 10)):
            raise TableError("numbers.tens needs a 'default' pattern or all of 1-9")

    # -- whole numbers -----------------------------------------------------
    def cardinal(self, n: int) -> str:
        if n < 0:
            return _clean(self.negative.format(number=self.cardinal(-n)))
        if n == 0:
            return self.zero
        return _clean(" ".join(self._words(n, leading=True)))

    def ordinal(self, n: int) -> str:
        """The form after an ordinal word ('thứ'): 1 -> nhất, 4 -> tư, else the cardinal."""
        return str(self.ordinals.get(n)) if n in self.ordinals else self.cardinal(n)

    def digit_by_digit(self, digits: str) -> str:
        return " ".join(self.digits[int(c)] for c in digits if c.isdigit())

    def _words(self, n: int, leading: bool) -> list[str]:
        top = 1000 ** len(self.scales)
        out: list[str] = []
        if n >= top:
            high, n = divmod(n, top)
            out += self._words(high, leading) + [self.scales[-1]]
            leading = False
            if n == 0:
                return out
        for exponent in range(len(self.scales) - 1, -1, -1):
            group, n = divmod(n, 1000 ** exponent)
            if group == 0:
                continue
            out += self._group(group, full=not leading)
            if exponent:
                out.append(self.scales[exponent - 1])
            leading = False
        return out

    def _group(self, group: int, full: bool) -> list[str]:
        """One group of three digits; `full` when a higher group was already said."""
        hundreds, rest = divmod(group, 100)
        tens, unit = divmod(rest, 10)
        words: list[str] = []
        if hundreds or (full and self.read_zero_hundreds and rest):
            words.append(self.hundreds.format(digit=self.digits[hundreds]))
        if tens == 0:
            if unit:
                if words:
                    words.append(self.zero_tens.format(linh=self.linh, unit=self.digits[unit]))
                else:
                    words.append(self.digits[unit])
            return words
        if tens in self.tens:
            words.append(str(self.tens[tens]))
        else:
            words.append(str(self.tens_default).format(digit=self.digits[tens]))
        if unit:
            forms = self.after_tens.get(tens, self.after_tens_default)
            words.append(str(forms.get(unit, self.digits[unit])))
        return words

    # -- written numbers ---------------------------------------------------
    def decimal(self, integer: int, fraction: str) -> str:
        """9,5 -> chín phẩy năm; 10,25 -> mười phẩy hai mươi lăm; 0,05 -> không phẩy không năm.

        Leading zeros of the fraction are each read as zero; the rest is read as
        a whole number when it has at most `fraction_as_number_max_digits`
        digits, otherwise digit by digit.
        """
        rest = fraction.lstrip("0")
        parts = [self.zero] * (len(fraction) - len(rest))
        if rest:
            if len(rest) <= self.fraction_max_digits:
                parts.append(self.cardinal(int(rest)))
            else:
                parts.append(self.digit_by_digit(rest))
        return _clean(self.decimal_tpl.format(integer=self.cardinal(integer), fraction=" ".join(parts)))

    def written(self, token: str) -> str:
        """A number as written in the text: '1.500.000', '9,5', '-5', '4.0', '05', '0912'."""
        token = token.strip()
        if token[:1] in "-\u2212":
            return _clean(self.negative.format(number=self.written(token[1:])))
        if _THOUSANDS.fullmatch(token):
            whole, _, fraction = token.partition(",")
            if fraction and not self.decimal_tpl:
                return token
            whole = whole.replace(".", "")
            return self.decimal(int(whole), fraction) if fraction else self.cardinal(int(whole))
        if _DOTTED.fullmatch(token):
            if not self.dotted_separator:
                return token
            return f" {self.dotted_separator} ".join(self.written(p) for p in token.split("."))
        if _DECIMAL.fullmatch(token):
            if not self.decimal_tpl:
                return token
            whole, fraction = token.split(",")
            return self.decimal(int(whole), fraction)
        if _INTEGER.fullmatch(token):
            if len(token) > _MAX_DIGITS or (len(token) >= 3 and token.startswith("0")):
                return self.digit_by_digit(token)
            return self.cardinal(int(token))
        raise ValueError(f"not a number: {token!r}")


def _clean(text: str) -> str:
    return " ".join(text.split())
