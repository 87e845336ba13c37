//! The organization tree of the demo county, modelled on 新田县 (Hunan): the organization
//! department, town and system party committees, two flowing committees with 14 flowing
//! branches in the Pearl River Delta, and the village, community, organ, school, hospital and
//! enterprise branches under them, topped up with party groups to the county's 852.

use super::rng::Rng;

pub const TOTAL_ORGS: usize = 852;

#[derive(Clone, Debug)]
pub struct OrgRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: &'static str,
    pub name: String,
    pub path: String,
    pub depth: i64,
    pub is_village: bool,
    pub city: Option<&'static str>,
    pub lat_e6: i64,
    pub lng_e6: i64,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    /// How many members this organization holds directly (branches only); the seeder scales
    /// these weights to the county's member total.
    pub weight: i64,
    /// What most members of this branch do, for plausible jobs and dues categories.
    pub profile: Profile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    None,
    Village,
    Community,
    Organ,
    School,
    Hospital,
    Enterprise,
    Flowing,
}

/// The towns' seats (镇/乡人民政府驻地), approximately — within a kilometre or two, placed
/// from the county's public maps; a deployment keeps its organizations' own coordinates.
/// Their villages scatter around them on the county map (docs/rules.md#the-county-map).
pub const TOWN_SEATS: [(&str, i64, i64); 12] = [
    ("龙泉镇", 25_906_000, 112_203_000),
    ("金陵镇", 25_860_000, 112_330_000),
    ("骥村镇", 26_040_000, 112_220_000),
    ("石羊镇", 25_800_000, 112_140_000),
    ("新圩镇", 25_800_000, 112_300_000),
    ("枧头镇", 25_880_000, 112_130_000),
    ("三井镇", 25_730_000, 112_200_000),
    ("陶岭镇", 25_840_000, 112_230_000),
    ("新隆镇", 25_760_000, 112_290_000),
    ("知市坪镇", 26_060_000, 112_150_000),
    ("茂家镇", 25_725_000, 112_335_000),
    ("门楼下瑶族乡", 26_000_000, 112_290_000),
];

pub const TOWNS: [(&str, i64); 12] = [
    ("龙泉镇", 34),
    ("金陵镇", 30),
    ("骥村镇", 33),
    ("石羊镇", 31),
    ("新圩镇", 29),
    ("枧头镇", 30),
    ("三井镇", 27),
    ("陶岭镇", 26),
    ("新隆镇", 25),
    ("知市坪镇", 24),
    ("茂家镇", 22),
    ("门楼下瑶族乡", 20),
];

const VILLAGE_STEMS: [&str; 40] = [
    "石", "塘", "源", "岭", "田", "冲", "井", "坪", "湾", "桥", "山", "下", "上", "东", "西", "南",
    "北", "新", "龙", "凤", "金", "银", "青", "枫", "杨", "梅", "桃", "李", "竹", "松", "茶", "谷",
    "河", "洞", "头", "口", "家", "庄", "营", "团",
];
const VILLAGE_TAILS: [&str; 8] = ["村", "村", "村", "村", "头村", "塘村", "岭村", "源村"];

