//! The one shape of a stage's parameters, after linfa's (`linfa::ParamGuard`): a stage's
//! `…Params` are unchecked (public fields, builder setters, `Default`); [`ParamGuard::check`]
//! (or `check_ref`) validates them once and gives the stage's `…ValidParams`, which nothing
//! else can make and which read like the unchecked ones (`Deref`). A stage function takes
//! either (`P: ParamGuard<Checked = …ValidParams>`): given checked parameters it checks
//! nothing again; given unchecked ones it checks them first. Checks that need the data (a
//! k below the number of members) stay with the stage.
//!
//! # Examples
//!
//! ```
//! use votebloc::ParamGuard;
//! use votebloc::cluster::leiden::{LeidenError, LeidenParams};
//!
//! let checked = LeidenParams::default().seed(7).check()?;
//! assert_eq!(checked.seed, 7);
//! assert!(LeidenParams::default().n_restarts(0).check().is_err());
//! # Ok::<(), LeidenError>(())
//! ```

pub use linfa::ParamGuard;

/// Defines `$valid`, the checked form of `$params` (validated by `$params::validate`, errors
/// `$error`), and the two [`ParamGuard`] impls: checking `$params`, and accepting `$valid`
/// as it is. `$valid::assume_checked` (crate only) views parameters that a checked whole
/// (e.g. the consensus parameters holding the Leiden ones) already validated.
macro_rules! valid_params {
    ($(#[$meta:meta])* $vis:vis struct $valid:ident($params:ty) checked by $error:ty;) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, ref_cast::RefCastCustom)]
        #[repr(transparent)]
        $vis struct $valid($params);

        impl $valid {
            #[ref_cast::ref_cast_custom]
            #[allow(dead_code)]
            pub(crate) fn assume_checked(params: &$params) -> &$valid;

            /// The parameters, unchecked again (to change one).
            pub fn into_inner(self) -> $params {
                self.0
            }
        }

        impl ::std::ops::Deref for $valid {
            type Target = $params;
            fn deref(&self) -> &$params {
                &self.0
            }
        }

        impl $crate::params::ParamGuard for $params {
            type Checked = $valid;
            type Error = $error;
            fn check_ref(&self) -> Result<&$valid, $error> {
                self.validate()?;
                Ok($valid::assume_checked(self))
            }
            fn check(self) -> Result<$valid, $error> {
                self.validate()?;
                Ok($valid(self))
            }
        }

        impl $crate::params::ParamGuard for $valid {
            type Checked = $valid;
            type Error = $error;
            fn check_ref(&self) -> Result<&$valid, $error> {
                Ok(self)
            }
            fn check(self) -> Result<$valid, $error> {
                Ok(self)
            }
        }
    };
}
pub(crate) use valid_params;
