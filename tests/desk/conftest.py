from tests.workflow.conftest import contributor, editor_user, publisher, role_users  # noqa: F401
