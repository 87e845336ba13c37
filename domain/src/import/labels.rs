//! The words clerks use for ethnicity and education, read into the one spelling the member file
//! stores.

/// The 56 ethnic groups of China (GB 3304), as the member file stores them.
pub const ETHNIC_GROUPS: [&str; 56] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
];

/// Education levels as the member file stores them, lowest first.
pub const EDUCATION_LEVELS: [&str; 9] = [
    "小学",
    "初中",
    "高中",
    "中专",
    "大专",
    "本科",
    "研究生",
    "硕士",
    "博士",
];

/// `汉族` or `汉` → `汉族`.
pub fn ethnicity(typed: &str) -> Option<&'static str> {
    let t = typed.trim();
    ETHNIC_GROUPS
        .iter()
        .copied()
        .find(|g| *g == t || g.strip_suffix('族') == Some(t))
}

/// The standard labels and their long forms: `大学本科` → `本科`, `大学专科` → `大专`,
/// `硕士研究生` → `硕士`, `中等专科` → `中专`.
pub fn education(typed: &str) -> Option<&'static str> {
    let t = typed.trim();
    let alias = match t {
        "大学本科" | "本科生" => "本科",
        "大学专科" | "专科" | "高职" => "大专",
        "中等专科" | "中专生" | "职高" | "中职" => "中专",
        "高中生" | "普通高中" => "高中",
        "硕士研究生" => "硕士",
        "博士研究生" => "博士",
        "初中生" => "初中",
        other => other,
    };
    EDUCATION_LEVELS.iter().copied().find(|l| *l == alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerks_words_read_into_one_spelling() {
        assert_eq!(ethnicity("汉"), Some("汉族"));
        assert_eq!(ethnicity(" 瑶族 "), Some("瑶族"));
        assert_eq!(ethnicity("火星族"), None);
        assert_eq!(education("大学本科"), Some("本科"));
        assert_eq!(education("本科"), Some("本科"));
        assert_eq!(education("硕士研究生"), Some("硕士"));
        assert_eq!(education("幼儿园"), None);
        let mut unique = ETHNIC_GROUPS.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 56);
    }
}
