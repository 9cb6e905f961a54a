from smartbreeds_common.secret_strength import short_secrets_error


def test_a_secret_under_32_bytes_is_named() -> None:
    error = short_secrets_error({"JWT_SECRET": "x" * 31, "OTHER": "y" * 32}, environment="production")
    assert error is not None and "JWT_SECRET" in error and "OTHER" not in error


def test_bytes_are_counted_not_characters() -> None:
    assert short_secrets_error({"KEY": "é" * 16}, environment="development") is None  # 32 bytes in UTF-8


def test_the_test_environment_is_exempt() -> None:
    assert short_secrets_error({"KEY": "short"}, environment="test") is None
