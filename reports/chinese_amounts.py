"""Amounts in Chinese financial capitals (人民币大写), as notices and agreements print them."""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUP_UNITS = ["", "万", "亿", "万亿"]


def _group(number: int) -> str:
    """1–9999 in capitals, with 零 for inner gaps: 1005 → 壹仟零伍."""
    text, gap = "", False
    for position in (3, 2, 1, 0):
        digit = number // 10**position % 10
        if digit == 0:
            gap = gap or bool(text)
            continue
        if gap:
            text += "零"
            gap = False
        text += DIGITS[digit] + UNITS[position]
    return text


def yuan_in_words(amount: Decimal) -> str:
    fen_total = int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    if fen_total < 0:
        raise ValueError("amounts in words are for non-negative sums")
    yuan, fraction = divmod(fen_total, 100)
    jiao, fen = divmod(fraction, 10)
    if yuan == 0 and fraction == 0:
        return "零元整"
    words = ""
    if yuan:
        groups = []
        while yuan:
            yuan, group = divmod(yuan, 10000)
            groups.append(group)
        pending_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                pending_zero = bool(words)
                continue
            if words and (pending_zero or group < 1000):
                words += "零"
            words += _group(group) + GROUP_UNITS[index]
            pending_zero = False
        words += "元"
    if fraction == 0:
        return words + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return words
