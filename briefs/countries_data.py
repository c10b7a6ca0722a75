"""The 249 ISO 3166-1 countries, assembled from maintained libraries.

Only `manage.py generate_country_data` runs this, to write the committed
`briefs/data/countries.csv` that the data migration reads (see
`briefs.country_table`). Run that command after upgrading one of these
libraries and review the diff.

- Codes and ISO names: pycountry (the ISO 3166-1 tables).
- Short English names readers know ("Russia", not "Russian Federation"):
  Babel's copy of the Unicode CLDR.
- UN M49 region and sub-region: countryinfo, corrected below where it lacks
  an entry or disagrees with M49 (all 249 were checked against a second copy
  of M49).
"""

import pycountry
from babel import Locale
from countryinfo import CountryInfo
from django.utils.text import slugify

from briefs.country_table import CountryRecord

# countryinfo 1.0.1 leaves GB and HM without a region and puts Serbia and
# Montenegro in Eastern Europe; M49 says otherwise. Antarctica has no M49 region.
M49_CORRECTIONS = {
    "GB": ("Europe", "Northern Europe"),
    "HM": ("Oceania", "Australia and New Zealand"),
    "ME": ("Europe", "Southern Europe"),
    "RS": ("Europe", "Southern Europe"),
}
# Spelling differences in countryinfo's sub-region names, mapped to M49's own.
SUB_REGION_SPELLING = {"South-Eastern Asia": "South-eastern Asia"}


def iso_countries() -> list[CountryRecord]:
    english_names = Locale("en").territories
    regions = {
        info["ISO"]["alpha2"]: (info.get("region") or "", info.get("subregion") or "")
        for info in CountryInfo.all().values()
        if info.get("ISO")
    }
    records = []
    for country in pycountry.countries:
        region, sub_region = M49_CORRECTIONS.get(country.alpha_2) or regions.get(
            country.alpha_2, ("", "")
        )
        name = english_names.get(country.alpha_2) or country.name
        iso_name = getattr(country, "official_name", None) or country.name
        records.append(
            CountryRecord(
                iso2=country.alpha_2,
                iso3=country.alpha_3,
                numeric_code=country.numeric,
                name=name,
                official_name=iso_name if iso_name != name else "",
                slug=slugify(name),
                region=region,
                sub_region=SUB_REGION_SPELLING.get(sub_region, sub_region),
            )
        )
    return records
