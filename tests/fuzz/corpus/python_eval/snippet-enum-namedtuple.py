import enum
from collections import namedtuple
class Color(enum.Enum):
    RED = 'red'
    GREEN = 'green'
Point = namedtuple('Point', 'x y')
p = Point(1, y=2)
result = (Color('red').name, [c.value for c in Color], p, p.x + p[1])
