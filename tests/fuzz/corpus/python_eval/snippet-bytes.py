b = b'ab\x00' b'cd'
result = (b, b[1:], b.hex(), bytes([65]), b'x' * 3, 'é'.encode(), rb'\d')
