use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "places", rename_all = "snake_case")]
pub enum Movement {
    Up(u32),
    Down(u32),
    Same,
    New,
}

pub fn movement(prev_rank: Option<u32>, now: u32) -> Movement {
    match prev_rank {
        None => Movement::New,
        Some(p) if p > now => Movement::Up(p - now),
        Some(p) if p < now => Movement::Down(now - p),
        Some(_) => Movement::Same,
    }
}

impl Movement {
    pub fn describe_zh(&self) -> String {
        match self {
            Movement::Up(n) => format!("排名上升了 {n} 位"),
            Movement::Down(n) => format!("排名下降了 {n} 位"),
            Movement::Same => "排名不变".to_string(),
            Movement::New => "新上榜".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movements() {
        assert_eq!(movement(Some(3), 4), Movement::Down(1));
        assert_eq!(movement(Some(3), 1), Movement::Up(2));
        assert_eq!(movement(Some(3), 3), Movement::Same);
        assert_eq!(movement(None, 7), Movement::New);
        assert_eq!(Movement::Down(1).describe_zh(), "排名下降了 1 位");
        assert_eq!(Movement::Up(2).describe_zh(), "排名上升了 2 位");
        assert_eq!(Movement::Same.describe_zh(), "排名不变");
        assert_eq!(Movement::New.describe_zh(), "新上榜");
        assert_eq!(
            serde_json::to_string(&Movement::Up(2)).unwrap(),
            r#"{"kind":"up","places":2}"#
        );
    }
}
