//! Demo study material, published by the county's demo administrator through the same service
//! as the authoring page (so it is in the record trail like anything an author writes).

use app::study::StudyDraft;

use crate::{access::Actor, storage::Db, with_pool};

const LESSON_ONE: &str = "## 为什么要天天学\n\n\
学习是党员的基本义务。党章规定，党员要认真学习马克思列宁主义、毛泽东思想、邓小平理论、\
“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想，学习党的路线、方针、政策和决议。\n\n\
在外务工的流动党员，同样通过手机参加学习，和家乡的支部保持联系。\n\n\
## 学什么\n\n\
- 党章党规：弄清入党时的誓言、党员的权利和义务；\n\
- 党的理论：读原文、学原著、悟原理；\n\
- 政策法规：与群众生产生活相关的惠民政策；\n\
- 身边典型：本县优秀共产党员的事迹。\n\n\
## 怎么学\n\n\
每天抽出一点时间，读一篇文章、看一段视频、做一套题。读完后点击页面底部的按钮，积分会记入本人积分明细。\
平台记住你读到的位置，下次打开会回到这里。\n\n\
> 学习积分按县委组织部公布的积分规则计算，每天学习积分有上限，不以登录次数和在线时长计分。\n\n\
## 学习之后\n\n\
学而不思则罔。读完之后，不妨想一想：这篇文章讲的道理，在自己的工作岗位上怎样落实？\
在支部的组织生活会上，可以把体会讲给大家听。\n\n\
有好的想法和建议，可以在“意见建议”里提给支部或党委，被采纳的还能获得积分。\n\n\
## 小结\n\n\
学习贵在坚持。每天进步一点点，一年下来就是一大步。";

const CHARTER: &str = "党章是党的根本大法，是全党必须遵循的总章程。\n\n\
**总纲**部分阐明了党的性质和宗旨、党的指导思想、党的奋斗目标。\n\n\
**条文**部分规定了党员、党的组织制度、党的中央组织、地方组织、基层组织、党的干部、党的纪律、\
党的纪律检查机关、党组、党和共产主义青年团的关系、党徽党旗等内容。\n\n\
请结合“三会一课”，逐章学习。";

const DUES: &str = "党员交纳党费是党员义务。在职党员以每月工资收入（税后）为基数，按比例交纳：\n\n\
| 每月工资收入（税后） | 比例 |\n|---|---|\n| 3000 元以下（含） | 0.5% |\n| 3000–5000 元（含） | 1% |\n\
| 5000–10000 元（含） | 1.5% |\n| 10000 元以上 | 2% |\n\n\
农民党员每月交纳 0.2 元至 1 元。可以在“党费计算器”里输入工资，马上看到应交金额。";

const QUIZ: &str =
    "1. 党员应当按月交纳党费，连续几个月不交纳党费又没有正当理由的，视为自行脱党？\n\
A. 三个月\nB. 六个月\nC. 十二个月\n答案：B\n\n\
2. 下列哪些属于“三会一课”？\nA. 支部党员大会\nB. 支部委员会\nC. 党小组会\nD. 党课\n答案：ABCD\n\n\
3. 预备党员的预备期为几年？\nA. 半年\nB. 一年\nC. 两年\n答案：B";

pub async fn publish_demo(db: &Db, county_mobile: &str, today: domain::Date) -> anyhow::Result<()> {
    let account_id: domain::AccountId = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT id FROM accounts WHERE mobile = $1")
            .bind(county_mobile)
            .fetch_one(pool)
            .await?
    });
    let actor = Actor::from_account(db, account_id)
        .await
        .map_err(|e| anyhow::anyhow!("demo author: {e}"))?;
    let next_week = today.add_days(7).map_err(|e| anyhow::anyhow!("{e}"))?;
    let drafts = [
        (
            "article",
            "理论学习",
            "天天学：党员学习的意义和方法",
            LESSON_ONE,
            "",
            String::new(),
        ),
        (
            "article",
            "理论学习",
            "《中国共产党章程》导读",
            CHARTER,
            "",
            String::new(),
        ),
        (
            "article",
            "政策解读",
            "党费交纳标准说明",
            DUES,
            "",
            String::new(),
        ),
        (
            "quiz",
            "每周一测",
            "党章党规知识测试（一）",
            "答完交卷即可看到正确答案。",
            QUIZ,
            String::new(),
        ),
        (
            "article",
            "理论学习",
            "下周学习预告",
            "下周一发布的新内容。",
            "",
            format!("{next_week}T08:00"),
        ),
    ];
    for (kind, column, title, body, quiz, publish_at) in drafts {
        let draft = StudyDraft {
            id: 0,
            kind: kind.into(),
            column_name: column.into(),
            title: title.into(),
            body_md: body.into(),
            video_url: String::new(),
            quiz_src: quiz.into(),
            audience_org_id: actor.scope_org_id.get(),
            publish_at,
        };
        crate::study::authoring::save(db, &actor, draft)
            .await
            .map_err(|e| anyhow::anyhow!("demo study item {title}: {e}"))?;
    }
    Ok(())
}
