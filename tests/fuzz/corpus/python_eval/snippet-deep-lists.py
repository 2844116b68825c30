x = []
for i in range(3000):
    x = [x]
result = repr(x)
