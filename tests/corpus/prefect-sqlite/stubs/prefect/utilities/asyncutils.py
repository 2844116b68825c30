import asyncio


def run_coro_as_sync(coroutine):
    return asyncio.run(coroutine)
