"""The site's data tables as downloads: each function here describes one table a page
shows (its columns and rows) from the rows the page's selector already fetched, so
the page and its download read the same rows. ``exports.py`` writes them out.
"""

from django.urls import reverse

from .exports import Column, DataTable, last_updated

SOURCE_COLUMNS = [
    Column("source_title", "Source", "The document the row rests on."),
    Column("source_url", "Source URL", "Where that document is published.", "url"),
    Column("source_publisher", "Source publisher", "Who published the source."),
]


def _source_cells(source) -> tuple:
    if source is None:
        return ("", "", "")
    publisher = source.publisher.name if source.publisher_id else ""
    return (source.title, source.url, publisher)


def _sources_cells(sources) -> tuple:
    """A row resting on several sources: their fields joined by " | ", as the API's CSV."""
    columns = zip(*(_source_cells(source) for source in sources), strict=False)
    return tuple(" | ".join(values) for values in columns) or ("", "", "")


def _rank_columns() -> list[Column]:
    return [
        Column("rank", "Rank", "The country's place; 1 is first.", "integer"),
        Column("out_of", "Out of", "How many countries the edition ranks.", "integer"),
        Column("pillar", "Pillar", "The pillar ranked; empty for the overall rank."),
        Column("score", "Score", "The publisher's score, where it gives one.", "number"),
        Column("note", "Note", "The editors' note on the rank."),
    ]


def edition_table(indicator, edition, rankings=None) -> DataTable:
    """An indicator edition's ranks: ``rankings`` if given, else `edition.rankings`, with
    country and source (and its publisher) loaded."""
    if rankings is None:
        rankings = edition.rankings.all()
    columns = [
        Column("country", "Country", "The country ranked."),
        Column("country_iso3", "ISO alpha-3", "The country's ISO 3166-1 alpha-3 code."),
        *_rank_columns(),
        *SOURCE_COLUMNS,
    ]

    def rows():
        for ranking in rankings:
            yield (
                ranking.country.name,
                ranking.country.iso3,
                ranking.rank,
                edition.countries_covered,
                ranking.pillar,
                ranking.score,
                ranking.note,
                *_source_cells(ranking.source),
            )

    return DataTable(
        name=f"{indicator.slug}-{edition.year}",
        title=f"{indicator.name}, {edition.year} edition: ranks",
        description=(
            f"The ranks recorded from the {edition.year} edition of {indicator.publisher.name}'s "
            f"{indicator.name}, which covers {edition.countries_covered} countries, overall "
            "and per pillar."
        ),
        columns=columns,
        rows=rows,
        sources=lambda: [edition.source, *(r.source for r in rankings)],
        updated_at=last_updated(edition.updated_at, *(r.updated_at for r in rankings)),
        page_url=f"{indicator.get_absolute_url()}#edition-{edition.year}",
        url_name="briefs:edition-download",
        url_kwargs={"slug": indicator.slug, "year": edition.year},
    )


def country_rankings_table(country, rankings) -> DataTable:
    """A country's ranks in every indicator (rankings with edition, indicator, source)."""
    rankings = list(rankings)
    columns = [
        Column("indicator", "Indicator", "The index that ranks the country."),
        Column("edition", "Edition", "The edition's year as its publisher names it.", "integer"),
        *_rank_columns(),
        *SOURCE_COLUMNS,
    ]

    def rows():
        for ranking in rankings:
            yield (
                ranking.edition.indicator.name,
                ranking.edition.year,
                ranking.rank,
                ranking.edition.countries_covered,
                ranking.pillar,
                ranking.score,
                ranking.note,
                *_source_cells(ranking.source),
            )

    return DataTable(
        name=f"{country.slug}-rankings",
        title=f"{country.name}: ranks in AI indices",
        description=f"{country.name}'s ranks in every indicator and edition recorded, "
        "overall and per pillar, each with the size of its field.",
        columns=columns,
        rows=rows,
        sources=lambda: [ranking.source for ranking in rankings],
        updated_at=last_updated(*(ranking.updated_at for ranking in rankings)),
        page_url=f"{country.get_absolute_url()}#rankings-heading",
        url_name="briefs:country-rankings-download",
        url_kwargs={"slug": country.slug},
    )


