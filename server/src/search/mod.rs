//! One search box for administrators (docs/operations.md#search): members by name, pinyin
//! initials or full pinyin (张三丰 ← `zsf`, `zhangsanfeng`), mobile tail (last 4) or resident ID
//! tail (last 4 or 6); organizations by name or pinyin initials. Only what the reader may list.

mod keys;
mod query;

pub use keys::Keys;
pub use query::{search, search_in, Hit, HitKind};
