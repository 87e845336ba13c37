//! The demo county's everyday life, so that every page has something on first start and the
//! reminders have something to say (docs/operations.md#the-demo-county): meetings in every state
//! of their review, suggestions in every state, two months of 新田驻东莞第三流动党支部 (its
//! notices, theme party days with photos; its dues paid online are in `dues`), and the boards
//! and the morning nudge switched on, as a county showing the platform would.
//!
//! Everything after the import goes through the services the pages use, as the demo's people:
//! the record trail holds each step, and the inboxes what each step tells.

use app::orglife::MeetingDraft;
use domain::{
    ranking::{Visibility, VisibilityPolicy},
    AccountId, Date,
};

use crate::{access::Actor, files::SharedFileStore, orglife, storage::Db, with_pool};

/// Who acts in the demo's life: accounts by the demo logins' mobiles, plus the flowing
/// committee's administrator (no demo login: its secretary's account).
pub struct Cast<'a> {
    pub county: &'a str,
    pub committee: &'a str,
    pub village_secretary: &'a str,
    pub flowing_secretary: &'a str,
    pub flowing_committee_account: i64,
}

/// Before the import is sealed: the flowing branch's notices of the last two months and one
/// from the county, as history carried over (the seal covers them like the imported rows).
/// The branch's members have read all but the two newest.
pub async fn history(db: &Db, today: Date, cast: &Cast<'_>) -> anyhow::Result<()> {
    let flowing = account(db, cast.flowing_secretary).await?;
    let county = account(db, cast.county).await?;
    let notices = [
        (&flowing, -58, "十月主题党日安排", "本月主题党日定于 10 月第二个周日晚上 8 点在长安镇党群服务中心举行，不能到场的同志请提前向支部请假。"),
        (&county, -45, "关于开展党员组织关系排查的通知", "各基层党组织：请于本月底前核对本组织党员信息，流动党员所在支部要逐一联系，做到底数清、情况明。"),
        (&flowing, -30, "在莞党员返乡安排", "春节前返乡的同志，请在群里报告返乡时间，支部统一安排回村参加组织生活。"),
        (&flowing, -12, "党费交纳提醒", "本月党费请在 5 日前通过手机交纳，遇到问题请联系支部组织委员。"),
        (&flowing, -3, "本月主题党日预告", "本月主题党日学习全会精神，地点另行通知，请大家提前学习“天天学”里的导读文章。"),
    ];
    for (n, (author, days, title, body)) in notices.iter().enumerate() {
        let at = format!("{}T01:30:00.000Z", today.add_days(*days)?);
        // The newest two are unread.
        let read = (n + 2 < notices.len()).then(|| {
            format!(
                "{}T12:00:00.000Z",
                today.add_days(*days + 1).unwrap_or(today)
            )
        });
        with_pool!(db, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO notices (org_id, audience_path, title, body, author_account_id, created_at) \
                 SELECT o.id, o.path, $1, $2, a.id, $3 FROM accounts a JOIN organizations o ON o.id = a.scope_org_id \
                 WHERE a.id = $4 RETURNING id",
            )
            .bind(title)
            .bind(body)
            .bind(&at)
            .bind(author.account)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO notifications (account_id, title, body, link, created_at, read_at) \
                 SELECT a.id, $1, $2, $3, $4, $5 FROM accounts a JOIN members m ON m.id = a.member_id \
                 JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE $6 AND a.id <> $7",
            )
            .bind(format!("{}通知", author.org_name))
            .bind(title)
            .bind(format!("/notices#n{id}"))
            .bind(&at)
            .bind(&read)
            .bind(format!("{}%", author.org_path))
            .bind(author.account)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
    }
    Ok(())
}

