a, *b, c = range(6)
(d, e), f = (1, 2), 3
first, = [9]
x = y = z = 0
l = [0, 1, 2]
l[0], l[2] = l[2], l[0]
l[1:2] = ['x', 'y']
result = (a, b, c, d, e, f, first, x, y, z, l)