const ORGANS: [&str; 40] = [
    "县委办公室",
    "县人大常委会机关",
    "县政府办公室",
    "县政协机关",
    "县纪委监委机关",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "县发展和改革局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文化旅游广电体育局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县林业局",
    "县民政局",
    "县司法局",
    "县公安局",
    "县人民法院",
    "县人民检察院",
    "县退役军人事务局",
    "县乡村振兴局",
    "县城市管理和综合执法局",
    "县税务局",
    "县供销合作社",
    "县总工会",
    "团县委",
    "县妇联",
    "县融媒体中心",
    "县档案馆",
];
const SCHOOLS: [&str; 20] = [
    "新田县第一中学",
    "新田县第二中学",
    "新田县第三中学",
    "新田县职业中专",
    "新田县实验学校",
    "龙泉第一完全小学",
    "龙泉第二完全小学",
    "龙泉第三完全小学",
    "金陵中学",
    "骥村中学",
    "石羊中学",
    "新圩中学",
    "枧头中学",
    "三井中学",
    "陶岭中学",
    "新隆中学",
    "知市坪中学",
    "茂家中学",
    "门楼下中学",
    "新田县幼儿园",
];
const HOSPITAL_UNITS: [&str; 12] = [
    "县人民医院",
    "县中医医院",
    "县妇幼保健院",
    "县疾病预防控制中心",
    "县卫生健康局机关",
    "龙泉镇卫生院",
    "金陵镇卫生院",
    "骥村镇卫生院",
    "石羊镇中心卫生院",
    "新圩镇卫生院",
    "枧头镇卫生院",
    "三井镇卫生院",
];
const ENTERPRISES: [&str; 30] = [
    "湖南新田富锌农业有限公司",
    "新田县陶岭三味辣椒合作社",
    "永州新田工业园管理有限公司",
    "新田县城市建设投资有限公司",
    "湖南华鑫电子科技有限公司",
    "新田县长城木业有限公司",
    "湖南金铭光电有限公司",
    "新田县恒盛建材有限公司",
    "新田县鸿源米业有限公司",
    "新田县宏达物流有限公司",
    "新田县鑫源纺织有限公司",
    "新田县正大饲料有限公司",
    "新田县律师协会",
    "新田县个体劳动者协会",
    "新田县志愿者协会",
    "新田县商会",
    "新田县湘源茶业合作社",
    "新田县农村商业银行",
    "新田县电力公司",
    "新田县自来水公司",
    "新田县汽车运输公司",
    "新田县烟草专卖局",
    "新田县邮政分公司",
    "新田县移动分公司",
    "新田县电信分公司",
    "新田县联通分公司",
    "新田县保安服务公司",
    "新田县天然气公司",
    "新田县旅游开发公司",
    "新田县农业机械合作社",
];
/// (flowing committee, [(branch name, city)]) — 14 flowing branches in all.
type FlowingCommittee = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);
const FLOWING: [FlowingCommittee; 2] = [
    (
        "中共新田县驻东莞流动党委",
        "东莞",
        &[
            ("新田驻东莞第一流动党支部", "东莞"),
            ("新田驻东莞第二流动党支部", "东莞"),
            ("新田驻东莞第三流动党支部", "东莞"),
            ("新田驻东莞第四流动党支部", "东莞"),
            ("新田驻东莞第五流动党支部", "东莞"),
            ("新田驻东莞第六流动党支部", "东莞"),
            ("新田驻惠州流动党支部", "惠州"),
        ],
    ),
    (
        "中共新田县驻广深流动党工委",
        "广州",
        &[
            ("新田驻广州第一流动党支部", "广州"),
            ("新田驻广州第二流动党支部", "广州"),
            ("新田驻深圳第一流动党支部", "深圳"),
            ("新田驻深圳第二流动党支部", "深圳"),
            ("新田驻佛山流动党支部", "佛山"),
            ("新田驻中山流动党支部", "中山"),
            ("新田驻珠海流动党支部", "珠海"),
        ],
    ),
];

/// The seed's notion of "now": fixed, so the same command always builds the same county.
pub const SEED_YEAR: i64 = 2026;

pub struct Tree {
    pub orgs: Vec<OrgRow>,
    pub county_id: i64,
    /// Ids the demo accounts hang on: first town committee, its first village branch, its organ
    /// branch, the organization department's branch and 新田驻东莞第三流动党支部.
    pub first_town_committee: i64,
    pub demo_village_branch: i64,
    pub org_dept_branch: i64,
    pub dongguan_third_branch: i64,
}

struct Builder {
    orgs: Vec<OrgRow>,
    rng: Rng,
}

