result = []
for i in range(5000):
    result = [result]
