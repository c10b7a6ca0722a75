"""How a person is named on every surface: feeds, JSON-LD, the API, the admin and pages."""


def display_name(user) -> str:
    """The user's full name, else their username (accounts made without a name)."""
    return user.get_full_name() or user.get_username()
