//! What a service answers when it cannot do what was asked. Every service returns
//! [`ServiceError`]; the edges — the UI facade (`crate::ui`) and the HTTP handlers
//! (`crate::http`) — turn it into what their callers read, and log an internal failure there,
//! once, with the place in our code where it arose.

use std::{error::Error as StdError, panic::Location};

use domain::ErrorCode;

/// The cause of an internal failure, kept for the log only.
pub type Cause = Box<dyn StdError + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Refused for a reason the caller can act on; the UI shows the code's message.
    #[error("refused: {0:?}")]
    Code(ErrorCode),
    /// One input was refused. `field` is the form field's name (`title`, `starts_at`); the
    /// feature's facade turns it into the form's own label.
    #[error("field {field} refused: {code:?}")]
    Field {
        field: &'static str,
        code: ErrorCode,
    },
    /// A quiz being written has a bad question: which one (from 1), and why.
    #[error("quiz question {number} refused: {code:?}")]
    QuizQuestion { number: usize, code: ErrorCode },
    /// Refused with the particulars the person needs to act (how many, and where).
    #[error("refused: {code:?} ({detail})")]
    Detail { code: ErrorCode, detail: String },
    /// Too many failed logins: when the member may try again.
    #[error("login throttled for {retry_after_minutes} minutes")]
    Throttled { retry_after_minutes: i64 },
    /// Not the caller's doing (storage, a background task, a file): the cause and where it
    /// arose stay in the log; the caller reads `ErrorCode::Internal`.
    #[error("{context} failed at {at}: {cause}")]
    Internal {
        context: &'static str,
        at: &'static Location<'static>,
        cause: Cause,
    },
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    pub fn field(field: &'static str, code: ErrorCode) -> Self {
        Self::Field { field, code }
    }

    /// An internal failure with what was being done; the location is the caller's.
    #[track_caller]
    pub fn internal(context: &'static str, cause: impl Into<Cause>) -> Self {
        Self::Internal {
            context,
            at: Location::caller(),
            cause: cause.into(),
        }
    }

    /// The shared code the caller reads.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Code(code)
            | Self::Field { code, .. }
            | Self::QuizQuestion { code, .. }
            | Self::Detail { code, .. } => *code,
            Self::Throttled { .. } => ErrorCode::Throttled,
            Self::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// Logs an internal failure (the edge calls this once) and returns the shared code.
    pub fn logged_code(&self) -> ErrorCode {
        if let Self::Internal { context, at, cause } = self {
            tracing::error!(%at, error = %cause, "{context} failed");
        }
        self.code()
    }
}

/// A plain refusal equals its code; a field's refusal and an internal failure never do.
impl PartialEq<ErrorCode> for ServiceError {
    fn eq(&self, other: &ErrorCode) -> bool {
        matches!(self, Self::Code(code) if code == other)
    }
}

impl From<ErrorCode> for ServiceError {
    fn from(code: ErrorCode) -> Self {
        Self::Code(code)
    }
}

/// `?` on the errors our services meet records where it happened (`#[track_caller]`).
macro_rules! internal_from {
    ($($ty:ty => $context:literal),* $(,)?) => {$(
        impl From<$ty> for ServiceError {
            #[track_caller]
            fn from(e: $ty) -> Self {
                Self::internal($context, e)
            }
        }
    )*};
}

internal_from! {
    sqlx::Error => "storage",
    crate::storage::StorageError => "storage",
    tokio::task::JoinError => "background task",
    tokio::sync::AcquireError => "work slot",
    serde_json::Error => "JSON",
    std::io::Error => "file",
    crate::files::FileError => "file store",
}

/// `.context("what")` on any other failure that is not the caller's doing.
pub trait Context<T> {
    fn context(self, what: &'static str) -> ServiceResult<T>;
}

impl<T, E: Into<Cause>> Context<T> for Result<T, E> {
    #[track_caller]
    fn context(self, what: &'static str) -> ServiceResult<T> {
        match self {
            Ok(v) => Ok(v),
            Err(e) => Err(ServiceError::internal(what, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_keep_the_line_where_they_arose() {
        #[rustfmt::skip]
        let (e, line) = ("x".parse::<i64>().context("parsing a number").unwrap_err(), line!());
        let ServiceError::Internal { context, at, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!((*context, at.line()), ("parsing a number", line));
        assert_eq!(e.code(), ErrorCode::Internal);

        let io = || std::io::Error::other("disk gone");
        #[rustfmt::skip]
        let (e, line) = ((|| -> ServiceResult<()> { Err(io())?; Ok(()) })().unwrap_err(), line!());
        let ServiceError::Internal { context, at, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!((*context, at.line()), ("file", line));
        assert_eq!(e.logged_code(), ErrorCode::Internal);
    }

    #[test]
    fn refusals_carry_their_code() {
        let e = ServiceError::field("title", ErrorCode::InvalidText);
        assert_eq!(e.code(), ErrorCode::InvalidText);
        assert_eq!(
            ServiceError::from(ErrorCode::Forbidden).code(),
            ErrorCode::Forbidden
        );
    }
}
