//! The four lists on a board (docs/rules.md#the-four-lists): drawn over the board's whole ranked
//! population, black first, then cleared where the reader may not see them and, with a filter,
//! only that list's rows kept.

use std::collections::HashMap;

use app::rankings::{BranchStanding, CompositeStanding, MemberStanding};
use domain::ranking::{
    list_by_mode, Board, ListKind, ListMode, ListPolicy, Relation, VisibilityPolicy,
};

/// A board row that can carry a list (docs/rules.md#the-four-lists).
pub(super) trait Listed {
    fn standing(&self) -> (u32, i64);
    fn list(&self) -> Option<ListKind>;
    fn set_list(&mut self, list: Option<ListKind>, why: Option<String>);
}

macro_rules! listed {
    ($t:ty, $score:expr) => {
        impl Listed for $t {
            fn standing(&self) -> (u32, i64) {
                (self.rank, $score(self))
            }
            fn list(&self) -> Option<ListKind> {
                self.list
            }
            fn set_list(&mut self, list: Option<ListKind>, why: Option<String>) {
                self.list = list;
                self.why = why;
            }
        }
    };
}
listed!(MemberStanding, |r: &MemberStanding| r.points);
listed!(BranchStanding, |r: &BranchStanding| r.average_points);
// Composite rows are drawn by rank only (`ListPolicy::org_mode`): the score is not needed.
listed!(CompositeStanding, |_: &CompositeStanding| 0);

/// How lists are drawn and shown to this reader.
pub(super) struct Lists {
    pub policy: ListPolicy,
    pub visibility: VisibilityPolicy,
    /// Administrators see every row's list on the boards they oversee.
    pub sees_all: bool,
    /// Whether a branch row says which warning put it on the black list.
    pub warnings_told: bool,
    pub filter: Option<ListKind>,
    /// Branches on 重点警示, with the reasons: black on every board.
    pub black: HashMap<domain::OrgId, String>,
}

impl Lists {
    /// Draws each row's list over the whole ranked population of the board (`black` first),
    /// and clears it where the reader may not see it.
    pub fn apply<T: Listed>(
        &self,
        rows: Vec<T>,
        mode: ListMode,
        black: impl Fn(&T) -> Option<String>,
        relation: impl Fn(&T) -> Relation,
    ) -> Vec<T> {
        self.apply_as(self.sees_all, rows, mode, black, relation)
    }

    /// As `apply`, with whether the reader sees every row's list on this board: an
    /// administrator on a board they oversee, not on one beside it.
    pub fn apply_as<T: Listed>(
        &self,
        sees_all: bool,
        mut rows: Vec<T>,
        mode: ListMode,
        black: impl Fn(&T) -> Option<String>,
        relation: impl Fn(&T) -> Relation,
    ) -> Vec<T> {
        let n = rows.len();
        for r in &mut rows {
            let (rank, score) = r.standing();
            match black(r) {
                Some(why) => r.set_list(Some(ListKind::Black), Some(why)),
                None => r.set_list(list_by_mode(mode, n, rank, score), None),
            }
            if !(sees_all || self.visibility.can_see(Board::Lists, relation(r))) {
                r.set_list(None, None);
            }
        }
        rows
    }

    /// With a filter, only the rows on that list.
    pub fn keep<T: Listed>(&self, mut rows: Vec<T>) -> Vec<T> {
        if let Some(only) = self.filter {
            rows.retain(|r| r.list() == Some(only));
        }
        rows
    }
}
