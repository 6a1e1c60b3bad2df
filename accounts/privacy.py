"""Showing personal data no further than needed: phones masked where the full number is
not needed (139****4567), bank accounts likewise (**** 6789)."""

import re


def mask_phone(phone: str) -> str:
    """The first three and last four digits of a number long enough to keep them; a short
    one shows only its last two."""
    digits = re.sub(r"\D", "", phone)
    if not digits:
        return ""
    if len(digits) >= 8:
        return f"{digits[:3]}****{digits[-4:]}"
    return f"****{digits[-2:]}"


def shown_phone(phone: str, *, in_full: bool) -> str:
    return phone if in_full else mask_phone(phone)


def mask_account(account: str) -> str:
    """Only the last four digits of a bank account, enough to tell which it is."""
    digits = re.sub(r"\D", "", account)
    return f"**** {digits[-4:]}" if digits else ""
