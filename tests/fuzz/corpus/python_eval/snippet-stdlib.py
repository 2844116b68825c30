import json, textwrap, re, datetime as dt, uuid, os.path, itertools, functools, collections, logging, warnings
log = logging.getLogger('alembic')
log.info('x %s', 1)
warnings.warn('old')
result = (json.dumps({'a': [1, 2.5, None]}, sort_keys=True), json.loads('[1, "x"]'), textwrap.dedent('  a\n  b'), re.sub(r'(\d+)', r'<\1>', 'a1b22'), str(dt.datetime(2024, 1, 2) + dt.timedelta(hours=25)), str(uuid.UUID(int=5) if hasattr(uuid, 'x') else uuid.UUID('12345678123456781234567812345678')), os.path.join('a', 'b'), list(itertools.chain('ab', 'c')), functools.partial(int, base=2)('101'), collections.OrderedDict(a=1))