KEY_FIGURE_COLUMNS = [
    Column("label", "Figure", "What is measured, worded the same for every year of a series."),
    Column("year", "Year", "The year the figure refers to.", "integer"),
    Column("kind", "Kind", "actual, forecast or target."),
    Column("value", "Value", "The figure in units of `scale`.", "number"),
    Column("scale", "Scale", "one, thousand, million, billion or trillion."),
    Column("unit", "Unit", "currency, percent, count or multiple."),
    Column("currency", "Currency", "ISO 4217 code; empty unless money."),
    Column("absolute_value", "Absolute value", "The value in whole units.", "number"),
    Column("value_display", "As read", "The figure as the page shows it."),
    Column("usd_value", "USD value", "The US dollar figure the source gives, if any.", "number"),
    Column("usd_scale", "USD scale", "The scale of the USD value."),
    Column("locator", "Where in the source", "A page, table or paragraph."),
    Column("note", "Note", "The editors' note on the figure."),
    *SOURCE_COLUMNS,
]


def key_figures_table(subject, figures, *, url_name: str) -> DataTable:
    """The key figures of a country or an organization (figures with source loaded)."""
    figures = list(figures)

    def rows():
        for figure in figures:
            yield (
                figure.label,
                figure.year,
                figure.kind,
                figure.value,
                figure.scale,
                figure.unit,
                figure.currency,
                figure.absolute_value,
                figure.value_display,
                figure.usd_value,
                figure.usd_scale if figure.usd_value is not None else "",
                figure.locator,
                figure.note,
                *_source_cells(figure.source),
            )

    return DataTable(
        name=f"{subject.slug}-key-figures",
        title=f"{subject.name}: key figures",
        description=f"Cited quantitative facts about {subject.name}: actual values, "
        "forecasts and targets, each with its source.",
        columns=KEY_FIGURE_COLUMNS,
        rows=rows,
        sources=lambda: [figure.source for figure in figures],
        updated_at=last_updated(*(figure.updated_at for figure in figures)),
        page_url=f"{subject.get_absolute_url()}#figures-heading",
        url_name=url_name,
        url_kwargs={"slug": subject.slug},
    )


def memberships_table(bloc, memberships, *, on=None) -> DataTable:
    """A bloc's members (memberships with country, organization and sources loaded);
    `on`: only those in force that day, as the page's map shows them."""
    memberships = list(memberships)
    columns = [
        Column("member", "Member", "The country or organization."),
        Column("member_type", "Member type", "country or organization."),
        Column("country_iso3", "ISO alpha-3", "The member country's ISO code, if a country."),
        Column("role", "Role", "founding_member, member, partner or observer."),
        Column("joined_on", "Joined", "The date it joined, to `joined_precision`.", "date"),
        Column("joined_precision", "Precision", "How much of the join date is known."),
        Column("left_on", "Left", "The date it left, if it has.", "date"),
        Column("note", "Note", "The editors' note."),
        *SOURCE_COLUMNS,
    ]

    def rows():
        for membership in memberships:
            yield (
                str(membership.member),
                "country" if membership.country_id else "organization",
                membership.country.iso3 if membership.country_id else "",
                membership.role,
                membership.joined_on,
                membership.joined_precision if membership.joined_on else "",
                membership.left_on,
                membership.note,
                *_sources_cells(membership.sources.all()),
            )

    title = f"{bloc.name}: members"
    if on:
        title += f" on {on:%-d %B %Y}"
    return DataTable(
        name=f"{bloc.slug}-members" + (f"-{on:%Y-%m-%d}" if on else ""),
        title=title,
        description=f"Who belongs to {bloc.name}, in what role, from and until when"
        + (f", as of {on:%-d %B %Y}." if on else "."),
        columns=columns,
        rows=rows,
        sources=lambda: [s for membership in memberships for s in membership.sources.all()],
        updated_at=last_updated(bloc.updated_at, *(m.updated_at for m in memberships)),
        page_url=f"{bloc.get_absolute_url()}#members-heading",
        url_name="briefs:bloc-members-download",
        url_kwargs={"slug": bloc.slug},
        query=f"on={on:%Y-%m-%d}" if on else "",
    )