impl Builder {
    fn add(
        &mut self,
        parent: Option<i64>,
        kind: &'static str,
        name: String,
        profile: Profile,
        weight: i64,
    ) -> i64 {
        let id = self.orgs.len() as i64 + 1;
        let (path, depth, lat, lng) = match parent {
            Some(p) => {
                let parent = &self.orgs[(p - 1) as usize];
                // Children scatter around their parent on the county map.
                // Villages spread a few kilometres around their town's seat.
                let spread = if parent.depth == 1 {
                    35_000
                } else {
                    40_000 / (parent.depth + 1)
                };
                let (lat0, lng0) = (parent.lat_e6, parent.lng_e6);
                let (path, depth) = (format!("{}{id}/", parent.path), parent.depth + 1);
                // A village stays inside the county's outline: drawn once (the draws keep
                // the seed's other choices as they were), then pulled towards its seat.
                let mut at = (
                    lat0 + self.rng.range(-spread, spread),
                    lng0 + self.rng.range(-spread, spread),
                );
                let seat_inside = crate::command::map::inside_outline(lat0, lng0);
                for _ in 0..6 {
                    if !seat_inside || crate::command::map::inside_outline(at.0, at.1) {
                        break;
                    }
                    at = ((at.0 + lat0) / 2, (at.1 + lng0) / 2);
                }
                (path, depth, at.0, at.1)
            }
            // 新田县 county seat, 龙泉镇.
            None => (format!("/{id}/"), 0, 25_906_000, 112_203_000),
        };
        let is_village = matches!(profile, Profile::Village | Profile::Community);
        let term_years = match kind {
            "party_committee" | "work_committee" | "flowing_committee" => 5,
            _ if is_village => 5,
            "branch" | "general_branch" | "flowing_branch" => 3,
            _ => 0,
        };
        let (term_start, term_end) = if term_years > 0 {
            // Spread elections over the whole term so some are due soon (换届提醒 has work).
            let start_year = SEED_YEAR - self.rng.range(0, term_years - 1);
            let month = self.rng.range(1, 12);
            (
                Some(format!("{start_year}-{month:02}-01")),
                Some(format!("{}-{month:02}-01", start_year + term_years)),
            )
        } else {
            (None, None)
        };
        self.orgs.push(OrgRow {
            id,
            parent_id: parent,
            kind,
            name,
            path,
            depth,
            is_village,
            city: None,
            lat_e6: lat,
            lng_e6: lng,
            term_start,
            term_end,
            weight,
            profile,
        });
        id
    }
}

