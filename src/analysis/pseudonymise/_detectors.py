"""Detectors for direct identifiers that are not in the key: e-mail, phone, NHS number,
postcode and date of birth.

Each detector is a function from text to ``(start, end)`` spans. They favour missing an odd
format over replacing ordinary words or numbers: years, sums of money, times, interview dates
and road names stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = ["DETECTORS", "TOKENS", "nhs_number_is_valid"]

Span = tuple[int, int]

# --- e-mail ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+'\-@])[\w.+'\-]+@[\w\-]+(?:\.[\w\-]+)+(?![\w@])")


def find_emails(text: str) -> Iterator[Span]:
    for found in _EMAIL.finditer(text):
        yield found.span()


# --- UK phone numbers -----------------------------------------------------------------------

#: A line break where a transcript's text was wrapped, with the spaces around it: a number read
#: out at the end of a line ("NHS number 943" / "476 5919") is still one number.
_BREAK = r"[ \t]*\r?\n[ \t]*"
_SEP = rf"(?:[ \-]|{_BREAK})?"
# (area code without its leading 0, subscriber number) in the groupings people write, after
# the National Telephone Numbering Plan: 02x xxxx xxxx, 01x1 / 011x xxx xxxx, 01xxx xxxxxx,
# 03xx and 08xx xxx xxxx, 07xxx xxxxxx, freephone 0800 xxxxxx.
_PHONE_GROUPS = (
    (r"2\d", rf"\d{{4}}{_SEP}\d{{4}}"),
    (r"2\d\d", rf"\d{{3}}{_SEP}\d{{4}}"),
    (r"1\d1|11\d", rf"\d{{3}}{_SEP}\d{{4}}"),
    (r"1\d{3}", rf"\d{{3}}{_SEP}\d{{3}}|\d{{5}}"),
    (r"3\d\d|8\d\d", rf"\d{{3}}{_SEP}\d{{4}}"),
    (r"80[08]", rf"\d{{3}}{_SEP}\d{{3}}"),
    (r"7\d{3}", rf"\d{{3}}{_SEP}\d{{3}}"),
)


def _phone_pattern() -> re.Pattern[str]:
    alternatives = []
    for area, rest in _PHONE_GROUPS:
        alternatives.append(rf"(?:\+44|0044)\s?(?:\(0\)\s?)?(?:{area}){_SEP}(?:{rest})")
        alternatives.append(rf"\(0(?:{area})\)\s?(?:{rest})")
        alternatives.append(rf"0(?:{area}){_SEP}(?:{rest})")
    # The five-digit subscriber form is only taken with a separator: a bare ten-digit run
    # starting 01 is as likely a reference number.
    body = "|".join(alternatives)
    return re.compile(rf"(?<![\w+])(?:{body})(?!\w)(?![ \-]\d)")


_PHONE = _phone_pattern()


def find_phones(text: str) -> Iterator[Span]:
    for found in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", found.group())
        if found.group().startswith("0") and not re.search(r"[\s\-)]", found.group()):
            # Contiguous national numbers must have the full eleven digits (or ten for 0800).
            if len(digits) not in (10, 11) or (len(digits) == 10 and not digits.startswith("08")):
                continue
        yield found.span()


# --- NHS numbers ----------------------------------------------------------------------------

_NHS = re.compile(r"(?<!\w)(?<!\d[ \-])(\d{3})([ \-]?)(\d{3})\2(\d{4})(?!\w)(?![ \-]\d)")
#: The same with a line break for one of the separators (a number wrapped across two lines).
_NHS_WRAPPED = re.compile(
    rf"(?<!\w)(?<!\d[ \-])\d{{3}}(?:[ \-]|{_BREAK})\d{{3}}(?:[ \-]|{_BREAK})\d{{4}}(?!\w)(?![ \-]\d)"
)


def nhs_number_is_valid(number: str) -> bool:
    """Whether a ten-digit NHS number passes its modulus 11 check digit.

    Spaces and hyphens are ignored; anything else that is not ten digits is invalid.

    Parameters
    ----------
    number : str
        The NHS number, e.g. ``"943 476 5919"``.

    Returns
    -------
    bool

    Notes
    -----
    Each of the first nine digits :math:`d_1 \\dots d_9` is multiplied by a weight from 10 down
    to 2 and the products summed, :math:`S = \\sum_{i=1}^{9} (11 - i)\\,d_i`. The check digit is
    :math:`11 - (S \\bmod 11)`, where 11 becomes 0 and 10 means the number cannot be valid; it
    must equal :math:`d_{10}`.

    Worked example, 943 476 5919: :math:`S = 9\\cdot10 + 4\\cdot9 + 3\\cdot8 + 4\\cdot7 + 7\\cdot6
    + 6\\cdot5 + 5\\cdot4 + 9\\cdot3 + 1\\cdot2 = 299`, :math:`299 \\bmod 11 = 2`, check digit
    :math:`11 - 2 = 9`, which is the last digit: valid. Changing the last digit to 8 makes it
    invalid.

    References
    ----------
    .. [1] NHS England, "NHS Number", NHS Data Model and Dictionary,
       https://www.datadictionary.nhs.uk/attributes/nhs_number.html (format and the
       modulus 11 check digit algorithm).

    Examples
    --------
    >>> nhs_number_is_valid("943 476 5919")
    True
    >>> nhs_number_is_valid("943 476 5918")
    False
    >>> nhs_number_is_valid("943-476-591")
    False
    """
    digits = re.sub(r"[ \-]", "", number)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> Iterator[Span]:
    for found in _NHS.finditer(text):
        if nhs_number_is_valid(found.group()):
            yield found.span()
    for found in _NHS_WRAPPED.finditer(text):
        if "\n" in found.group() and nhs_number_is_valid(re.sub(r"\s", "", found.group())):
            yield found.span()


# --- UK postcodes ---------------------------------------------------------------------------

# Outward code: A9, A99, A9A, AA9, AA99, AA9A with the letters each position allows; inward
# code: digit and two letters, never C, I, K, M, O or V. (GIR 0AA is Girobank's odd one out.)
_OUTWARD = (
    r"(?:[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRV-Y]"
    r"|[A-PR-UWYZ]\d[A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y]\d\d?"
    r"|[A-PR-UWYZ]\d\d?)"
)
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(
    rf"(?<![\w])(?:(?P<out>{_OUTWARD})(?P<space>[ \u00a0]?)(?P<in>{_INWARD})|GIR ?0AA)(?!\w)",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)", re.IGNORECASE)


def find_postcodes(text: str) -> Iterator[Span]:
    """UK postcodes, any case when spaced, capitals only when written without the space.

    References
    ----------
    .. [1] Royal Mail, *Programmers' Guide Edition 7* (Postcode Address File), section
       "Postcode format", and the UK Government Data Standards Catalogue, "Postcode"
       (outward and inward code letters allowed in each position).
    """
    for found in _POSTCODE.finditer(text):
        written = found.group()
        in_capitals = written == written.upper()
        if found.group("out") is not None:
            # "s102tn" in lower case is more likely a username or code than a postcode.
            if not found.group("space") and not in_capitals:
                continue
            # "the M1 4th exit", "A1 2nd junction": a road and an ordinal, not a postcode.
            if not in_capitals and _ORDINAL.fullmatch(found.group("in")):
                continue
        yield found.span()


# --- dates of birth -------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})"
_DATE = (
    r"(?:(?:0?[1-9]|[12]\d|3[01])(?P<sep>[/.\-])(?:0?[1-9]|1[0-2])(?P=sep)(?:\d{4}|\d{2})"
    r"|(?:19|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|(?:the\s+)?{_MONTH}\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?)"
)
# "DOB", "D.O.B.", "date of birth", "born (on)", "birthday (is)", then at most four words
# (a colon, "was", "on the", "in Leeds on") before the date. The words between are letters
# only and the context ends with its sentence, so it never reaches past another date, number
# or full stop, and never starts inside or runs through a token ("[DATE OF BIRTH]") left by an
# earlier pass.
_GAP_SEPARATOR = r"[^\w\n\[\].!?;]"
_DOB = re.compile(
    r"(?<!\[)(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bborn\b|\bbirth\s?day\b|\bb'day\b)"
    rf"(?:{_GAP_SEPARATOR}+[^\W\d_]+(?:'[^\W\d_]+)?){{0,4}}?{_GAP_SEPARATOR}*?"
    rf"(?<![\w/.\-])(?P<date>{_DATE})(?![\w/]|[.\-]\d)",
    re.IGNORECASE,
)


def find_dates_of_birth(text: str) -> Iterator[Span]:
    for found in _DOB.finditer(text):
        yield found.span("date")


# --- registry -------------------------------------------------------------------------------

#: Detector name -> function yielding (start, end) spans, in tie-breaking order.
DETECTORS: dict[str, Callable[[str], Iterator[Span]]] = {
    "email": find_emails,
    "nhs_number": find_nhs_numbers,
    "phone": find_phones,
    "postcode": find_postcodes,
    "date_of_birth": find_dates_of_birth,
}

#: Detector name -> the token that replaces what it finds.
TOKENS = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "nhs_number": "[NHS NUMBER]",
    "postcode": "[POSTCODE]",
    "date_of_birth": "[DATE OF BIRTH]",
}

#: Tokens already in a text (a second pass, or a hand-redacted transcript) are left alone.
TOKEN_PATTERN = re.compile("|".join(re.escape(token) for token in TOKENS.values()))
