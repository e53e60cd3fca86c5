//! Registry data (placeholder with a handful of states; the full table replaces it).
use super::{Country, Status};

pub static COUNTRIES: &[Country] = &[
    Country {
        alpha3: "CZE",
        alpha2: Some("CZ"),
        numeric: Some(203),
        cow: Some(316),
        name_en: "Czechia",
        name_fr: "Tchéquie",
        name_es: "Chequia",
        variants: &["Czech Republic", "République tchèque", "Tchèque"],
        status: Status::Member,
        un_from: Some("1993-01-19"),
        un_to: None,
    },
    Country {
        alpha3: "FRA",
        alpha2: Some("FR"),
        numeric: Some(250),
        cow: Some(220),
        name_en: "France",
        name_fr: "France",
        name_es: "Francia",
        variants: &[],
        status: Status::Member,
        un_from: Some("1945-10-24"),
        un_to: None,
    },
    Country {
        alpha3: "USA",
        alpha2: Some("US"),
        numeric: Some(840),
        cow: Some(2),
        name_en: "United States of America",
        name_fr: "États-Unis d'Amérique",
        name_es: "Estados Unidos de América",
        variants: &["United States"],
        status: Status::Member,
        un_from: Some("1945-10-24"),
        un_to: None,
    },
];
