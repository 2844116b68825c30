d = {'b': 1, 'a': 2}
d['c'] = 3
l = [3, 1, 2]
l.sort()
s = {1, 2} | {3}
t = (1, *l, *range(2))
result = (d, {**d, 'a': 0}, l, sorted(s), t, [*d], d.pop('b'), list(d.items()))
