//! The county map (docs/rules.md#the-county-map): the county's outline, its towns at their seats
//! and a flag per branch, coloured by its state; flowing branches on an inset of the Pearl River
//! Delta at their cities. Drawn here as SVG text, inside the page the server sends.

use std::{collections::HashMap, fmt::Write, sync::OnceLock};

use domain::{command::FlagState, Date, OrgKind};
use serde::Deserialize;

use super::{svg::esc, Branch, CommandCache};
use crate::{access::Actor, error::ServiceResult, storage::Db, with_pool};

/// The county's outline, decoded and simplified from a redistributable source by
/// `scripts/county-outline.mjs` (which names it and its licence).
#[derive(Deserialize)]
pub struct Outline {
    pub name: String,
    pub source: String,
    /// Rings of `[lat_e6, lng_e6]`.
    pub rings: Vec<Vec<[i64; 2]>>,
}

pub fn outline() -> &'static Outline {
    static OUTLINE: OnceLock<Outline> = OnceLock::new();
    OUTLINE.get_or_init(|| {
        // The file is part of the source tree and checked by the tests: it always parses.
        #[allow(clippy::expect_used)]
        serde_json::from_str(include_str!("outline.json")).expect("outline.json parses")
    })
}

/// Whether a point lies inside the outline (any of its rings), by ray casting.
pub fn inside_outline(lat_e6: i64, lng_e6: i64) -> bool {
    outline().rings.iter().any(|ring| {
        let mut inside = false;
        let previous = ring.iter().cycle().skip(ring.len().saturating_sub(1));
        for (&[ay, ax], &[by, bx]) in ring.iter().zip(previous) {
            if (ay > lat_e6) != (by > lat_e6) {
                let x = ax as f64 + (lat_e6 - ay) as f64 * (bx - ax) as f64 / (by - ay) as f64;
                if (lng_e6 as f64) < x {
                    inside = !inside;
                }
            }
        }
        inside
    })
}

/// Where a box of the map shows a box of the earth: equirectangular, east–west distances
/// shrunk by the cosine of the middle latitude, so the county keeps its shape.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    lat_max: f64,
    lng_min: f64,
    scale: f64,
    shrink: f64,
    x0: f64,
    y0: f64,
}

impl Projection {
    /// Fits `(lat_min, lat_max, lng_min, lng_max)` (degrees) into the box at `(x0, y0)` of
    /// `w` × `h`, centred.
    pub fn fit(bounds: (f64, f64, f64, f64), at: (f64, f64), size: (f64, f64)) -> Self {
        let (lat_min, lat_max, lng_min, lng_max) = bounds;
        let shrink = ((lat_min + lat_max) / 2.0).to_radians().cos();
        let dw = ((lng_max - lng_min) * shrink).max(1e-9);
        let dh = (lat_max - lat_min).max(1e-9);
        let scale = (size.0 / dw).min(size.1 / dh);
        Projection {
            lat_max,
            lng_min,
            scale,
            shrink,
            x0: at.0 + (size.0 - dw * scale) / 2.0,
            y0: at.1 + (size.1 - dh * scale) / 2.0,
        }
    }

    pub fn point(&self, lat_e6: i64, lng_e6: i64) -> (f64, f64) {
        let (lat, lng) = (lat_e6 as f64 / 1e6, lng_e6 as f64 / 1e6);
        (
            self.x0 + (lng - self.lng_min) * self.shrink * self.scale,
            self.y0 + (self.lat_max - lat) * self.scale,
        )
    }
}

/// The map's frame: the county on the left, the inset at the bottom right.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 900.0;
const INSET: (f64, f64, f64, f64) = (660.0, 520.0, 320.0, 360.0);
/// The Pearl River Delta's box (degrees): Guangzhou to Zhuhai, Foshan to Huizhou.
const PRD: (f64, f64, f64, f64) = (21.9, 23.5, 112.8, 114.8);
/// The inset's cities and their centres, for labels.
const CITIES: [(&str, i64, i64); 7] = [
    ("广州", 23_130_000, 113_260_000),
    ("东莞", 23_020_000, 113_750_000),
    ("深圳", 22_540_000, 114_060_000),
    ("惠州", 23_110_000, 114_410_000),
    ("佛山", 23_020_000, 113_120_000),
    ("中山", 22_520_000, 113_390_000),
    ("珠海", 22_270_000, 113_580_000),
];

