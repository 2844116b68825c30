s = list(range(10))
result = (s[1:8:3], s[::-2], s[-3:], s[:-100], s[slice(2, None)], 'abc'[5:], range(10)[2:8:2])
