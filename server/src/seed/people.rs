//! Plausible, fictitious party members: Chinese names common in southern Hunan, ID numbers in
//! 新田县's region (431128) that pass the GB 11643 check digit, and jobs, dues categories and
//! bases that fit the branch they belong to.

use std::collections::HashSet;

use domain::ids::make_check_digit;

use super::county::{OrgRow, Profile, SEED_YEAR};
use super::rng::Rng;

pub const REGION: &str = "431128";

#[derive(Clone, Debug)]
pub struct MemberRow {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub sex: &'static str,
    pub ethnicity: &'static str,
    pub birth_date: String,
    pub id_number: String,
    pub mobile: String,
    pub education: &'static str,
    pub joined_on: String,
    pub full_on: Option<String>,
    pub status: &'static str,
    pub job: &'static str,
    pub dues_category: &'static str,
    pub dues_base_fen: i64,
    pub flowing_destination: Option<String>,
}

const SURNAMES: [&str; 30] = [
    "陈", "李", "刘", "王", "张", "周", "邓", "蒋", "郑", "唐", "谢", "黄", "彭", "欧阳", "何",
    "罗", "骆", "肖", "曾", "雷", "廖", "乐", "胡", "杨", "吴", "赵", "邱", "龙", "盘", "骆",
];
const GIVEN_MALE: [&str; 32] = [
    "伟", "军", "建", "国", "华", "明", "强", "勇", "平", "志", "新", "文", "斌", "杰", "海", "涛",
    "林", "峰", "波", "辉", "鹏", "昌", "成", "德", "红", "春", "永", "学", "荣", "东", "光", "民",
];
const GIVEN_FEMALE: [&str; 24] = [
    "芳", "丽", "红", "霞", "英", "娟", "萍", "敏", "玲", "燕", "梅", "兰", "秀", "琴", "艳", "珍",
    "慧", "静", "莉", "婷", "雪", "桂", "云", "凤",
];
const EDUCATION_YOUNG: [&str; 4] = ["大专", "本科", "本科", "研究生"];
const EDUCATION_OLD: [&str; 5] = ["初中", "高中", "中专", "大专", "本科"];

pub struct PeopleGen {
    rng: Rng,
    used_ids: HashSet<String>,
    next_mobile: u64,
}

impl PeopleGen {
    pub fn new(rng: Rng) -> Self {
        Self {
            rng,
            used_ids: HashSet::new(),
            next_mobile: 0,
        }
    }

