//! clap's view of the library's named options ([`votebloc::Choice`]): their names are the
//! possible values, their descriptions the help of each.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use std::ffi::OsStr;
use std::marker::PhantomData;
use votebloc::Choice;

/// Parses one of `T`'s names.
#[derive(Debug)]
pub struct ChoiceParser<T>(PhantomData<fn() -> T>);

// Derived `Clone` would require `T: Clone` through the marker.
impl<T> Clone for ChoiceParser<T> {
    fn clone(&self) -> Self {
        ChoiceParser(PhantomData)
    }
}

/// The parser of `T`'s names, for `#[arg(value_parser = choice::<T>())]`.
pub fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(PhantomData)
}

fn possible_values<T: Choice>() -> impl Iterator<Item = PossibleValue> {
    T::ALL
        .iter()
        .map(|value| PossibleValue::new(value.name()).help(value.about()))
}

impl<T: Choice> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        // clap's own parser of a fixed list gives the usual message for a wrong value.
        let name = PossibleValuesParser::new(possible_values::<T>()).parse_ref(cmd, arg, value)?;
        T::from_name(&name).ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(possible_values::<T>()))
    }
}
