from django.db import DatabaseError, connections


def database_is_available(*, using: str = "default") -> bool:
    try:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False
