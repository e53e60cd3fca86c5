//! Known groups of states, with the dates of each membership: the five UN regional groups,
//! the EU, NATO, the G77, the Non-Aligned Movement, the OIC, the African Union, the Arab
//! League, ASEAN, the G7, the G20, BRICS and the OECD.
//!
//! Each grouping is a table of [`Membership`] rows (a state's alpha-3 code as the
//! [country registry](super::countries) writes it, the group's label, the first day of
//! membership and the first day after it), read from the data file `data/groups.csv`,
//! embedded at compile time (`groups_data.rs` reads it). The sources, the special cases (the
//! United States and Türkiye in the regional groups, Israel before 2000, suspensions, seats
//! that changed hands) and the dates known only to the year are documented in the file's
//! header and in each row's [`Membership::note`].
//!
//! A state is found by its registry code: the holder of a seat on a date (the Republic of China
//! before 25 October 1971, the USSR before 24 December 1991) is a state of its own, so data
//! that name a seat by one code should be placed with [`super::countries::holder_on`] first.

use serde::Serialize;

use super::countries;
use super::{Dataset, Member, Vote};
use crate::choice::choice;

choice! {
    /// A grouping of states: a set of groups (the five UN regional groups) or one organisation
    /// whose members are labelled with its short name.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Grouping {
        UnRegional => "un-regional", "The five UN regional groups: African, Asia-Pacific, EEG, GRULAC, WEOG";
        Eu => "eu", "The European Union, with the EEC and the European Communities before 1993";
        Nato => "nato", "The North Atlantic Treaty Organization";
        G77 => "g77", "The Group of 77 (and China)";
        Nam => "nam", "The Non-Aligned Movement";
        Oic => "oic", "The Organisation of Islamic Cooperation";
        Au => "au", "The African Union, with the Organisation of African Unity before 2002";
        ArabLeague => "arab-league", "The League of Arab States";
        Asean => "asean", "The Association of Southeast Asian Nations";
        G7 => "g7", "The Group of Seven";
        G20 => "g20", "The Group of Twenty (its member states)";
        Brics => "brics", "BRICS (BRIC before South Africa joined)";
        Oecd => "oecd", "The Organisation for Economic Co-operation and Development";
    }
}

/// One spell of membership of a state in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    /// The state's code in the country registry (ISO 3166-1 alpha-3 or a historical code).
    pub alpha3: &'static str,
    /// The group's label: a regional group's short name (`WEOG`) or the organisation's (`EU`).
    pub group: &'static str,
    /// First day of membership (`YYYY-MM-DD`).
    pub from: &'static str,
    /// First day on which the state is no longer a member, if it left (`YYYY-MM-DD`).
    pub to: Option<&'static str>,
    /// True when the sources give the dates only to the year, or not at all (the note says how
    /// they were chosen).
    pub approximate: bool,
    /// What the row needs said: a special status, a suspension, how a date was chosen.
    pub note: Option<&'static str>,
}

impl Membership {
    /// True when the state was a member on `date` (`YYYY-MM-DD`, compared as text).
    pub fn on(&self, date: &str) -> bool {
        self.from <= date && self.to.is_none_or(|to| date < to)
    }
}

#[path = "groups_data.rs"]
mod data;

impl Grouping {
    /// Every membership of the grouping, sorted by state code, then by date.
    pub fn memberships(self) -> &'static [Membership] {
        data::rows(crate::Choice::name(self))
    }

    /// The labels a member can carry, in the order tables should show them.
    pub fn labels(self) -> &'static [&'static str] {
        match self {
            Grouping::UnRegional => &["African", "Asia-Pacific", "EEG", "GRULAC", "WEOG"],
            Grouping::Eu => &["EU"],
            Grouping::Nato => &["NATO"],
            Grouping::G77 => &["G77"],
            Grouping::Nam => &["NAM"],
            Grouping::Oic => &["OIC"],
            Grouping::Au => &["AU"],
            Grouping::ArabLeague => &["Arab League"],
            Grouping::Asean => &["ASEAN"],
            Grouping::G7 => &["G7"],
            Grouping::G20 => &["G20"],
            Grouping::Brics => &["BRICS"],
            Grouping::Oecd => &["OECD"],
        }
    }

    /// The memberships of the state `alpha3` (a registry code), by date.
    fn rows_of(self, alpha3: &str) -> &'static [Membership] {
        let rows = self.memberships();
        let start = rows.partition_point(|m| m.alpha3 < alpha3);
        let end = start + rows[start..].partition_point(|m| m.alpha3 == alpha3);
        &rows[start..end]
    }
}

