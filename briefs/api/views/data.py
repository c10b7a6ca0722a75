"""Indicators with their editions, and the flat cited tables: rankings, key figures."""

from .. import selectors
from ..filters import KeyFigureFilterSet, RankingFilterSet
from ..serializers import data as s
from .base import ID_PATTERN, CSVMixin, ReadOnlyApiViewSet


class IndicatorViewSet(ReadOnlyApiViewSet):
    filterset_class = None
    list_selector = staticmethod(selectors.indicator_list)
    detail_selector = staticmethod(selectors.indicator_detail)
    list_serializer_class = s.IndicatorSerializer
    detail_serializer_class = s.IndicatorDetailSerializer

    def shows_briefs(self) -> bool:
        return False


class RankingViewSet(CSVMixin, ReadOnlyApiViewSet):
    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN
    filterset_class = RankingFilterSet
    list_selector = staticmethod(selectors.ranking_list)
    detail_selector = staticmethod(selectors.ranking_list)
    list_serializer_class = s.RankingSerializer
    csv_name = "rankings"

    def shows_briefs(self) -> bool:
        return False


class KeyFigureViewSet(CSVMixin, ReadOnlyApiViewSet):
    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN
    filterset_class = KeyFigureFilterSet
    list_selector = staticmethod(selectors.key_figure_list)
    detail_selector = staticmethod(selectors.key_figure_list)
    list_serializer_class = s.KeyFigureSerializer
    csv_name = "key-figures"

    def shows_briefs(self) -> bool:
        return False