def aimodel_index_table(ai_models, *, sort: str) -> DataTable:
    """The AI model index (models with developers, country and sources loaded)."""
    ai_models = list(ai_models)
    columns = [
        Column("model", "Model", "The model's name."),
        Column("developers", "Developers", "The organizations that built it, joined by |."),
        Column("country", "Country", "Where it was developed."),
        Column("released_on", "Released", "Its release date, to `release_precision`.", "date"),
        Column("release_precision", "Precision", "How much of the release date is known."),
        Column("modality", "Modality", "What the model handles."),
        Column("access", "Access", "How it can be used (Epoch AI's categories)."),
        Column("parameters", "Parameters", "Its size, where published.", "integer"),
        Column("page_url", "Page", "Its page on this site.", "url"),
        *SOURCE_COLUMNS,
    ]

    def rows():
        for ai_model in ai_models:
            yield (
                ai_model.name,
                " | ".join(developer.name for developer in ai_model.developers.all()),
                ai_model.country.name if ai_model.country_id else "",
                ai_model.released_on,
                ai_model.release_precision if ai_model.released_on else "",
                ai_model.modality,
                ai_model.access,
                ai_model.parameters,
                ai_model.get_absolute_url(),
                *_sources_cells(ai_model.sources.all()),
            )

    return DataTable(
        name="ai-models",
        title="AI models",
        description="AI models with their developers, country, release date, modality, "
        "access and size.",
        columns=columns,
        rows=rows,
        sources=lambda: [s for ai_model in ai_models for s in ai_model.sources.all()],
        updated_at=last_updated(*(ai_model.updated_at for ai_model in ai_models)),
        page_url=reverse("briefs:aimodel-list"),
        url_name="briefs:aimodel-index-download",
        query=f"sort={sort}" if sort != "name" else "",
    )


def comparison_table(comparison) -> DataTable:
    """A country comparison (``selectors.Comparison``) in long form: one row per
    country and rank, figure, membership or model."""
    columns = [
        Column("country", "Country", "The country compared."),
        Column("country_iso3", "ISO alpha-3", "Its ISO 3166-1 alpha-3 code."),
        Column("section", "Section", "rank, key_figure, membership or ai_model."),
        Column("measure", "Measure", "The indicator, figure, bloc or model."),
        Column("year", "Year", "The edition, the figure's year or the join year.", "integer"),
        Column("value", "Value", "The rank, the figure as read, the role or the developers."),
        Column("out_of", "Out of", "For ranks: how many countries the edition ranks.", "integer"),
        Column(
            "percentile",
            "Percentile",
            "For ranks: the share of the other ranked countries it is ahead of, 0 to 100.",
            "number",
        ),
        *SOURCE_COLUMNS,
    ]

    def rows():
        for country in comparison.countries:
            for ranking in comparison.rankings_of(country):
                yield (
                    country.name,
                    country.iso3,
                    "rank",
                    ranking.edition.indicator.name,
                    ranking.edition.year,
                    ranking.rank,
                    ranking.edition.countries_covered,
                    ranking.percentile,
                    *_source_cells(ranking.source),
                )
            for figure in comparison.figures_of(country):
                yield (
                    country.name,
                    country.iso3,
                    "key_figure",
                    figure.label,
                    figure.year,
                    figure.value_display,
                    None,
                    None,
                    *_source_cells(figure.source),
                )
            for membership in comparison.memberships_of(country):
                yield (
                    country.name,
                    country.iso3,
                    "membership",
                    membership.bloc.name,
                    membership.joined_on.year if membership.joined_on else None,
                    membership.get_role_display(),
                    None,
                    None,
                    *_sources_cells(membership.sources.all()),
                )
            for ai_model in comparison.models_of(country):
                yield (
                    country.name,
                    country.iso3,
                    "ai_model",
                    ai_model.name,
                    ai_model.released_on.year if ai_model.released_on else None,
                    " | ".join(developer.name for developer in ai_model.developers.all()),
                    None,
                    None,
                    "",
                    "",
                    "",
                )

    codes = "~".join(country.iso3 for country in comparison.countries)
    names = ", ".join(country.name for country in comparison.countries)
    return DataTable(
        name="compare-" + codes.lower().replace("~", "-"),
        title=f"Comparison: {names}",
        description=f"{names} side by side: each indicator's latest overall rank with its "
        "percentile, key figures, bloc memberships and AI models.",
        columns=columns,
        rows=rows,
        sources=comparison.sources,
        updated_at=comparison.updated_at,
        page_url=f"{reverse('briefs:compare')}?countries={codes}",
        url_name="briefs:compare-download",
        query=f"countries={codes}",
    )