/// A town's seat: its committee, as the tree holds it.
struct Town {
    name: String,
    lat_e6: i64,
    lng_e6: i64,
}

/// What the map page shows.
pub struct MapView {
    pub scope_name: String,
    pub svg: String,
    /// Branches by flag, in [`FlagState::ALL`]'s order.
    pub counts: Vec<usize>,
    /// Branches without coordinates (not drawn).
    pub unplaced: usize,
    pub attribution: String,
}

pub async fn view(
    db: &Db,
    cache: &CommandCache,
    actor: &Actor,
    today: Date,
) -> ServiceResult<MapView> {
    let scope = super::viewed_scope(db, actor).await?;
    let branches = cache.branches(db, &scope.path, today).await?;
    let towns = towns(db).await?;
    let counts = FlagState::ALL
        .iter()
        .map(|s| branches.iter().filter(|b| b.flag == *s).count())
        .collect();
    let unplaced = branches.iter().filter(|b| place(b).is_none()).count();
    let o = outline();
    Ok(MapView {
        scope_name: scope.name,
        svg: draw(&branches, &towns),
        counts,
        unplaced,
        attribution: format!(
            "{}县界：{}；乡镇无边界数据，以驻地点标注。",
            o.name, o.source
        ),
    })
}

/// Where a branch is drawn: in the county (inside its outline) or on the inset (a flowing
/// branch or one with a city); `None` when it has no coordinates or lies in neither.
fn place(b: &Branch) -> Option<(i64, i64, bool)> {
    let (lat, lng) = (b.lat_e6?, b.lng_e6?);
    if inside_outline(lat, lng) {
        Some((lat, lng, true))
    } else if b.kind == OrgKind::FlowingBranch || b.city.is_some() {
        Some((lat, lng, false))
    } else {
        None
    }
}

/// The towns' party committees with coordinates: their seats. Every town is drawn on every
/// reader's map — where the towns are is public geography, not a record.
async fn towns(db: &Db) -> ServiceResult<Vec<Town>> {
    let rows: Vec<(String, Option<i64>, Option<i64>)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT name, lat_e6, lng_e6 FROM organizations WHERE kind = $1 AND dissolved_at IS NULL \
             ORDER BY path",
        )
        .bind(OrgKind::PartyCommittee.code())
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(name, lat, lng)| {
            Some(Town {
                // "中共龙泉镇委员会" → "龙泉镇".
                name: name
                    .trim_start_matches("中共")
                    .trim_end_matches("委员会")
                    .to_string(),
                lat_e6: lat?,
                lng_e6: lng?,
            })
        })
        .filter(|t| inside_outline(t.lat_e6, t.lng_e6))
        .collect())
}

fn county_projection() -> Projection {
    let o = outline();
    let pts = o.rings.iter().flatten();
    let (mut lat_min, mut lat_max, mut lng_min, mut lng_max) =
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for [lat, lng] in pts {
        let (lat, lng) = (*lat as f64 / 1e6, *lng as f64 / 1e6);
        lat_min = lat_min.min(lat);
        lat_max = lat_max.max(lat);
        lng_min = lng_min.min(lng);
        lng_max = lng_max.max(lng);
    }
    Projection::fit(
        (lat_min, lat_max, lng_min, lng_max),
        (20.0, 20.0),
        (620.0, HEIGHT - 40.0),
    )
}

