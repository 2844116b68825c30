from sqlalchemy.types import Text, TypeDecorator, String


class UTF8CharField(TypeDecorator):
    impl = String
    cache_ok = True


class UTF8LongText(TypeDecorator):
    impl = Text
    cache_ok = True
