"""Indicators with their editions, and the flat cited tables: rankings, key figures."""

from drf_spectacular.utils import extend_schema_view

from .. import csv_tables, selectors
from ..filters import IndicatorFilterSet, KeyFigureFilterSet, RankingFilterSet
from ..schema import id_key, resource_schema, slug_key
from ..serializers import data as s
from .base import CitedTableViewSet, ReadOnlyApiViewSet


@extend_schema_view(
    **resource_schema(
        plural="indicators",
        list_description="Indices that rank countries, with their publishers.",
        detail_description=(
            "One indicator with its editions: year, publication date, how many countries each "
            "ranks, its source, and a link to its rankings."
        ),
        key=slug_key("indicator", "tortoise-global-ai-index"),
    )
)
class IndicatorViewSet(ReadOnlyApiViewSet):
    filterset_class = IndicatorFilterSet
    list_selector = staticmethod(selectors.indicator_list)
    detail_selector = staticmethod(selectors.indicator_detail)
    list_serializer_class = s.IndicatorSerializer
    detail_serializer_class = s.IndicatorDetailSerializer

    def shows_briefs(self) -> bool:
        return False


@extend_schema_view(
    **resource_schema(
        plural="rankings",
        list_description=(
            "Ranks, flat: one row per country, edition and pillar, with the edition's size (31st "
            "of 83) and the source. Filter by indicator, year and country. Also as CSV, at "
            "`rankings/csv/`."
        ),
        detail_description="One rank with its source.",
        key=id_key("ranking", 1),
        csv_description=(
            "Every rank matching the filters (the list's), unpaginated, as CSV: one row a "
            "rank, nested fields as dotted columns, each row with its source."
        ),
    )
)
class RankingViewSet(CitedTableViewSet):
    filterset_class = RankingFilterSet
    list_selector = staticmethod(selectors.ranking_list)
    detail_selector = staticmethod(selectors.ranking_list)
    list_serializer_class = s.RankingSerializer
    csv_name = "rankings"
    csv_table = csv_tables.RANKINGS


@extend_schema_view(
    **resource_schema(
        plural="key figures",
        list_description=(
            "Cited quantitative facts: value, scale, unit, currency, year, kind (actual, forecast,"
            " target) and source. Also as CSV, at `key-figures/csv/`."
        ),
        detail_description="One key figure with its source.",
        key=id_key("key figure", 1),
        csv_description=(
            "Every key figure matching the filters (the list's), unpaginated, as CSV: one row "
            "a figure, nested fields as dotted columns, each row with its source."
        ),
    )
)
class KeyFigureViewSet(CitedTableViewSet):
    filterset_class = KeyFigureFilterSet
    list_selector = staticmethod(selectors.key_figure_list)
    detail_selector = staticmethod(selectors.key_figure_list)
    list_serializer_class = s.KeyFigureSerializer
    csv_name = "key-figures"
    csv_table = csv_tables.KEY_FIGURES
