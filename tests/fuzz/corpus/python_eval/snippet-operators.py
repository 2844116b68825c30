result = (7 // -2, -7 % 3, 2 ** -1, 1 << 3 | 5 ^ 2 & 7, ~5, -3 >> 1, 1 < 2 < 3 != 4, 'a' in 'abc', None is not None, not 0 or 'x' and [])
