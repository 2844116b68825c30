n = 0
while n < 10:
    n += 3
    if n == 6:
        break
else:
    n = -1
m = 0
while m < 3:
    m += 1
else:
    m *= 10
result = (n, m)
