s = 'Straße été λ 😀'
result = (s.upper(), len(s), s[::-1], s.encode('utf-8'), ascii(s), repr(s))
