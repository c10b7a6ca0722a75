"""Response examples for the OpenAPI schema: real responses of this API over the
launch story (``manage.py load_demo``), trimmed to two results per list.

They live in examples.json. To refresh them after the API or the demo changes, on a
database with the demo loaded:

    DJANGO_DEBUG=1 .venv/bin/python -m briefs.api.examples

tests/api/test_schema.py checks that each example still fits its response schema.
"""

import json
from functools import cache
from pathlib import Path

EXAMPLES_FILE = Path(__file__).with_name("examples.json")
EXAMPLE_HOST = "briefs.example.org"
MAX_ITEMS = 2

# Example name: the path (under /api/v1/) whose response it shows.
PATHS = {
    "root": "",
    "brief-list": "briefs/?page_size=2",
    "brief-detail": "briefs/russia-ai-alliance-network-brics/",
    "country-list": "countries/?region=europe&page_size=2",
    "country-detail": "countries/RU/",
    "bloc-list": "blocs/",
    "bloc-detail": "blocs/brics/",
    "membership-list": "memberships/?bloc=brics&page_size=2",
    "membership-detail": None,  # the first membership of the list above
    "organization-list": "organizations/?page_size=2",
    "organization-detail": "organizations/sberbank/",
    "ai-model-list": "ai-models/",
    "ai-model-detail": "ai-models/gigachat/",
    "person-list": "people/?page_size=2",
    "person-detail": "people/german-gref/",
    "indicator-list": "indicators/",
    "indicator-detail": "indicators/tortoise-global-ai-index/",
    "ranking-list": "rankings/?country=RU",
    "ranking-detail": None,
    "key-figure-list": "key-figures/?country=RU&page_size=2",
    "key-figure-detail": None,
    "event-list": "events/?page_size=2",
    "event-detail": "events/ai-alliance-network-announced/",
    "source-list": "sources/?page_size=2",
    "source-detail": None,
    "topic-list": "topics/?page_size=2",
    "topic-detail": "topics/ai-alliances/",
    "search": "search/?q=gigachat",
    "change-list": "changes/?page_size=2",
}
CSV_PATHS = {
    "ranking-csv": "rankings/csv/?country=RU",
    "key-figure-csv": "key-figures/csv/?country=RU&year=2030",
    "membership-csv": "memberships/csv/?bloc=ai-alliance-network",
}


@cache
def load() -> dict:
    return json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))


def example(name: str):
    return load()["json"][name]


def csv_example(name: str) -> str:
    return load()["csv"][name]


def trim(value, depth: int = 0):
    """Lists cut to MAX_ITEMS so the documentation stays readable."""
    if isinstance(value, list):
        return [trim(item, depth + 1) for item in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {key: trim(item, depth + 1) for key, item in value.items()}
    return value


def build() -> dict:
    from django.test import Client, override_settings

    client = Client(HTTP_HOST=EXAMPLE_HOST)
    examples = {"json": {}, "csv": {}}
    with override_settings(ALLOWED_HOSTS=[EXAMPLE_HOST]):

        def get(path: str):
            response = client.get(f"/api/v1/{path}", secure=True)
            assert response.status_code == 200, (path, response.status_code)
            return response

        for name, path in PATHS.items():
            if path is not None:
                examples["json"][name] = trim(get(path).json())
        for name in ("membership", "ranking", "key-figure", "source"):
            first = examples["json"][f"{name}-list"]["results"][0]
            examples["json"][f"{name}-detail"] = get(first["url"].split("/api/v1/", 1)[1]).json()
        for name, path in CSV_PATHS.items():
            examples["csv"][name] = b"".join(get(path).streaming_content).decode()
    return examples


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
    django.setup()
    EXAMPLES_FILE.write_text(
        json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"Wrote {EXAMPLES_FILE}")