/// What the lookups reject.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupsError {
    /// The code is not in the country registry.
    #[error("unknown state code `{0}`: expected a code of the country registry, e.g. `FRA`")]
    UnknownState(String),
    /// The date is not a calendar date written `YYYY-MM-DD`.
    #[error("bad date `{0}`: expected a date written YYYY-MM-DD, e.g. 2015-12-31")]
    BadDate(String),
}

/// Checks that `date` is a calendar date written `YYYY-MM-DD` (so that comparing dates as text
/// orders them).
fn check_date(date: &str) -> Result<(), GroupsError> {
    let bad = || GroupsError::BadDate(date.to_string());
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(bad());
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(bad());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if (1..=days).contains(&day) {
        Ok(())
    } else {
        Err(bad())
    }
}

/// The registry entry of `alpha3` (any case).
fn state(alpha3: &str) -> Result<&'static countries::Country, GroupsError> {
    countries::by_alpha3(alpha3).ok_or_else(|| GroupsError::UnknownState(alpha3.to_string()))
}

/// The membership of the state `alpha3` in `grouping` on `date` (`YYYY-MM-DD`), with its dates
/// and note; with `date` `None`, the membership at the latest date the state existed (today for
/// a current state, its last day for a historical one: `SUN` is in the Eastern European
/// Group, the United Kingdom is not in the EU). `None` when the state was not a member.
///
/// # Complexity
/// O(log R + k) for a grouping of R rows of which k are the state's.
///
/// # Errors
/// [`GroupsError::UnknownState`] when `alpha3` is not a registry code, and
/// [`GroupsError::BadDate`] when `date` is not a calendar date written `YYYY-MM-DD`.
///
/// # Examples
/// ```
/// use votebloc::groups::{membership_of, Grouping};
/// let usa = membership_of(Grouping::UnRegional, "USA", None)?.unwrap();
/// assert_eq!(usa.group, "WEOG");
/// assert!(usa.note.unwrap().contains("observer"));
/// # Ok::<(), votebloc::groups::GroupsError>(())
/// ```
pub fn membership_of(
    grouping: Grouping,
    alpha3: &str,
    date: Option<&str>,
) -> Result<Option<&'static Membership>, GroupsError> {
    let country = state(alpha3)?;
    let rows = grouping.rows_of(country.alpha3);
    Ok(match date {
        Some(date) => {
            check_date(date)?;
            rows.iter().find(|m| m.on(date))
        }
        None => match country.un_to {
            // Active on the state's last day, the day before `end`.
            Some(end) => rows
                .iter()
                .find(|m| m.from < end && m.to.is_none_or(|to| end <= to)),
            None => rows.iter().find(|m| m.to.is_none()),
        },
    })
}

/// The group of the state `alpha3` in `grouping` on `date` (`YYYY-MM-DD`): a regional group's
/// short name (`"WEOG"`), or the organisation's (`"EU"`), or `None` when the state was not a
/// member that day. With `date` `None`, the membership at the latest date the state existed
/// (see [`membership_of`]).
///
/// # Complexity
/// O(log R + k) for a grouping of R rows of which k are the state's.
///
/// # Errors
/// [`GroupsError::UnknownState`] when `alpha3` is not a registry code, and
/// [`GroupsError::BadDate`] when `date` is not a calendar date written `YYYY-MM-DD`.
///
/// # Examples
/// ```
/// use votebloc::groups::{group_of, Grouping};
/// assert_eq!(group_of(Grouping::UnRegional, "FRA", None)?, Some("WEOG"));
/// assert_eq!(group_of(Grouping::UnRegional, "ISR", Some("1999-12-31"))?, None);
/// assert_eq!(group_of(Grouping::Eu, "GBR", Some("2020-01-31"))?, Some("EU"));
/// assert_eq!(group_of(Grouping::Eu, "GBR", Some("2020-02-01"))?, None);
/// assert_eq!(group_of(Grouping::Nato, "swe", None)?, Some("NATO"));
/// assert!(group_of(Grouping::Nato, "SWE", Some("2024-3-7")).is_err());
/// # Ok::<(), votebloc::groups::GroupsError>(())
/// ```
pub fn group_of(
    grouping: Grouping,
    alpha3: &str,
    date: Option<&str>,
) -> Result<Option<&'static str>, GroupsError> {
    Ok(membership_of(grouping, alpha3, date)?.map(|m| m.group))
}