    pub fn member(&mut self, id: i64, org: &OrgRow) -> MemberRow {
        let rng = &mut self.rng;
        let male = rng.chance(if org.profile == Profile::Village {
            80
        } else {
            62
        });
        let surname = *rng.pick(&SURNAMES);
        let pool: &[&str] = if male { &GIVEN_MALE } else { &GIVEN_FEMALE };
        let name = if rng.chance(70) {
            format!("{surname}{}{}", rng.pick(pool), rng.pick(pool))
        } else {
            format!("{surname}{}", rng.pick(pool))
        };
        let (min_age, max_age) = match org.profile {
            Profile::School | Profile::Hospital => (23, 70),
            Profile::Flowing | Profile::Enterprise => (22, 58),
            Profile::Organ => (23, 78),
            _ => (20, 88),
        };
        let age = rng.range(min_age, max_age);
        let birth_year = SEED_YEAR - age;
        let (bm, bd) = (rng.range(1, 12), rng.range(1, 28));
        let birth_date = format!("{birth_year}-{bm:02}-{bd:02}");
        let id_number = self.id_number(birth_year, bm, bd, male);
        let rng = &mut self.rng;

        let joined_age = rng.range(18, (age - 1).clamp(18, 45));
        let joined_year = birth_year + joined_age;
        let recent = age >= 20 && rng.chance(3);
        let (joined_on, status, full_on) = if recent {
            // Probationary: admitted within the last year.
            let m = rng.range(1, 10);
            (format!("{SEED_YEAR}-{m:02}-15"), "probationary", None)
        } else {
            let m = rng.range(1, 12);
            let joined_year = joined_year.min(SEED_YEAR - 2);
            (
                format!("{joined_year}-{m:02}-01"),
                "full",
                Some(format!("{}-{m:02}-01", joined_year + 1)),
            )
        };
        let education = if age < 45 {
            *rng.pick(&EDUCATION_YOUNG)
        } else {
            *rng.pick(&EDUCATION_OLD)
        };
        let retired = age >= 60;
        let (job, category, base_yuan): (&'static str, &'static str, i64) = if retired {
            (
                "离退休人员",
                "retiree",
                if org.profile == Profile::Village {
                    0
                } else {
                    rng.range(2_200, 7_500)
                },
            )
        } else {
            match org.profile {
                Profile::Village => {
                    if rng.chance(12) {
                        ("村干部", "employed", rng.range(2_000, 3_600))
                    } else if rng.chance(5) {
                        ("低保对象", "low_income", 0)
                    } else {
                        ("农民", "farmer", 0)
                    }
                }
                Profile::Community => {
                    if rng.chance(30) {
                        ("个体工商户", "self_employed", rng.range(2_500, 9_000))
                    } else if rng.chance(8) {
                        ("下岗失业人员", "unemployed", 0)
                    } else {
                        ("社区工作者", "employed", rng.range(2_600, 4_500))
                    }
                }
                Profile::Organ => ("机关干部", "employed", rng.range(3_200, 8_500)),
                Profile::School => ("教师", "employed", rng.range(3_500, 7_800)),
                Profile::Hospital => ("医务人员", "employed", rng.range(3_800, 12_500)),
                Profile::Enterprise => {
                    if rng.chance(10) {
                        ("企业负责人", "annual_salary", rng.range(8_000, 30_000))
                    } else {
                        ("企业职工", "employed", rng.range(2_800, 7_000))
                    }
                }
                Profile::Flowing => {
                    if rng.chance(35) {
                        ("个体经营者", "self_employed", rng.range(3_000, 15_000))
                    } else {
                        ("外出务工人员", "employed", rng.range(3_500, 9_500))
                    }
                }
                Profile::None => ("其他", "employed", rng.range(3_000, 6_000)),
            }
        };
        // Bases are whole yuan plus a few fen here and there, as payslips are.
        let base_fen = if base_yuan == 0 {
            0
        } else {
            base_yuan * 100 + rng.range(0, 99)
        };
        let flowing_destination = org.city.map(|c| format!("广东省{c}市"));
        MemberRow {
            id,
            org_id: org.id,
            name,
            sex: if male { "male" } else { "female" },
            ethnicity: if org.name.contains("瑶族") && self.rng.chance(60) {
                "瑶族"
            } else {
                "汉族"
            },
            birth_date,
            id_number,
            mobile: self.mobile(),
            education,
            joined_on,
            full_on,
            status,
            job,
            dues_category: category,
            dues_base_fen: base_fen,
            flowing_destination,
        }
    }

    fn id_number(&mut self, year: i64, month: i64, day: i64, male: bool) -> String {
        loop {
            // The 17th digit is odd for men, even for women (GB 11643).
            let seq = self.rng.range(0, 499) * 2 + i64::from(male);
            let first17 = format!("{REGION}{year}{month:02}{day:02}{seq:03}");
            let id = format!("{first17}{}", make_check_digit(&first17));
            if self.used_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Numbers in 139/150/186… ranges, never the reserved demo block 1380000000x.
    fn mobile(&mut self) -> String {
        const PREFIXES: [u64; 6] = [139, 150, 151, 186, 187, 199];
        let n = self.next_mobile;
        self.next_mobile += 1;
        let prefix = PREFIXES[(n % PREFIXES.len() as u64) as usize];
        format!(
            "{prefix}{:08}",
            10_000_000 + n / PREFIXES.len() as u64 * 7 % 90_000_000
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Mobile, ResidentId};

    #[test]
    fn generated_ids_and_mobiles_are_valid_and_unique() {
        let tree = super::super::county::build(Rng::new(1));
        let branch = tree.orgs.iter().find(|o| o.kind == "branch").unwrap();
        let mut people = PeopleGen::new(Rng::new(2));
        let mut mobiles = HashSet::new();
        for i in 0..5_000 {
            let m = people.member(i + 1, branch);
            let id = ResidentId::parse(&m.id_number).expect("valid GB 11643 number");
            assert_eq!(id.birth_date().to_string(), m.birth_date);
            assert_eq!(id.sex() == domain::Sex::Male, m.sex == "male");
            Mobile::parse(&m.mobile).expect("valid mobile");
            assert!(
                mobiles.insert(m.mobile.clone()),
                "duplicate mobile {}",
                m.mobile
            );
            assert!(!m.mobile.starts_with("1380000000"));
        }
    }
}
