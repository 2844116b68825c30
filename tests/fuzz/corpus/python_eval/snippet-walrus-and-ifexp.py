values = [1, 5, 2, 8]
if (n := len(values)) > 3:
    big = [y for x in values if (y := x * 2) > 4]
sign = lambda x: 'neg' if x < 0 else 'zero' if x == 0 else 'pos'
result = (n, big, y, [sign(v) for v in (-1, 0, 1)])