/// The whole map, as SVG text.
fn draw(branches: &[Branch], towns: &[Town]) -> String {
    let county = county_projection();
    let inset = Projection::fit(PRD, (INSET.0, INSET.1 + 24.0), (INSET.2, INSET.3 - 24.0));
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        r#"<svg id="county-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="党建地图" xmlns="http://www.w3.org/2000/svg">"#
    );
    // One flag drawn once, used by every branch: a pole and a banner, its foot at (0, 0). The
    // banner takes its colour from the `use` (styles do not reach inside it; inheritance does).
    s.push_str(r##"<defs><g id="f"><path d="M0 0V-22" stroke="#5a3a1a" stroke-width="1.6"/><path d="M0-22h14l-4 5 4 5H0z" stroke="#00000040" stroke-width="0.6"/></g></defs>"##);
    s.push_str(r#"<g id="county"><path class="outline" d=""#);
    for ring in &outline().rings {
        for (i, [lat, lng]) in ring.iter().enumerate() {
            let (x, y) = county.point(*lat, *lng);
            let _ = write!(s, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        s.push('Z');
    }
    s.push_str(r#""/></g><g id="towns">"#);
    for t in towns {
        let (x, y) = county.point(t.lat_e6, t.lng_e6);
        let _ = write!(
            s,
            r#"<g class="town"><circle cx="{x:.1}" cy="{y:.1}" r="4"/><text x="{:.1}" y="{:.1}">{}</text></g>"#,
            x + 6.0,
            y + 14.0,
            esc(&t.name)
        );
    }
    s.push_str("</g>");
    // The inset's frame and cities.
    let _ = write!(
        s,
        r#"<g id="inset"><rect class="inset" x="{}" y="{}" width="{}" height="{}" rx="6"/><text class="inset-title" x="{}" y="{}">珠三角 · 流动党组织</text>"#,
        INSET.0,
        INSET.1,
        INSET.2,
        INSET.3,
        INSET.0 + 10.0,
        INSET.1 + 18.0
    );
    for (name, lat, lng) in CITIES {
        let (x, y) = inset.point(lat, lng);
        let _ = write!(
            s,
            r#"<g class="city"><circle cx="{x:.1}" cy="{y:.1}" r="3"/><text x="{:.1}" y="{:.1}">{name}</text></g>"#,
            x + 5.0,
            y + 13.0
        );
    }
    s.push_str(r#"</g><g id="flags">"#);
    // Branches at the same spot (a city's flowing branches) fan out beside one another.
    let mut taken: HashMap<(i64, i64), usize> = HashMap::new();
    for b in branches {
        let Some((lat, lng, in_county)) = place(b) else {
            continue;
        };
        let (mut x, mut y) = if in_county {
            county.point(lat, lng)
        } else {
            inset.point(lat, lng)
        };
        let k = taken.entry((lat, lng)).or_insert(0);
        x += (*k % 4) as f64 * 11.0;
        y -= (*k / 4) as f64 * 14.0;
        *k += 1;
        let _ = write!(
            s,
            r##"<a href="/command/map?branch={id}#branch-card" data-branch="{id}"><use href="#f" x="{x:.1}" y="{y:.1}" class="flag {state}"><title>{name} · {label}</title></use></a>"##,
            id = b.id.get(),
            state = b.flag.code(),
            name = esc(&b.name),
            label = b.flag.label_zh(),
        );
    }
    s.push_str("</g></svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_is_the_county_and_its_seat_is_inside() {
        let o = outline();
        assert_eq!(o.name, "新田县");
        assert!(o.source.contains("MIT"));
        // 龙泉镇, the county seat.
        assert!(inside_outline(25_906_000, 112_203_000));
        // 宁远县城 to the west, 桂阳县城 to the east: outside.
        assert!(!inside_outline(25_594_000, 111_944_000));
        assert!(!inside_outline(25_754_000, 112_734_000));
    }

    #[test]
    fn the_seed_towns_sit_inside_the_county() {
        for (town, lat, lng) in crate::seed::TOWN_SEATS {
            assert!(inside_outline(lat, lng), "{town} at {lat},{lng}");
        }
    }

    #[test]
    fn the_projection_keeps_north_up_and_east_right() {
        let p = county_projection();
        let (x0, y0) = p.point(25_900_000, 112_200_000);
        let (x1, y1) = p.point(26_000_000, 112_300_000);
        assert!(x1 > x0 && y1 < y0);
        for ring in &outline().rings {
            for [lat, lng] in ring {
                let (x, y) = p.point(*lat, *lng);
                assert!((19.0..=641.0).contains(&x) && (19.0..=HEIGHT - 19.0).contains(&y));
            }
        }
    }
}
