//! Study (学习): `/study`, `/study/{id}` for members, `/admin/study` for authors.

mod admin;
mod api;
mod facade;
mod item;
#[cfg(feature = "ssr")]
pub mod markdown;
mod page;
mod types;

use std::collections::HashMap;

pub use admin::AdminStudyPage;
pub use api::*;
#[cfg(feature = "ssr")]
pub use facade::StudyApi;
pub use item::StudyItemPage;
pub use page::StudyPage;
pub use types::*;

/// Longest article source accepted (bytes).
pub const MAX_BODY_BYTES: usize = 100_000;

/// Reads quiz form fields (`q{i}` = option for single choice, `q{i}o{j}` ticked for multiple)
/// into per-question option lists; questions with nothing chosen stay empty, so the rules can
/// say which is unanswered.
pub fn answers_from_form(fields: &HashMap<String, String>) -> Vec<Vec<u8>> {
    let mut answers: Vec<Vec<u8>> = Vec::new();
    let mut put = |q: usize, o: u8| {
        if q < domain::study::MAX_QUESTIONS {
            if answers.len() <= q {
                answers.resize(q + 1, Vec::new());
            }
            if let Some(options) = answers.get_mut(q) {
                options.push(o);
            }
        }
    };
    for (name, value) in fields {
        let Some(rest) = name.strip_prefix('q') else {
            continue;
        };
        match rest.split_once('o') {
            Some((q, o)) => {
                if let (Ok(q), Ok(o)) = (q.parse::<usize>(), o.parse::<u8>()) {
                    put(q, o);
                }
            }
            None => {
                if let (Ok(q), Ok(o)) = (rest.parse::<usize>(), value.parse::<u8>()) {
                    put(q, o);
                }
            }
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_answers() {
        let fields: HashMap<String, String> = [
            ("q0", "1"),
            ("q1o0", "on"),
            ("q1o2", "on"),
            ("_", "1"),
            ("qx", "1"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let mut a = answers_from_form(&fields);
        a[1].sort();
        assert_eq!(a, vec![vec![1], vec![0, 2]]);
    }
}
