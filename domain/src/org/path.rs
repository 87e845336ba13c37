//! Where an organization sits in the tree, as the keys from the root down: `/1/4/23/`.
//!
//! Every permission check and every "this organization and everything below it" query is a
//! prefix test on this path (docs/rules.md#levels-of-the-tree), so the path can only
//! hold that shape: a leading slash, then one or more positive keys each followed by a slash.
//! Only digits and slashes appear in it, so it can go into a SQL `LIKE` pattern unescaped.

use crate::error::ErrorCode;
use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgPath(String);

impl OrgPath {
    pub fn parse(s: &str) -> Result<Self, ErrorCode> {
        let inner = s
            .strip_prefix('/')
            .and_then(|r| r.strip_suffix('/'))
            .ok_or(ErrorCode::InvalidOrgId)?;
        if inner.is_empty() {
            return Err(ErrorCode::InvalidOrgId);
        }
        for key in inner.split('/') {
            OrgId::parse(key)?;
        }
        Ok(Self(s.to_owned()))
    }

    /// The path of a root organization (the county).
    pub fn root_of(id: OrgId) -> Self {
        Self(format!("/{id}/"))
    }

    /// The path of a new organization placed directly under this one.
    pub fn child(&self, id: OrgId) -> Self {
        Self(format!("{}{id}/", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` is this organization or lies anywhere below it.
    pub fn contains(&self, other: &OrgPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The keys from the root down to this organization.
    pub fn ids(&self) -> impl Iterator<Item = OrgId> + '_ {
        self.0
            .split('/')
            .filter(|k| !k.is_empty())
            .filter_map(|k| OrgId::parse(k).ok())
    }

    /// The top of the tree this organization belongs to (the county).
    pub fn root(&self) -> OrgId {
        self.ids().next().unwrap_or_else(|| self.id())
    }

    /// This organization's own key (the last one).
    pub fn id(&self) -> OrgId {
        let last = self
            .0
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        // A parsed path always ends in a positive key; 1 is never reached.
        OrgId::parse(last).unwrap_or(OrgId::MIN)
    }

    /// How many levels down from the root: 0 for the county.
    pub fn depth(&self) -> usize {
        self.ids().count().saturating_sub(1)
    }

    /// The paths of this organization and everything above it, root first: `/1/4/23/` →
    /// `/1/`, `/1/4/`, `/1/4/23/`.
    pub fn ancestors(&self) -> Vec<OrgPath> {
        self.0
            .match_indices('/')
            .skip(1)
            .filter_map(|(i, _)| self.0.get(..=i))
            .map(|p| OrgPath(p.to_owned()))
            .collect()
    }

    /// The parent's path, or `None` for a root.
    pub fn parent(&self) -> Option<OrgPath> {
        let mut all = self.ancestors();
        all.pop();
        all.pop()
    }

    /// `LIKE` pattern matching this organization and everything below it.
    pub fn like_prefix(&self) -> String {
        format!("{}%", self.0)
    }
}

impl TryFrom<String> for OrgPath {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, ErrorCode> {
        Self::parse(&s)
    }
}

impl From<OrgPath> for String {
    fn from(p: OrgPath) -> String {
        p.0
    }
}

impl core::fmt::Display for OrgPath {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

crate::stored_as_text!(OrgPath, |s: &str| OrgPath::parse(s).ok(), |p: &OrgPath| p
    .0
    .clone());

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> OrgPath {
        OrgPath::parse(s).unwrap()
    }

    #[test]
    fn parses_only_the_stored_shape() {
        for bad in [
            "", "/", "//", "1/2/", "/1/2", "/0/", "/1//2/", "/a/", "/-1/", "/1/2/%/",
        ] {
            assert!(OrgPath::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(p("/1/4/23/").as_str(), "/1/4/23/");
    }

    #[test]
    fn names_its_parts() {
        let path = p("/1/4/23/");
        assert_eq!(path.root().get(), 1);
        assert_eq!(path.id().get(), 23);
        assert_eq!(path.depth(), 2);
        assert_eq!(path.ancestors(), vec![p("/1/"), p("/1/4/"), p("/1/4/23/")]);
        assert_eq!(path.parent(), Some(p("/1/4/")));
        assert_eq!(p("/1/").parent(), None);
        assert_eq!(path.like_prefix(), "/1/4/23/%");
    }

    #[test]
    fn a_key_is_not_a_prefix_of_a_longer_key() {
        // `/1/4/` must not contain `/1/45/`: the trailing slash is what keeps them apart.
        assert!(!p("/1/4/").contains(&p("/1/45/")));
        assert!(p("/1/4/").contains(&p("/1/4/5/")));
    }

    fn path_strategy() -> impl Strategy<Value = OrgPath> {
        prop::collection::vec(1i64..5000, 1..6).prop_map(|keys| {
            let mut path = OrgPath::root_of(OrgId::new(keys[0]).unwrap());
            for k in &keys[1..] {
                path = path.child(OrgId::new(*k).unwrap());
            }
            path
        })
    }

    proptest! {
        #[test]
        fn every_ancestor_contains_the_path(path in path_strategy()) {
            let ancestors = path.ancestors();
            prop_assert_eq!(ancestors.len(), path.depth() + 1);
            prop_assert_eq!(ancestors.last(), Some(&path));
            prop_assert_eq!(ancestors[0].id(), path.root());
            for a in &ancestors {
                prop_assert!(a.contains(&path));
                prop_assert_eq!(&OrgPath::parse(a.as_str()).unwrap(), a);
            }
        }

        #[test]
        fn contains_is_exactly_the_subtree(a in path_strategy(), b in path_strategy()) {
            let by_keys = {
                let (ka, kb): (Vec<_>, Vec<_>) = (a.ids().collect(), b.ids().collect());
                kb.len() >= ka.len() && kb[..ka.len()] == ka[..]
            };
            prop_assert_eq!(a.contains(&b), by_keys);
            // The SQL form agrees with the Rust form.
            let like = a.like_prefix();
            prop_assert_eq!(b.as_str().starts_with(like.trim_end_matches('%')), by_keys);
        }

        #[test]
        fn a_child_is_below_its_parent(path in path_strategy(), key in 1i64..100_000) {
            let child = path.child(OrgId::new(key).unwrap());
            prop_assert!(path.contains(&child));
            prop_assert!(!child.contains(&path));
            prop_assert_eq!(child.parent(), Some(path.clone()));
            prop_assert_eq!(child.id().get(), key);
            prop_assert_eq!(child.root(), path.root());
        }

        #[test]
        fn serde_round_trips(path in path_strategy()) {
            let json = serde_json::to_string(&path).unwrap();
            prop_assert_eq!(serde_json::from_str::<OrgPath>(&json).unwrap(), path);
        }
    }
}
