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

    /// The morning nudge (排名变动提醒) after a day's change of place in the branch, or `None`
    /// when nothing moved. Sent only where the county's policy allows nudges (docs/rules.md#visibility).
    pub fn nudge_zh(&self, branch: &str, rank: u32, total: usize) -> Option<(String, String)> {
        let place = format!("现在是{branch}第 {rank} 名（共 {total} 人）");
        match self {
            Movement::Down(n) => Some((
                "该学习了：你的排名下滑了".to_string(),
                format!("昨天你的排名下降了 {n} 位，{place}。今天学一篇，把名次追回来。"),
            )),
            Movement::Up(n) => Some((
                "你的排名上升了".to_string(),
                format!("昨天你的排名上升了 {n} 位，{place}。继续保持！"),
            )),
            Movement::Same | Movement::New => None,
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
        let (title, body) = Movement::Down(1).nudge_zh("一支部", 5, 20).unwrap();
        assert_eq!(title, "该学习了：你的排名下滑了");
        assert_eq!(
            body,
            "昨天你的排名下降了 1 位，现在是一支部第 5 名（共 20 人）。今天学一篇，把名次追回来。"
        );
        assert!(Movement::Up(3)
            .nudge_zh("一支部", 2, 20)
            .unwrap()
            .1
            .contains("上升了 3 位"));
        assert_eq!(Movement::Same.nudge_zh("一支部", 2, 20), None);
        assert_eq!(Movement::New.nudge_zh("一支部", 2, 20), None);
        assert_eq!(
            serde_json::to_string(&Movement::Up(2)).unwrap(),
            r#"{"kind":"up","places":2}"#
        );
    }
}