/// The memberships of `grouping` in force on `date` (`YYYY-MM-DD`), one per member, in
/// state-code order.
///
/// # Complexity
/// O(R) for a grouping of R rows.
///
/// # Errors
/// [`GroupsError::BadDate`] when `date` is not a calendar date written `YYYY-MM-DD`.
///
/// # Examples
/// ```
/// use votebloc::groups::{members_on, Grouping};
/// assert_eq!(members_on(Grouping::Eu, "2019-01-01")?.len(), 28);
/// let nato = members_on(Grouping::Nato, "1949-12-31")?;
/// assert_eq!(nato.len(), 12);
/// assert!(nato.iter().any(|m| m.alpha3 == "ISL"));
/// # Ok::<(), votebloc::groups::GroupsError>(())
/// ```
pub fn members_on(grouping: Grouping, date: &str) -> Result<Vec<&'static Membership>, GroupsError> {
    check_date(date)?;
    Ok(grouping
        .memberships()
        .iter()
        .filter(|m| m.on(date))
        .collect())
}

/// Every grouping the state `alpha3` belongs to on `date` (`YYYY-MM-DD`, or `None` for the
/// latest date the state existed, see [`membership_of`]), with its group label, in the order
/// of [`Grouping::ALL`](crate::Choice::ALL).
///
/// # Complexity
/// O(G · (log R + k)) over the G groupings.
///
/// # Errors
/// [`GroupsError::UnknownState`] when `alpha3` is not a registry code, and
/// [`GroupsError::BadDate`] when `date` is not a calendar date written `YYYY-MM-DD`.
///
/// # Examples
/// ```
/// use votebloc::groups::{groupings_of, Grouping};
/// let egypt = groupings_of("EGY", Some("2015-09-15"))?;
/// let labels: Vec<&str> = egypt.iter().map(|&(_, label)| label).collect();
/// assert_eq!(labels, ["African", "G77", "NAM", "OIC", "AU", "Arab League"]);
/// assert_eq!(egypt[0].0, Grouping::UnRegional);
/// # Ok::<(), votebloc::groups::GroupsError>(())
/// ```
pub fn groupings_of(
    alpha3: &str,
    date: Option<&str>,
) -> Result<Vec<(Grouping, &'static str)>, GroupsError> {
    let mut found = Vec::new();
    for &grouping in <Grouping as crate::Choice>::ALL {
        if let Some(label) = group_of(grouping, alpha3, date)? {
            found.push((grouping, label));
        }
    }
    Ok(found)
}

/// The label [`label_members`] gives a state that was not a member of an organisation on most
/// of its voting dates: `not EU`, `not NATO`. (The regional groups have no such label: a state
/// in none of them has no group.)
///
/// # Examples
/// ```
/// use votebloc::groups::{outside_label, Grouping};
/// assert_eq!(outside_label(Grouping::Nato).as_deref(), Some("not NATO"));
/// assert_eq!(outside_label(Grouping::UnRegional), None);
/// ```
pub fn outside_label(grouping: Grouping) -> Option<String> {
    match grouping.labels() {
        [organisation] => Some(format!("not {organisation}")),
        _ => None,
    }
}

