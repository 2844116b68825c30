s = 'Hello, World'
result = (s[::-1], s.split(', '), s.lower().title(), s.find('o'), s.replace('l', 'L', 2), s.center(20, '*'), s.zfill(15), s.encode(), '%5.2f|%-4d|%r' % (3.14159, 7, s), '{:>8}|{:^6}|{:,}'.format('a', 'b', 1234567))
