"""Jalali (Solar Hijri) to Gregorian dates: the arithmetic algorithm, valid for 1..3177 AP."""
from __future__ import annotations

_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
           2324, 2394, 2456, 3178)


def _jal_cal(jy: int) -> tuple[int, int]:
    """(gregorian year, day of March of Farvardin 1st) for Jalali year `jy`."""
    gy = jy + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += jump // 33 * 8 + (jump % 33) // 4
        jp = jm
    n = jy - jp
    leap_j += n // 33 * 8 + ((n % 33) + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - (gy // 100 + 1) * 3 // 4 - 150
    march = 20 + leap_j - leap_g
    return gy, march


def _g2d(gy: int, gm: int, gd: int) -> int:
    d = (gy + (gm - 8) // 6 + 100100) * 1461 // 4 + (153 * ((gm + 9) % 12) + 2) // 5 + gd - 34840408
    return d - (gy + 100100 + (gm - 8) // 6) // 100 * 3 // 4 + 752


def _d2g(jdn: int) -> tuple[int, int, int]:
    j = 4 * jdn + 139361631
    j = j + (4 * jdn + 183187720) // 146097 * 3 // 4 * 4 - 3908
    i = (j % 1461) // 4 * 5 + 308
    gd = (i % 153) // 5 + 1
    gm = (i // 153) % 12 + 1
    gy = j // 1461 - 100100 + (8 - gm) // 6
    return gy, gm, gd


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> tuple[int, int, int]:
    gy, march = _jal_cal(jy)
    jdn = _g2d(gy, 3, march) + (jm - 1) * 31 - (jm // 7) * (jm - 7) + jd - 1
    return _d2g(jdn)
