def counter():
    n = 0
    def inc(by=1):
        nonlocal n
        n += by
        return n
    return inc
total = 0
def add(v):
    global total
    total += v
c = counter()
c(); c(5)
add(2)
fs = [lambda i=i: i for i in range(3)]
result = (c(), total, [f() for f in fs])