pub fn build(rng: Rng) -> Tree {
    let mut b = Builder {
        orgs: Vec::with_capacity(TOTAL_ORGS),
        rng,
    };
    let county = b.add(
        None,
        "county_org_dept",
        "中共新田县委组织部".into(),
        Profile::None,
        0,
    );

    let mut first_town_committee = 0;
    let mut demo_village_branch = 0;
    let mut used_villages = std::collections::HashSet::new();
    for (town, villages) in TOWNS {
        let committee = b.add(
            Some(county),
            "party_committee",
            format!("中共{town}委员会"),
            Profile::None,
            0,
        );
        if first_town_committee == 0 {
            first_town_committee = committee;
        }
        if let Some((_, lat, lng)) = TOWN_SEATS.iter().find(|(t, _, _)| *t == town) {
            let row = &mut b.orgs[(committee - 1) as usize];
            (row.lat_e6, row.lng_e6) = (*lat, *lng);
        }
        b.add(
            Some(committee),
            "branch",
            format!("{town}机关党支部"),
            Profile::Organ,
            25,
        );
        let communities = if town == "龙泉镇" { 8 } else { 1 };
        for i in 1..=communities {
            let name = if communities == 1 {
                format!("{town}居委会党支部")
            } else {
                format!("{town}第{i}社区党支部")
            };
            let w = b.rng.range(35, 60);
            b.add(Some(committee), "branch", name, Profile::Community, w);
        }
        for _ in 0..villages {
            let name = loop {
                let n = format!(
                    "{}{}{}",
                    b.rng.pick(&VILLAGE_STEMS),
                    b.rng.pick(&VILLAGE_STEMS),
                    b.rng.pick(&VILLAGE_TAILS)
                );
                if used_villages.insert(n.clone()) {
                    break n;
                }
            };
            let w = b.rng.range(22, 48);
            let id = b.add(
                Some(committee),
                "branch",
                format!("{town}{name}党支部"),
                Profile::Village,
                w,
            );
            if demo_village_branch == 0 {
                demo_village_branch = id;
            }
        }
    }

    let organs = b.add(
        Some(county),
        "work_committee",
        "中共新田县直机关工作委员会".into(),
        Profile::None,
        0,
    );
    let mut org_dept_branch = 0;
    for organ in ORGANS {
        let w = b.rng.range(12, 45);
        let id = b.add(
            Some(organs),
            "branch",
            format!("{organ}机关党支部"),
            Profile::Organ,
            w,
        );
        if organ == "县委组织部" {
            org_dept_branch = id;
        }
        if w > 38 {
            let w = b.rng.range(10, 30);
            b.add(
                Some(organs),
                "branch",
                format!("{organ}离退休干部党支部"),
                Profile::Organ,
                w,
            );
        }
    }
    let edu = b.add(
        Some(county),
        "party_committee",
        "中共新田县教育局委员会".into(),
        Profile::None,
        0,
    );
    for school in SCHOOLS {
        if school.ends_with("中学") && school.starts_with("新田县第") {
            let general = b.add(
                Some(edu),
                "general_branch",
                format!("{school}党总支"),
                Profile::None,
                0,
            );
            for part in ["教师第一", "教师第二", "离退休教师"] {
                let w = b.rng.range(12, 30);
                b.add(
                    Some(general),
                    "branch",
                    format!("{school}{part}党支部"),
                    Profile::School,
                    w,
                );
            }
        } else {
            let w = b.rng.range(8, 28);
            b.add(
                Some(edu),
                "branch",
                format!("{school}党支部"),
                Profile::School,
                w,
            );
        }
    }
    let health = b.add(
        Some(county),
        "party_committee",
        "中共新田县卫生健康局委员会".into(),
        Profile::None,
        0,
    );
    for unit in HOSPITAL_UNITS {
        if unit.ends_with("医院") {
            let general = b.add(
                Some(health),
                "general_branch",
                format!("{unit}党总支"),
                Profile::None,
                0,
            );
            for part in ["内科", "外科", "医技行政"] {
                let w = b.rng.range(15, 35);
                b.add(
                    Some(general),
                    "branch",
                    format!("{unit}{part}党支部"),
                    Profile::Hospital,
                    w,
                );
            }
        } else {
            let w = b.rng.range(6, 20);
            b.add(
                Some(health),
                "branch",
                format!("{unit}党支部"),
                Profile::Hospital,
                w,
            );
        }
    }
    let private = b.add(
        Some(county),
        "party_committee",
        "中共新田县非公有制经济组织和社会组织委员会".into(),
        Profile::None,
        0,
    );
    for firm in ENTERPRISES {
        let w = b.rng.range(3, 16);
        b.add(
            Some(private),
            "branch",
            format!("{firm}党支部"),
            Profile::Enterprise,
            w,
        );
    }

    let mut dongguan_third_branch = 0;
    for (committee_name, city, branches) in FLOWING {
        let committee = b.add(
            Some(county),
            "flowing_committee",
            committee_name.into(),
            Profile::None,
            0,
        );
        b.orgs[(committee - 1) as usize].city = Some(city);
        for (name, city) in branches {
            let w = b.rng.range(30, 45);
            let id = b.add(
                Some(committee),
                "flowing_branch",
                (*name).into(),
                Profile::Flowing,
                w,
            );
            let row = &mut b.orgs[(id - 1) as usize];
            row.city = Some(city);
            // Flowing branches sit where their members work, far from the county.
            (row.lat_e6, row.lng_e6) = flowing_position(city);
            if *name == "新田驻东莞第三流动党支部" {
                dongguan_third_branch = id;
            }
        }
    }

    // Party groups (党小组) under the largest branches make up the county's total.
    let mut big: Vec<i64> = b
        .orgs
        .iter()
        .filter(|o| o.kind == "branch" && o.weight >= 30)
        .map(|o| o.id)
        .collect();
    big.sort_by_key(|id| std::cmp::Reverse(b.orgs[(*id - 1) as usize].weight));
    let mut round = 1;
    while b.orgs.len() < TOTAL_ORGS {
        for &branch in &big {
            if b.orgs.len() >= TOTAL_ORGS {
                break;
            }
            let name = format!(
                "{}第{round}党小组",
                b.orgs[(branch - 1) as usize]
                    .name
                    .trim_end_matches("党支部")
            );
            b.add(Some(branch), "party_group", name, Profile::None, 0);
        }
        round += 1;
    }

    Tree {
        orgs: b.orgs,
        county_id: county,
        first_town_committee,
        demo_village_branch,
        org_dept_branch,
        dongguan_third_branch,
    }
}

fn flowing_position(city: &str) -> (i64, i64) {
    match city {
        "东莞" => (23_020_000, 113_750_000),
        "惠州" => (23_110_000, 114_410_000),
        "广州" => (23_130_000, 113_260_000),
        "深圳" => (22_540_000, 114_060_000),
        "佛山" => (23_020_000, 113_120_000),
        "中山" => (22_520_000, 113_390_000),
        _ => (22_270_000, 113_580_000),
    }
}
