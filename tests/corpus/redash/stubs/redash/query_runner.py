class BaseQueryRunner:
    def __init__(self, configuration):
        self.configuration = configuration

    def gen_query_hash(self, query_text, set_auto_limit=False):
        from redash.utils import gen_query_hash
        return gen_query_hash(query_text)


def get_query_runner(query_runner_type, configuration):
    return BaseQueryRunner(configuration)
