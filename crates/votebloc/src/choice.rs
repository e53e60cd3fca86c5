//! Options with a fixed set of named values (a similarity index, a method, an input format):
//! one trait gives each its names, so that the command line, the JSON summary and the
//! documentation spell them the same way without the library knowing of any command line.

/// A parameter whose values are a fixed, named set.
///
/// # Examples
///
/// ```
/// use votebloc::Choice;
/// use votebloc::similarity::Index;
///
/// assert_eq!(Index::from_name("s-score"), Some(Index::SScore));
/// assert_eq!(Index::from_name("sscore"), None);
/// assert_eq!(Index::SScore.name(), "s-score");
/// assert!(Index::ALL.iter().all(|i| !i.about().is_empty()));
/// ```
pub trait Choice: Copy + Eq + Send + Sync + 'static {
    /// Every value, in documentation order.
    const ALL: &'static [Self];

    /// The value's name, as the command line and the outputs write it.
    fn name(self) -> &'static str;

    /// One line on what the value means.
    fn about(self) -> &'static str;

    /// The value called `name` (exact spelling), if any.
    ///
    /// # Complexity
    /// O(|ALL|).
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.name() == name)
    }
}

/// Defines an enum whose variants are the values of a [`Choice`], from one table of variants,
/// names and descriptions (the description is also the variant's documentation), so that the
/// three cannot drift apart; `Display` writes the name.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        $vis:vis enum $ty:ident {
            $($(#[$vmeta:meta])* $variant:ident => $name:literal, $about:literal;)+
        }
    ) => {
        $(#[$meta])*
        $vis enum $ty {
            $(#[doc = $about] $(#[$vmeta])* $variant,)+
        }
        impl $crate::choice::Choice for $ty {
            const ALL: &'static [Self] = &[$($ty::$variant),+];
            fn name(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
            fn about(self) -> &'static str {
                match self { $($ty::$variant => $about),+ }
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::choice::Choice::name(*self))
            }
        }
    };
}
pub(crate) use choice;
