"""Rank charts: drawn only where there is a trend, first place on top, safe and described."""

from briefs.charts import RankLine, RankPoint, _rank_ticks, rank_chart


def line(name, *points):
    return RankLine(name=name, points=tuple(RankPoint(*point) for point in points))


def test_no_chart_for_a_single_edition():
    assert rank_chart(chart_id="c", title="t", lines=[line("Russia", (2024, 31, 83))]) is None


def test_chart_describes_every_rank_in_words_and_rows():
    chart = rank_chart(
        chart_id="c",
        title="Ranks",
        lines=[line("Russia", (2023, 40, 62), (2024, 31, 83)), line("China", (2024, 2, 83))],
    )
    assert chart.summary == (
        "Russia: 40th of 62 in 2023, 31st of 83 in 2024. China: 2nd of 83 in 2024."
    )
    assert chart.rows() == [(2023, ["40th of 62", ""]), (2024, ["31st of 83", "2nd of 83"])]
    assert '<title id="c-title">Ranks</title>' in chart.svg
    assert 'aria-labelledby="c-title c-desc"' in chart.svg


def test_first_place_is_drawn_above_a_lower_rank():
    chart = rank_chart(chart_id="c", title="t", lines=[line("A", (2023, 1, 10), (2024, 9, 10))])
    import re

    ys = [float(y) for y in re.findall(r'<circle [^>]*cy="([-0-9.E]+)"', chart.svg)]
    assert ys[0] < ys[1]  # SVG y grows downwards


def test_names_are_escaped_and_no_style_or_script_is_written():
    chart = rank_chart(
        chart_id="c",
        title="<b>t</b>",
        lines=[line('<script>alert("x")</script>', (2023, 1, 5), (2024, 2, 5))],
    )
    assert "<script>" not in chart.svg
    assert "&lt;script&gt;" in chart.svg
    assert "style=" not in chart.svg


def test_at_most_five_lines_are_drawn():
    lines = [line(f"C{i}", (2023, i + 1, 20), (2024, i + 2, 20)) for i in range(7)]
    chart = rank_chart(chart_id="c", title="t", lines=lines)
    assert [drawn.name for drawn in chart.lines] == ["C0", "C1", "C2", "C3", "C4"]


def test_rank_ticks_start_at_first_place_and_reach_the_worst_rank():
    assert _rank_ticks(3) == [1, 2, 3]
    assert _rank_ticks(31) == [1, 10, 20, 30, 40]
    assert _rank_ticks(83) == [1, 20, 40, 60, 80, 100]