/// Gives the states of `data` their group in `grouping` (the `group` of [`Member`]): every
/// member whose code is in the [country registry](super::countries), when `replace` is true or
/// the source gave it no group; legislators and other members are left as they are. Returns
/// how many members were labelled.
///
/// A state's group is dated by the motions: it is the group it belonged to on the dates of
/// most of the motions on which it was recorded as a member (any vote but `not_member`), ties
/// going to the later date; the seat's holder on each date is looked up first
/// ([`countries::holder_on`]), so a code that names a seat (`RUS` for the USSR's votes) is
/// placed by the state that held it. For the regional groups only the dates on which the state
/// was in a group count (Israel, in no group before 2000, is `WEOG` over 1946–2019); for an
/// organisation the dates on which it was not a member count too, and such a state is labelled
/// [`outside_label`] (`not EU`). Motions without a date (or with a date that is not
/// `YYYY-MM-DD`) count as the latest date the state existed (see [`membership_of`]).
///
/// # Complexity
/// O(V + S · D · (log R + k)) for V votes, S states with D distinct voting dates each.
///
/// # Examples
/// ```
/// use votebloc::groups::{label_members, Grouping};
/// use votebloc::{DatasetBuilder, Member, Motion, Vote};
/// let mut b = DatasetBuilder::new("x");
/// let mut motion = Motion::new("1");
/// motion.date = Some("2015-12-07".to_string());
/// let motion = b.motion(motion);
/// let mut legislator = Member::new("14226", "SMITH");
/// legislator.group = Some("Republican".to_string());
/// for member in [Member::new("FRA", "France"), Member::new("BRA", "Brazil"), legislator] {
///     let member = b.member(member);
///     b.push(motion, member, Vote::Yes, None, 0).unwrap();
/// }
/// let mut data = b.finish().unwrap();
/// assert_eq!(label_members(&mut data, Grouping::UnRegional, false), 2);
/// let groups: Vec<_> = data.members.iter().map(|m| m.group.as_deref()).collect();
/// assert_eq!(groups, [Some("Republican"), Some("GRULAC"), Some("WEOG")]);
/// assert_eq!(label_members(&mut data, Grouping::Eu, true), 2);
/// assert_eq!(data.members[1].group.as_deref(), Some("not EU"));
/// assert_eq!(data.members[2].group.as_deref(), Some("EU"));
/// ```
pub fn label_members(data: &mut Dataset, grouping: Grouping, replace: bool) -> usize {
    let states: Vec<Option<&'static countries::Country>> = data
        .members
        .iter()
        .map(|m| {
            (replace || m.group.is_none())
                .then(|| countries::by_alpha3(&m.code))
                .flatten()
        })
        .collect();
    if states.iter().all(Option::is_none) {
        return 0;
    }
    let dates: Vec<Option<&str>> = data
        .motions
        .iter()
        .map(|m| m.date.as_deref().filter(|d| check_date(d).is_ok()))
        .collect();
    // Votes per state and date (dates in order, so that ties go to the later one).
    let mut per_date: Vec<std::collections::BTreeMap<Option<&str>, usize>> =
        vec![Default::default(); data.members.len()];
    for vote in &data.votes {
        let member = vote.member as usize;
        if states[member].is_some() && vote.vote != Vote::NotMember {
            let date = dates.get(vote.motion as usize).copied().flatten();
            *per_date[member].entry(date).or_default() += 1;
        }
    }
    let outside = outside_label(grouping);
    let mut labelled = 0;
    for ((member, state), counts) in data.members.iter_mut().zip(&states).zip(&per_date) {
        let Some(state) = *state else { continue };
        let label_on = |date: Option<&str>| {
            let holder = date.map_or(state, |d| countries::holder_on(state, d));
            membership_of(grouping, holder.alpha3, date)
                .ok()
                .flatten()
                .map(|m| m.group)
        };
        let mut tally: Vec<(Option<&'static str>, usize)> = Vec::new();
        if counts.is_empty() {
            tally.push((label_on(None), 1));
        }
        for (&date, &count) in counts {
            let label = label_on(date);
            match tally.iter_mut().find(|t| t.0 == label) {
                Some(t) => t.1 += count,
                None => tally.push((label, count)),
            }
        }
        if outside.is_none() {
            tally.retain(|t| t.0.is_some());
        }
        // The later of equal counts: the tally is in order of first appearance by date.
        let best = tally
            .iter()
            .rev()
            .max_by_key(|t| t.1)
            .and_then(|t| t.0.map(str::to_string).or_else(|| outside.clone()));
        if best.is_some() {
            member.group = best;
            labelled += 1;
        }
    }
    labelled
}

/// The members of each bloc by group: the contingency table of blocs × groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupTable {
    /// The groups (columns), the largest first, ties by name.
    pub groups: Vec<String>,
    /// `counts[b - 1][g]`: members of bloc `b` in group `groups[g]`.
    pub counts: Vec<Vec<usize>>,
    /// `ungrouped[b - 1]`: members of bloc `b` without a group.
    pub ungrouped: Vec<usize>,
}

impl GroupTable {
    /// True when no member has a group.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Members of group `g` in all blocs.
    pub fn group_total(&self, g: usize) -> usize {
        self.counts.iter().map(|row| row[g]).sum()
    }
}

