//! The pinyin of a name, as typed into a search box: initials and the full spelling, lower case,
//! without tones. Characters without a reading (letters, digits, `·`) stand for themselves.

use pinyin::ToPinyin;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    pub initials: String,
    pub full: String,
}

impl Keys {
    pub fn of(name: &str) -> Keys {
        let mut initials = String::new();
        let mut full = String::new();
        for c in name.chars() {
            match c.to_pinyin() {
                Some(p) => {
                    initials.push_str(p.first_letter());
                    full.push_str(p.plain());
                }
                None if c.is_ascii_alphanumeric() => {
                    let lower = c.to_ascii_lowercase();
                    initials.push(lower);
                    full.push(lower);
                }
                None => {}
            }
        }
        Keys { initials, full }
    }

    /// Whether `typed` (lower-case ASCII letters) is these initials or the start of them, or the
    /// start of the full spelling.
    pub fn match_letters(&self, typed: &str) -> bool {
        self.initials.starts_with(typed) || self.full.starts_with(typed)
    }
}

/// Names already spelled, shared by every search: a county's names are spelled once, then each
/// search is lookups (docs/operations.md#search). Emptied when it outgrows a province.
type Cache = std::collections::HashMap<String, Keys>;
static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
const MAX_CACHED: usize = 2_000_000;

pub fn cache() -> std::sync::MutexGuard<'static, Cache> {
    let lock = CACHE.get_or_init(Default::default);
    // A panic while holding it leaves only spellings behind: still correct.
    lock.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// [`Keys::match_letters`] for `name`, spelling it only the first time it is seen.
pub fn match_letters(cache: &mut Cache, name: &str, typed: &str) -> bool {
    if let Some(keys) = cache.get(name) {
        return keys.match_letters(typed);
    }
    if cache.len() >= MAX_CACHED {
        cache.clear();
    }
    let keys = Keys::of(name);
    let found = keys.match_letters(typed);
    cache.insert(name.to_owned(), keys);
    found
}

#[cfg(test)]
mod tests {
    use super::Keys;

    #[test]
    fn names_read_as_clerks_type_them() {
        let k = Keys::of("张三丰");
        assert_eq!(
            (k.initials.as_str(), k.full.as_str()),
            ("zsf", "zhangsanfeng")
        );
        assert!(k.match_letters("zsf") && k.match_letters("zs") && k.match_letters("zhangsan"));
        assert!(!k.match_letters("zsg"));
        assert_eq!(
            Keys::of("阿依古丽·买买提").initials,
            "aygl".to_owned() + "mmt"
        );
        assert_eq!(Keys::of("龙泉镇党委").initials, "lqzdw");
    }
}