/// After the import: the county's policy, meetings and suggestions, through the services.
pub async fn seed(
    db: &Db,
    files: &SharedFileStore,
    today: Date,
    cast: &Cast<'_>,
) -> anyhow::Result<()> {
    let county = actor(db, account(db, cast.county).await?.account).await?;
    // The demo shows the boards: members see their branch's ranking and get the morning nudge.
    let policy = VisibilityPolicy {
        member_ranking: Visibility::OwnOrganization,
        ranking_nudges: Visibility::SelfOnly,
        ..VisibilityPolicy::default()
    };
    crate::settings::set_visibility(db, &county, &policy)
        .await
        .map_err(|e| anyhow::anyhow!("demo visibility: {e}"))?;

    let committee = actor(db, account(db, cast.committee).await?.account).await?;
    let village = actor(db, account(db, cast.village_secretary).await?.account).await?;
    let flowing = actor(db, account(db, cast.flowing_secretary).await?.account).await?;
    let flowing_committee = actor(db, cast.flowing_committee_account).await?;
    let reviewers = Reviewers {
        committee: &committee,
        county: &county,
    };
    use Stage::*;
    let village_meetings = [
        (
            "branch_assembly",
            "学习党的二十届四中全会精神",
            "村部会议室",
            -40,
            Approved,
        ),
        (
            "party_lecture",
            "书记讲党课：发展壮大村集体经济",
            "村部会议室",
            -20,
            Returned,
        ),
        (
            "branch_committee",
            "研究年底走访慰问困难党员",
            "村部会议室",
            -8,
            Submitted,
        ),
        ("party_group", "党小组学习交流", "村部会议室", -2, Held),
        (
            "branch_assembly",
            "讨论发展对象和预备党员转正",
            "村部会议室",
            6,
            Planned,
        ),
    ];
    for (kind, topic, place, days, stage) in village_meetings {
        let meeting = Meeting {
            kind,
            topic,
            place,
            day: today.add_days(days)?,
            stage,
            photos: 0,
        };
        meeting.hold(db, files, &village, &reviewers).await?;
    }
    let flowing_reviewers = Reviewers {
        committee: &flowing_committee,
        county: &county,
    };
    let flowing_meetings = [
        (
            "theme_party_day",
            "重温入党誓词，在莞党员共话家乡发展",
            "东莞市长安镇党群服务中心",
            -52,
            Approved,
            2,
        ),
        (
            "party_lecture",
            "流动党员如何发挥先锋模范作用",
            "线上视频会议",
            -33,
            Approved,
            0,
        ),
        (
            "theme_party_day",
            "走进企业：参观松山湖产业园区",
            "东莞松山湖科技产业园区",
            -19,
            Reviewed,
            2,
        ),
        (
            "theme_party_day",
            "学习全会精神，交流务工心得",
            "东莞市长安镇党群服务中心",
            9,
            Planned,
            0,
        ),
    ];
    for (kind, topic, place, days, stage, photos) in flowing_meetings {
        let meeting = Meeting {
            kind,
            topic,
            place,
            day: today.add_days(days)?,
            stage,
            photos,
        };
        meeting
            .hold(db, files, &flowing, &flowing_reviewers)
            .await?;
    }
    suggestions(db, today, &village).await
}

/// Suggestions in each state: open, answered, adopted (with its points), and forwarded (open at
/// the committee).
async fn suggestions(db: &Db, today: Date, branch: &Actor) -> anyhow::Result<()> {
    let authors = fellow_members(db, branch).await?;
    let items = [
        (
            "branch",
            "村口路灯坏了",
            "村口到小学一段的路灯坏了半个月，晚上学生放学不安全，建议尽快修。",
            None,
        ),
        (
            "branch",
            "党员活动室开放时间",
            "建议党员活动室周末也开放，方便在外务工回来的党员学习。",
            Some(("reply", "已与村委会商量，从下周起周六上午开放。")),
        ),
        (
            "branch",
            "组织党员帮扶留守老人",
            "建议每名党员结对一户留守老人，逢年过节上门看看。",
            Some(("adopt", "很好的建议，支部委员会已研究，春节前开展。")),
        ),
        (
            "branch",
            "修缮村里的水渠",
            "村东头的灌溉水渠年久失修，需要镇里支持资金。",
            Some(("forward", "")),
        ),
    ];
    for (n, (to, title, body, handling)) in items.into_iter().enumerate() {
        let Some(&author) = authors.get(n % authors.len().max(1)) else {
            break;
        };
        let author = actor(db, author).await?;
        let id = crate::suggestions::submit(db, &author, to, title, body, "")
            .await
            .map_err(|e| anyhow::anyhow!("demo suggestion {title}: {e}"))?;
        if let Some((verb, reply)) = handling {
            // Handled yesterday: the demo books no points today, so "yesterday's" boards are
            // the boards as the demo starts.
            crate::suggestions::handle(db, branch, id, verb, reply, today.add_days(-1)?)
                .await
                .map_err(|e| anyhow::anyhow!("demo suggestion {title}: {e}"))?;
        }
    }
    Ok(())
}