/// The contingency table of the blocs (`blocs[i]` the bloc of member `i`, numbered from 1; 0,
/// no bloc, is not counted) and the members' groups.
///
/// # Complexity
/// O(n log g) for n members in g groups.
///
/// # Examples
/// ```
/// use votebloc::groups::bloc_group_table;
/// use votebloc::Member;
/// let member = |group: Option<&str>| Member { group: group.map(str::to_string), ..Member::default() };
/// let members = [member(Some("WEOG")), member(Some("EEG")), member(Some("WEOG")), member(None)];
/// let table = bloc_group_table(&members, &[1, 2, 1, 2]);
/// assert_eq!(table.groups, ["WEOG", "EEG"]);
/// assert_eq!(table.counts, [[2, 0], [0, 1]]);
/// assert_eq!(table.ungrouped, [0, 1]);
/// ```
pub fn bloc_group_table(members: &[Member], blocs: &[u32]) -> GroupTable {
    let n_blocs = blocs.iter().copied().max().unwrap_or(0) as usize;
    let mut totals: std::collections::BTreeMap<&str, usize> = Default::default();
    for (member, &bloc) in members.iter().zip(blocs) {
        if let (Some(group), true) = (member.group.as_deref(), bloc > 0) {
            *totals.entry(group).or_default() += 1;
        }
    }
    let mut groups: Vec<(&str, usize)> = totals.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut counts = vec![vec![0; groups.len()]; n_blocs];
    let mut ungrouped = vec![0; n_blocs];
    for (member, &bloc) in members.iter().zip(blocs) {
        let Some(row) = (bloc as usize).checked_sub(1) else {
            continue;
        };
        match member.group.as_deref() {
            Some(group) => {
                let g = groups.iter().position(|(name, _)| *name == group);
                counts[row][g.expect("every group was counted")] += 1;
            }
            None => ungrouped[row] += 1,
        }
    }
    GroupTable {
        groups: groups
            .into_iter()
            .map(|(name, _)| name.to_string())
            .collect(),
        counts,
        ungrouped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Choice;
    use crate::countries::{Status, by_alpha3, un_members_on};

    /// A fixed "today", so that the tests do not change with the calendar.
    const TODAY: &str = "2025-06-01";

    fn count(grouping: Grouping, date: &str) -> usize {
        members_on(grouping, date).unwrap().len()
    }

    fn codes(grouping: Grouping, date: &str) -> Vec<&'static str> {
        members_on(grouping, date)
            .unwrap()
            .iter()
            .map(|m| m.alpha3)
            .collect()
    }

    #[test]
    fn every_code_is_in_the_registry_and_every_label_is_declared() {
        for &grouping in Grouping::ALL {
            for m in grouping.memberships() {
                assert_eq!(
                    by_alpha3(m.alpha3).map(|c| c.alpha3),
                    Some(m.alpha3),
                    "{grouping}: {}",
                    m.alpha3
                );
                assert!(grouping.labels().contains(&m.group), "{grouping}: {m:?}");
            }
            for label in grouping.labels() {
                assert!(
                    grouping.memberships().iter().any(|m| m.group == *label),
                    "{grouping}: {label} has no member"
                );
            }
        }
    }

    #[test]
    fn dates_parse_and_every_spell_ends_after_it_starts() {
        for &grouping in Grouping::ALL {
            for m in grouping.memberships() {
                assert_eq!(check_date(m.from), Ok(()), "{grouping}: {m:?}");
                if let Some(to) = m.to {
                    assert_eq!(check_date(to), Ok(()), "{grouping}: {m:?}");
                    assert!(m.from < to, "{grouping}: {m:?}");
                }
                if m.approximate {
                    assert!(
                        m.note.is_some(),
                        "{grouping}: {m:?} says not how it is dated"
                    );
                }
            }
        }
    }

    #[test]
    fn rows_are_sorted_and_no_state_has_overlapping_spells() {
        for &grouping in Grouping::ALL {
            for pair in grouping.memberships().windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                assert!(
                    (a.alpha3, a.from) < (b.alpha3, b.from),
                    "{grouping}: {a:?} {b:?}"
                );
                if a.alpha3 == b.alpha3 {
                    let a_to =
                        a.to.unwrap_or_else(|| panic!("{grouping}: {a:?} never ends"));
                    assert!(a_to <= b.from, "{grouping}: {a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn the_calendar_check_rejects_what_is_not_a_date() {
        for good in ["2024-02-29", "2000-02-29", "1945-10-24", "1999-12-31"] {
            assert_eq!(check_date(good), Ok(()), "{good}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-01T00",
            "",
            "abcd-ef-gh",
            "2024-01-00",
        ] {
            assert_eq!(
                check_date(bad),
                Err(GroupsError::BadDate(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn every_member_of_today_has_exactly_one_regional_group() {
        let today = un_members_on(TODAY);
        assert_eq!(today.len(), 193);
        for country in today {
            let spells: Vec<&Membership> = Grouping::UnRegional
                .rows_of(country.alpha3)
                .iter()
                .filter(|m| m.on(TODAY))
                .collect();
            assert_eq!(spells.len(), 1, "{}: {spells:?}", country.alpha3);
        }
        // The documented special cases.
        let usa = membership_of(Grouping::UnRegional, "USA", Some(TODAY)).unwrap();
        assert_eq!(usa.map(|m| m.group), Some("WEOG"));
        assert!(usa.unwrap().note.unwrap().contains("observer"));
        assert_eq!(
            group_of(Grouping::UnRegional, "TUR", None),
            Ok(Some("WEOG"))
        );
        assert_eq!(
            group_of(Grouping::UnRegional, "PSE", None),
            Ok(Some("Asia-Pacific"))
        );
        assert_eq!(group_of(Grouping::UnRegional, "VAT", None), Ok(None));
    }

    #[test]
    fn regional_groups_have_the_dgacm_sizes() {
        let mut sizes: Vec<(&str, usize)> = Grouping::UnRegional
            .labels()
            .iter()
            .map(|&label| {
                let n = members_on(Grouping::UnRegional, TODAY)
                    .unwrap()
                    .iter()
                    .filter(|m| m.group == label)
                    .count();
                (label, n)
            })
            .collect();
        sizes.sort();
        // Asia-Pacific: 54 UN members (Kiribati included, Türkiye counted in WEOG) and the
        // State of Palestine; WEOG: 28 members and the United States.
        assert_eq!(
            sizes,
            [
                ("African", 54),
                ("Asia-Pacific", 55),
                ("EEG", 23),
                ("GRULAC", 33),
                ("WEOG", 29)
            ]
        );
    }

    #[test]
    fn every_un_member_of_the_past_has_a_regional_group_except_israel_and_kiribati() {
        for date in [
            "1946-12-31",
            "1955-12-31",
            "1965-06-30",
            "1971-10-24",
            "1971-10-25",
            "1980-01-01",
            "1990-10-02",
            "1991-12-24",
            "1993-06-01",
            "2000-05-29",
            "2000-05-30",
            "2004-01-01",
            "2006-06-03",
            "2009-12-31",
            "2012-01-01",
        ] {
            for country in un_members_on(date) {
                let group = group_of(Grouping::UnRegional, country.alpha3, Some(date)).unwrap();
                let ungrouped = (country.alpha3 == "ISR" && date < "2000-05-30")
                    || (country.alpha3 == "KIR" && date < "2010-01-01");
                assert_eq!(group.is_none(), ungrouped, "{} on {date}", country.alpha3);
            }
        }
    }

    #[test]
    fn regional_spells_follow_un_membership() {
        for m in Grouping::UnRegional.memberships() {
            let country = by_alpha3(m.alpha3).unwrap();
            match m.alpha3 {
                "ISR" | "KIR" => assert!(country.un_from.unwrap() < m.from, "{m:?}"),
                "PSE" => assert_eq!(country.status, Status::Observer),
                _ => {
                    assert_eq!(Some(m.from), country.un_from, "{m:?}");
                    assert_eq!(m.to, country.un_to, "{m:?}");
                }
            }
        }
    }

    #[test]
    fn historical_states_and_seats_are_placed() {
        let group = |a3: &str, date: Option<&str>| group_of(Grouping::UnRegional, a3, date);
        for a3 in ["SUN", "YUG", "CSK", "DDR", "SCG"] {
            assert_eq!(group(a3, None), Ok(Some("EEG")), "{a3}");
        }
        assert_eq!(group("YMD", None), Ok(Some("Asia-Pacific")));
        assert_eq!(group("ZAN", None), Ok(Some("African")));
        assert_eq!(group("TWN", Some("1960-01-01")), Ok(Some("Asia-Pacific")));
        assert_eq!(group("TWN", Some("1971-10-25")), Ok(None));
        assert_eq!(group("CHN", Some("1971-10-25")), Ok(Some("Asia-Pacific")));
        assert_eq!(group("SUN", Some("1991-12-24")), Ok(None));
        assert_eq!(group("RUS", Some("1991-12-24")), Ok(Some("EEG")));
        assert_eq!(group("ISR", Some("2000-05-30")), Ok(Some("WEOG")));
        // A historical state with date None: its membership on its last day.
        assert_eq!(
            group_of(Grouping::ArabLeague, "YMD", None),
            Ok(Some("Arab League"))
        );
        assert_eq!(group_of(Grouping::Nam, "YUG", None), Ok(None));
        assert_eq!(group_of(Grouping::Eu, "GBR", None), Ok(None));
    }

    #[test]
    fn eu_counts_on_known_days() {
        assert_eq!(count(Grouping::Eu, "2024-01-01"), 27);
        assert_eq!(count(Grouping::Eu, "2019-01-01"), 28);
        assert_eq!(count(Grouping::Eu, "2020-01-31"), 28);
        assert_eq!(count(Grouping::Eu, "2020-02-01"), 27);
        assert_eq!(count(Grouping::Eu, "1993-11-01"), 12);
        assert_eq!(count(Grouping::Eu, "1958-01-01"), 6);
        assert_eq!(count(Grouping::Eu, "1957-12-31"), 0);
        assert_eq!(count(Grouping::Eu, "2004-04-30"), 15);
        assert_eq!(count(Grouping::Eu, "2004-05-01"), 25);
        assert_eq!(count(Grouping::Eu, "2013-07-01"), 28);
        assert!(!codes(Grouping::Eu, "1990-01-01").contains(&"DDR"));
    }

    #[test]
    fn nato_counts_on_known_days() {
        assert_eq!(count(Grouping::Nato, "2024-06-01"), 32);
        assert_eq!(count(Grouping::Nato, "2024-03-06"), 31);
        assert_eq!(count(Grouping::Nato, "2023-04-04"), 31);
        assert_eq!(count(Grouping::Nato, "1949-12-31"), 12);
        assert_eq!(count(Grouping::Nato, "1990-01-01"), 16);
        assert_eq!(count(Grouping::Nato, "1955-05-05"), 14);
        assert_eq!(count(Grouping::Nato, "1955-05-06"), 15);
        assert_eq!(count(Grouping::Nato, "1999-03-12"), 19);
        assert_eq!(count(Grouping::Nato, "2004-03-29"), 26);
        assert!(codes(Grouping::Nato, "1970-01-01").contains(&"FRA"));
    }

    #[test]
    fn other_organisations_count_their_members_of_today() {
        assert_eq!(count(Grouping::Oic, TODAY), 57);
        // 55 with the Sahrawi Arab Democratic Republic, which is not in the country registry.
        assert_eq!(count(Grouping::Au, TODAY), 54);
        assert_eq!(count(Grouping::Au, "2002-07-09"), 52);
        assert_eq!(count(Grouping::ArabLeague, TODAY), 22);
        // The G77's own count, China included.
        assert_eq!(count(Grouping::G77, TODAY), 134);
        assert_eq!(count(Grouping::G77, "1964-06-15"), 77);
        // 132 when Kiribati asked to join (May 2013), 133 by November 2013, 134 with South
        // Sudan (2014), as the G77 counted them (China included).
        assert_eq!(count(Grouping::G77, "2013-05-01"), 132);
        assert_eq!(count(Grouping::G77, "2013-12-01"), 133);
        assert_eq!(count(Grouping::Nam, "2023-12-31"), 120);
        assert_eq!(count(Grouping::Nam, TODAY), 121);
        assert_eq!(count(Grouping::Nam, "1961-09-01"), 25);
        assert_eq!(count(Grouping::Asean, TODAY), 10);
        assert_eq!(count(Grouping::Asean, "2025-10-26"), 11);
        assert_eq!(count(Grouping::G7, TODAY), 7);
        assert_eq!(count(Grouping::G20, TODAY), 19);
        assert_eq!(count(Grouping::Brics, TODAY), 10);
        // The NAM: 54 African states, the whole continent's UN members.
        let nam = codes(Grouping::Nam, TODAY);
        let african = codes(Grouping::UnRegional, TODAY)
            .into_iter()
            .filter(|a3| group_of(Grouping::UnRegional, a3, Some(TODAY)) == Ok(Some("African")))
            .collect::<Vec<_>>();
        assert_eq!(african.len(), 54);
        assert!(african.iter().all(|a3| nam.contains(a3)));
    }

    #[test]
    fn joins_and_departures_fall_on_their_days() {
        let g = |grouping, a3, date| group_of(grouping, a3, Some(date)).unwrap().is_some();
        assert!(!g(Grouping::Nato, "DEU", "1955-05-05") && g(Grouping::Nato, "DEU", "1955-05-06"));
        assert!(!g(Grouping::Nato, "FIN", "2023-04-03") && g(Grouping::Nato, "FIN", "2023-04-04"));
        assert!(g(Grouping::Au, "MAR", "1984-11-11") && !g(Grouping::Au, "MAR", "1984-11-12"));
        assert!(!g(Grouping::Au, "MAR", "2017-01-30") && g(Grouping::Au, "MAR", "2017-01-31"));
        assert!(g(Grouping::Nam, "CYP", "2004-04-30") && !g(Grouping::Nam, "CYP", "2004-05-01"));
        assert!(!g(Grouping::Nam, "MMR", "1985-01-01") && g(Grouping::Nam, "MMR", "1995-01-01"));
        assert!(g(Grouping::Nam, "ARG", "1980-01-01") && !g(Grouping::Nam, "ARG", "1995-01-01"));
        assert!(g(Grouping::G77, "MEX", "1990-01-01") && !g(Grouping::G77, "MEX", "2000-01-01"));
        assert!(g(Grouping::G77, "KOR", "1990-01-01") && !g(Grouping::G77, "KOR", "2000-01-01"));
        assert!(!g(Grouping::G77, "NZL", "1964-06-15"));
        // Suspensions are kept as membership.
        assert!(g(Grouping::ArabLeague, "SYR", "2015-01-01"));
        assert!(g(Grouping::ArabLeague, "EGY", "1985-01-01"));
        assert!(!g(Grouping::ArabLeague, "COM", "1993-11-19"));
    }

    #[test]
    fn groupings_of_a_state_are_in_documentation_order() {
        let france: Vec<(Grouping, &str)> = groupings_of("fra", Some("2024-01-01")).unwrap();
        assert_eq!(
            france,
            [
                (Grouping::UnRegional, "WEOG"),
                (Grouping::Eu, "EU"),
                (Grouping::Nato, "NATO"),
                (Grouping::G7, "G7"),
                (Grouping::G20, "G20"),
                (Grouping::Oecd, "OECD"),
            ]
        );
        assert_eq!(groupings_of("VAT", None), Ok(vec![]));
    }

    #[test]
    fn bad_codes_and_dates_are_errors() {
        assert_eq!(
            group_of(Grouping::Eu, "XYZ", None),
            Err(GroupsError::UnknownState("XYZ".into()))
        );
        assert_eq!(
            members_on(Grouping::Eu, "2019-02-30").unwrap_err(),
            GroupsError::BadDate("2019-02-30".into())
        );
        assert_eq!(
            groupings_of("FRA", Some("yesterday")),
            Err(GroupsError::BadDate("yesterday".into()))
        );
        let message = GroupsError::BadDate("2019-02-30".into()).to_string();
        assert!(
            message.contains("2019-02-30") && message.contains("YYYY-MM-DD"),
            "{message}"
        );
    }

    #[test]
    fn the_file_holds_every_grouping_in_the_order_of_the_choice() {
        let names: Vec<&str> = Grouping::ALL.iter().map(|g| g.name()).collect();
        assert_eq!(data::groupings(), names);
    }

    #[test]
    fn oecd_counts_on_known_days() {
        assert_eq!(count(Grouping::Oecd, TODAY), 38);
        assert_eq!(count(Grouping::Oecd, "1961-09-29"), 0);
        assert_eq!(count(Grouping::Oecd, "1961-09-30"), 17);
        assert_eq!(count(Grouping::Oecd, "1962-12-31"), 20);
        assert_eq!(count(Grouping::Oecd, "1994-05-18"), 25);
        assert_eq!(count(Grouping::Oecd, "2010-12-31"), 34);
        assert!(!codes(Grouping::Oecd, "2021-05-24").contains(&"CRI"));
        assert!(codes(Grouping::Oecd, "2021-05-25").contains(&"CRI"));
    }

    #[test]
    fn grouping_names_round_trip() {
        let names: Vec<&str> = Grouping::ALL.iter().map(|g| g.name()).collect();
        assert_eq!(
            names,
            [
                "un-regional",
                "eu",
                "nato",
                "g77",
                "nam",
                "oic",
                "au",
                "arab-league",
                "asean",
                "g7",
                "g20",
                "brics",
                "oecd",
            ]
        );
        for &grouping in Grouping::ALL {
            assert_eq!(Grouping::from_name(grouping.name()), Some(grouping));
            assert_eq!(
                serde_json::to_string(&grouping).unwrap(),
                format!("\"{}\"", grouping.name())
            );
        }
    }
}
