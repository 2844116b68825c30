"""Stand-in for the two funcy helpers redash's tag migrations use."""


def flatten(seq):
    for item in seq:
        if isinstance(item, (list, tuple)):
            yield from flatten(item)
        else:
            yield item


def compact(seq):
    return [x for x in seq if x]
