class MigrationError(Exception):
    pass
log = []
def f(x):
    try:
        if x < 0:
            raise MigrationError('negative: %d' % x)
        r = 10 // x
    except ZeroDivisionError as e:
        log.append(str(e))
        return None
    except (MigrationError, ValueError) as e:
        raise RuntimeError('wrapped') from e
    else:
        return r
    finally:
        log.append('finally')
try:
    f(-1)
except RuntimeError as e:
    log.append(type(e.__cause__).__name__)
result = (f(2), f(0), log)