/// Accounts of the branch's members who hold no demo login and have signed in before.
async fn fellow_members(db: &Db, branch: &Actor) -> anyhow::Result<Vec<i64>> {
    Ok(with_pool!(db, pool => {
        sqlx::query_scalar(
            "SELECT a.id FROM accounts a JOIN members m ON m.id = a.member_id \
             WHERE m.org_id = $1 AND a.mobile NOT LIKE '1380000000%' AND a.must_change_password = 0 \
             ORDER BY m.id",
        )
        .bind(branch.scope_org_id)
        .fetch_all(pool)
        .await?
    }))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Planned,
    Held,
    Submitted,
    Returned,
    Reviewed,
    Approved,
}

struct Reviewers<'a> {
    committee: &'a Actor,
    county: &'a Actor,
}

struct Meeting {
    kind: &'static str,
    topic: &'static str,
    place: &'static str,
    day: Date,
    stage: Stage,
    photos: u8,
}

impl Meeting {
    /// Plans the meeting a week ahead of its day and takes it through `stage`.
    async fn hold(
        &self,
        db: &Db,
        files: &SharedFileStore,
        branch: &Actor,
        reviewers: &Reviewers<'_>,
    ) -> anyhow::Result<()> {
        let fail = |step: &str, e: crate::error::ServiceError| {
            anyhow::anyhow!("demo meeting {} ({step}): {e}", self.topic)
        };
        let planned_on = format!("{}T09:00", self.day.add_days(-7)?);
        let draft = MeetingDraft {
            org_id: branch.scope_org_id.get(),
            kind: self.kind.into(),
            topic: self.topic.into(),
            starts_at: format!("{}T19:30", self.day),
            ends_at: format!("{}T21:00", self.day),
            place: self.place.into(),
        };
        let id = orglife::plan_as_of(db, branch, draft, &planned_on)
            .await
            .map_err(|e| fail("plan", e))?;
        if self.stage == Stage::Planned {
            return Ok(());
        }
        // The meeting's notice was read long ago.
        with_pool!(db, pool => {
            sqlx::query("UPDATE notifications SET read_at = created_at WHERE link = $1")
                .bind(format!("/org-life/{id}"))
                .execute(pool)
                .await?;
        });
        // Everyone came but two plain members (no officers, no demo logins: their walkthrough
        // starts clean): one on leave, one who did not come and gave no reason.
        let roster: Vec<(i64, String)> = with_pool!(db, pool => {
            sqlx::query_as(
                "SELECT m.id, CASE WHEN a.mobile LIKE '1380000000%' THEN 'demo' \
                 ELSE COALESCE(a.role, 'member') END FROM members m \
                 LEFT JOIN accounts a ON a.member_id = m.id \
                 WHERE m.org_id = $1 AND m.standing = 'active' ORDER BY m.id",
            )
            .bind(branch.scope_org_id)
            .fetch_all(pool)
            .await?
        });
        let plain: Vec<i64> = roster
            .iter()
            .filter(|(id, role)| role == "member" && branch.member_id.map(|m| m.get()) != Some(*id))
            .map(|(id, _)| *id)
            .collect();
        let (on_leave, away) = match plain.as_slice() {
            [.., a, b] => (Some(*a), Some(*b)),
            [b] => (None, Some(*b)),
            [] => (None, None),
        };
        for (member, _) in roster {
            let (status, reason) = if Some(member) == on_leave {
                ("leave", "在外务工，已向支部请假")
            } else if Some(member) == away {
                ("absent", "")
            } else {
                ("present", "")
            };
            let member = domain::MemberId::new(member).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            orglife::record::mark(db, branch, id, member, status, reason)
                .await
                .map_err(|e| fail("attendance", e))?;
        }
        let host: String = with_pool!(db, pool => {
            sqlx::query_scalar("SELECT display_name FROM accounts WHERE id = $1")
                .bind(branch.account_id)
                .fetch_one(pool)
                .await?
        });
        orglife::record::save(
            db,
            branch,
            id,
            &host,
            "组织委员",
            &format!(
                "## {}\n\n书记传达学习内容，党员逐一发言，结合各自工作谈体会。",
                self.topic
            ),
            "会后每名党员结合岗位写一份学习心得，下次会议交流。",
        )
        .await
        .map_err(|e| fail("minutes", e))?;
        if self.photos > 0 {
            let shots = (0..self.photos).map(|k| demo_photo(self.day, k)).collect();
            let processed = orglife::photo::process_all(shots)
                .await
                .map_err(|e| fail("photos", e))?;
            orglife::record::add_photos(db, files, branch, id, processed)
                .await
                .map_err(|e| fail("photos", e))?;
        }
        if self.stage == Stage::Held {
            return Ok(());
        }
        orglife::record::submit(db, branch, id)
            .await
            .map_err(|e| fail("submit", e))?;
        match self.stage {
            Stage::Returned => {
                orglife::review::review(
                    db,
                    reviewers.committee,
                    id,
                    false,
                    "请补充会议照片和党员发言要点后重新提交。",
                )
                .await
                .map_err(|e| fail("return", e))?;
            }
            Stage::Reviewed | Stage::Approved => {
                orglife::review::review(db, reviewers.committee, id, true, "")
                    .await
                    .map_err(|e| fail("review", e))?;
                if self.stage == Stage::Approved {
                    orglife::review::review(db, reviewers.county, id, true, "")
                        .await
                        .map_err(|e| fail("approve", e))?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// A picture standing in for a phone's photo of the meeting: a red banner over a hall.
fn demo_photo(day: Date, k: u8) -> Vec<u8> {
    use image::{codecs::jpeg::JpegEncoder, Rgb, RgbImage};
    let shade = (day.to_day_number().rem_euclid(40) as u8).saturating_add(k.saturating_mul(30));
    let picture = RgbImage::from_fn(640, 480, |x, y| {
        if y < 90 {
            Rgb([200, 16, 46])
        } else if y > 380 {
            Rgb([shade.saturating_add(90), 70, 50])
        } else {
            let v = 200u8
                .saturating_sub((x / 8) as u8)
                .saturating_add(shade / 2);
            Rgb([v, v, 230])
        }
    });
    let mut bytes = Vec::new();
    // Encoding a picture built in memory cannot fail; an empty one would be refused as a photo.
    let _ = JpegEncoder::new_with_quality(&mut bytes, 80).encode_image(&picture);
    bytes
}

struct Holder {
    account: i64,
    org_name: String,
    org_path: String,
}

async fn account(db: &Db, mobile: &str) -> anyhow::Result<Holder> {
    let (account, org_name, org_path): (i64, String, String) = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.id, o.name, o.path FROM accounts a JOIN organizations o ON o.id = a.scope_org_id \
             WHERE a.mobile = $1",
        )
        .bind(mobile)
        .fetch_one(pool)
        .await?
    });
    Ok(Holder {
        account,
        org_name,
        org_path,
    })
}

async fn actor(db: &Db, account: i64) -> anyhow::Result<Actor> {
    let id = AccountId::new(account).map_err(|e| anyhow::anyhow!("a demo account: {e:?}"))?;
    Actor::from_account(db, id)
        .await
        .map_err(|e| anyhow::anyhow!("demo actor: {e}"))
}
