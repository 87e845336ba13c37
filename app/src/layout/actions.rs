//! What a page does with its forms' results: when it reloads its data, and the refusal to show.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::AppError;

/// How many times `action` has changed what the page shows: its successes, and refusals that say
/// the page is out of date. Pages reload their data on this, not on the action's `version`,
/// which also counts the other refusals: reloading then would render the form anew and lose
/// what was typed, where the refusal only says what to fix.
pub fn saves<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    Memo::new(move |before: Option<&usize>| {
        let n = before.copied().unwrap_or(0);
        let reload = action.value().with(|v| match v {
            Some(Ok(_)) => true,
            Some(Err(e)) => e.code().page_out_of_date(),
            None => false,
        });
        if reload {
            n + 1
        } else {
            n
        }
    })
}

/// The refusal of `action`'s last submission, in Chinese, to show beside its form.
pub fn action_error<S>(action: ServerAction<S>) -> impl Fn() -> Option<String> + Copy
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    move || {
        action.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .map(|e| e.message())
        })
    }
}
